package org.stackwise.learners.linear;

import org.stackwise.internal.linalg.Cholesky;
import org.stackwise.internal.linalg.Nnls;
import org.stackwise.internal.linalg.SymmetricEigen;

/**
 * Weighted ridge least squares for one or several targets on a dense design matrix, with an
 * unpenalised intercept (handled by weighted centring), optional non-negativity, optional convexity,
 * and exact leave-one-out selection of the penalty.
 */
final class RidgeSolver {
  private RidgeSolver() { }

  /** Coefficient rows (weights then intercept) and the penalty used. */
  record Solution(double[][] coefficients, double alpha, double[] looErrors) { }

  /**
   * Solves {@code min Σᵢ wᵢ‖yᵢ − Bxᵢ − b‖² + α‖B‖²} for each target column of {@code y} (n × t).
   *
   * @param alphas when non-empty, α is the one with the smallest leave-one-out squared error
   * @param positive constrain B ≥ 0 (Lawson–Hanson NNLS on the centred normal equations)
   */
  static Solution solve(double[] x, int n, int d, double[][] y, double[] w, double alpha, double[] alphas,
                        boolean positive) {
    int t = y[0].length;
    double sw = 0;
    for (double v : w) sw += v;
    double[] xbar = new double[d];
    double[] ybar = new double[t];
    for (int i = 0; i < n; i++) {
      double wi = w[i];
      if (wi == 0) continue;
      int off = i * d;
      for (int j = 0; j < d; j++) xbar[j] += wi * x[off + j];
      for (int k = 0; k < t; k++) ybar[k] += wi * y[i][k];
    }
    for (int j = 0; j < d; j++) xbar[j] /= sw;
    for (int k = 0; k < t; k++) ybar[k] /= sw;
    // centred, weighted Gram matrix and cross products
    double[][] g = new double[d][d];
    double[][] r = new double[t][d];
    double[] xc = new double[d];
    for (int i = 0; i < n; i++) {
      double wi = w[i];
      if (wi == 0) continue;
      int off = i * d;
      for (int j = 0; j < d; j++) xc[j] = x[off + j] - xbar[j];
      for (int j = 0; j < d; j++) {
        double v = wi * xc[j];
        if (v == 0) continue;
        double[] gj = g[j];
        for (int l = 0; l <= j; l++) gj[l] += v * xc[l];
        for (int k = 0; k < t; k++) r[k][j] += v * (y[i][k] - ybar[k]);
      }
    }
    for (int j = 0; j < d; j++) for (int l = 0; l < j; l++) g[l][j] = g[j][l];

    double chosen = alpha;
    double[] looErrors = null;
    if (alphas.length > 0) {
      looErrors = leaveOneOut(x, n, d, y, w, sw, xbar, ybar, g, alphas);
      int best = 0;
      for (int a = 1; a < alphas.length; a++) if (looErrors[a] < looErrors[best]) best = a;
      chosen = alphas[best];
    }
    double[][] a = new double[d][];
    for (int j = 0; j < d; j++) {
      a[j] = g[j].clone();
      a[j][j] += chosen;
    }
    double[][] coef = new double[t][d + 1];
    Cholesky chol = positive || d == 0 ? null : Cholesky.ofWithJitter(a);
    for (int k = 0; k < t; k++) {
      double[] beta = d == 0 ? new double[0] : positive ? Nnls.solveGram(a, r[k]) : chol.solve(r[k]);
      double b = ybar[k];
      for (int j = 0; j < d; j++) {
        coef[k][j] = beta[j];
        b -= beta[j] * xbar[j];
      }
      coef[k][d] = b;
    }
    return new Solution(coef, chosen, looErrors);
  }

