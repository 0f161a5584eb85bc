package org.stackwise.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.stackwise.data.Column;
import org.stackwise.data.Dataset;
import org.stackwise.data.Schema;
import org.stackwise.data.Target;

/** Seeded synthetic data sets with known structure, for tests. */
public final class SyntheticData {
  private SyntheticData() { }

  /**
   * {@code k} Gaussian blobs in {@code p} numeric dimensions plus one categorical column ("colour",
   * 3 levels, weakly informative) and about 2 % missing numeric values.
   */
  public static Dataset blobs(int n, int p, int k, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] centres = new double[k][p];
    for (int c = 0; c < k; c++) for (int j = 0; j < p; j++) centres[c][j] = r.nextDouble(-3, 3);
    List<Column> cols = new ArrayList<>();
    for (int j = 0; j < p; j++) cols.add(Column.numeric("x" + (j + 1)));
    cols.add(Column.categorical("colour", List.of("red", "green", "blue")));
    double[][] rows = new double[n][p + 1];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      int c = i % k;
      y[i] = c;
      for (int j = 0; j < p; j++) {
        rows[i][j] = r.nextDouble() < 0.02 ? Double.NaN : centres[c][j] + gaussian(r);
      }
      rows[i][p] = r.nextDouble() < 0.6 ? c % 3 : r.nextInt(3);
    }
    List<String> classes = new ArrayList<>();
    for (int c = 0; c < k; c++) classes.add("class" + c);
    return Dataset.of(Schema.of(cols), rows, new Target.Classes("label", classes, y));
  }

  /** y = 2·x1 − x2 + 0.5·x3 + noise, with {@code p} ≥ 3 numeric columns. */
  public static Dataset linear(int n, int p, double noise, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] rows = new double[n][p];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < p; j++) rows[i][j] = gaussian(r);
      y[i] = 2 * rows[i][0] - rows[i][1] + 0.5 * rows[i][2] + noise * gaussian(r);
    }
    return Dataset.of(Schema.numeric("x", p), rows, new Target.Numeric("y", y));
  }

  public static double gaussian(SplittableRandom r) {
    double u = 1 - r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
