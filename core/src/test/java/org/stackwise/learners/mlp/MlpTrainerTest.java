package org.stackwise.learners.mlp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stackwise.BadInputException;
import org.stackwise.FitContext;

/** The matrix-level trainer: exact gradients, determinism, weights, early stopping, edge cases. */
class MlpTrainerTest {

  /** Back-propagation agrees with central finite differences of the batch objective, for every parameter. */
  @ParameterizedTest(name = "{0}, {1} classes, hidden {2}")
  @CsvSource({"relu, 3, 5 4", "tanh, 3, 6", "tanh, 0, 5 3", "relu, 2, ''", "tanh, 0, ''"})
  void gradientMatchesFiniteDifferences(String activation, int classes, String hidden) {
    int n = 9;
    int p = 4;
    SplittableRandom r = new SplittableRandom(3);
    double[] x = new double[n * p];
    for (int i = 0; i < x.length; i++) x[i] = r.nextDouble(-2, 2);
    double[] w = new double[n];
    for (int i = 0; i < n; i++) w[i] = 0.2 + r.nextDouble() * 2;
    int[] yc = null;
    double[] yv = null;
    if (classes > 0) {
      yc = new int[n];
      for (int i = 0; i < n; i++) yc[i] = i % classes;
    } else {
      yv = new double[n];
      for (int i = 0; i < n; i++) yv[i] = r.nextDouble(-5, 5);
    }
    int[] widths = hidden.isBlank() ? new int[0] : Arrays.stream(hidden.trim().split(" ")).mapToInt(Integer::parseInt).toArray();
    MlpLearner prm = MlpLearner.defaults().withHidden(widths).withActivation(activation).withAlpha(0.3)
        .withEarlyStopping(false).withBatchSize(n);
    MlpTrainer.Run run = new MlpTrainer.Run(x, n, p, yc, Math.max(classes, 1), yv, w, prm, 5, FitContext.seeded(5));
    // biases start at zero; make them non-zero so their gradients are exercised too
    for (int i = 0; i < run.theta.length; i++) run.theta[i] += r.nextDouble(-0.3, 0.3);
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) rows[i] = i;
    run.gradient(rows, 0, n);
    double[] analytic = run.grad.clone();
    double h = 1e-6;
    for (int i = 0; i < run.theta.length; i++) {
      double saved = run.theta[i];
      run.theta[i] = saved + h;
      double up = objective(run, rows, n, prm.alpha());
      run.theta[i] = saved - h;
      double down = objective(run, rows, n, prm.alpha());
      run.theta[i] = saved;
      double numeric = (up - down) / (2 * h);
      assertEquals(numeric, analytic[i], 1e-6 * Math.max(1, Math.abs(numeric)), "parameter " + i);
    }
  }

  private static double objective(MlpTrainer.Run run, int[] rows, int n, double alpha) {
    double loss = run.gradient(rows, 0, n);
    return loss / n + 0.5 * alpha * run.squaredWeights() / n;
  }

  private static double[][] blobs(int n, int p, int k, long seed, int[] y) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] centres = new double[k][p];
    for (double[] c : centres) for (int j = 0; j < p; j++) c[j] = r.nextDouble(-2, 2);
    double[][] x = new double[n][p];
    for (int i = 0; i < n; i++) {
      y[i] = i % k;
      for (int j = 0; j < p; j++) x[i][j] = centres[y[i]][j] + r.nextGaussian() * 0.7;
    }
    return x;
  }

  private static double accuracy(MlpNetwork net, double[][] x, int[] y) {
    int ok = 0;
    double[][] p = net.predictProba(x);
    for (int i = 0; i < x.length; i++) if (argMax(p[i]) == y[i]) ok++;
    return ok / (double) x.length;
  }

  private static int argMax(double[] p) {
    int b = 0;
    for (int k = 1; k < p.length; k++) if (p[k] > p[b]) b = k;
    return b;
  }

  @Test void learnsBlobsAndIsDeterministic() {
    int[] y = new int[600];
    double[][] x = blobs(600, 6, 4, 1, y);
    MlpLearner prm = MlpLearner.defaults().withHidden(32);
    MlpNetwork a = MlpTrainer.fitClassifier(x, y, 4, null, prm, 42);
    MlpNetwork b = MlpTrainer.fitClassifier(x, y, 4, null, prm, FitContext.seeded(42).withThreads(2));
    MlpNetwork c = MlpTrainer.fitClassifier(x, y, 4, null, prm, 43);
    assertArrayEquals(a.parameters(), b.parameters(), "same seed, same bits");
    assertFalse(Arrays.equals(a.parameters(), c.parameters()), "another seed, another model");
    assertTrue(accuracy(a, x, y) > 0.9, "accuracy " + accuracy(a, x, y));
    assertEquals(a.training(), b.training());
    // a row predicted alone equals the same row predicted in a batch, bit for bit
    double[][] batch = a.predictProba(x);
    for (int i = 0; i < x.length; i += 37) assertArrayEquals(batch[i], a.predictProba(x[i]));
  }

  @Test void batchPredictionOfManyRowsEqualsRowByRow() {
    int n = 9000; // above the parallel threshold
    int[] y = new int[n];
    double[][] x = blobs(n, 3, 3, 2, y);
    MlpNetwork net = MlpTrainer.fitClassifier(Arrays.copyOf(x, 300), Arrays.copyOf(y, 300), 3, null,
        MlpLearner.defaults().withHidden(8).withMaxEpochs(5), 1);
    double[][] batch = net.predictProba(x);
    for (int i = 0; i < n; i++) assertArrayEquals(net.predictProba(x[i]), batch[i]);
  }

  @Test void earlyStoppingKeepsTheBestEpoch() {
    int[] y = new int[400];
    double[][] x = blobs(400, 4, 3, 3, y);
    MlpNetwork es = MlpTrainer.fitClassifier(x, y, 3, null, MlpLearner.defaults().withHidden(16).withPatience(3), 1);
    MlpNetwork.Training t = es.training();
    assertEquals(t.epochs(), t.validationCurve().length);
    assertEquals(t.epochs(), t.lossCurve().length);
    assertTrue(t.bestEpoch() >= 1 && t.bestEpoch() <= t.epochs());
    double best = Arrays.stream(t.validationCurve()).min().getAsDouble();
    assertEquals(best, t.validationCurve()[t.bestEpoch() - 1]);
    if (t.stoppedEarly()) assertTrue(t.epochs() - t.bestEpoch() >= 3 - 1);

    MlpNetwork plain = MlpTrainer.fitClassifier(x, y, 3, null,
        MlpLearner.defaults().withHidden(16).withEarlyStopping(false).withMaxEpochs(7), 1);
    assertEquals(7, plain.training().epochs());
    assertEquals(0, plain.training().validationCurve().length);
  }

  @Test void uniformWeightsGiveTheUnweightedFitExactly() {
    int[] y = new int[300];
    double[][] x = blobs(300, 4, 3, 4, y);
    double[] twos = new double[300];
    Arrays.fill(twos, 2.0);
    MlpLearner prm = MlpLearner.defaults().withHidden(8).withMaxEpochs(20);
    assertArrayEquals(MlpTrainer.fitClassifier(x, y, 3, null, prm, 9).parameters(),
        MlpTrainer.fitClassifier(x, y, 3, twos, prm, 9).parameters());
  }

  @Test void weightsDecideBetweenConflictingLabels() {
    // the same inputs appear with label 0 (weight 5) and label 1 (weight 1): class 0 must win
    int n = 400;
    double[][] x = new double[n][2];
    int[] y = new int[n];
    double[] w = new double[n];
    SplittableRandom r = new SplittableRandom(5);
    for (int i = 0; i < n; i += 2) {
      double a = r.nextDouble(-1, 1);
      double b = r.nextDouble(-1, 1);
      x[i] = new double[] {a, b};
      x[i + 1] = new double[] {a, b};
      y[i] = 0;
      w[i] = 5;
      y[i + 1] = 1;
      w[i + 1] = 1;
    }
    MlpNetwork net = MlpTrainer.fitClassifier(x, y, 2, w, MlpLearner.defaults().withHidden(8), 1);
    double mean = Arrays.stream(net.predictProba(x)).mapToDouble(p -> p[0]).average().getAsDouble();
    assertEquals(5.0 / 6, mean, 0.03);
  }

  @Test void aClassWithoutRowsGetsAlmostNoProbability() {
    int[] y = new int[300];
    double[][] x = blobs(300, 3, 3, 6, y);
    // class indices 0..2 are present; 3 and 4 never occur
    MlpNetwork net = MlpTrainer.fitClassifier(x, y, 5, null, MlpLearner.defaults().withHidden(16), 1);
    double sum = 0;
    for (double[] p : net.predictProba(x)) {
      assertEquals(5, p.length);
      assertEquals(1.0, Arrays.stream(p).sum(), 1e-12);
      assertTrue(p[3] < 0.1 && p[4] < 0.1, Arrays.toString(p));
      sum += p[3] + p[4];
    }
    assertTrue(sum / x.length < 0.03, "mean probability of the empty classes " + sum / x.length);
  }

  @Test void regressionPredictsOnTheTargetsScale() {
    int n = 500;
    SplittableRandom r = new SplittableRandom(8);
    double[][] x = new double[n][3];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 3; j++) x[i][j] = r.nextDouble(-1, 1);
      y[i] = 1e6 + 2e4 * (x[i][0] * x[i][0] - x[i][1]) + 1e3 * r.nextGaussian();
    }
    MlpNetwork net = MlpTrainer.fitRegressor(x, y, null, MlpLearner.defaults().withHidden(32), 1);
    assertFalse(net.isClassifier());
    double sse = 0;
    double sst = 0;
    double mean = Arrays.stream(y).average().getAsDouble();
    double[] pred = net.predict(x);
    for (int i = 0; i < n; i++) {
      sse += (pred[i] - y[i]) * (pred[i] - y[i]);
      sst += (y[i] - mean) * (y[i] - mean);
      if (i % 50 == 0) assertEquals(pred[i], net.predict(x[i]));
    }
    assertTrue(1 - sse / sst > 0.95, "R² " + (1 - sse / sst));
  }

  @Test void constantTargetAndSingleRowWork() {
    double[][] x = {{1, 2}, {3, 4}, {5, 6}};
    MlpNetwork net = MlpTrainer.fitRegressor(x, new double[] {7, 7, 7}, null, MlpLearner.defaults().withHidden(4), 1);
    assertEquals(7.0, net.predict(new double[] {2, 3}), 0.5);
    MlpNetwork one = MlpTrainer.fitClassifier(new double[][] {{1.0}}, new int[] {1}, 2, null, MlpLearner.defaults(), 1);
    assertTrue(one.predictProba(new double[] {1.0})[1] > 0.5);
  }

  @Test void rejectsBadInputs() {
    MlpLearner prm = MlpLearner.defaults();
    double[][] x = {{1, 2}, {3, Double.NaN}};
    BadInputException e = assertThrows(BadInputException.class,
        () -> MlpTrainer.fitClassifier(x, new int[] {0, 1}, 2, null, prm, 1));
    assertTrue(e.getMessage().contains("row 2, feature 2 is NaN"), e.getMessage());
    double[][] ok = {{1, 2}, {3, 4}};
    assertThrows(IllegalArgumentException.class, () -> MlpTrainer.fitClassifier(ok, new int[] {0, 2}, 2, null, prm, 1));
    assertThrows(BadInputException.class, () -> MlpTrainer.fitClassifier(ok, new int[] {0, 1}, 2, new double[] {0, 0}, prm, 1));
    assertThrows(BadInputException.class, () -> MlpTrainer.fitRegressor(ok, new double[] {1, Double.POSITIVE_INFINITY}, null, prm, 1));
    assertThrows(BadInputException.class, () -> MlpTrainer.fitClassifier(new double[0][], new int[0], 2, null, prm, 1));
    MlpNetwork net = MlpTrainer.fitClassifier(ok, new int[] {0, 1}, 2, null, prm.withMaxEpochs(2), 1);
    assertThrows(IllegalArgumentException.class, () -> net.predictProba(new double[] {1}));
    assertThrows(IllegalStateException.class, () -> net.predict(new double[] {1, 2}));
  }

  @Test void stratifiedSplitHoldsOutEveryClassButNeverItsLastRow() {
    int[] y = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2};
    int[][] parts = MlpTrainer.split(y, 3, y.length, 0.2, new SplittableRandom(1));
    int[] heldPerClass = new int[3];
    for (int i : parts[1]) heldPerClass[y[i]]++;
    assertArrayEquals(new int[] {2, 2, 0}, heldPerClass);
    assertEquals(y.length, parts[0].length + parts[1].length);
    assertNotEquals(0, parts[0].length);
  }
}
