package org.stackwise.learners.trees;

import java.util.Arrays;

/**
 * One fitted binary tree as flat arrays, nodes in depth-first order with the root at 0. Immutable.
 *
 * <p>An internal node {@code i} has {@code feature[i] ≥ 0}: a row goes to {@code left[i]} when
 * {@code x[feature] ≤ threshold[i]}, to {@code right[i]} when it is greater, and to the side given by
 * {@code missingLeft[i]} when it is NaN. Children always have larger indices than their parent, so a
 * walk from the root always ends.
 *
 * <p>A leaf has {@code feature[i] == −1}; its output is the slice {@code [left[i], left[i] + right[i])}
 * of the value arrays: for classification, pairs ({@code valueClass}, {@code value}) giving the leaf's
 * class distribution sparsely (only classes with weight, most leaves of a deep tree have one); for
 * regression, a single {@code value} (the leaf mean) and no {@code valueClass}.
 */
final class Tree {
  final int[] feature;
  final double[] threshold;
  final int[] left;
  final int[] right;
  final boolean[] missingLeft;
  final int[] valueClass;
  final double[] value;
  /**
   * The same tree laid out for NaN-free walks ({@link #leafNoNaN}): two longs per node — the threshold's
   * bits, then the feature (high half) and the right child (low half; the left child is the next node, as
   * {@link TreeGrower} numbers them depth first). A leaf has feature −1 and its own index in the low half.
   * One array and one cache line per step, where the node arrays above take four. Null for a tree whose
   * left children are not next to their parents (possible in a hand-made model file).
   */
  private final long[] packed;

  Tree(int[] feature, double[] threshold, int[] left, int[] right, boolean[] missingLeft, int[] valueClass,
      double[] value) {
    this.feature = feature;
    this.threshold = threshold;
    this.left = left;
    this.right = right;
    this.missingLeft = missingLeft;
    this.valueClass = valueClass;
    this.value = value;
    this.packed = pack(feature, threshold, left, right);
  }

  private static long[] pack(int[] feature, double[] threshold, int[] left, int[] right) {
    int n = feature.length;
    long[] out = new long[2 * n];
    for (int i = 0; i < n; i++) {
      if (feature[i] < 0) {
        out[2 * i + 1] = (-1L << 32) | (i & 0xffffffffL);
        continue;
      }
      if (left[i] != i + 1) return null; // not depth-first with the left child first: keep the plain walk
      out[2 * i] = Double.doubleToRawLongBits(threshold[i]);
      out[2 * i + 1] = ((long) feature[i] << 32) | (right[i] & 0xffffffffL);
    }
    return out;
  }

  int nodes() { return feature.length; }

  /** Index of the leaf that {@code x} (the model's feature space) falls into. */
  int leaf(double[] x, int offset) {
    int i = 0;
    int f;
    while ((f = feature[i]) >= 0) {
      double v = x[offset + f];
      if (v <= threshold[i]) i = left[i];
      else if (v > threshold[i]) i = right[i];
      else i = missingLeft[i] ? left[i] : right[i]; // NaN compares false both ways
    }
    return i;
  }

  /** {@link #leaf}, for a row without NaN: the same leaf, walked on {@link #packed} when the tree has it. */
  int leafNoNaN(double[] x, int offset) {
    long[] p = packed;
    if (p == null) return leaf(x, offset);
    int i = 0;
    long b = p[1];
    int f;
    while ((f = (int) (b >> 32)) >= 0) {
      // v > threshold goes right: without NaN the same as the node arrays' v <= threshold going left
      i = x[offset + f] > Double.longBitsToDouble(p[2 * i]) ? (int) b : i + 1;
      b = p[2 * i + 1];
    }
    return (int) b;
  }

  /**
   * Leaves of rows {@code from..to-1} into {@code leaf[0..to-from)}: the packed walks when {@code noNaN} (the
   * caller checked the block once for all trees), else the node arrays' walk, which sends NaNs by
   * {@link #missingLeft}.
   */
  void leaves(double[] x, int width, int from, int to, boolean noNaN, int[] leaf) {
    if (noNaN) {
      leavesNoNaN(x, width, from, to, leaf);
    } else {
      for (int r = from; r < to; r++) leaf[r - from] = leaf(x, r * width);
    }
  }

