package org.stackwise.learners.trees;

/**
 * A LightGBM model's trees in flat arrays, evaluated in Java. Immutable and thread-safe.
 *
 * <p>Why not LightGBM's own predictor: it walks every tree for one row before the next row, so a model
 * with thousands of trees (26 classes × 100 iterations on letter) streams all of them through the cache for
 * every row (~70 ns per tree and row measured), and each concurrent caller needs a native booster of its
 * own. Here a block of {@link ForestModels#PREDICT_BLOCK} rows walks one tree at a time while it is hot in
 * cache, blocks run in parallel, and no native call is made: prediction needs neither the native library
 * nor a lock.
 *
 * <p>The walk follows LightGBM 4's {@code Tree::GetLeaf} exactly (include/LightGBM/tree.h):
 * <ul>
 *   <li>the row is first copied the way LightGBM's dense-matrix predictor does: values with
 *       |v| ≤ 1e-35 ({@code kZeroThreshold}) become 0;
 *   <li>numerical split: a NaN becomes 0 unless the node's missing type is NaN; with missing type Zero a
 *       zero value, and with missing type NaN a NaN, take the node's default direction; otherwise
 *       {@code v <= threshold} goes left;
 *   <li>categorical split: a NaN or a value below 0 goes right (on x86 LightGBM's {@code (int) NaN} is
 *       negative), else the truncated value goes left when its bit is set in the node's category bitset.
 * </ul>
 * Raw scores add the trees' leaf values in LightGBM's order (iteration by iteration, one tree per output),
 * starting from 0; probabilities are LightGBM's sigmoid (binary) or max-shifted softmax (multiclass). Parity
 * with the native predictor is checked by {@code LightGbmTreesTest}: raw scores agree bit for bit, and
 * probabilities to within an ulp or two (Java's {@code Math.exp} and the C library's may round
 * differently).
 */
final class LightGbmTrees {
  /** LightGBM's {@code kZeroThreshold}: smaller magnitudes are read as 0. */
  private static final double ZERO = 1e-35f;

  /** Kinds of split node. */
  static final byte NUMERICAL = 0;
  static final byte NUMERICAL_ZERO_MISSING = 1;
  static final byte NUMERICAL_NAN_MISSING = 2;
  static final byte CATEGORICAL = 3;

  /** What the raw scores are turned into. */
  enum Output { IDENTITY, SIGMOID, SOFTMAX }

  private final int features;
  private final int outputs;      // trees per iteration: 1, or the class count for multiclass
  private final Output output;
  private final double sigmoid;   // LightGBM's sigmoid parameter (binary)
  private final int[] nodeStart;  // per tree: its first node in the node arrays (trees + 1 entries)
  private final int[] leafStart;  // per tree: its first leaf value (trees + 1 entries)
  private final int[] feature;
  private final double[] threshold;
  private final byte[] kind;
  private final boolean[] defaultLeft;
  private final int[] left;       // ≥ 0: node within the tree; < 0: ~leaf
  private final int[] right;
  // the same children again, side by side per node, for the plain walk's indexed step; the general walk keeps
  // left/right: with the pairs its categorical and missing-value nodes ran slower (NSL-KDD 143 → 190 ms)
  private final int[] kids;
  private final double[] leafValue;
  private final int[] catFrom;    // per categorical node: its bitset's first word in catBits
  private final int[] catTo;
  private final int[] catBits;
  private final boolean[] plain;  // per tree: only numerical nodes without the zero-as-missing rule

  /** Assembled by {@link Builder}; every index was checked there. */
  private LightGbmTrees(Builder b) {
    this.features = b.features;
    this.outputs = b.outputs;
    this.output = b.output;
    this.sigmoid = b.sigmoid;
    this.nodeStart = b.nodeStart.toArray();
    this.leafStart = b.leafStart.toArray();
    this.feature = b.feature.toArray();
    this.threshold = b.threshold.toArray();
    this.kind = new byte[b.kind.size()];
    this.defaultLeft = new boolean[b.kind.size()];
    for (int i = 0; i < kind.length; i++) {
      kind[i] = (byte) b.kind.get(i);
      defaultLeft[i] = b.defaultLeft.get(i) != 0;
    }
    this.left = b.left.toArray();
    this.right = b.right.toArray();
    this.kids = new int[2 * left.length];
    for (int g = 0; g < left.length; g++) {
      kids[2 * g] = left[g];
      kids[2 * g + 1] = right[g];
    }
    this.leafValue = b.leafValue.toArray();
    this.catFrom = b.catFrom.toArray();
    this.catTo = b.catTo.toArray();
    this.catBits = b.catBits.toArray();
    this.plain = new boolean[nodeStart.length - 1];
    for (int t = 0; t < plain.length; t++) {
      plain[t] = true;
      for (int g = nodeStart[t]; g < nodeStart[t + 1]; g++) {
        if (kind[g] == CATEGORICAL || kind[g] == NUMERICAL_ZERO_MISSING) plain[t] = false;
      }
    }
  }

