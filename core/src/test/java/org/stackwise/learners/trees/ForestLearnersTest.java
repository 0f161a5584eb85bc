package org.stackwise.learners.trees;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stackwise.BadInputException;
import org.stackwise.Classifier;
import org.stackwise.FitContext;
import org.stackwise.Learner;
import org.stackwise.Regressor;
import org.stackwise.Task;
import org.stackwise.data.Dataset;
import org.stackwise.data.Schema;
import org.stackwise.data.Target;
import org.stackwise.io.Json;
import org.stackwise.learners.Catalogue;
import org.stackwise.testing.RoundTrip;
import org.stackwise.testing.SyntheticData;

/** The own CART, random forest and extra-trees implementation: exactness, parameters, file format. */
class ForestLearnersTest {
  private static final Dataset MULTI = SyntheticData.blobs(300, 5, 3, 12);
  /** Rows the models have not seen (same centres: same seed-derived blobs, more rows). */
  private static final Dataset FRESH = SyntheticData.blobs(600, 5, 3, 12).slice(300, 600);

  @Test
  void singleTreeFitsTrainingDataExactly() {
    // unique feature vectors: a fully grown tree classifies every training row correctly, with pure leaves
    Classifier m = DecisionTreeLearner.defaults().fitClassifier(MULTI, FitContext.seeded(1));
    double[][] p = m.predictProba(MULTI);
    for (int i = 0; i < p.length; i++) assertEquals(1.0, p[i][MULTI.classes().get(i)], 0.0);
  }

