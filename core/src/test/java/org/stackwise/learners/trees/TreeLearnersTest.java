package org.stackwise.learners.trees;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stackwise.Classifier;
import org.stackwise.FitContext;
import org.stackwise.Learner;
import org.stackwise.Regressor;
import org.stackwise.data.Column;
import org.stackwise.data.Dataset;
import org.stackwise.data.Schema;
import org.stackwise.data.Target;
import org.stackwise.learners.Catalogue;
import org.stackwise.testing.RoundTrip;
import org.stackwise.testing.SyntheticData;

/**
 * Behaviour every tree learner of this package shares: categorical columns, missing values, classes
 * without training rows, row weights and a plain regression fit.
 */
class TreeLearnersTest {
  private static final FitContext CONTEXT = FitContext.seeded(42);

  /**
   * The label is a function of a 6-level categorical column only (levels 1, 3, 4 are class 1); a
   * numeric noise column is there to be ignored. 1200 rows: 200 per level, enough for LightGBM's
   * default minimum rows per categorical group (100).
   */
  static Dataset categorical(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Column> cols = List.of(Column.numeric("noise"),
        Column.categorical("shade", List.of("a", "b", "c", "d", "e", "f")));
    double[][] rows = new double[n][2];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      int level = i % 6;
      rows[i][0] = r.nextDouble();
      rows[i][1] = level;
      y[i] = level == 1 || level == 3 || level == 4 ? 1 : 0;
    }
    return Dataset.of(Schema.of(cols), rows, new Target.Classes("y", List.of("no", "yes"), y));
  }

  @ParameterizedTest
  @ValueSource(strings = {"decision_tree", "random_forest", "extra_trees", "lightgbm", "xgboost"})
  void learnsACategoricalColumn(String id) {
    Dataset train = categorical(1200, 1);
    Dataset test = categorical(300, 2);
    Classifier m = Catalogue.defaults(id).fitClassifier(train, CONTEXT);
    assertTrue(accuracy(m, test) > 0.99, id + " accuracy " + accuracy(m, test));
    // an unseen level index and a missing level still give valid probabilities
    assertValid(m.predictProba(new double[] {0.5, 17}), 2);
    assertValid(m.predictProba(new double[] {0.5, Double.NaN}), 2);
  }

  /**
   * Missingness carries the signal: class 1 when x1 is missing or above 0.7. 30 % of x1 is missing.
   */
  static Dataset missing(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] rows = new double[n][3];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      double x1 = r.nextDouble();
      boolean miss = r.nextDouble() < 0.3;
      rows[i][0] = miss ? Double.NaN : x1;
      rows[i][1] = r.nextDouble();
      rows[i][2] = r.nextDouble() < 0.1 ? Double.NaN : r.nextDouble();
      y[i] = miss || x1 > 0.7 ? 1 : 0;
    }
    return Dataset.of(Schema.numeric("x", 3), rows, new Target.Classes("y", List.of("no", "yes"), y));
  }

  @ParameterizedTest
  @ValueSource(strings = {"decision_tree", "random_forest", "extra_trees", "lightgbm", "xgboost"})
  void usesMissingValuesAsInformation(String id) {
    Dataset train = missing(800, 3);
    Dataset test = missing(400, 4);
    Classifier m = Catalogue.defaults(id).fitClassifier(train, CONTEXT);
    assertTrue(accuracy(m, test) > 0.97, id + " accuracy " + accuracy(m, test));
    double[] allMissing = m.predictProba(new double[] {Double.NaN, Double.NaN, Double.NaN});
    assertValid(allMissing, 2);
    assertTrue(allMissing[1] > 0.8, id + ": a missing x1 means class 1, got " + allMissing[1]);
  }

  @ParameterizedTest
  @ValueSource(strings = {"decision_tree", "random_forest", "extra_trees", "lightgbm", "xgboost"})
  void givesAClassWithoutTrainingRowsNearZeroProbability(String id) {
    Dataset blobs = SyntheticData.blobs(240, 4, 3, 5);
    // keep the rows of classes 0 and 2 only, but the target still lists class 1
    int[] keep = java.util.stream.IntStream.range(0, blobs.rows()).filter(i -> blobs.classes().get(i) != 1).toArray();
    Dataset train = blobs.select(keep);
    assertEquals(3, train.classes().numClasses());
    Classifier m = Catalogue.defaults(id).fitClassifier(train, CONTEXT);
    assertEquals(3, m.classes().size());
    double[][] p = m.predictProba(blobs);
    for (double[] row : p) {
      assertValid(row, 3);
      assertTrue(row[1] < 0.02, id + ": absent class got " + row[1]);
    }
    assertTrue(accuracy(m, train) > 0.9, id + " accuracy " + accuracy(m, train));
  }

  /**
   * One constant feature: no split is possible, so the model can only predict the (weighted) class
   * shares. Class 1 is a quarter of the rows; weighting its rows 9× makes it 75 % of the weight.
   */
  @ParameterizedTest
  @ValueSource(strings = {"decision_tree", "random_forest", "extra_trees", "lightgbm", "xgboost"})
  void honoursRowWeights(String id) {
    int n = 400;
    double[][] rows = new double[n][1];
    int[] y = new int[n];
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      rows[i][0] = 1.0;
      y[i] = i % 4 == 0 ? 1 : 0;
      w[i] = y[i] == 1 ? 9 : 1;
    }
    Dataset plain = Dataset.of(Schema.numeric("x", 1), rows, new Target.Classes("y", List.of("a", "b"), y));
    Learner l = Catalogue.defaults(id);
    double unweighted = l.fitClassifier(plain, CONTEXT).predictProba(new double[] {1.0})[1];
    double weighted = l.fitClassifier(plain.withWeights(w), CONTEXT).predictProba(new double[] {1.0})[1];
    assertEquals(0.25, unweighted, 0.05, id + " unweighted");
    assertEquals(0.75, weighted, 0.05, id + " weighted");
  }

  @ParameterizedTest
  @ValueSource(strings = {"decision_tree", "random_forest", "extra_trees", "lightgbm", "xgboost"})
  void fitsALinearRegression(String id) {
    Dataset train = SyntheticData.linear(600, 5, 0.3, 21);
    Dataset test = SyntheticData.linear(300, 5, 0.3, 22);
    Regressor m = Catalogue.defaults(id).fitRegressor(train, CONTEXT);
    double[] pred = m.predict(test);
    double r2 = r2(pred, test.numericTarget().values());
    assertTrue(r2 > 0.8, id + " R² " + r2);
    assertArrayEquals(pred, RoundTrip.of(m).predict(test));
  }

  @ParameterizedTest
  @ValueSource(strings = {"decision_tree", "random_forest", "extra_trees", "lightgbm", "xgboost"})
  void weightedRegressionFollowsTheHeavyRows(String id) {
    // two groups with the same features but different targets: the prediction is their weighted mean
    int n = 200;
    double[][] rows = new double[n][1];
    double[] y = new double[n];
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      rows[i][0] = 0.0;
      y[i] = i % 2 == 0 ? 0.0 : 10.0;
      w[i] = i % 2 == 0 ? 1 : 3;
    }
    Dataset d = Dataset.of(Schema.numeric("x", 1), rows, new Target.Numeric("y", y)).withWeights(w);
    double p = Catalogue.defaults(id).fitRegressor(d, CONTEXT).predict(new double[] {0.0});
    assertEquals(7.5, p, 0.2, id);
  }

  static double accuracy(Classifier m, Dataset d) {
    double[][] p = m.predictProba(d);
    int ok = 0;
    for (int i = 0; i < p.length; i++) if (Classifier.argMax(p[i]) == d.classes().get(i)) ok++;
    return ok / (double) p.length;
  }

  static void assertValid(double[] p, int k) {
    assertEquals(k, p.length);
    double s = 0;
    for (double v : p) {
      assertTrue(Double.isFinite(v) && v >= 0, "probability " + v);
      s += v;
    }
    assertEquals(1.0, s, 1e-9);
  }

  static double r2(double[] pred, double[] y) {
    double mean = 0;
    for (double v : y) mean += v;
    mean /= y.length;
    double ss = 0;
    double res = 0;
    for (int i = 0; i < y.length; i++) {
      ss += (y[i] - mean) * (y[i] - mean);
      res += (y[i] - pred[i]) * (y[i] - pred[i]);
    }
    return 1 - res / ss;
  }

}