  int trees() { return nodeStart.length - 1; }
  int outputs() { return outputs; }

  /** Raw scores of {@code n} rows of {@code features} values (row-major): {@code n × outputs}, row-major. */
  double[] raw(double[] x, int n) {
    double[] out = new double[n * outputs];
    ForestModels.forBlocks(n, ForestModels.PREDICT_BLOCK, (from, to) -> rawBlock(x, from, to, out));
    return out;
  }

  /** Model outputs (probabilities, or the regression value) of {@code n} rows: {@code n × outputs}. */
  double[] transformed(double[] x, int n) {
    double[] out = new double[n * outputs];
    ForestModels.forBlocks(n, ForestModels.PREDICT_BLOCK, (from, to) -> {
      rawBlock(x, from, to, out);
      for (int i = from; i < to; i++) transform(out, i * outputs);
    });
    return out;
  }

  private void rawBlock(double[] x, int from, int to, double[] out) {
    int m = to - from;
    // LightGBM's dense predictor drops |v| <= kZeroThreshold before the walk: copy and clean once per block
    double[] rows = new double[m * features];
    boolean nan = false;
    for (int i = 0; i < m; i++) {
      int src = (from + i) * features;
      for (int j = 0; j < features; j++) {
        double v = x[src + j];
        nan |= v != v;
        rows[i * features + j] = Math.abs(v) <= ZERO ? 0.0 : v;
      }
    }
    int trees = trees();
    for (int t = 0; t < trees; t++) {
      int k = t % outputs;
      int base = nodeStart[t];
      int leaves = leafStart[t];
      if (nodeStart[t + 1] == base) { // a single leaf
        double v = leafValue[leaves];
        for (int i = 0; i < m; i++) out[(from + i) * outputs + k] += v;
        continue;
      }
      if (!nan && plain[t]) {
        // without NaNs every node of this tree is a plain comparison, and a step is branch-free: the
        // comparison's 0/1 indexes the node's pair of children. Four rows walk side by side: one walk is
        // a chain of dependent loads, four independent chains keep the core busy while each waits (a
        // reached leaf is negative and stays put, so the AND is negative once all four have arrived).
        // Letter's 2,600 trees: 170 → 140 ms per 5,000 rows; a single walk with the paired children was
        // slower (240 ms), eight rows side by side no faster than four.
        int i = 0;
        for (; i + 4 <= m; i += 4) {
          int off = i * features;
          int n0 = 0;
          int n1 = 0;
          int n2 = 0;
          int n3 = 0;
          while ((n0 & n1 & n2 & n3) >= 0) {
            n0 = stepOrStay(base, n0, rows, off);
            n1 = stepOrStay(base, n1, rows, off + features);
            n2 = stepOrStay(base, n2, rows, off + 2 * features);
            n3 = stepOrStay(base, n3, rows, off + 3 * features);
          }
          int o = (from + i) * outputs + k;
          out[o] += leafValue[leaves + ~n0];
          out[o + outputs] += leafValue[leaves + ~n1];
          out[o + 2 * outputs] += leafValue[leaves + ~n2];
          out[o + 3 * outputs] += leafValue[leaves + ~n3];
        }
        for (; i < m; i++) {
          int off = i * features;
          int node = 0;
          while (node >= 0) node = step(base + node, rows, off);
          out[(from + i) * outputs + k] += leafValue[leaves + ~node];
        }
        continue;
      }
      for (int i = 0; i < m; i++) {
        int off = i * features;
        int node = 0;
        while (node >= 0) {
          int g = base + node;
          node = goesLeft(g, rows[off + feature[g]]) ? left[g] : right[g];
        }
        out[(from + i) * outputs + k] += leafValue[leaves + ~node];
      }
    }
  }

  /** One step of a plain numerical walk from node {@code g} for the row at {@code off}. */
  private int step(int g, double[] rows, int off) {
    return kids[2 * g + (rows[off + feature[g]] > threshold[g] ? 1 : 0)];
  }

  /** {@link #step} from node {@code n} of the tree at {@code base}, or {@code n} itself once it is a leaf. */
  private int stepOrStay(int base, int n, double[] rows, int off) {
    // a leaf (n < 0) steps from the root instead, harmlessly, and keeps n: no branch to mispredict
    int next = step(base + (n & ~(n >> 31)), rows, off);
    return n < 0 ? n : next;
  }