  /**
   * Leaves of rows {@code from..to-1} of {@code x} ({@code width} values per row, no NaN among them) into
   * {@code leaf[0..to-from)}. Four rows walk at once, each lane taking the next row as soon as its own reaches
   * a leaf: a walk is a chain of dependent loads (one per level, ~20 levels in a fully grown forest tree), and
   * four independent chains keep the core busy while each waits.
   */
  void leavesNoNaN(double[] x, int width, int from, int to, int[] leaf) {
    long[] p = packed;
    if (p == null || to - from < 4) {
      for (int r = from; r < to; r++) leaf[r - from] = leafNoNaN(x, r * width);
      return;
    }
    // a lane is (row << 32 | node), or −1 once no rows are left for it
    long l0 = (long) from << 32;
    long l1 = (long) (from + 1) << 32;
    long l2 = (long) (from + 2) << 32;
    long l3 = (long) (from + 3) << 32;
    int next = from + 4;
    int live = 4;
    while (live > 0) {
      if (l0 >= 0 && (l0 = advance(p, l0, x, width, from, leaf)) < 0) {
        if (next < to) l0 = (long) next++ << 32; else live--;
      }
      if (l1 >= 0 && (l1 = advance(p, l1, x, width, from, leaf)) < 0) {
        if (next < to) l1 = (long) next++ << 32; else live--;
      }
      if (l2 >= 0 && (l2 = advance(p, l2, x, width, from, leaf)) < 0) {
        if (next < to) l2 = (long) next++ << 32; else live--;
      }
      if (l3 >= 0 && (l3 = advance(p, l3, x, width, from, leaf)) < 0) {
        if (next < to) l3 = (long) next++ << 32; else live--;
      }
    }
  }

  /**
   * One step of a lane (row {@code lane >>> 32} at node {@code (int) lane}): the lane at the next node, or −1
   * after recording the row's leaf when the node is one.
   */
  private static long advance(long[] p, long lane, double[] x, int width, int from, int[] leaf) {
    int row = (int) (lane >>> 32);
    int i = (int) lane;
    long b = p[2 * i + 1];
    int f = (int) (b >> 32);
    if (f < 0) {
      leaf[row - from] = (int) b;
      return -1;
    }
    // v > threshold goes right: without NaN the same as the node arrays' v <= threshold going left
    int child = x[row * width + f] > Double.longBitsToDouble(p[2 * i]) ? (int) b : i + 1;
    return ((long) row << 32) | child;
  }

  /** Adds the class distribution of {@code x}'s leaf to {@code acc}. */
  void addProba(double[] x, int offset, double[] acc) {
    addLeafProba(leaf(x, offset), acc);
  }

  /** Adds the class distribution of leaf {@code leaf} to {@code acc}. */
  void addLeafProba(int leaf, double[] acc) {
    int from = left[leaf];
    int to = from + right[leaf];
    for (int k = from; k < to; k++) acc[valueClass[k]] += value[k];
  }

  /** The regression output of {@code x}'s leaf. */
  double predict(double[] x, int offset) {
    return leafValue(leaf(x, offset));
  }

  /** The regression output of leaf {@code leaf}. */
  double leafValue(int leaf) {
    return value[left[leaf]];
  }

  /** Maximum depth (root = 0), for model descriptions. */
  int depth() {
    int[] d = new int[nodes()];
    int max = 0;
    for (int i = 0; i < nodes(); i++) {
      if (feature[i] >= 0) {
        d[left[i]] = d[i] + 1;
        d[right[i]] = d[i] + 1;
        max = Math.max(max, d[i] + 1);
      }
    }
    return max;
  }

  int leaves() {
    return (int) Arrays.stream(feature).filter(f -> f < 0).count();
  }
}
