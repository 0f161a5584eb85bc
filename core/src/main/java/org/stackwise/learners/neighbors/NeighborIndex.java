package org.stackwise.learners.neighbors;

import java.util.stream.IntStream;

/**
 * Brute-force exact k-nearest-neighbour search in Euclidean distance. Immutable and thread-safe.
 *
 * <p>Squared distances are computed as ‖q‖² + ‖t‖² − 2·q·t (clamped at 0), with the dot products for
 * a block of queries against a chunk of training rows accumulated feature by feature over the training
 * rows stored column-major, a loop the JIT vectorises. Each dot product is summed in feature order
 * whatever the blocking, so a query gets bit-identical distances alone or in a batch. The k smallest
 * are kept by insertion into a sorted list; ties in distance go to the lower training row, so results
 * are deterministic. Batches run in parallel over blocks of queries, which are independent.
 */
final class NeighborIndex {
  private static final int QUERY_BLOCK = 8;
  private static final int TRAIN_CHUNK = 512;
  private static final int PARALLEL_BLOCK = 64;

  private final int n;
  private final int d;
  private final double[] xt;    // column-major: feature j of row t at j·n + t
  private final double[] norms; // ‖row t‖²

  /** Indexes {@code n} rows of {@code d} features given row-major (copied). */
  NeighborIndex(double[] rowMajor, int n, int d) {
    this.n = n;
    this.d = d;
    this.xt = new double[rowMajor.length];
    this.norms = new double[n];
    for (int t = 0; t < n; t++) {
      for (int j = 0; j < d; j++) xt[j * n + t] = rowMajor[t * d + j];
      norms[t] = squaredNorm(rowMajor, t * d, d);
    }
  }

  int rows() { return n; }
  int features() { return d; }

  /** The training rows, row-major (a copy). */
  double[] rowMajor() {
    double[] out = new double[n * d];
    for (int t = 0; t < n; t++) for (int j = 0; j < d; j++) out[t * d + j] = xt[j * n + t];
    return out;
  }

  private static double squaredNorm(double[] x, int off, int d) {
    double s = 0;
    for (int j = 0; j < d; j++) s += x[off + j] * x[off + j];
    return s;
  }

  /**
   * The {@code k} nearest training rows of each of {@code q} queries (row-major in {@code queries}):
   * row indices into {@code idx[i·k …]}, squared distances into {@code dist[i·k …]}, nearest first.
   */
  void search(double[] queries, int q, int k, int[] idx, double[] dist) {
    int blocks = (q + PARALLEL_BLOCK - 1) / PARALLEL_BLOCK;
    IntStream s = IntStream.range(0, blocks);
    if (blocks > 1) s = s.parallel();
    s.forEach(b -> {
      int from = b * PARALLEL_BLOCK;
      int to = Math.min(q, from + PARALLEL_BLOCK);
      double[][] acc = new double[QUERY_BLOCK][TRAIN_CHUNK];
      for (int q0 = from; q0 < to; q0 += QUERY_BLOCK) searchBlock(queries, q0, Math.min(to, q0 + QUERY_BLOCK), k, idx, dist, acc);
    });
  }

  private void searchBlock(double[] queries, int q0, int q1, int k, int[] idx, double[] dist, double[][] acc) {
    int m = q1 - q0;
    double[] qn = new double[m];
    int[] filled = new int[m];
    for (int b = 0; b < m; b++) {
      qn[b] = squaredNorm(queries, (q0 + b) * d, d);
      java.util.Arrays.fill(dist, (q0 + b) * k, (q0 + b + 1) * k, Double.POSITIVE_INFINITY);
      java.util.Arrays.fill(idx, (q0 + b) * k, (q0 + b + 1) * k, -1);
    }
    for (int t0 = 0; t0 < n; t0 += TRAIN_CHUNK) {
      int len = Math.min(TRAIN_CHUNK, n - t0);
      for (int b = 0; b < m; b++) java.util.Arrays.fill(acc[b], 0, len, 0.0);
      // four features per pass: the same sequential sum per pair, a quarter of the accumulator traffic
      int j = 0;
      for (; j + 4 <= d; j += 4) {
        int r0 = j * n + t0;
        int r1 = r0 + n;
        int r2 = r1 + n;
        int r3 = r2 + n;
        for (int b = 0; b < m; b++) {
          int qo = (q0 + b) * d + j;
          double x0 = queries[qo];
          double x1 = queries[qo + 1];
          double x2 = queries[qo + 2];
          double x3 = queries[qo + 3];
          double[] a = acc[b];
          for (int t = 0; t < len; t++) {
            double v = a[t];
            v += x0 * xt[r0 + t];
            v += x1 * xt[r1 + t];
            v += x2 * xt[r2 + t];
            v += x3 * xt[r3 + t];
            a[t] = v;
          }
        }
      }
      for (; j < d; j++) {
        int row = j * n + t0;
        for (int b = 0; b < m; b++) {
          double qj = queries[(q0 + b) * d + j];
          double[] a = acc[b];
          for (int t = 0; t < len; t++) a[t] += qj * xt[row + t];
        }
      }
      for (int b = 0; b < m; b++) {
        int base = (q0 + b) * k;
        double[] a = acc[b];
        double worst = dist[base + k - 1];
        for (int t = 0; t < len; t++) {
          double d2 = qn[b] + norms[t0 + t] - 2 * a[t];
          if (d2 < 0) d2 = 0;
          if (d2 < worst || filled[b] < k) {
            // insert after every entry with distance <= d2 (earlier rows win ties)
            int pos = Math.min(filled[b], k - 1);
            while (pos > 0 && dist[base + pos - 1] > d2) {
              dist[base + pos] = dist[base + pos - 1];
              idx[base + pos] = idx[base + pos - 1];
              pos--;
            }
            dist[base + pos] = d2;
            idx[base + pos] = t0 + t;
            if (filled[b] < k) filled[b]++;
            worst = dist[base + k - 1];
          }
        }
      }
    }
  }
}
