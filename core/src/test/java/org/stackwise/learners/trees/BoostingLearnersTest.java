package org.stackwise.learners.trees;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.stackwise.BadInputException;
import org.stackwise.Classifier;
import org.stackwise.DecisionFunction;
import org.stackwise.FitContext;
import org.stackwise.Model;
import org.stackwise.data.Dataset;
import org.stackwise.io.MemoryModelStore;
import org.stackwise.learners.Catalogue;
import org.stackwise.testing.SyntheticData;

/** LightGBM and XGBoost specifics: native model formats, raw scores, early stopping, corrupt files. */
class BoostingLearnersTest {
  private static final Dataset MULTI = SyntheticData.blobs(300, 5, 3, 12);
  private static final Dataset BINARY = SyntheticData.blobs(240, 4, 2, 11);

  @Test
  void lightGbmSavesItsOwnTextModel() throws IOException {
    Model m = LightGbmLearner.defaults().fit(MULTI, FitContext.seeded(1));
    String text = new String(entries(m).get("model/model.txt"), StandardCharsets.UTF_8);
    assertTrue(text.startsWith("tree\n"), text.substring(0, 40));
    assertTrue(text.contains("\nversion=v4\n"));
    assertTrue(text.contains("\nnum_class=3\n"));
    assertTrue(text.contains("objective=multiclass"));
  }

  @Test
  void lightGbmSplitsCategoricalColumnsNatively() {
    LightGbmClassifier m = (LightGbmClassifier) LightGbmLearner.defaults()
        .fit(TreeLearnersTest.categorical(1200, 1), FitContext.seeded(1));
    // LightGBM writes cat_threshold only for categorical (bitset) splits
    assertTrue(m.modelText().contains("cat_threshold="), "no categorical split in the model");
  }

  @Test
  void xgBoostSavesItsOwnJsonModel() throws IOException {
    Model m = XgBoostLearner.defaults().fit(MULTI, FitContext.seeded(1));
    String json = new String(entries(m).get("model/xgboost.json"), StandardCharsets.UTF_8);
    assertTrue(json.startsWith("{\"learner\""), json.substring(0, 40));
    assertTrue(json.contains("\"multi:softprob\""));
  }

  @Test
  void rawScoresMatchProbabilities() {
    for (String id : new String[] {"lightgbm", "xgboost"}) {
      Classifier binary = Catalogue.defaults(id).fitClassifier(BINARY, FitContext.seeded(3));
      Classifier multi = Catalogue.defaults(id).fitClassifier(MULTI, FitContext.seeded(3));
      for (int i = 0; i < 20; i++) {
        double[] row = BINARY.row(i);
        double[] d = ((DecisionFunction) binary).decision(row);
        assertEquals(1, d.length);
        assertEquals(1 / (1 + Math.exp(-d[0])), binary.predictProba(row)[1], 1e-6, id);
        double[] dm = ((DecisionFunction) multi).decision(MULTI.row(i));
        double[] pm = multi.predictProba(MULTI.row(i));
        assertEquals(3, dm.length);
        // softmax order is preserved
        assertEquals(Classifier.argMax(dm), Classifier.argMax(pm), id);
      }
    }
  }

  @Test
  void earlyStoppingKeepsFewerIterationsOnNoise() {
    // labels independent of the features: the validation loss stops improving almost at once
    Dataset noise = SyntheticData.blobs(400, 4, 2, 5);
    int[] y = new int[noise.rows()];
    java.util.SplittableRandom r = new java.util.SplittableRandom(9);
    for (int i = 0; i < y.length; i++) y[i] = r.nextInt(2);
    Dataset d = noise.withTarget(new org.stackwise.data.Target.Classes("y", java.util.List.of("a", "b"), y));
    LightGbmClassifier lgb = (LightGbmClassifier) LightGbmLearner.defaults().withEarlyStopping(true).fit(d, FitContext.seeded(2));
    int trees = lgb.modelText().split("\nTree=", -1).length - 1;
    assertTrue(trees < 50, "LightGBM kept " + trees + " trees");
    XgBoostClassifier xgb = (XgBoostClassifier) XgBoostLearner.defaults().withEarlyStopping(true).fit(d, FitContext.seeded(2));
    assertTrue(xgb.rounds() < 50, "XGBoost kept " + xgb.rounds() + " rounds");
    assertArrayEquals(xgb.predictProba(d), org.stackwise.testing.RoundTrip.of(xgb).predictProba(d));
  }

  @Test
  void sameSeedSameSavedModelAtThreeThreads() throws IOException {
    for (String id : new String[] {"lightgbm", "xgboost", "random_forest"}) {
      var spec = Catalogue.defaults(id);
      Classifier a = spec.fitClassifier(MULTI, FitContext.seeded(5).withThreads(1));
      Classifier b = spec.fitClassifier(MULTI, FitContext.seeded(5).withThreads(3));
      assertArrayEquals(a.predictProba(MULTI), b.predictProba(MULTI), id);
      Map<String, byte[]> ea = entries(a);
      Map<String, byte[]> eb = entries(b);
      assertEquals(ea.keySet(), eb.keySet());
      for (String k : ea.keySet()) assertArrayEquals(ea.get(k), eb.get(k), id + " " + k);
    }
  }

  @Test
  void largerDataUsesSeveralThreadsAndStaysIdentical() throws IOException {
    // 20 000 × 6 cells: enough for 2 native threads (see LightGbmNative.threadsFor)
    Dataset big = SyntheticData.blobs(20_000, 5, 3, 31);
    assertEquals(2, LightGbmNative.threadsFor(3, big.rows(), big.columns()));
    assertEquals(1, LightGbmNative.threadsFor(3, MULTI.rows(), MULTI.columns()));
    sameModelAtAnyThreadCount(big);
  }

