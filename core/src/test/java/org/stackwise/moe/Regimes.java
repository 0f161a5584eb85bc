package org.stackwise.moe;

import java.util.List;
import java.util.SplittableRandom;
import org.stackwise.data.Dataset;
import org.stackwise.data.Schema;
import org.stackwise.data.Target;
import org.stackwise.testing.SyntheticData;

/**
 * Synthetic data with known regimes: the input space is cut into regions, each with its own linear
 * rule. {@link #region} tells which region a row is in, so tests can check whether the gate found them.
 */
final class Regimes {
  private Regimes() { }

  /** Region of a row: 0 when x1 &lt; 0, else 1. */
  static int region(double[] row) {
    return row[0] < 0 ? 0 : 1;
  }

  /**
   * Binary classes, 4 standard normal features. Region 0 (x1 &lt; 0): class 1 iff x2 + 0.5·x3 &gt; 0;
   * region 1: class 1 iff −x2 + 0.5·x4 &gt; 0. The x2 effects cancel globally, so one linear model is
   * weak while two linear experts split by x1 are nearly perfect. {@code flip} of the labels are flipped.
   */
  static Dataset classes(int n, double flip, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] x = new double[n][4];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 4; j++) x[i][j] = SyntheticData.gaussian(r);
      double s = region(x[i]) == 0 ? x[i][1] + 0.5 * x[i][2] : -x[i][1] + 0.5 * x[i][3];
      int label = s > 0 ? 1 : 0;
      y[i] = r.nextDouble() < flip ? 1 - label : label;
    }
    return Dataset.of(Schema.numeric("x", 4), x, new Target.Classes("y", List.of("a", "b"), y));
  }

  /** Regression, 3 features: region 0: y = 3·x2 + 1; region 1: y = −3·x2 + 2·x3 − 1; plus noise. */
  static Dataset values(int n, double noise, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] x = new double[n][3];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 3; j++) x[i][j] = SyntheticData.gaussian(r);
      y[i] = (region(x[i]) == 0 ? 3 * x[i][1] + 1 : -3 * x[i][1] + 2 * x[i][2] - 1) + noise * SyntheticData.gaussian(r);
    }
    return Dataset.of(Schema.numeric("x", 3), x, new Target.Numeric("y", y));
  }

  /**
   * How well the gate's top expert matches the region, over the best one-to-one pairing of experts
   * and regions (two regions): 1 = every row goes to its region's expert.
   */
  static double gateAccuracy(MixtureOfExpertsModel m, Dataset d) {
    double[][] g = m.gateWeights(d);
    int k = m.expertCount();
    int[][] table = new int[k][2];
    for (int i = 0; i < d.rows(); i++) {
      int top = org.stackwise.Classifier.argMax(g[i]);
      table[top][region(d.row(i))]++;
    }
    int best = 0;
    for (int a = 0; a < k; a++) {
      for (int b = 0; b < k; b++) {
        if (a != b) best = Math.max(best, table[a][0] + table[b][1]);
      }
    }
    return best / (double) d.rows();
  }
}