  @Test
  void singleTreeFindsTheBestThresholdOnAStep() {
    // y = 1 exactly when x > 0.5; the split threshold must fall between the neighbouring values
    int n = 101;
    double[][] rows = new double[n][1];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      rows[i][0] = i / 100.0;
      y[i] = rows[i][0] > 0.5 ? 1 : 0;
    }
    Dataset d = Dataset.of(Schema.numeric("x", 1), rows, new Target.Numeric("y", y));
    Regressor m = DecisionTreeLearner.defaults().withMaxDepth(1).fitRegressor(d, FitContext.seeded(1));
    assertEquals(0.0, m.predict(new double[] {0.5}), 0.0);
    assertEquals(0.0, m.predict(new double[] {0.504}), 0.0);
    assertEquals(1.0, m.predict(new double[] {0.506}), 0.0);
    assertEquals(1.0, m.predict(new double[] {7}), 0.0);
  }

  @Test
  void manyDistinctValuesAreBinnedButTrainingRowsStayConsistent() {
    // 2000 distinct values > 255 bins: thresholds still separate training rows exactly as the bins did
    Dataset d = SyntheticData.linear(2000, 3, 0.1, 4);
    Regressor m = DecisionTreeLearner.defaults().fitRegressor(d, FitContext.seeded(1));
    double[] pred = m.predict(d);
    assertTrue(TreeLearnersTest.r2(pred, d.numericTarget().values()) > 0.97);
    assertArrayEquals(pred, RoundTrip.of(m).predict(d));
  }

  @Test
  void forestIsIdenticalAtAnyThreadCount() {
    for (Learner l : List.of(RandomForestLearner.defaults().withNumTrees(40), ExtraTreesLearner.defaults().withNumTrees(40))) {
      double[][] one = l.fitClassifier(MULTI, FitContext.seeded(8).withThreads(1)).predictProba(MULTI);
      double[][] three = l.fitClassifier(MULTI, FitContext.seeded(8).withThreads(3)).predictProba(MULTI);
      assertArrayEquals(one, three, l.id());
      assertTrue(!Arrays.deepEquals(l.fitClassifier(MULTI, FitContext.seeded(8)).predictProba(FRESH), l.fitClassifier(MULTI, FitContext.seeded(9)).predictProba(FRESH)), l.id() + ": another seed should give another forest");
    }
  }

  @Test
  void limitsAreHonoured() {
    ForestClassifier stump = (ForestClassifier) DecisionTreeLearner.defaults().withMaxDepth(1)
        .fit(MULTI, FitContext.seeded(1));
    assertEquals(3, stump.nodes());
    ForestClassifier big = (ForestClassifier) DecisionTreeLearner.defaults().withMinSamplesLeaf(40)
        .fit(MULTI, FitContext.seeded(1));
    // every leaf keeps 40 of 300 rows: at most 7 leaves, 13 nodes
    assertTrue(big.nodes() <= 13, "nodes " + big.nodes());
    ForestClassifier forest = (ForestClassifier) RandomForestLearner.defaults().withNumTrees(7).fit(MULTI, FitContext.seeded(1));
    assertEquals(7, forest.trees());
  }

  @Test
  void maxFeaturesDefaultsFollowScikitLearn() {
    assertEquals(3, ForestFitter.resolveMaxFeatures("auto", 10, Task.CLASSIFICATION));
    assertEquals(10, ForestFitter.resolveMaxFeatures("auto", 10, Task.REGRESSION));
    assertEquals(3, ForestFitter.resolveMaxFeatures("log2", 10, Task.CLASSIFICATION));
    assertEquals(5, ForestFitter.resolveMaxFeatures("0.5", 10, Task.REGRESSION));
    assertEquals(1, ForestFitter.resolveMaxFeatures("0.01", 10, Task.REGRESSION));
  }

  @Test
  void specsBindAndValidate() throws IOException {
    JsonNode params = Json.MAPPER.readTree("{\"num_trees\": 50, \"max_features\": 0.5, \"min_samples_leaf\": 2}");
    RandomForestLearner rf = (RandomForestLearner) Catalogue.bind("random_forest", params, "spec.json");
    assertEquals(50, rf.numTrees());
    assertEquals("0.5", rf.maxFeatures());
    assertEquals(2, rf.minSamplesLeaf());
    BadInputException e = assertThrows(BadInputException.class,
        () -> Catalogue.bind("random_forest", Json.MAPPER.readTree("{\"max_features\": \"most\"}"), "spec.json"));
    assertTrue(e.getMessage().contains("max_features") && e.getMessage().contains("most"), e.getMessage());
    e = assertThrows(BadInputException.class,
        () -> Catalogue.bind("extra_trees", Json.MAPPER.readTree("{\"num_trees\": 0}"), "spec.json"));
    assertTrue(e.getMessage().contains("num_trees"), e.getMessage());
    e = assertThrows(BadInputException.class,
        () -> Catalogue.bind("decision_tree", Json.MAPPER.readTree("{\"max_bins\": 300}"), "spec.json"));
    assertTrue(e.getMessage().contains("max_bins must be between 2 and 255, got 300"), e.getMessage());
    e = assertThrows(BadInputException.class,
        () -> Catalogue.bind("lightgbm", Json.MAPPER.readTree("{\"learning_rate\": 0}"), "spec.json"));
    assertTrue(e.getMessage().contains("learning_rate"), e.getMessage());
    e = assertThrows(BadInputException.class,
        () -> Catalogue.bind("xgboost", Json.MAPPER.readTree("{\"subsample\": 1.5}"), "spec.json"));
    assertTrue(e.getMessage().contains("subsample"), e.getMessage());
  }

  @Test
  void allZeroWeightsAreBadInput() {
    double[] w = new double[MULTI.rows()];
    for (String id : List.of("decision_tree", "random_forest", "lightgbm", "xgboost")) {
      assertThrows(BadInputException.class, () -> Catalogue.defaults(id).fit(MULTI.withWeights(w), FitContext.seeded(1)), id);
    }
  }

  @Test
  void corruptTreeFilesAreBadInput() throws IOException {
    ForestClassifier m = (ForestClassifier) RandomForestLearner.defaults().withNumTrees(3).fit(MULTI, FitContext.seeded(1));
    String entry = "model/trees.bin";
    BoostingLearnersTest.assertCorrupt(m, entry, b -> Arrays.copyOf(b, b.length - 5));         // truncated
    BoostingLearnersTest.assertCorrupt(m, entry, b -> Arrays.copyOf(b, b.length + 8));         // trailing bytes
    BoostingLearnersTest.assertCorrupt(m, entry, b -> patchInt(b, 0, 0x12345678));              // magic
    BoostingLearnersTest.assertCorrupt(m, entry, b -> patchInt(b, 8, 1 << 30));                 // tree count
    // first tree: header 20 bytes, then nodes and values counts; feature[0] follows at offset 28
    BoostingLearnersTest.assertCorrupt(m, entry, b -> patchInt(b, 28, 99));                     // feature index
    BoostingLearnersTest.assertCorrupt(m, entry, b -> {                                          // left child of root → itself
      int nodes = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(20);
      return patchInt(b, 28 + nodes * 4 + nodes * 8, 0);
    });
    BoostingLearnersTest.assertCorrupt(m, "model/model.json", b -> "{\"format_version\": 1, \"task\": \"classification\", \"classes\": [\"a\"], \"trees\": 3}".getBytes());
  }

  private static byte[] patchInt(byte[] b, int offset, int value) {
    byte[] c = b.clone();
    ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
    return c;
  }
}
