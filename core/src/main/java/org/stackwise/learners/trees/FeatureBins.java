package org.stackwise.learners.trees;

import java.util.Arrays;

/**
 * Per-feature bins of a training matrix, the input of {@link TreeGrower}. A feature with at most
 * {@code maxBins} distinct values gets one bin per value, so splits are exactly those an exhaustive
 * CART search would consider; a feature with more values is cut into about {@code maxBins} bins of
 * similar row counts. Missing values (NaN) get the reserved code {@link #MISSING}.
 *
 * <p>Each bin remembers the smallest and largest training value it holds, so a split "bins ≤ b go
 * left" can be turned into a raw threshold that sends every training row the same way (see
 * {@link #threshold}). Bin codes are stored column-major as bytes, {@code n} per feature.
 */
final class FeatureBins {
  /** Bin code of a missing value; value bins are 0..{@code maxBins − 1}. */
  static final int MISSING = 255;
  /** Upper bound on {@code maxBins}: codes must fit a byte beside {@link #MISSING}. */
  static final int MAX_BINS = 255;

  private final int rows;
  private final byte[][] codes;
  private final double[][] lo;
  private final double[][] hi;

  private FeatureBins(int rows, byte[][] codes, double[][] lo, double[][] hi) {
    this.rows = rows;
    this.codes = codes;
    this.lo = lo;
    this.hi = hi;
  }

  /** Bins the row-major matrix {@code x} ({@code rows × width}). */
  static FeatureBins of(double[] x, int rows, int width, int maxBins) {
    if (maxBins < 2 || maxBins > MAX_BINS) throw new IllegalArgumentException("maxBins " + maxBins);
    byte[][] codes = new byte[width][];
    double[][] lo = new double[width][];
    double[][] hi = new double[width][];
    double[] col = new double[rows];
    for (int j = 0; j < width; j++) {
      int n = 0;
      for (int i = 0; i < rows; i++) {
        double v = x[i * width + j];
        if (!Double.isNaN(v)) col[n++] = v;
      }
      double[] sorted = Arrays.copyOf(col, n);
      Arrays.sort(sorted);
      // distinct values and their counts
      double[] distinct = new double[n];
      int[] count = new int[n];
      int d = 0;
      for (int i = 0; i < n; i++) {
        if (d > 0 && sorted[i] == distinct[d - 1]) {
          count[d - 1]++;
        } else {
          distinct[d] = sorted[i] == 0.0 ? 0.0 : sorted[i]; // fold -0.0 into 0.0
          count[d++] = 1;
        }
      }
      double[][] edges = cut(distinct, count, d, n, maxBins);
      lo[j] = edges[0];
      hi[j] = edges[1];
      byte[] c = new byte[rows];
      for (int i = 0; i < rows; i++) c[i] = (byte) code(hi[j], x[i * width + j]);
      codes[j] = c;
    }
    return new FeatureBins(rows, codes, lo, hi);
  }

  /**
   * Groups the {@code d} distinct sorted values into at most {@code maxBins} bins of similar row counts;
   * returns {lowest value, highest value} per bin.
   */
  private static double[][] cut(double[] distinct, int[] count, int d, int n, int maxBins) {
    if (d <= maxBins) {
      return new double[][] {Arrays.copyOf(distinct, d), Arrays.copyOf(distinct, d)};
    }
    double[] lo = new double[maxBins];
    double[] hi = new double[maxBins];
    int bins = 0;
    int start = 0;
    long seen = 0;
    for (int v = 0; v < d; v++) {
      seen += count[v];
      int left = d - v - 1;                 // distinct values after this one
      int binsLeft = maxBins - bins - 1;    // bins still available after closing this one
      // close the bin when it holds its share of rows, or when each remaining value needs its own bin
      boolean full = seen * maxBins >= (long) (bins + 1) * n;
      if (v == d - 1 || (binsLeft > 0 && (full || left <= binsLeft))) {
        lo[bins] = distinct[start];
        hi[bins] = distinct[v];
        bins++;
        start = v + 1;
      }
    }
    return new double[][] {Arrays.copyOf(lo, bins), Arrays.copyOf(hi, bins)};
  }

  /** The bin of value {@code v}: the first bin whose highest value is ≥ v (values above all go last). */
  private static int code(double[] hi, double v) {
    if (Double.isNaN(v)) return MISSING;
    if (hi.length == 0) return MISSING;
    int a = 0;
    int b = hi.length - 1;
    while (a < b) {
      int m = (a + b) >>> 1;
      if (hi[m] >= v) b = m;
      else a = m + 1;
    }
    return a;
  }

  int rows() { return rows; }
  int width() { return codes.length; }
  byte[] codes(int feature) { return codes[feature]; }
  int bins(int feature) { return hi[feature].length; }
  double lo(int feature, int bin) { return lo[feature][bin]; }
  double hi(int feature, int bin) { return hi[feature][bin]; }

  /**
   * A raw threshold {@code t} with {@code hi(leftBin) ≤ t < lo(rightBin)}: {@code x ≤ t} sends every
   * training value of bins up to {@code leftBin} left and every value of bins from {@code rightBin} right.
   * The midpoint, as in scikit-learn, unless rounding puts it on the right value.
   */
  double threshold(int feature, int leftBin, int rightBin) {
    double a = hi[feature][leftBin];
    double b = lo[feature][rightBin];
    double t = a + (b - a) / 2;
    return t < b && t >= a ? t : a;
  }
}
