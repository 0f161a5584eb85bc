package org.stackwise.moe;

import java.util.SplittableRandom;

/**
 * Seeded k-means (k-means++ seeding, Arthur and Vassilvitskii 2007, then Lloyd iterations) on
 * preprocessed gate features. It only initialises the gate, so it runs on a sample of at most
 * {@link #SAMPLE} rows. Ties go to the lower centre index, so the result depends on the seed only.
 */
final class KMeans {
  static final int SAMPLE = 4000;
  private static final int ITERATIONS = 30;

  private KMeans() { }

  /** {@code k} centres (each of width {@code d}) for the rows of {@code x} ({@code n × d}, row-major). */
  static double[][] centres(double[] x, int n, int d, int k, SplittableRandom r) {
    int[] rows = sample(n, r);
    int m = rows.length;
    double[][] c = new double[k][];
    double[] dist = new double[m];
    java.util.Arrays.fill(dist, Double.POSITIVE_INFINITY);
    int first = rows[r.nextInt(m)];
    c[0] = row(x, first, d);
    for (int j = 1; j < k; j++) {
      double total = 0;
      for (int i = 0; i < m; i++) {
        dist[i] = Math.min(dist[i], sq(x, rows[i], d, c[j - 1]));
        total += dist[i];
      }
      int pick = rows[r.nextInt(m)];
      if (total > 0) {
        double u = r.nextDouble() * total;
        for (int i = 0; i < m; i++) {
          u -= dist[i];
          if (u <= 0 || i == m - 1) {
            pick = rows[i];
            break;
          }
        }
      }
      c[j] = row(x, pick, d);
    }
    int[] assign = new int[m];
    for (int it = 0; it < ITERATIONS; it++) {
      boolean changed = it == 0;
      for (int i = 0; i < m; i++) {
        int a = nearest(x, rows[i], d, c);
        if (a != assign[i]) changed = true;
        assign[i] = a;
      }
      double[][] sum = new double[k][d];
      int[] cnt = new int[k];
      for (int i = 0; i < m; i++) {
        cnt[assign[i]]++;
        int o = rows[i] * d;
        for (int f = 0; f < d; f++) sum[assign[i]][f] += x[o + f];
      }
      for (int j = 0; j < k; j++) {
        // an empty cluster keeps its centre: it still breaks symmetry and the training moves it
        if (cnt[j] > 0) for (int f = 0; f < d; f++) c[j][f] = sum[j][f] / cnt[j];
      }
      if (!changed) break;
    }
    return c;
  }

  /** Mean squared distance of the sampled rows to their nearest centre, per dimension. */
  static double withinVariance(double[] x, int n, int d, double[][] c) {
    double s = 0;
    for (int i = 0; i < n; i++) s += sq(x, i, d, c[nearest(x, i, d, c)]);
    return s / Math.max(1, n) / Math.max(1, d);
  }

  static int nearest(double[] x, int row, int d, double[][] c) {
    int best = 0;
    double bd = Double.POSITIVE_INFINITY;
    for (int j = 0; j < c.length; j++) {
      double v = sq(x, row, d, c[j]);
      if (v < bd) {
        bd = v;
        best = j;
      }
    }
    return best;
  }

  private static int[] sample(int n, SplittableRandom r) {
    if (n <= SAMPLE) {
      int[] all = new int[n];
      for (int i = 0; i < n; i++) all[i] = i;
      return all;
    }
    // partial Fisher–Yates: the first SAMPLE entries are a uniform sample without replacement
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) idx[i] = i;
    for (int i = 0; i < SAMPLE; i++) {
      int j = i + r.nextInt(n - i);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    int[] out = java.util.Arrays.copyOf(idx, SAMPLE);
    java.util.Arrays.sort(out);
    return out;
  }

  private static double[] row(double[] x, int row, int d) {
    return java.util.Arrays.copyOfRange(x, row * d, row * d + d);
  }

  private static double sq(double[] x, int row, int d, double[] c) {
    double s = 0;
    int o = row * d;
    for (int f = 0; f < d; f++) {
      double t = x[o + f] - c[f];
      s += t * t;
    }
    return s;
  }
}
