package org.stackwise.internal.linalg;

/**
 * Eigendecomposition A = V·diag(λ)·Vᵀ of a real symmetric matrix by the cyclic Jacobi method
 * (Golub &amp; Van Loan, <em>Matrix Computations</em>, 4th ed., §8.5): accurate to working precision
 * even for tiny eigenvalues, O(n³) per sweep, meant for the small Gram matrices of linear models
 * (up to a few hundred columns). Eigenvalues are sorted in decreasing order; column k of
 * {@link #vectors()} is the eigenvector of {@link #values()}[k]. Immutable.
 */
public final class SymmetricEigen {
  private static final int MAX_SWEEPS = 100;
  private final double[] values;
  private final double[][] vectors;

  private SymmetricEigen(double[] values, double[][] vectors) {
    this.values = values;
    this.vectors = vectors;
  }

  /** Decomposes {@code a} (n×n, symmetric; not modified; only the upper triangle is read). */
  public static SymmetricEigen of(double[][] a) {
    int n = a.length;
    double[][] m = new double[n][n];
    for (int i = 0; i < n; i++) {
      if (a[i].length != n) throw new IllegalArgumentException("matrix is not square: row " + i + " has " + a[i].length);
      for (int j = i; j < n; j++) {
        m[i][j] = a[i][j];
        m[j][i] = a[i][j];
      }
    }
    double[][] v = new double[n][n];
    for (int i = 0; i < n; i++) v[i][i] = 1;
    for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
      double off = 0;
      double diag = 0;
      for (int i = 0; i < n; i++) {
        diag += m[i][i] * m[i][i];
        for (int j = i + 1; j < n; j++) off += m[i][j] * m[i][j];
      }
      if (off <= 1e-30 * diag || off == 0) break;
      for (int p = 0; p < n - 1; p++) {
        for (int q = p + 1; q < n; q++) {
          double apq = m[p][q];
          if (apq == 0) continue;
          // rotation angle that zeroes m[p][q] (the smaller of the two roots, for stability)
          double theta = (m[q][q] - m[p][p]) / (2 * apq);
          double t = Math.copySign(1.0, theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          if (Double.isInfinite(theta * theta)) t = 1 / (2 * theta);
          double c = 1 / Math.sqrt(t * t + 1);
          double s = t * c;
          for (int k = 0; k < n; k++) { // columns p, q
            double mkp = m[k][p];
            double mkq = m[k][q];
            m[k][p] = c * mkp - s * mkq;
            m[k][q] = s * mkp + c * mkq;
          }
          for (int k = 0; k < n; k++) { // rows p, q
            double mpk = m[p][k];
            double mqk = m[q][k];
            m[p][k] = c * mpk - s * mqk;
            m[q][k] = s * mpk + c * mqk;
          }
          m[p][q] = 0;
          m[q][p] = 0;
          for (int k = 0; k < n; k++) {
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
          }
        }
      }
    }
    // sort by decreasing eigenvalue (stable selection; ties keep the lower index first)
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) order[i] = i;
    java.util.Arrays.sort(order, (x, y) -> Double.compare(m[y][y], m[x][x]));
    double[] values = new double[n];
    double[][] vectors = new double[n][n];
    for (int k = 0; k < n; k++) {
      values[k] = m[order[k]][order[k]];
      for (int i = 0; i < n; i++) vectors[i][k] = v[i][order[k]];
    }
    return new SymmetricEigen(values, vectors);
  }

  /** Eigenvalues, decreasing (copy). */
  public double[] values() { return values.clone(); }

  /** Eigenvectors as columns (copy). */
  public double[][] vectors() {
    double[][] out = new double[vectors.length][];
    for (int i = 0; i < out.length; i++) out[i] = vectors[i].clone();
    return out;
  }
}
