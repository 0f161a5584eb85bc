package org.stackwise.moe;

/**
 * Sparse top-k routing: keep the {@code k} largest gate logits (ties go to the lower expert index) and
 * take the softmax over those only, so the kept weights sum to 1 and the other experts get exactly 0.
 */
final class Routing {
  private Routing() { }

  /**
   * Routes one row: writes the kept experts (in decreasing gate order) into {@code idx} and their
   * weights into {@code g}; returns how many were kept ({@code min(k, K)}, K when {@code k <= 0}).
   *
   * @param logits gate logits of the row, at {@code off .. off+K}
   */
  static int route(double[] logits, int off, int experts, int k, int[] idx, double[] g) {
    int m = k <= 0 || k >= experts ? experts : k;
    if (m == experts) {
      for (int j = 0; j < experts; j++) idx[j] = j;
      // keep dense routing in expert order, so the sum below runs in a fixed order
    } else {
      for (int s = 0; s < m; s++) {
        int best = -1;
        for (int j = 0; j < experts; j++) {
          if (taken(idx, s, j)) continue;
          if (best < 0 || logits[off + j] > logits[off + best]) best = j;
        }
        idx[s] = best;
      }
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int s = 0; s < m; s++) max = Math.max(max, logits[off + idx[s]]);
    double sum = 0;
    for (int s = 0; s < m; s++) {
      g[s] = Math.exp(logits[off + idx[s]] - max);
      sum += g[s];
    }
    for (int s = 0; s < m; s++) g[s] /= sum;
    return m;
  }

  private static boolean taken(int[] idx, int s, int j) {
    for (int t = 0; t < s; t++) if (idx[t] == j) return true;
    return false;
  }

  /** Softmax of {@code K} logits at {@code off} into {@code out}. */
  static void softmax(double[] logits, int off, int experts, double[] out) {
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < experts; j++) max = Math.max(max, logits[off + j]);
    double sum = 0;
    for (int j = 0; j < experts; j++) {
      out[j] = Math.exp(logits[off + j] - max);
      sum += out[j];
    }
    for (int j = 0; j < experts; j++) out[j] /= sum;
  }
}
