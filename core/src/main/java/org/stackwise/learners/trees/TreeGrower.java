package org.stackwise.learners.trees;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Grows one CART tree (Breiman et al. 1984) on {@link FeatureBins}: Gini impurity for classification,
 * squared error for regression, depth-first, until nodes are pure or a size/depth limit stops them.
 *
 * <p>At each node, features are drawn without replacement in random order and evaluated until
 * {@code maxFeatures} of them turned out not to be constant in the node (constant features do not count,
 * as in scikit-learn). A feature's candidate splits come from one pass over the node's rows that
 * accumulates per-bin weighted class counts (or weighted sums), then one pass over the bins present.
 * {@link Splitter#BEST} takes the best boundary between bins present; {@link Splitter#RANDOM}
 * (Extra-Trees, Geurts et al. 2006) draws one threshold uniformly between the node's smallest and
 * largest value. Rows with a missing value go to whichever side scores better; when a node had no
 * missing values, they later follow the heavier child.
 *
 * <p>Not thread-safe: one grower per thread; {@link #grow} may be called repeatedly.
 */
final class TreeGrower {
  /** How a split threshold is chosen. */
  enum Splitter { BEST, RANDOM }

  private final FeatureBins bins;
  private final int classes;          // 0 for regression
  private final int[] yClass;         // class targets, or null
  private final double[] yValue;      // regression targets, or null
  private final Splitter splitter;
  private final int maxFeatures;
  private final int maxDepth;         // Integer.MAX_VALUE for unlimited
  private final int minSamplesSplit;
  private final int minSamplesLeaf;

  // work arrays, reused across nodes and trees
  private final int width;
  private final int[] features;
  private final double[] hist;        // bins × classes weights, or bins × 2 (weight, weighted sum)
  private final int[] count;          // rows per bin
  private final int[] touched;        // bins with rows in the current node
  private final double[] total;
  private final double[] leftAcc;
  private final int[] present;        // classes with weight in the node
  private final double[] missingAcc;

  // output being built
  private int[] nFeature;
  private double[] nThreshold;
  private int[] nLeft;
  private int[] nRight;
  private boolean[] nMissingLeft;
  private int nodes;
  private int[] vClass;
  private double[] vValue;
  private int values;

  TreeGrower(FeatureBins bins, int classes, int[] yClass, double[] yValue, Splitter splitter, int maxFeatures,
      int maxDepth, int minSamplesSplit, int minSamplesLeaf) {
    this.bins = bins;
    this.classes = classes;
    this.yClass = yClass;
    this.yValue = yValue;
    this.splitter = splitter;
    this.width = bins.width();
    this.maxFeatures = Math.max(1, Math.min(maxFeatures, width));
    this.maxDepth = maxDepth;
    this.minSamplesSplit = Math.max(2, minSamplesSplit);
    this.minSamplesLeaf = Math.max(1, minSamplesLeaf);
    int stride = stride();
    this.features = new int[width];
    this.hist = new double[256 * stride];
    this.count = new int[256];
    this.touched = new int[256];
    this.total = new double[stride];
    this.leftAcc = new double[stride];
    this.missingAcc = new double[stride];
    this.present = new int[Math.max(classes, 1)];
  }

  private int stride() { return classes > 0 ? classes : 2; }

  /**
   * Grows a tree on the rows with positive {@code weight} (bootstrap counts × row weights).
   * {@code random} drives feature order and random thresholds.
   */
  Tree grow(double[] weight, SplittableRandom random) {
    int n = bins.rows();
    int[] idx = new int[n];
    int m = 0;
    for (int i = 0; i < n; i++) if (weight[i] > 0) idx[m++] = i;
    int cap = 64;
    nFeature = new int[cap];
    nThreshold = new double[cap];
    nLeft = new int[cap];
    nRight = new int[cap];
    nMissingLeft = new boolean[cap];
    nodes = 0;
    vClass = classes > 0 ? new int[cap] : null;
    vValue = new double[cap];
    values = 0;
    for (int j = 0; j < width; j++) features[j] = j;

    // explicit stack of pending nodes: start, end, depth, parent (−1 root), side (0 left, 1 right)
    int[] stack = new int[5 * 64];
    int sp = 0;
    stack[sp++] = 0; stack[sp++] = m; stack[sp++] = 0; stack[sp++] = -1; stack[sp++] = 0;
    Split split = new Split();
    while (sp > 0) {
      int side = stack[--sp];
      int parent = stack[--sp];
      int depth = stack[--sp];
      int end = stack[--sp];
      int start = stack[--sp];
      int node = newNode();
      if (parent >= 0) {
        if (side == 0) nLeft[parent] = node;
        else nRight[parent] = node;
      }
      nodeTotals(idx, start, end, weight);
      boolean canSplit = end - start >= minSamplesSplit && end - start >= 2 * minSamplesLeaf
          && depth < maxDepth && !pure(idx, start, end);
      if (!canSplit || !findSplit(idx, start, end, weight, random, split)) {
        makeLeaf(node);
        continue;
      }
      int mid = partition(idx, start, end, split);
      nFeature[node] = split.feature;
      nThreshold[node] = split.threshold;
      nMissingLeft[node] = split.missingLeft;
      if (sp + 10 > stack.length) stack = Arrays.copyOf(stack, stack.length * 2);
      // push right first so the left subtree is built (and numbered) first
      stack[sp++] = mid; stack[sp++] = end; stack[sp++] = depth + 1; stack[sp++] = node; stack[sp++] = 1;
      stack[sp++] = start; stack[sp++] = mid; stack[sp++] = depth + 1; stack[sp++] = node; stack[sp++] = 0;
    }
    return new Tree(Arrays.copyOf(nFeature, nodes), Arrays.copyOf(nThreshold, nodes), Arrays.copyOf(nLeft, nodes),
        Arrays.copyOf(nRight, nodes), Arrays.copyOf(nMissingLeft, nodes),
        vClass == null ? null : Arrays.copyOf(vClass, values), Arrays.copyOf(vValue, values));
  }

  private int newNode() {
    if (nodes == nFeature.length) {
      int cap = nodes * 2;
      nFeature = Arrays.copyOf(nFeature, cap);
      nThreshold = Arrays.copyOf(nThreshold, cap);
      nLeft = Arrays.copyOf(nLeft, cap);
      nRight = Arrays.copyOf(nRight, cap);
      nMissingLeft = Arrays.copyOf(nMissingLeft, cap);
    }
    nFeature[nodes] = -1;
    return nodes++;
  }

  private void addValue(int cls, double v) {
    if (values == vValue.length) {
      vValue = Arrays.copyOf(vValue, values * 2);
      if (vClass != null) vClass = Arrays.copyOf(vClass, values * 2);
    }
    if (vClass != null) vClass[values] = cls;
    vValue[values++] = v;
  }

  /** Fills {@link #total} (class weights, or weight and weighted sum) and {@link #present}. */
  private int presentCount;

  private void nodeTotals(int[] idx, int start, int end, double[] weight) {
    Arrays.fill(total, 0.0);
    if (classes > 0) {
      for (int i = start; i < end; i++) total[yClass[idx[i]]] += weight[idx[i]];
      presentCount = 0;
      for (int c = 0; c < classes; c++) if (total[c] > 0) present[presentCount++] = c;
    } else {
      for (int i = start; i < end; i++) {
        double w = weight[idx[i]];
        total[0] += w;
        total[1] += w * yValue[idx[i]];
      }
    }
  }

  private boolean pure(int[] idx, int start, int end) {
    if (classes > 0) return presentCount <= 1;
    double first = yValue[idx[start]];
    for (int i = start + 1; i < end; i++) if (yValue[idx[i]] != first) return false;
    return true;
  }

  private void makeLeaf(int node) {
    nLeft[node] = values;
    if (classes > 0) {
      double w = 0;
      for (int k = 0; k < presentCount; k++) w += total[present[k]];
      for (int k = 0; k < presentCount; k++) addValue(present[k], total[present[k]] / w);
      nRight[node] = presentCount;
    } else {
      addValue(0, total[1] / total[0]);
      nRight[node] = 1;
    }
  }

  /** The chosen split of a node. */
  private static final class Split {
    int feature;
    int leftBin;          // value bins ≤ leftBin go left
    double threshold;
    boolean missingLeft;
    double score;
  }

  private int nodeRows;
  private final Split candidate = new Split();

  private boolean findSplit(int[] idx, int start, int end, double[] weight, SplittableRandom random, Split best) {
    nodeRows = end - start;
    best.feature = -1;
    best.score = Double.NEGATIVE_INFINITY;
    int visited = 0;
    int remaining = width;
    while (remaining > 0 && visited < maxFeatures) {
      // partial Fisher–Yates: draw the next feature among those not yet drawn at this node
      int pick = random.nextInt(remaining);
      int f = features[pick];
      features[pick] = features[remaining - 1];
      features[remaining - 1] = f;
      remaining--;
      int nt = histogram(idx, start, end, weight, f);
      boolean hasMissing = count[FeatureBins.MISSING] > 0;
      int valueBins = hasMissing ? nt - 1 : nt;
      if (valueBins + (hasMissing ? 1 : 0) < 2) {
        clearHistogram(nt);
        continue; // constant in this node: does not count towards maxFeatures
      }
      visited++;
      candidate.feature = -1;
      candidate.score = Double.NEGATIVE_INFINITY;
      if (splitter == Splitter.BEST) {
        sortTouched(f, nt);
        scanBest(f, valueBins, hasMissing, candidate);
      } else {
        scanRandom(f, nt, valueBins, hasMissing, random, candidate);
      }
      clearHistogram(nt);
      if (candidate.feature >= 0 && candidate.score > best.score) {
        best.feature = candidate.feature;
        best.leftBin = candidate.leftBin;
        best.threshold = candidate.threshold;
        best.missingLeft = candidate.missingLeft;
        best.score = candidate.score;
      }
    }
    return best.feature >= 0;
  }

  /**
   * Accumulates the node's rows of feature {@code f} per bin; returns the number of bins present, listed
   * (unordered) in {@link #touched}.
   */
  private int histogram(int[] idx, int start, int end, double[] weight, int f) {
    byte[] codes = bins.codes(f);
    int stride = stride();
    int nt = 0;
    if (classes > 0) {
      for (int i = start; i < end; i++) {
        int r = idx[i];
        int b = codes[r] & 0xFF;
        if (count[b]++ == 0) touched[nt++] = b;
        hist[b * stride + yClass[r]] += weight[r];
      }
    } else {
      for (int i = start; i < end; i++) {
        int r = idx[i];
        int b = codes[r] & 0xFF;
        if (count[b]++ == 0) touched[nt++] = b;
        double w = weight[r];
        hist[2 * b] += w;
        hist[2 * b + 1] += w * yValue[r];
      }
    }
    return nt;
  }

  /** Orders {@link #touched}: value bins ascending, {@link FeatureBins#MISSING} last. */
  private void sortTouched(int f, int nt) {
    int nb = bins.bins(f);
    if (nt <= 16 || nt * 8 < nb) {
      Arrays.sort(touched, 0, nt); // MISSING (255) sorts last
      return;
    }
    // many bins present: a sweep over all bins is cheaper than sorting
    int k = 0;
    for (int b = 0; b < nb; b++) if (count[b] > 0) touched[k++] = b;
    if (count[FeatureBins.MISSING] > 0) touched[k++] = FeatureBins.MISSING;
  }

  private void clearHistogram(int nt) {
    int stride = stride();
    for (int t = 0; t < nt; t++) {
      int b = touched[t];
      count[b] = 0;
      if (classes > 0) {
        // only classes present in the node can have been touched
        int o = b * stride;
        for (int k = 0; k < presentCount; k++) hist[o + present[k]] = 0.0;
      } else {
        hist[2 * b] = 0.0;
        hist[2 * b + 1] = 0.0;
      }
    }
  }

  /** Best boundary between consecutive value bins, with missing rows on the better side. */
  private void scanBest(int f, int valueBins, boolean hasMissing, Split out) {
    scanBestDirection(f, valueBins, hasMissing, false, out);
    if (hasMissing) scanBestDirection(f, valueBins, true, true, out);
  }

  /**
   * One left-to-right pass: value bins move from right to left one at a time; the missing bin starts on
   * the left when {@code missingLeft}. When missing rows start on the right, the position after the last
   * value bin (all values left, missing right) is also a candidate.
   */
  private void scanBestDirection(int f, int valueBins, boolean hasMissing, boolean missingLeft, Split out) {
    int nNode = nodeRows;
    int stride = stride();
    int mb = FeatureBins.MISSING * stride;
    int positions = hasMissing && !missingLeft ? valueBins : valueBins - 1;
    if (classes > 0) {
      double sumSqL = 0;
      double sumSqR = 0;
      double wL = 0;
      double wR = 0;
      int nL;
      int nR;
      for (int k = 0; k < presentCount; k++) {
        int c = present[k];
        double l = missingLeft ? hist[mb + c] : 0.0;
        double r = total[c] - l;
        leftAcc[c] = l;
        sumSqL += l * l;
        sumSqR += r * r;
        wL += l;
        wR += r;
      }
      nL = missingLeft ? count[FeatureBins.MISSING] : 0;
      nR = nNode - nL;
      for (int t = 0; t < positions; t++) {
        int b = touched[t];
        int o = b * stride;
        for (int k = 0; k < presentCount; k++) {
          int c = present[k];
          double h = hist[o + c];
          if (h != 0) {
            double l = leftAcc[c];
            double r = total[c] - l;
            sumSqL += h * (2 * l + h);
            sumSqR += h * (h - 2 * r);
            leftAcc[c] = l + h;
            wL += h;
            wR -= h;
          }
        }
        nL += count[b];
        nR -= count[b];
        if (nL < minSamplesLeaf || nR < minSamplesLeaf || !(wL > 0) || !(wR > 0)) continue;
        double score = sumSqL / wL + sumSqR / wR;
        if (score > out.score) record(f, t, valueBins, missingLeft, score, out);
      }
    } else {
      double wL = missingLeft ? hist[mb] : 0.0;
      double sL = missingLeft ? hist[mb + 1] : 0.0;
      int nL = missingLeft ? count[FeatureBins.MISSING] : 0;
      for (int t = 0; t < positions; t++) {
        int b = touched[t];
        wL += hist[2 * b];
        sL += hist[2 * b + 1];
        nL += count[b];
        int nR = nNode - nL;
        double wR = total[0] - wL;
        double sR = total[1] - sL;
        if (nL < minSamplesLeaf || nR < minSamplesLeaf || !(wL > 0) || !(wR > 0)) continue;
        double score = sL * sL / wL + sR * sR / wR;
        if (score > out.score) record(f, t, valueBins, missingLeft, score, out);
      }
    }
  }

  /** Records a split after value-bin position {@code t} (bins touched[0..t] go left). */
  private void record(int f, int t, int valueBins, boolean missingLeft, double score, Split out) {
    out.feature = f;
    out.score = score;
    out.missingLeft = missingLeft;
    out.leftBin = touched[t];
    out.threshold = t + 1 < valueBins ? bins.threshold(f, touched[t], touched[t + 1]) : Double.POSITIVE_INFINITY;
  }

  /**
   * Extra-Trees split: one threshold drawn uniformly between the node's smallest and largest value of
   * {@code f}; missing rows go to the better side. A node whose only variation is missing vs present
   * splits there. Works on the unordered {@link #touched} list: no sorting needed.
   */
  private void scanRandom(int f, int nt, int valueBins, boolean hasMissing, SplittableRandom random, Split out) {
    int minBin = Integer.MAX_VALUE;
    int maxBin = -1;
    for (int t = 0; t < nt; t++) {
      int b = touched[t];
      if (b == FeatureBins.MISSING) continue;
      minBin = Math.min(minBin, b);
      maxBin = Math.max(maxBin, b);
    }
    int leftBin;
    double threshold;
    if (valueBins < 2) {
      leftBin = maxBin; // all values on one side, missing on the other
      threshold = Double.POSITIVE_INFINITY;
    } else {
      double lo = bins.lo(f, minBin);
      double hi = bins.hi(f, maxBin);
      double draw = lo + random.nextDouble() * (hi - lo);
      // the last present bin wholly at or below the draw (at least the first, never the last)
      leftBin = minBin;
      int rightBin = maxBin;
      for (int t = 0; t < nt; t++) {
        int b = touched[t];
        if (b == FeatureBins.MISSING || b == maxBin) continue;
        if (b > leftBin && bins.hi(f, b) <= draw) leftBin = b;
      }
      for (int t = 0; t < nt; t++) {
        int b = touched[t];
        if (b != FeatureBins.MISSING && b > leftBin && b < rightBin) rightBin = b;
      }
      threshold = draw >= bins.hi(f, leftBin) && draw < bins.lo(f, rightBin)
          ? draw : bins.threshold(f, leftBin, rightBin);
    }
    scoreFixed(f, nt, leftBin, threshold, false, out);
    if (hasMissing) scoreFixed(f, nt, leftBin, threshold, true, out);
  }

  /** Scores the split "value bins ≤ leftBin go left" with missing rows on the given side. */
  private void scoreFixed(int f, int nt, int leftBin, double threshold, boolean missingLeft, Split out) {
    int stride = stride();
    int nL = 0;
    for (int t = 0; t < nt; t++) {
      int b = touched[t];
      if (b == FeatureBins.MISSING ? missingLeft : b <= leftBin) nL += count[b];
    }
    int nR = nodeRows - nL;
    if (nL < minSamplesLeaf || nR < minSamplesLeaf) return;
    double score;
    if (classes > 0) {
      double sumSqL = 0;
      double sumSqR = 0;
      double wL = 0;
      double wR = 0;
      for (int k = 0; k < presentCount; k++) leftAcc[present[k]] = 0.0;
      for (int t = 0; t < nt; t++) {
        int b = touched[t];
        if (b == FeatureBins.MISSING ? !missingLeft : b > leftBin) continue;
        int o = b * stride;
        for (int k = 0; k < presentCount; k++) leftAcc[present[k]] += hist[o + present[k]];
      }
      for (int k = 0; k < presentCount; k++) {
        int c = present[k];
        double l = leftAcc[c];
        double r = total[c] - l;
        sumSqL += l * l;
        sumSqR += r * r;
        wL += l;
        wR += r;
      }
      if (!(wL > 0) || !(wR > 0)) return;
      score = sumSqL / wL + sumSqR / wR;
    } else {
      double wL = 0;
      double sL = 0;
      for (int t = 0; t < nt; t++) {
        int b = touched[t];
        if (b == FeatureBins.MISSING ? !missingLeft : b > leftBin) continue;
        wL += hist[2 * b];
        sL += hist[2 * b + 1];
      }
      double wR = total[0] - wL;
      double sR = total[1] - sL;
      if (!(wL > 0) || !(wR > 0)) return;
      score = sL * sL / wL + sR * sR / wR;
    }
    if (score > out.score) {
      out.feature = f;
      out.score = score;
      out.missingLeft = missingLeft;
      out.leftBin = leftBin;
      out.threshold = threshold;
    }
  }

  /**
   * Moves the rows going left to the front of {@code idx[start, end)}; returns the first right row.
   * When the node had no missing values for the split feature, later missing values follow the child
   * with more training weight.
   */
  private int partition(int[] idx, int start, int end, Split s) {
    byte[] codes = bins.codes(s.feature);
    int a = start;
    int b = end - 1;
    boolean sawMissing = false;
    while (a <= b) {
      int code = codes[idx[a]] & 0xFF;
      boolean goLeft;
      if (code == FeatureBins.MISSING) {
        sawMissing = true;
        goLeft = s.missingLeft;
      } else {
        goLeft = code <= s.leftBin;
      }
      if (goLeft) {
        a++;
      } else {
        int tmp = idx[a];
        idx[a] = idx[b];
        idx[b] = tmp;
        b--;
      }
    }
    if (!sawMissing) s.missingLeft = a - start >= end - a;
    return a;
  }
}
