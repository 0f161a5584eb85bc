package org.stackwise.internal.linalg;

/**
 * Cholesky factorisation A = L·Lᵀ of a symmetric positive definite matrix, and solves with it.
 * Only the lower triangle of A is read. Immutable after construction.
 */
public final class Cholesky {
  private final int n;
  private final double[][] l;

  private Cholesky(double[][] l) {
    this.n = l.length;
    this.l = l;
  }

  /**
   * Factorises {@code a} (n×n, not modified).
   *
   * @throws ArithmeticException if {@code a} is not (numerically) positive definite
   */
  public static Cholesky of(double[][] a) {
    int n = a.length;
    double[][] l = new double[n][];
    for (int i = 0; i < n; i++) {
      if (a[i].length != n) throw new IllegalArgumentException("matrix is not square: row " + i + " has " + a[i].length);
      l[i] = new double[i + 1];
      for (int j = 0; j <= i; j++) {
        double s = a[i][j];
        double[] li = l[i];
        double[] lj = l[j];
        for (int k = 0; k < j; k++) s -= li[k] * lj[k];
        if (i == j) {
          if (!(s > 0) || !Double.isFinite(s)) {
            throw new ArithmeticException("matrix is not positive definite (pivot " + i + " is " + s + ")");
          }
          li[i] = Math.sqrt(s);
        } else {
          li[j] = s / lj[j];
        }
      }
    }
    return new Cholesky(l);
  }

  /**
   * Factorises {@code a + jitter·I} where jitter is the smallest of 0, 1e-12·max|diag|, 1e-10·…,
   * 1e-6·max|diag| for which the factorisation succeeds — for Gram matrices that are only
   * semi-definite because of duplicated or constant columns.
   *
   * @throws ArithmeticException if even the largest jitter fails
   */
  public static Cholesky ofWithJitter(double[][] a) {
    try {
      return of(a);
    } catch (ArithmeticException e) {
      double scale = 0;
      for (int i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(a[i][i]));
      if (scale == 0) scale = 1;
      for (double rel = 1e-12; rel <= 1e-6; rel *= 100) {
        double[][] b = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
          b[i] = a[i].clone();
          b[i][i] += rel * scale;
        }
        try {
          return of(b);
        } catch (ArithmeticException ignored) {
          // try a larger jitter
        }
      }
      throw e;
    }
  }

  public int size() { return n; }

  /** Solves A·x = b; returns x. */
  public double[] solve(double[] b) {
    if (b.length != n) throw new IllegalArgumentException("right-hand side has " + b.length + " rows, matrix " + n);
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double s = b[i];
      double[] li = l[i];
      for (int k = 0; k < i; k++) s -= li[k] * y[k];
      y[i] = s / li[i];
    }
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double s = y[i];
      for (int k = i + 1; k < n; k++) s -= l[k][i] * x[k];
      x[i] = s / l[i][i];
    }
    return x;
  }

  /** log det A = 2·Σ log L_ii. */
  public double logDeterminant() {
    double s = 0;
    for (int i = 0; i < n; i++) s += Math.log(l[i][i]);
    return 2 * s;
  }
}
