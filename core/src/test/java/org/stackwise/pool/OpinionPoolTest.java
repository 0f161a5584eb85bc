package org.stackwise.pool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.stackwise.BadInputException;
import org.stackwise.Classifier;
import org.stackwise.FitContext;
import org.stackwise.data.Dataset;
import org.stackwise.data.Schema;
import org.stackwise.data.Target;
import org.stackwise.io.MemoryModelStore;
import org.stackwise.spec.Specs;
import org.stackwise.testing.RoundTrip;

class OpinionPoolTest {
  private static final List<String> ABC = List.of("a", "b", "c");

  @Test
  void predictionsFollowThePoolFormulaExactly() {
    OpinionPool pool = new OpinionPool(new double[] {2, 0.5}, new double[] {0.1, 0, -0.1});
    double[] x = {0.7, 0.2, 0.1, 0.3, 0.3, 0.4};
    double[] s = new double[3];
    for (int c = 0; c < 3; c++) s[c] = pool.biases()[c] + 2 * Math.log(x[c]) + 0.5 * Math.log(x[3 + c]);
    double z = Math.exp(s[0]) + Math.exp(s[1]) + Math.exp(s[2]);
    double[] expected = {Math.exp(s[0]) / z, Math.exp(s[1]) / z, Math.exp(s[2]) / z};
    assertArrayEquals(expected, pool.predictProba(x), 1e-12);
    // a zero probability is floored, never -infinity
    double[] p = pool.predictProba(new double[] {0, 0.5, 0.5, 0.3, 0.3, 0.4});
    assertTrue(p[0] > 0 && Double.isFinite(p[0]));
  }

  /**
   * Member "sharp" is right 80 % of the time and always says 0.7 for its pick, 0.15 for the others; member
   * "noise" ignores the label. The calibrated pool needs (0.7 / 0.15)^w = 0.8 / 0.1, so w = ln 8 / ln(14/3)
   * ≈ 1.350 for "sharp", and 0 for "noise".
   */
  @Test
  void fitRecoversTheCalibratingWeightAndIgnoresANoiseMember() {
    Data d = twoMembers(6000, 7);
    OpinionPool pool = OpinionPool.fit(d.x, d.y, null, 2, 3, 1e-6);
    assertEquals(Math.log(8) / Math.log(0.7 / 0.15), pool.weights()[0], 0.06, "sharp member weight");
    assertEquals(0, pool.weights()[1], 0.06, "noise member weight");
  }

  @Test
  void rowWeightsActLikeRepeatedRows() {
    Data d = twoMembers(600, 11);
    double[] weights = new double[600];
    double[][] repeatedX = new double[900][];
    int[] repeatedY = new int[900];
    int r = 0;
    for (int i = 0; i < 600; i++) {
      weights[i] = i % 2 == 0 ? 2 : 1;
      for (int copy = 0; copy < weights[i]; copy++) {
        repeatedX[r] = d.x[i];
        repeatedY[r++] = d.y[i];
      }
    }
    OpinionPool weighted = OpinionPool.fit(d.x, d.y, weights, 2, 3, 1e-3);
    OpinionPool repeated = OpinionPool.fit(repeatedX, repeatedY, null, 2, 3, 1e-3);
    assertArrayEquals(repeated.weights(), weighted.weights(), 1e-5);
    assertArrayEquals(repeated.biases(), weighted.biases(), 1e-5);
  }

  @Test
  void binaryMetaInputHasOneColumnPerMember() {
    SplittableRandom rnd = new SplittableRandom(3);
    double[][] x = new double[400][2];
    int[] y = new int[400];
    for (int i = 0; i < 400; i++) {
      y[i] = rnd.nextInt(2);
      x[i][0] = y[i] == 1 ? 0.8 : 0.2; // an informative member's P(second class)
      x[i][1] = rnd.nextDouble();
      if (rnd.nextDouble() < 0.1) x[i][0] = 1 - x[i][0];
    }
    Dataset meta = Dataset.of(Schema.numeric("m", 2), x, new Target.Classes("y", List.of("no", "yes"), y));
    OpinionPoolModel m = (OpinionPoolModel) OpinionPoolLearner.defaults().forMetaInput(2, 0).fit(meta, FitContext.seeded(1));
    assertTrue(m.binary());
    assertTrue(m.predictProba(new double[] {0.8, 0.5})[1] > 0.8);
    assertEquals(1, m.featureImportance().length, "one importance row for two classes");
    assertTrue(m.featureImportance()[0][0] > 5 * m.featureImportance()[0][1], "the informative member dominates");
  }