  private boolean goesLeft(int g, double v) {
    switch (kind[g]) {
      case NUMERICAL:
        return (v != v ? 0.0 : v) <= threshold[g];
      case NUMERICAL_ZERO_MISSING:
        if (v != v || v == 0.0) return defaultLeft[g];
        return v <= threshold[g];
      case NUMERICAL_NAN_MISSING:
        if (v != v) return defaultLeft[g];
        return v <= threshold[g];
      default:
        if (v != v) return false;
        // truncation toward zero as in C++ (−0.5 is category 0); values ≥ 2^31 saturate in Java and lie
        // beyond every bitset, so they go right as in LightGBM
        int c = (int) v;
        if (c < 0) return false;
        int word = catFrom[g] + (c >>> 5);
        return word < catTo[g] && ((catBits[word] >>> (c & 31)) & 1) != 0;
    }
  }

  private void transform(double[] out, int off) {
    switch (output) {
      case IDENTITY:
        return;
      case SIGMOID:
        out[off] = 1.0 / (1.0 + Math.exp(-sigmoid * out[off]));
        return;
      default:
        double max = out[off];
        for (int k = 1; k < outputs; k++) max = Math.max(out[off + k], max);
        double sum = 0.0;
        for (int k = 0; k < outputs; k++) {
          out[off + k] = Math.exp(out[off + k] - max);
          sum += out[off + k];
        }
        for (int k = 0; k < outputs; k++) out[off + k] /= sum;
    }
  }

  /** Collects trees one by one (for {@link LightGbmText}, which validates each before adding it). */
  static final class Builder {
    private final int features;
    private final int outputs;
    private final Output output;
    private final double sigmoid;
    private final IntList nodeStart = new IntList();
    private final IntList leafStart = new IntList();
    private final IntList feature = new IntList();
    private final DoubleList threshold = new DoubleList();
    private final IntList kind = new IntList();
    private final IntList defaultLeft = new IntList();
    private final IntList left = new IntList();
    private final IntList right = new IntList();
    private final DoubleList leafValue = new DoubleList();
    private final IntList catFrom = new IntList();
    private final IntList catTo = new IntList();
    private final IntList catBits = new IntList();

    Builder(int features, int outputs, Output output, double sigmoid) {
      this.features = features;
      this.outputs = outputs;
      this.output = output;
      this.sigmoid = sigmoid;
      nodeStart.add(0);
      leafStart.add(0);
    }

    /**
     * Adds a validated tree: split arrays of {@code leaves − 1} nodes, LightGBM's {@code decision_type}
     * bits (1 categorical, 2 default left, bits 2–3 missing type), and for categorical nodes the threshold
     * indexes {@code catBoundaries} into {@code catThreshold}.
     */
    void add(double[] leafValues, int[] splitFeature, double[] thresholds, int[] decisionType, int[] leftChild,
             int[] rightChild, int[] catBoundaries, long[] catThreshold) {
      int words0 = catBits.size();
      if (catThreshold != null) for (long w : catThreshold) catBits.add((int) w);
      for (int n = 0; n < splitFeature.length; n++) {
        int d = decisionType[n];
        feature.add(splitFeature[n]);
        threshold.add(thresholds[n]);
        defaultLeft.add((d & 2) != 0 ? 1 : 0);
        left.add(leftChild[n]);
        right.add(rightChild[n]);
        if ((d & 1) != 0) {
          int set = (int) thresholds[n];
          kind.add(CATEGORICAL);
          catFrom.add(words0 + catBoundaries[set]);
          catTo.add(words0 + catBoundaries[set + 1]);
        } else {
          int missing = (d >> 2) & 3;
          kind.add(missing == 1 ? NUMERICAL_ZERO_MISSING : missing == 2 ? NUMERICAL_NAN_MISSING : NUMERICAL);
          catFrom.add(0);
          catTo.add(0);
        }
      }
      for (double v : leafValues) leafValue.add(v);
      nodeStart.add(feature.size());
      leafStart.add(leafValue.size());
    }

    LightGbmTrees build() {
      return new LightGbmTrees(this);
    }
  }

  /** A growable int array (the builder's only need; no boxing). */
  private static final class IntList {
    private int[] a = new int[64];
    private int size;

    void add(int v) {
      if (size == a.length) a = java.util.Arrays.copyOf(a, size * 2);
      a[size++] = v;
    }

    int get(int i) { return a[i]; }
    int size() { return size; }
    int[] toArray() { return java.util.Arrays.copyOf(a, size); }
  }

  /** A growable double array. */
  private static final class DoubleList {
    private double[] a = new double[64];
    private int size;

    void add(double v) {
      if (size == a.length) a = java.util.Arrays.copyOf(a, size * 2);
      a[size++] = v;
    }

    int size() { return size; }
    double[] toArray() { return java.util.Arrays.copyOf(a, size); }
  }
}
