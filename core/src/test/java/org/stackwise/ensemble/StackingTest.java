package org.stackwise.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.stackwise.BadInputException;
import org.stackwise.Classifier;
import org.stackwise.FitContext;
import org.stackwise.Learner;
import org.stackwise.Member;
import org.stackwise.Model;
import org.stackwise.Regressor;
import org.stackwise.data.Dataset;
import org.stackwise.data.Schema;
import org.stackwise.data.Target;
import org.stackwise.io.MemoryModelStore;
import org.stackwise.learners.Catalogue;
import org.stackwise.spec.Specs;
import org.stackwise.testing.RoundTrip;
import org.stackwise.testing.ScriptedLearners;
import org.stackwise.testing.SyntheticData;

class StackingTest {
  /** Binary: label = sign(x1 + noise), 15 % labels flipped; x2..x5 are pure noise. */
  static Dataset noisyBinary(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] x = new double[n][5];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 5; j++) x[i][j] = SyntheticData.gaussian(r);
      int label = x[i][0] + 0.3 * SyntheticData.gaussian(r) > 0 ? 1 : 0;
      y[i] = r.nextDouble() < 0.15 ? 1 - label : label;
    }
    return Dataset.of(Schema.numeric("x", 5), x, new Target.Classes("y", List.of("neg", "pos"), y));
  }

  static double accuracy(Classifier c, Dataset d) {
    double[][] p = c.predictProba(d);
    int ok = 0;
    for (int i = 0; i < p.length; i++) if (Classifier.argMax(p[i]) == d.classes().get(i)) ok++;
    return ok / (double) p.length;
  }

  /**
   * A member that memorises its training rows (1-NN) looks perfect in sample. Trained on out-of-fold
   * outputs, the stack sees through it; trained on in-sample outputs, it is fooled.
   */
  @Test
  void aMemorisingMemberDoesNotFoolTheStack() {
    Dataset train = noisyBinary(600, 1);
    Dataset test = noisyBinary(2000, 2);
    Learner honest = new ScriptedLearners.Sigmoid(0, 3);
    Learner memoriser = Catalogue.bind("knn", Json("{\"k\": 1}"), "test");
    List<Member> members = List.of(new Member("honest", honest), new Member("memoriser", memoriser));
    FitContext ctx = FitContext.seeded(5);

    StackingClassifier stack = (StackingClassifier) StackingLearner.of(members).fit(train, ctx);
    double honestAcc = accuracy(honest.fitClassifier(train, ctx), test);
    double memoAcc = accuracy(memoriser.fitClassifier(train, ctx), test);
    double stackAcc = accuracy(stack, test);
    ObjectNode w = (ObjectNode) stack.describe().get("meta_weights");
    assertTrue(w.get("memoriser").asDouble() < 0.3, "memoriser meta-weight " + w);
    assertTrue(stackAcc >= honestAcc - 0.02, "stack " + stackAcc + " vs honest member " + honestAcc);

    // the same meta-learner trained on in-sample outputs trusts the memoriser and is visibly worse
    Classifier h = honest.fitClassifier(train, ctx);
    Classifier m = memoriser.fitClassifier(train, ctx);
    Dataset inSample = metaData(train, h, m);
    Classifier leakyMeta = Catalogue.defaults("logistic").fitClassifier(inSample, ctx);
    Dataset testMeta = metaData(test, h, m);
    double leakyAcc = accuracy(leakyMeta, testMeta);
    assertTrue(leakyAcc < stackAcc - 0.05, "in-sample stack " + leakyAcc + " should be clearly worse than " + stackAcc
        + " (memoriser alone " + memoAcc + ")");
  }

  /**
   * The same on three classes with the opinion pool as meta-learner: the memoriser looks perfect in
   * sample, so a pool trained on in-sample outputs puts its weight there; out of fold, it does not.
   */
  @Test
  void aMemorisingMemberDoesNotFoolTheOpinionPool() {
    Dataset train = noisyThreeClass(600, 1);
    Dataset test = noisyThreeClass(2000, 2);
    Learner honest = Catalogue.defaults("logistic");
    Learner memoriser = Catalogue.bind("knn", Json("{\"k\": 1}"), "test");
    List<Member> members = List.of(new Member("honest", honest), new Member("memoriser", memoriser));
    FitContext ctx = FitContext.seeded(5);

    StackingClassifier stack = (StackingClassifier) StackingLearner.of(members)
        .withMeta(org.stackwise.pool.OpinionPoolLearner.defaults()).fit(train, ctx);
    assertEquals("pool", stack.describe().path("meta_learner").asText());
    double honestAcc = accuracy(honest.fitClassifier(train, ctx), test);
    double stackAcc = accuracy(stack, test);
    ObjectNode w = (ObjectNode) stack.describe().get("meta_weights");
    assertTrue(w.get("memoriser").asDouble() < 0.2, "memoriser meta-weight " + w);
    assertTrue(stackAcc >= honestAcc - 0.02, "stack " + stackAcc + " vs honest member " + honestAcc);

    Classifier h = honest.fitClassifier(train, ctx);
    Classifier m = memoriser.fitClassifier(train, ctx);
    Learner pool = org.stackwise.pool.OpinionPoolLearner.defaults().forMetaInput(6, 0);
    Classifier leakyMeta = pool.fitClassifier(probabilities(train, h, m), ctx);
    double leakyAcc = accuracy(leakyMeta, probabilities(test, h, m));
    assertTrue(leakyAcc < stackAcc - 0.05, "in-sample pool " + leakyAcc + " should be clearly worse than " + stackAcc);
  }

  /** Three classes by the sign pattern of x1 and x2, 20 % labels shuffled; x3 is noise. */
  private static Dataset noisyThreeClass(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] x = new double[n][3];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 3; j++) x[i][j] = SyntheticData.gaussian(r);
      int label = x[i][0] > 0.5 ? 0 : x[i][1] > 0 ? 1 : 2;
      y[i] = r.nextDouble() < 0.2 ? r.nextInt(3) : label;
    }
    return Dataset.of(Schema.numeric("x", 3), x, new Target.Classes("y", List.of("a", "b", "c"), y));
  }

  private static Dataset probabilities(Dataset d, Classifier a, Classifier b) {
    double[][] pa = a.predictProba(d);
    double[][] pb = b.predictProba(d);
    double[][] x = new double[d.rows()][];
    for (int i = 0; i < x.length; i++) {
      x[i] = new double[pa[i].length + pb[i].length];
      System.arraycopy(pa[i], 0, x[i], 0, pa[i].length);
      System.arraycopy(pb[i], 0, x[i], pa[i].length, pb[i].length);
    }
    return Dataset.of(Schema.numeric("m", x[0].length), x, d.target());
  }

  /** Which meta-learner a stack gets: logistic unless told otherwise; the pool when asked, where it applies. */
  @Test
  void theOpinionPoolIsAnOptionAndLogisticTheDefault() {
    Dataset three = SyntheticData.blobs(240, 3, 3, 8);
    Dataset two = SyntheticData.blobs(240, 3, 2, 8);
    List<Member> ms = List.of(new Member("lr", Catalogue.defaults("logistic")), new Member("nb", Catalogue.defaults("naive_bayes")));
    FitContext ctx = FitContext.seeded(3);
    StackingLearner base = StackingLearner.of(ms).withFolds(FoldSpec.of(3));
    assertEquals("logistic", metaLearnerOf(base.fit(three, ctx)));
    assertEquals("logistic", metaLearnerOf(BlendingLearner.of(ms).fit(three, ctx)));
    StackingLearner pooled = base.withMeta(Specs.parse("{\"pool\": {}}", "test"));
    assertEquals("pool", metaLearnerOf(pooled.fit(two, ctx)));
    StackingClassifier model = (StackingClassifier) pooled.fit(three, ctx);
    assertEquals("pool", metaLearnerOf(model));
    // the pool's weights are one per member, so describe has no per-class table for it
    assertTrue(!model.describe().has("meta_weights_per_class"), model.describe().toString());
    assertArrayEquals(model.predictProba(three), RoundTrip.of(model).predictProba(three));
    // it combines probabilities only: passthrough features and logits are refused, by name
    BadInputException passthrough = assertThrows(BadInputException.class, () -> pooled.withPassthrough(true).fit(three, ctx));
    assertTrue(passthrough.getMessage().contains("passthrough"), passthrough.getMessage());
    BadInputException logits = assertThrows(BadInputException.class, () -> pooled.withLogit(true).fit(three, ctx));
    assertTrue(logits.getMessage().contains("not a probability"), logits.getMessage());
  }

  private static String metaLearnerOf(Model m) {
    return ((EnsembleModel) m).describe().path("meta_learner").asText();
  }

  static Dataset metaData(Dataset d, Classifier a, Classifier b) {
    double[][] x = new double[d.rows()][2];
    double[][] pa = a.predictProba(d);
    double[][] pb = b.predictProba(d);
    for (int i = 0; i < d.rows(); i++) {
      x[i][0] = pa[i][1];
      x[i][1] = pb[i][1];
    }
    return Dataset.of(Schema.numeric("m", 2), x, d.target());
  }

  private static com.fasterxml.jackson.databind.JsonNode Json(String s) {
    try {
      return org.stackwise.io.Json.MAPPER.readTree(s);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void regressionStackRecoversKnownWeights() {
    SplittableRandom r = new SplittableRandom(3);
    double[][] x = new double[200][3];
    double[] y = new double[200];
    for (int i = 0; i < 200; i++) {
      for (int j = 0; j < 3; j++) x[i][j] = SyntheticData.gaussian(r);
      y[i] = 2 * x[i][0] + 3 * x[i][1];
    }
    Dataset data = Dataset.of(Schema.numeric("x", 3), x, new Target.Numeric("y", y));
    List<Member> ms = List.of(new Member("a", new ScriptedLearners.Linear(0, 1)), new Member("b", new ScriptedLearners.Linear(1, 1)),
        new Member("c", new ScriptedLearners.Linear(2, 1)));
    Learner ols = Catalogue.bind("ridge", Json("{\"alpha\": 1e-9}"), "test");
    Regressor stack = (Regressor) StackingLearner.of(ms).withMeta(ols).fit(data, FitContext.seeded(1));
    double[] row = {0.5, -1.0, 2.0};
    assertEquals(2 * 0.5 + 3 * -1.0, stack.predict(row), 1e-6);
    assertTrue(((EnsembleModel) stack).describe().path("stack_oof_score").path("rmse").asDouble() < 1e-6);
  }

  @Test
  void multiclassStackWithRealMembersBeatsChanceAndRoundTrips() {
    Dataset data = SyntheticData.blobs(300, 4, 3, 21);
    Dataset test = SyntheticData.blobs(300, 4, 3, 21).slice(0, 60);
    Learner spec = Specs.parse("""
        {"stacking": {"members": {"lr": {"learner": "logistic"}, "nb": {"learner": "naive_bayes"}},
                      "folds": 4, "passthrough": true}}""", "test");
    StackingClassifier stack = (StackingClassifier) spec.fit(data, FitContext.seeded(2));
    assertEquals(3 * 2 + data.columns(), stack.metaModel().schema().size(), "passthrough adds the original columns");
    assertTrue(accuracy(stack, test) > 0.8);
    assertArrayEquals(stack.predictProba(test), RoundTrip.of(stack).predictProba(test));
    double[][] batch = stack.predictProba(test);
    for (int i = 0; i < test.rows(); i++) assertArrayEquals(batch[i], stack.predictProba(test.row(i)), 1e-12);
    ObjectNode d = stack.describe();
    for (String key : List.of("meta_weights", "meta_weights_per_class", "member_oof_scores", "stack_oof_score", "warnings")) {
      assertTrue(d.has(key), "describe lacks " + key + ": " + d);
    }
  }

  @Test
  void multiLayerStacksFitAndPredict() {
    Dataset data = SyntheticData.blobs(240, 3, 2, 4);
    Learner spec = Specs.parse("""
        {"stacking": {"layers": [
            {"lr": {"learner": "logistic"}, "nb": {"learner": "naive_bayes"}},
            {"lr2": {"learner": "logistic", "params": {"c": 0.5}}, "nb2": {"learner": "naive_bayes"}}],
          "folds": 3}}""", "test");
    StackingClassifier stack = (StackingClassifier) spec.fit(data, FitContext.seeded(3));
    assertTrue(stack.metaModel() instanceof StackingClassifier, "layer 2 is the meta-model of layer 1");
    assertTrue(accuracy(stack, data) > 0.8);
    assertArrayEquals(stack.predictProba(data), RoundTrip.of(stack).predictProba(data));
  }

  @Test
  void refitFalseKeepsFoldModelsAndAveragesThem() {
    Dataset data = SyntheticData.blobs(200, 3, 2, 5);
    StackingLearner s = StackingLearner.of(List.of(new Member("lr", Catalogue.defaults("logistic")),
        new Member("nb", Catalogue.defaults("naive_bayes")))).withRefit(false).withFolds(FoldSpec.of(4));
    StackingClassifier stack = (StackingClassifier) s.fit(data, FitContext.seeded(1));
    MemoryModelStore store = new MemoryModelStore("t");
    try {
      store.writer().model("m", stack);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    assertTrue(store.entries().containsKey("m/members/lr/3/kind"), "four fold models per member");
    assertArrayEquals(stack.predictProba(data), RoundTrip.of(stack).predictProba(data));
  }

  @Test
  void weightsAndGroupsAreHonoured() {
    Dataset data = SyntheticData.blobs(200, 3, 2, 6);
    double[] w = new double[200];
    for (int i = 0; i < 200; i++) w[i] = i % 2 == 0 ? 5 : 0.2;
    int[] groups = new int[200];
    for (int i = 0; i < 200; i++) groups[i] = i / 10;
    StackingLearner s = StackingLearner.of(List.of(new Member("lr", Catalogue.defaults("logistic")),
        new Member("nb", Catalogue.defaults("naive_bayes"))));
    Classifier plain = (Classifier) s.fit(data, FitContext.seeded(1));
    Classifier weighted = (Classifier) s.fit(data.withWeights(w), FitContext.seeded(1));
    assertTrue(!java.util.Arrays.deepEquals(plain.predictProba(data), weighted.predictProba(data)), "weights must change the fit");
    EnsembleModel grouped = (EnsembleModel) s.fit(data.withGroups(groups), FitContext.seeded(1));
    assertEquals("grouped", grouped.describe().path("fold_kind").asText());
  }

  @Test
  void failingMembersAreDroppedWithAWarningOrFailWhenStrict() {
    Dataset data = SyntheticData.blobs(120, 3, 2, 7);
    List<Member> ms = List.of(new Member("bad", new ScriptedLearners.Failing()), new Member("lr", Catalogue.defaults("logistic")));
    StackingClassifier stack = (StackingClassifier) StackingLearner.of(ms).fit(data, FitContext.seeded(1));
    assertEquals(List.of("lr"), stack.memberNames());
    assertTrue(stack.describe().get("warnings").toString().contains("member 'bad' was dropped"));
    var e = assertThrows(IllegalStateException.class, () -> StackingLearner.of(ms).withStrict(true).fit(data, FitContext.seeded(1)));
    assertTrue(e.getMessage().contains("member 'bad' failed"));
  }

  @Test
  void prefitMembersAreFlaggedAsInSample() {
    Dataset data = SyntheticData.blobs(120, 3, 2, 8);
    Model pre = Catalogue.defaults("naive_bayes").fit(data, FitContext.seeded(1));
    StackingClassifier stack = (StackingClassifier) StackingLearner.of(List.of(new Member("pre", new PrefitLearner(pre)),
        new Member("lr", Catalogue.defaults("logistic")))).fit(data, FitContext.seeded(1));
    assertTrue(stack.describe().get("warnings").toString().contains("'pre' is prefit"));
  }

  @Test
  void sameSeedSameBitsAtAnyThreadCount() throws Exception {
    Dataset data = SyntheticData.blobs(200, 3, 3, 9);
    Learner spec = Specs.parse("""
        {"stacking": {"members": {"lr": {"learner": "logistic"}, "nb": {"learner": "naive_bayes"},
                                  "knn": {"learner": "knn", "params": {"k": 5}}}, "folds": 5}}""", "test");
    MemoryModelStore a = new MemoryModelStore("a");
    MemoryModelStore b = new MemoryModelStore("b");
    a.writer().model("m", spec.fit(data, FitContext.seeded(11).withThreads(1)));
    b.writer().model("m", spec.fit(data, FitContext.seeded(11).withThreads(4)));
    assertEquals(a.entries().keySet(), b.entries().keySet());
    for (String k : a.entries().keySet()) assertArrayEquals(a.entries().get(k), b.entries().get(k), "entry " + k);
  }
}