  @Test
  void modelFilesRoundTripAndBrokenOnesAreRefusedByEntry() throws Exception {
    Data d = twoMembers(300, 5);
    OpinionPoolModel m = (OpinionPoolModel) OpinionPoolLearner.defaults().forMetaInput(6, 0).fit(d.dataset(), FitContext.seeded(1));
    double[] row = d.x[0];
    assertArrayEquals(m.predictProba(row), RoundTrip.of(m).predictProba(row));

    MemoryModelStore store = new MemoryModelStore("pool.swm");
    store.writer().model("meta", m);
    Map<String, byte[]> entries = new HashMap<>(store.entries());
    String json = new String(entries.get("meta/model.json"), StandardCharsets.UTF_8);
    entries.put("meta/model.json", json.replaceFirst("\"members\" : 2", "\"members\" : 3").getBytes(StandardCharsets.UTF_8));
    BadInputException e = assertThrows(BadInputException.class,
        () -> MemoryModelStore.of("pool.swm", entries).reader().model("meta"));
    assertTrue(e.getMessage().contains("pool.swm") && e.getMessage().contains("meta/model.json")
        && e.getMessage().contains("expected 3 weights"), e.getMessage());
  }

  @Test
  void thePoolOnlyTakesMemberProbabilities() {
    Data d = twoMembers(100, 2);
    BadInputException raw = assertThrows(BadInputException.class,
        () -> OpinionPoolLearner.defaults().fit(d.dataset(), FitContext.seeded(1)));
    assertTrue(raw.getMessage().contains("meta-learner"), raw.getMessage());
    BadInputException passthrough = assertThrows(BadInputException.class,
        () -> OpinionPoolLearner.defaults().forMetaInput(6, 4));
    assertTrue(passthrough.getMessage().contains("passthrough"), passthrough.getMessage());
    double[][] decision = new double[d.x.length][];
    for (int i = 0; i < decision.length; i++) decision[i] = d.x[i].clone();
    decision[7][4] = -1.5;
    Dataset bad = Dataset.of(Schema.numeric("m", 6), decision, d.dataset().target());
    BadInputException notProba = assertThrows(BadInputException.class,
        () -> OpinionPoolLearner.defaults().forMetaInput(6, 0).fit(bad, FitContext.seeded(1)));
    assertTrue(notProba.getMessage().contains("row 7, column 4") && notProba.getMessage().contains("not a probability"),
        notProba.getMessage());
    BadInputException regression = assertThrows(BadInputException.class, () -> OpinionPoolLearner.defaults()
        .forMetaInput(1, 0).fit(Dataset.of(Schema.numeric("m", 1), new double[][] {{0.5}}, new Target.Numeric("y", new double[] {1})),
            FitContext.seeded(1)));
    assertTrue(regression.getMessage().contains("classification"), regression.getMessage());
  }

  @Test
  void specsBindTheL2AndNameBadKeys() {
    OpinionPoolLearner p = (OpinionPoolLearner) Specs.parse("{\"pool\": {\"l2\": 0.01}}", "spec.json");
    assertEquals(0.01, p.l2());
    assertEquals(p.l2(), ((OpinionPoolLearner) Specs.parse(p.spec().toString(), "again")).l2());
    assertEquals(OpinionPoolLearner.defaults(), Specs.parse("{\"pool\": {}}", "spec.json"));
    BadInputException unknown = assertThrows(BadInputException.class, () -> Specs.parse("{\"pool\": {\"alpha\": 1}}", "spec.json"));
    assertTrue(unknown.getMessage().contains("spec.json: pool") && unknown.getMessage().contains("'alpha'"), unknown.getMessage());
    BadInputException negative = assertThrows(BadInputException.class, () -> Specs.parse("{\"pool\": {\"l2\": -1}}", "spec.json"));
    assertTrue(negative.getMessage().contains("spec.json: pool.l2"), negative.getMessage());
  }

  /** Meta-input of two members over three classes: "sharp" (80 % right, says 0.7) and "noise". */
  private record Data(double[][] x, int[] y) {
    Dataset dataset() {
      return Dataset.of(Schema.numeric("m", 6), x, new Target.Classes("y", ABC, y));
    }
  }

  private static Data twoMembers(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] x = new double[n][6];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextInt(3);
      int pick = r.nextDouble() < 0.8 ? y[i] : (y[i] + 1 + r.nextInt(2)) % 3;
      for (int c = 0; c < 3; c++) x[i][c] = c == pick ? 0.7 : 0.15;
      double a = r.nextDouble();
      double b = r.nextDouble() * (1 - a);
      x[i][3] = a;
      x[i][4] = b;
      x[i][5] = 1 - a - b;
    }
    return new Data(x, y);
  }
}