  @Test
  void sparseColumnsGiveTheSameModelAtAnyThreadCount() throws IOException {
    // LightGBM stores mostly-zero columns as sparse bins, whose row-wise (1 thread) and column-wise
    // (several threads) histograms are built by other code: the model must still be the same
    Dataset blobs = SyntheticData.blobs(20_000, 5, 3, 37);
    double[][] rows = new double[blobs.rows()][];
    java.util.SplittableRandom r = new java.util.SplittableRandom(3);
    for (int i = 0; i < rows.length; i++) {
      rows[i] = new double[blobs.columns()];
      blobs.copyRow(i, rows[i]);
      for (int j = 0; j < 3; j++) if (r.nextDouble() < 0.9) rows[i][j] = 0.0;
    }
    sameModelAtAnyThreadCount(Dataset.of(blobs.schema(), rows, blobs.target()));
  }

  private static void sameModelAtAnyThreadCount(Dataset big) throws IOException {
    for (var spec : java.util.List.<org.stackwise.Learner>of(LightGbmLearner.defaults().withNumIterations(15),
        XgBoostLearner.defaults().withNumRounds(15))) {
      Classifier a = spec.fitClassifier(big, FitContext.seeded(5).withThreads(1));
      Classifier b = spec.fitClassifier(big, FitContext.seeded(5).withThreads(3));
      Dataset probe = big.slice(0, 500);
      assertArrayEquals(a.predictProba(probe), b.predictProba(probe), spec.id());
      Map<String, byte[]> ea = entries(a);
      Map<String, byte[]> eb = entries(b);
      for (String k : ea.keySet()) assertArrayEquals(ea.get(k), eb.get(k), spec.id() + " " + k);
    }
  }

  @Test
  void corruptLightGbmModelIsBadInput() throws IOException {
    Model m = LightGbmLearner.defaults().fit(MULTI, FitContext.seeded(1));
    assertCorrupt(m, "model/model.txt", b -> "not a model".getBytes(StandardCharsets.UTF_8));
    // a valid header followed by a broken tree: LightGBM's own parser must reject it
    assertCorrupt(m, "model/model.txt", b -> {
      String t = new String(b, StandardCharsets.UTF_8);
      return t.substring(0, t.indexOf("Tree=1") + 20).getBytes(StandardCharsets.UTF_8);
    });
    // a model for another number of features
    assertCorrupt(m, "model/model.txt", b -> new String(b, StandardCharsets.UTF_8)
        .replace("max_feature_idx=5", "max_feature_idx=9").getBytes(StandardCharsets.UTF_8));
    assertCorrupt(m, "model/model.json", b -> "{\"format_version\": 1}".getBytes(StandardCharsets.UTF_8));
    // structurally valid trees that would make LightGBM read out of bounds or loop at prediction time
    assertCorrupt(m, "model/model.txt", b -> replaceInFirstTree(b, "split_feature=", "99 "));
    assertCorrupt(m, "model/model.txt", b -> replaceInFirstTree(b, "right_child=", "0 "));
    assertCorrupt(m, "model/model.txt", b -> replaceInFirstTree(b, "left_child=", "-99 "));
  }

  /** Puts {@code value} in front of the first value of {@code key} in tree 0, replacing that value. */
  private static byte[] replaceInFirstTree(byte[] model, String key, String value) {
    String t = new String(model, StandardCharsets.UTF_8);
    int at = t.indexOf("\n" + key, t.indexOf("Tree=0")) + 1 + key.length();
    int end = t.indexOf(' ', at);
    int eol = t.indexOf('\n', at);
    int cut = end < 0 || end > eol ? eol : end + 1;
    return (t.substring(0, at) + value.trim() + (cut == eol ? "" : " ") + t.substring(cut)).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void corruptXgBoostModelIsBadInput() throws IOException {
    Model m = XgBoostLearner.defaults().fit(MULTI, FitContext.seeded(1));
    assertCorrupt(m, "model/xgboost.json", b -> "{not json".getBytes(StandardCharsets.UTF_8));
    assertCorrupt(m, "model/xgboost.json", b -> new String(b, StandardCharsets.UTF_8)
        .replace("multi:softprob", "reg:squarederror").getBytes(StandardCharsets.UTF_8));
    assertCorrupt(m, "model/xgboost.json", b -> "{\"learner\": {\"objective\": {\"name\": \"multi:softprob\"}, \"learner_model_param\": {\"num_class\": \"3\", \"num_feature\": \"8\"}}}".getBytes(StandardCharsets.UTF_8));
  }

  static Map<String, byte[]> entries(Model m) throws IOException {
    MemoryModelStore store = new MemoryModelStore("test.swm");
    store.writer().model("model", m);
    return store.entries();
  }

  /** Saves {@code m}, replaces one entry through {@code change}, and expects loading to fail as bad input. */
  static void assertCorrupt(Model m, String entry, UnaryOperator<byte[]> change) throws IOException {
    Map<String, byte[]> good = entries(m);
    assertTrue(good.containsKey(entry), entry + " not in " + good.keySet());
    MemoryModelStore bad = new MemoryModelStore("bad.swm");
    for (var e : good.entrySet()) {
      bad.writer().bytes(e.getKey(), e.getKey().equals(entry) ? change.apply(e.getValue()) : e.getValue());
    }
    BadInputException ex = assertThrows(BadInputException.class, () -> bad.reader().model("model"));
    assertTrue(ex.getMessage().contains("bad.swm"), ex.getMessage());
  }
}
