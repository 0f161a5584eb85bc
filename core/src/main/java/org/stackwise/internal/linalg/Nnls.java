package org.stackwise.internal.linalg;

/**
 * Non-negative least squares by the Lawson–Hanson active-set method (Lawson &amp; Hanson 1974,
 * "Solving Least Squares Problems", ch. 23), on the normal equations: minimise
 * ½·wᵀAw − bᵀw subject to w ≥ 0, where A = XᵀX and b = Xᵀy.
 */
public final class Nnls {
  private Nnls() { }

  /** Solves min ‖Xw − y‖² with w ≥ 0 given {@code a = XᵀX} (symmetric PSD) and {@code b = Xᵀy}. */
  public static double[] solveNormal(double[][] a, double[] b) {
    int m = b.length;
    double scale = 0;
    for (int j = 0; j < m; j++) scale = Math.max(scale, Math.abs(a[j][j]));
    double tol = 1e-10 * Math.max(1, scale);
    double[] w = new double[m];
    boolean[] passive = new boolean[m];
    for (int outer = 0; outer < 3 * m + 10; outer++) {
      double[] g = gradient(a, b, w);
      int t = -1;
      for (int j = 0; j < m; j++) if (!passive[j] && g[j] > tol && (t < 0 || g[j] > g[t])) t = j;
      if (t < 0) break;
      passive[t] = true;
      for (int inner = 0; inner < 3 * m + 10; inner++) {
        double[] s = solvePassive(a, b, passive);
        boolean feasible = true;
        for (int j = 0; j < m; j++) if (passive[j] && s[j] <= 0) feasible = false;
        if (feasible) {
          w = s;
          break;
        }
        double alpha = Double.POSITIVE_INFINITY;
        for (int j = 0; j < m; j++) {
          if (passive[j] && s[j] <= 0) alpha = Math.min(alpha, w[j] / (w[j] - s[j]));
        }
        for (int j = 0; j < m; j++) w[j] += alpha * (s[j] - w[j]);
        for (int j = 0; j < m; j++) {
          if (passive[j] && w[j] <= 1e-15) {
            passive[j] = false;
            w[j] = 0;
          }
        }
      }
    }
    return w;
  }

  private static double[] gradient(double[][] a, double[] b, double[] w) {
    double[] g = b.clone();
    for (int j = 0; j < b.length; j++) for (int l = 0; l < b.length; l++) g[j] -= a[j][l] * w[l];
    return g;
  }

  /** Solves the unconstrained problem on the passive set (others fixed at 0), by Gaussian elimination. */
  private static double[] solvePassive(double[][] a, double[] b, boolean[] passive) {
    int m = b.length;
    int[] idx = new int[m];
    int p = 0;
    for (int j = 0; j < m; j++) if (passive[j]) idx[p++] = j;
    double[][] s = new double[p][p + 1];
    for (int r = 0; r < p; r++) {
      for (int c = 0; c < p; c++) s[r][c] = a[idx[r]][idx[c]];
      s[r][r] += 1e-12 * Math.max(1, Math.abs(a[idx[r]][idx[r]])); // keeps collinear members solvable
      s[r][p] = b[idx[r]];
    }
    double[] x = Gauss.solveAugmented(s);
    double[] out = new double[m];
    for (int r = 0; r < p; r++) out[idx[r]] = x[r];
    return out;
  }
}
