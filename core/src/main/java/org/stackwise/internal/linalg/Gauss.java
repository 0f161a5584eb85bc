package org.stackwise.internal.linalg;

/** Gaussian elimination with partial pivoting for small dense systems. */
public final class Gauss {
  private Gauss() { }

  /** Solves the augmented system {@code m = [A | b]} (modified in place); returns x. */
  public static double[] solveAugmented(double[][] m) {
    int n = m.length;
    for (int col = 0; col < n; col++) {
      int piv = col;
      for (int r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[piv][col])) piv = r;
      double[] t = m[col];
      m[col] = m[piv];
      m[piv] = t;
      double d = m[col][col];
      if (Math.abs(d) < 1e-300) continue;
      for (int r = col + 1; r < n; r++) {
        double f = m[r][col] / d;
        if (f == 0) continue;
        for (int c = col; c <= n; c++) m[r][c] -= f * m[col][c];
      }
    }
    double[] x = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double s = m[r][n];
      for (int c = r + 1; c < n; c++) s -= m[r][c] * x[c];
      x[r] = Math.abs(m[r][r]) < 1e-300 ? 0 : s / m[r][r];
    }
    return x;
  }
}
