package org.stackwise.internal.linalg;

/**
 * Non-negative least squares by the active-set method of Lawson and Hanson (<em>Solving Least
 * Squares Problems</em>, 1974, ch. 23), in its normal-equations form (Bro &amp; De Jong, "A fast
 * non-negativity-constrained least squares algorithm", J. Chemometrics 11, 1997):
 *
 * <pre>  minimise ½·xᵀGx − cᵀx  subject to x ≥ 0,   with G = AᵀA (+ αI) and c = Aᵀb.</pre>
 *
 * Working on the Gram matrix makes the cost independent of the number of rows once G is formed, which
 * suits stacking (many rows, few members). Each passive-set subproblem is solved by Cholesky, with a
 * tiny diagonal jitter when the passive columns are collinear. Deterministic: ties in the entering
 * variable go to the lowest index.
 */
public final class Nnls {
  private Nnls() { }

  /** min ‖A·x − b‖² subject to x ≥ 0, for A given as rows (m × n). */
  public static double[] solve(double[][] a, double[] b) {
    int m = a.length;
    if (b.length != m) throw new IllegalArgumentException("b has " + b.length + " rows, A has " + m);
    int n = m == 0 ? 0 : a[0].length;
    double[][] g = new double[n][n];
    double[] c = new double[n];
    for (int r = 0; r < m; r++) {
      double[] row = a[r];
      for (int i = 0; i < n; i++) {
        double v = row[i];
        if (v == 0) continue;
        c[i] += v * b[r];
        for (int j = 0; j <= i; j++) g[i][j] += v * row[j];
      }
    }
    for (int i = 0; i < n; i++) for (int j = 0; j < i; j++) g[j][i] = g[i][j];
    return solveGram(g, c);
  }

  /**
   * min ½·xᵀGx − cᵀx subject to x ≥ 0, for a symmetric positive semi-definite G (n×n; not modified).
   */
  public static double[] solveGram(double[][] g, double[] c) {
    int n = c.length;
    if (g.length != n) throw new IllegalArgumentException("G has " + g.length + " rows, c has " + n);
    double scale = 0;
    for (int i = 0; i < n; i++) scale = Math.max(scale, Math.abs(g[i][i]));
    double cScale = 0;
    for (double v : c) cScale = Math.max(cScale, Math.abs(v));
    double tol = 1e-12 * Math.max(cScale, scale) * Math.max(1, n);
    double[] x = new double[n];
    boolean[] passive = new boolean[n];
    double[] w = gradient(g, c, x);
    int maxOuter = 3 * n + 10;
    for (int outer = 0; outer < maxOuter; outer++) {
      int enter = -1;
      double best = tol;
      for (int j = 0; j < n; j++) {
        if (!passive[j] && w[j] > best) {
          best = w[j];
          enter = j;
        }
      }
      if (enter < 0) break;
      passive[enter] = true;
      for (int inner = 0; inner <= n; inner++) {
        double[] z = solvePassive(g, c, passive);
        boolean feasible = true;
        for (int j = 0; j < n; j++) if (passive[j] && z[j] <= 0) feasible = false;
        if (feasible) {
          x = z;
          break;
        }
        // step from x toward z as far as feasibility allows, then drop the variables that hit zero
        double alpha = 1;
        for (int j = 0; j < n; j++) {
          if (passive[j] && z[j] <= 0) {
            double t = x[j] / (x[j] - z[j]);
            if (t < alpha) alpha = t;
          }
        }
        for (int j = 0; j < n; j++) {
          if (!passive[j]) continue;
          x[j] += alpha * (z[j] - x[j]);
          if (x[j] <= 1e-15 * Math.max(1, Math.abs(z[j]))) {
            x[j] = 0;
            passive[j] = false;
          }
        }
        if (!passive[enter] && inner == 0) {
          // the entering variable went straight back to zero: numerical noise, stop trying it
          break;
        }
      }
      w = gradient(g, c, x);
    }
    return x;
  }

  private static double[] gradient(double[][] g, double[] c, double[] x) {
    int n = c.length;
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      double s = c[i];
      for (int j = 0; j < n; j++) s -= g[i][j] * x[j];
      w[i] = s;
    }
    return w;
  }

  /** Unconstrained minimiser over the passive variables, zero elsewhere. */
  private static double[] solvePassive(double[][] g, double[] c, boolean[] passive) {
    int n = c.length;
    int k = 0;
    int[] idx = new int[n];
    for (int j = 0; j < n; j++) if (passive[j]) idx[k++] = j;
    double[][] sub = new double[k][k];
    double[] rhs = new double[k];
    for (int a = 0; a < k; a++) {
      rhs[a] = c[idx[a]];
      for (int b = 0; b < k; b++) sub[a][b] = g[idx[a]][idx[b]];
    }
    double[] sol = Cholesky.ofWithJitter(sub).solve(rhs);
    double[] z = new double[n];
    for (int a = 0; a < k; a++) z[idx[a]] = sol[a];
    return z;
  }
}
