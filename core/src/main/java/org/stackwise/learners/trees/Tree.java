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

  Tree(int[] feature, double[] threshold, int[] left, int[] right, boolean[] missingLeft, int[] valueClass,
      double[] value) {
    this.feature = feature;
    this.threshold = threshold;
    this.left = left;
    this.right = right;
    this.missingLeft = missingLeft;
    this.valueClass = valueClass;
    this.value = value;
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

  /** Adds the class distribution of {@code x}'s leaf to {@code acc}. */
  void addProba(double[] x, int offset, double[] acc) {
    int leaf = leaf(x, offset);
    int from = left[leaf];
    int to = from + right[leaf];
    for (int k = from; k < to; k++) acc[valueClass[k]] += value[k];
  }

  /** The regression output of {@code x}'s leaf. */
  double predict(double[] x, int offset) {
    return value[left[leaf(x, offset)]];
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