  /**
   * Exact leave-one-out squared errors (weighted, summed over targets) for each α, from one
   * eigendecomposition of the centred Gram matrix: with Xs = √W·Xc = U·diag(√s)…, the hat matrix
   * diagonal is hᵢ = wᵢ/Σw + Σₖ Uᵢₖ²/(sₖ + α) (the first term is the unpenalised intercept) and the
   * leave-one-out residual is rᵢ/(1 − hᵢ). (The identity of Allen's PRESS; see Hastie, Tibshirani &amp;
   * Friedman, <em>Elements of Statistical Learning</em>, §7.10; scikit-learn's RidgeCV uses the same.)
   */
  private static double[] leaveOneOut(double[] x, int n, int d, double[][] y, double[] w, double sw,
                                      double[] xbar, double[] ybar, double[][] g, double[] alphas) {
    int t = y[0].length;
    SymmetricEigen eig = SymmetricEigen.of(g);
    double[] s = eig.values();
    double[][] v = eig.vectors();
    double sMax = Math.max(s.length == 0 ? 0 : s[0], 0);
    // U = Xs·V, Q = Uᵀ·ys
    double[] u = new double[n * d];
    double[][] q = new double[d][t];
    double[] xs = new double[d];
    double[] ys = new double[t];
    for (int i = 0; i < n; i++) {
      double sq = Math.sqrt(w[i]);
      int off = i * d;
      for (int j = 0; j < d; j++) xs[j] = sq * (x[off + j] - xbar[j]);
      for (int k = 0; k < t; k++) ys[k] = sq * (y[i][k] - ybar[k]);
      for (int c = 0; c < d; c++) {
        double acc = 0;
        for (int j = 0; j < d; j++) acc += xs[j] * v[j][c];
        u[off + c] = acc;
        for (int k = 0; k < t; k++) q[c][k] += acc * ys[k];
      }
    }
    double[] errors = new double[alphas.length];
    double[] inv = new double[d];
    double[] fit = new double[t];
    for (int a = 0; a < alphas.length; a++) {
      for (int c = 0; c < d; c++) {
        double den = Math.max(s[c], 0) + alphas[a];
        inv[c] = den > 1e-12 * Math.max(sMax, 1e-300) ? 1.0 / den : 0.0; // pseudo-inverse when α = 0
      }
      double total = 0;
      for (int i = 0; i < n; i++) {
        if (w[i] == 0) continue;
        double sq = Math.sqrt(w[i]);
        int off = i * d;
        double h = w[i] / sw;
        java.util.Arrays.fill(fit, 0);
        for (int c = 0; c < d; c++) {
          double uc = u[off + c];
          if (uc == 0) continue;
          double ui = uc * inv[c];
          h += uc * ui;
          for (int k = 0; k < t; k++) fit[k] += ui * q[c][k];
        }
        double denom = Math.max(1 - h, 1e-12);
        for (int k = 0; k < t; k++) {
          double e = (sq * (y[i][k] - ybar[k]) - fit[k]) / denom;
          total += e * e;
        }
      }
      errors[a] = total;
    }
    return errors;
  }

  /**
   * min Σᵢ wᵢ(yᵢ − βᵀxᵢ)² + α‖β‖² subject to β ≥ 0 and Σβ = 1, without intercept: a convex
   * combination of the columns. Solved as a sequence of NNLS problems by the augmented Lagrangian
   * method for the equality (Nocedal &amp; Wright, §17.3), then renormalised to sum exactly to 1.
   */
  static double[] convex(double[] x, int n, int d, double[] y, double[] w, double alpha) {
    double[][] g = new double[d][d];
    double[] r = new double[d];
    for (int i = 0; i < n; i++) {
      double wi = w[i];
      if (wi == 0) continue;
      int off = i * d;
      for (int j = 0; j < d; j++) {
        double v = wi * x[off + j];
        if (v == 0) continue;
        for (int l = 0; l <= j; l++) g[j][l] += v * x[off + l];
        r[j] += v * y[i];
      }
    }
    double scale = 0;
    for (int j = 0; j < d; j++) {
      for (int l = 0; l < j; l++) g[l][j] = g[j][l];
      g[j][j] += alpha;
      scale = Math.max(scale, g[j][j]);
    }
    if (scale == 0) scale = 1;
    double mu = scale; // penalty weight of the equality constraint
    double lambda = 0;
    double[][] a = new double[d][d];
    double[] c = new double[d];
    double[] beta = new double[d];
    for (int it = 0; it < 100; it++) {
      for (int j = 0; j < d; j++) {
        for (int l = 0; l < d; l++) a[j][l] = g[j][l] + mu;
        c[j] = r[j] - lambda + mu;
      }
      beta = Nnls.solveGram(a, c);
      double sum = 0;
      for (double b : beta) sum += b;
      lambda += mu * (sum - 1);
      if (Math.abs(sum - 1) < 1e-12) break;
    }
    double sum = 0;
    for (double b : beta) sum += b;
    if (sum > 0) for (int j = 0; j < d; j++) beta[j] /= sum;
    else for (int j = 0; j < d; j++) beta[j] = 1.0 / d;
    return beta;
  }
}
