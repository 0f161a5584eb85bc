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
 * missing values, they later follow the child with more training rows.
 *
 * <p>Shortcuts that leave the tree unchanged (checked against the plain algorithm in TreeGrowerTest):
 * a feature found constant in a node is remembered for its descendants and not scanned again (it is still
 * drawn, so the random draws are the same); features with few bins are checked for constancy by a
 * read-only scan first; and their histograms are accumulated in four interleaved copies when the node has
 * many rows per bin. On NSL-KDD's one-hot data this halves the random forest's fit time.
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
  // four partial histograms for interleavedHistogram (classification only), all zero between calls
  private static final int FEW_BINS = 16;
  private static final int INTERLEAVE_ROWS_PER_BIN = 8;
  private static final int ROWS_PER_BIN_FOR_HISTOGRAM = 16;
  private final boolean shortcuts;
  private int[] count4;
  private double[] hist4;
  // features known to be constant in the current node: found constant here or in an ancestor (a child's
  // rows are a subset of its parent's, so a feature constant in a node is constant in all its descendants)
  private final int words;
  private final long[] known;

  // the current tree's rows in node order: row indices, weights and targets, permuted together
  private double[] rowWeight;
  // every weight a multiple of 2^-10 with a small total: sums are exact in any order, so the Extra-Trees
  // split can sum class weights row by row instead of bin by bin and get the same bits
  private boolean exactSums;
  private int[] rowClass;
  private double[] rowValue;

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
    this(bins, classes, yClass, yValue, splitter, maxFeatures, maxDepth, minSamplesSplit, minSamplesLeaf, true);
  }

  /**
   * {@code shortcuts = false} turns off the constant-feature memory, the constant pre-scan and the
   * interleaved histograms: the plain algorithm, which tests compare the fast one against.
   */
  TreeGrower(FeatureBins bins, int classes, int[] yClass, double[] yValue, Splitter splitter, int maxFeatures,
      int maxDepth, int minSamplesSplit, int minSamplesLeaf, boolean shortcuts) {
    this.shortcuts = shortcuts;
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
    this.words = (width + 63) >>> 6;
    this.known = new long[words];
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
    // targets and weights in node order, permuted with idx: the histogram loop then gathers only codes
    rowWeight = new double[m];
    if (classes > 0) rowClass = new int[m];
    else rowValue = new double[m];
    double scaledTotal = 0;
    boolean dyadic = true;
    for (int i = 0; i < m; i++) {
      rowWeight[i] = weight[idx[i]];
      if (classes > 0) rowClass[i] = yClass[idx[i]];
      else rowValue[i] = yValue[idx[i]];
      double scaled = rowWeight[i] * 1024;
      dyadic &= scaled == Math.rint(scaled);
      scaledTotal += scaled;
    }
    exactSums = dyadic && scaledTotal < 0x1p52;
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
    long[] stackKnown = new long[64 * words]; // each pending node's inherited constant features
    int sp = 0;
    stack[sp++] = 0; stack[sp++] = m; stack[sp++] = 0; stack[sp++] = -1; stack[sp++] = 0;
    Split split = new Split();
    while (sp > 0) {
      int side = stack[--sp];
      int parent = stack[--sp];
      int depth = stack[--sp];
      int end = stack[--sp];
      int start = stack[--sp];
      System.arraycopy(stackKnown, sp / 5 * words, known, 0, words);
      int node = newNode();
      if (parent >= 0) {
        if (side == 0) nLeft[parent] = node;
        else nRight[parent] = node;
      }
      nodeTotals(start, end);
      boolean canSplit = end - start >= minSamplesSplit && end - start >= 2 * minSamplesLeaf
          && depth < maxDepth && !pure(idx, start, end);
      if (!canSplit || !findSplit(idx, start, end, random, split)) {
        makeLeaf(node);
        continue;
      }
      int mid = partition(idx, start, end, split);
      nFeature[node] = split.feature;
      nThreshold[node] = split.threshold;
      nMissingLeft[node] = split.missingLeft;
      if (sp + 10 > stack.length) {
        stack = Arrays.copyOf(stack, stack.length * 2);
        stackKnown = Arrays.copyOf(stackKnown, stack.length / 5 * words);
      }
      // push right first so the left subtree is built (and numbered) first; both inherit `known`
      System.arraycopy(known, 0, stackKnown, sp / 5 * words, words);
      stack[sp++] = mid; stack[sp++] = end; stack[sp++] = depth + 1; stack[sp++] = node; stack[sp++] = 1;
      System.arraycopy(known, 0, stackKnown, sp / 5 * words, words);
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

  private void nodeTotals(int start, int end) {
    Arrays.fill(total, 0.0);
    if (classes > 0) {
      for (int i = start; i < end; i++) total[rowClass[i]] += rowWeight[i];
      presentCount = 0;
      for (int c = 0; c < classes; c++) if (total[c] > 0) present[presentCount++] = c;
    } else {
      for (int i = start; i < end; i++) {
        double w = rowWeight[i];
        total[0] += w;
        total[1] += w * rowValue[i];
      }
    }
  }

  private boolean pure(int[] idx, int start, int end) {
    if (classes > 0) return presentCount <= 1;
    double first = rowValue[start];
    for (int i = start + 1; i < end; i++) if (rowValue[i] != first) return false;
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

    /** Takes the split of feature {@code f} when it scores higher than the one held. */
    void offer(int f, double newScore, boolean newMissingLeft, int newLeftBin, double newThreshold) {
      if (!(newScore > score)) return;
      feature = f;
      score = newScore;
      missingLeft = newMissingLeft;
      leftBin = newLeftBin;
      threshold = newThreshold;
    }

    /** Takes {@code other}'s split when it found one that scores higher. */
    void takeIfBetter(Split other) {
      if (other.feature < 0 || !(other.score > score)) return;
      feature = other.feature;
      leftBin = other.leftBin;
      threshold = other.threshold;
      missingLeft = other.missingLeft;
      score = other.score;
    }
  }

  private int nodeRows;
  private final Split candidate = new Split();

  private boolean findSplit(int[] idx, int start, int end, SplittableRandom random, Split best) {
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
      // constant in this node: does not count towards maxFeatures. A feature known to be constant is
      // still drawn (the same random draws, so the same tree) but not scanned again.
      if ((known[f >>> 6] & (1L << f)) != 0) continue;
      // Extra-Trees on a node with few rows per bin: two passes over the rows beat filling and scanning a
      // histogram (on large nodes the one-pass histogram is faster)
      if (splitter == Splitter.RANDOM && shortcuts && classes > 0 && exactSums
          && end - start <= ROWS_PER_BIN_FOR_HISTOGRAM * bins.bins(f)) {
        if (!randomSplitByRows(idx, start, end, f, random, candidate)) {
          known[f >>> 6] |= 1L << f;
          continue;
        }
        visited++;
        best.takeIfBetter(candidate);
        continue;
      }
      // few bins (one-hot, binary, small integer codes): such features are often constant in a node, and
      // consecutive rows often update the same histogram cell
      boolean fewBins = shortcuts && bins.bins(f) <= FEW_BINS;
      if (fewBins && constantIn(idx, start, end, f)) {
        known[f >>> 6] |= 1L << f;
        continue;
      }
      int nt = fewBins && classes > 0 && end - start >= INTERLEAVE_ROWS_PER_BIN * (bins.bins(f) + 1) * presentCount
          ? interleavedHistogram(idx, start, end, f) : histogram(idx, start, end, f);
      boolean hasMissing = count[FeatureBins.MISSING] > 0;
      int valueBins = hasMissing ? nt - 1 : nt;
      if (nt < 2) {
        clearHistogram(nt);
        if (shortcuts) known[f >>> 6] |= 1L << f;
        continue;
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
      best.takeIfBetter(candidate);
    }
    return best.feature >= 0;
  }

  /**
   * Whether every row of the node has the same code for {@code f}. A read-only scan that stops at the first
   * difference: several times cheaper per row than {@link #histogram}, and on one-hot data a third of the
   * features drawn in a node are constant there.
   */
  private boolean constantIn(int[] idx, int start, int end, int f) {
    byte[] codes = bins.codes(f);
    byte first = codes[idx[start]];
    for (int i = start + 1; i < end; i++) if (codes[idx[i]] != first) return false;
    return true;
  }

  /**
   * {@link #histogram} for nodes with many rows per bin: four partial histograms, rows taken round-robin,
   * then summed. With few distinct (bin, class) cells, consecutive rows mostly update the same cell, and
   * each update waits for the previous one's store; four independent chains keep the core busy. Lists
   * the bins present in ascending order. Sums of bootstrap counts are exact, so trees are unchanged
   * unless rows carry fractional weights (then cell sums may differ in the last bit).
   */
  private int interleavedHistogram(int[] idx, int start, int end, int f) {
    byte[] codes = bins.codes(f);
    int stride = stride();
    if (count4 == null) {
      count4 = new int[4 * 256];
      hist4 = new double[4 * 256 * stride];
    }
    int[] c4 = count4;
    double[] h4 = hist4;
    int[] cls = rowClass;
    double[] w = rowWeight;
    int hc = 256 * stride;
    int i = start;
    for (; i + 3 < end; i += 4) {
      int b0 = codes[idx[i]] & 0xFF;
      int b1 = codes[idx[i + 1]] & 0xFF;
      int b2 = codes[idx[i + 2]] & 0xFF;
      int b3 = codes[idx[i + 3]] & 0xFF;
      c4[b0]++;
      c4[256 + b1]++;
      c4[512 + b2]++;
      c4[768 + b3]++;
      h4[b0 * stride + cls[i]] += w[i];
      h4[hc + b1 * stride + cls[i + 1]] += w[i + 1];
      h4[2 * hc + b2 * stride + cls[i + 2]] += w[i + 2];
      h4[3 * hc + b3 * stride + cls[i + 3]] += w[i + 3];
    }
    for (; i < end; i++) {
      int b = codes[idx[i]] & 0xFF;
      c4[b]++;
      h4[b * stride + cls[i]] += w[i];
    }
    int nt = 0;
    int nb = bins.bins(f);
    for (int b = 0; b <= nb; b++) {
      if (b == nb) b = FeatureBins.MISSING;
      int n = c4[b] + c4[256 + b] + c4[512 + b] + c4[768 + b];
      if (n == 0) continue;
      c4[b] = 0;
      c4[256 + b] = 0;
      c4[512 + b] = 0;
      c4[768 + b] = 0;
      count[b] = n;
      touched[nt++] = b;
      int o = b * stride;
      for (int k = 0; k < presentCount; k++) {
        int c = o + present[k];
        hist[c] = h4[c] + h4[hc + c] + h4[2 * hc + c] + h4[3 * hc + c];
        h4[c] = 0.0;
        h4[hc + c] = 0.0;
        h4[2 * hc + c] = 0.0;
        h4[3 * hc + c] = 0.0;
      }
    }
    return nt;
  }

  /**
   * Accumulates the node's rows of feature {@code f} per bin; returns the number of bins present, listed
   * (unordered) in {@link #touched}.
   */
  private int histogram(int[] idx, int start, int end, int f) {
    byte[] codes = bins.codes(f);
    int stride = stride();
    int nt = 0;
    if (classes > 0) {
      for (int i = start; i < end; i++) {
        int b = codes[idx[i]] & 0xFF;
        if (count[b]++ == 0) touched[nt++] = b;
        hist[b * stride + rowClass[i]] += rowWeight[i];
      }
    } else {
      for (int i = start; i < end; i++) {
        int b = codes[idx[i]] & 0xFF;
        if (count[b]++ == 0) touched[nt++] = b;
        double w = rowWeight[i];
        hist[2 * b] += w;
        hist[2 * b + 1] += w * rowValue[i];
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
      // bins wholly at or below the draw go left (at least the first bin, never the last): one pass finds
      // the last of them and the first bin above the draw
      leftBin = minBin;
      int rightBin = maxBin;
      for (int t = 0; t < nt; t++) {
        int b = touched[t];
        if (b == FeatureBins.MISSING || b == minBin || b == maxBin) continue;
        if (bins.hi(f, b) <= draw) {
          if (b > leftBin) leftBin = b;
        } else if (b < rightBin) {
          rightBin = b;
        }
      }
      threshold = draw >= bins.hi(f, leftBin) && draw < bins.lo(f, rightBin)
          ? draw : bins.threshold(f, leftBin, rightBin);
    }
    scoreFixed(f, nt, leftBin, threshold, false, out);
    if (hasMissing) scoreFixed(f, nt, leftBin, threshold, true, out);
  }

  /**
   * {@link #scanRandom} without a histogram, for classification with {@link #exactSums}: one pass over the
   * node's rows finds the smallest and largest value bin (and missing rows), a second sums the class weights
   * going left. Extra-Trees needs no per-bin counts, and in the deep trees it grows most nodes hold far fewer
   * rows than a histogram has cells to fill, scan and clear. Same draws, same split, same bits: value bins
   * with {@code hi ≤ draw} form a prefix (bins are ordered), so "bins wholly at or below the draw go left
   * (at least the first, never the last)" is a cut at one bin index. Returns false when {@code f} is
   * constant in the node (the histogram path's {@code nt < 2}), else true with the best split (if any) in
   * {@code out}.
   */
  private boolean randomSplitByRows(int[] idx, int start, int end, int f, SplittableRandom random, Split out) {
    out.feature = -1;
    out.score = Double.NEGATIVE_INFINITY;
    byte[] codes = bins.codes(f);
    int minBin = Integer.MAX_VALUE;
    int maxBin = -1;
    boolean hasMissing = false;
    for (int i = start; i < end; i++) {
      int b = codes[idx[i]] & 0xFF;
      if (b == FeatureBins.MISSING) {
        hasMissing = true;
      } else {
        minBin = Math.min(minBin, b);
        maxBin = Math.max(maxBin, b);
      }
    }
    boolean oneValue = minBin == maxBin;
    if (maxBin < 0 || (oneValue && !hasMissing)) return false;
    int cut;          // value bins ≤ cut go left
    double draw = Double.NaN;
    if (oneValue) {
      cut = maxBin;   // all values on one side, missing on the other
    } else {
      double lo = bins.lo(f, minBin);
      double hi = bins.hi(f, maxBin);
      draw = lo + random.nextDouble() * (hi - lo);
      // the last bin in (minBin, maxBin) wholly at or below the draw, else minBin: binary search on the
      // ascending upper edges
      int a = minBin;
      int z = maxBin - 1;
      while (a < z) {
        int mid = (a + z + 1) >>> 1;
        if (bins.hi(f, mid) <= draw) a = mid;
        else z = mid - 1;
      }
      cut = a;
    }
    for (int k = 0; k < presentCount; k++) {
      leftAcc[present[k]] = 0.0;
      missingAcc[present[k]] = 0.0;
    }
    int nL = 0;
    int nMissing = 0;
    int leftBin = minBin;
    int rightBin = maxBin;
    int[] cls = rowClass;
    double[] w = rowWeight;
    for (int i = start; i < end; i++) {
      int b = codes[idx[i]] & 0xFF;
      if (b == FeatureBins.MISSING) {
        missingAcc[cls[i]] += w[i];
        nMissing++;
      } else if (b <= cut) {
        leftAcc[cls[i]] += w[i];
        nL++;
        if (b > leftBin) leftBin = b;
      } else if (b < rightBin) {
        rightBin = b;
      }
    }
    double threshold = oneValue ? Double.POSITIVE_INFINITY
        : draw >= bins.hi(f, leftBin) && draw < bins.lo(f, rightBin) ? draw : bins.threshold(f, leftBin, rightBin);
    scoreLeft(f, nL, leftAcc, leftBin, threshold, false, out);
    if (hasMissing) {
      for (int k = 0; k < presentCount; k++) missingAcc[present[k]] += leftAcc[present[k]];
      scoreLeft(f, nL + nMissing, missingAcc, leftBin, threshold, true, out);
    }
    return true;
  }

  /** Scores a classification split whose left side has {@code nL} rows and class weights {@code left}. */
  private void scoreLeft(int f, int nL, double[] left, int leftBin, double threshold, boolean missingLeft, Split out) {
    if (nL < minSamplesLeaf || nodeRows - nL < minSamplesLeaf) return;
    double sumSqL = 0;
    double sumSqR = 0;
    double wL = 0;
    double wR = 0;
    for (int k = 0; k < presentCount; k++) {
      int c = present[k];
      double l = left[c];
      double r = total[c] - l;
      sumSqL += l * l;
      sumSqR += r * r;
      wL += l;
      wR += r;
    }
    if (!(wL > 0) || !(wR > 0)) return;
    out.offer(f, sumSqL / wL + sumSqR / wR, missingLeft, leftBin, threshold);
  }

  /** Scores the split "value bins ≤ leftBin go left" with missing rows on the given side. */
  private void scoreFixed(int f, int nt, int leftBin, double threshold, boolean missingLeft, Split out) {
    int nL = 0;
    if (classes > 0) {
      int stride = stride();
      for (int k = 0; k < presentCount; k++) leftAcc[present[k]] = 0.0;
      // one pass over the bins present: rows and class weights going left
      for (int t = 0; t < nt; t++) {
        int b = touched[t];
        if (b == FeatureBins.MISSING ? !missingLeft : b > leftBin) continue;
        nL += count[b];
        int o = b * stride;
        for (int k = 0; k < presentCount; k++) leftAcc[present[k]] += hist[o + present[k]];
      }
      scoreLeft(f, nL, leftAcc, leftBin, threshold, missingLeft, out);
      return;
    }
    double wL = 0;
    double sL = 0;
    for (int t = 0; t < nt; t++) {
      int b = touched[t];
      if (b == FeatureBins.MISSING ? !missingLeft : b > leftBin) continue;
      nL += count[b];
      wL += hist[2 * b];
      sL += hist[2 * b + 1];
    }
    if (nL < minSamplesLeaf || nodeRows - nL < minSamplesLeaf) return;
    double wR = total[0] - wL;
    double sR = total[1] - sL;
    if (!(wL > 0) || !(wR > 0)) return;
    out.offer(f, sL * sL / wL + sR * sR / wR, missingLeft, leftBin, threshold);
  }

  /**
   * Moves the rows going left to the front of {@code idx[start, end)}; returns the first right row.
   * When the node had no missing values for the split feature, later missing values follow the child
   * with more training rows.
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
        swap(idx, a, b);
        swap(rowWeight, a, b);
        if (rowClass != null) swap(rowClass, a, b);
        else swap(rowValue, a, b);
        b--;
      }
    }
    if (!sawMissing) s.missingLeft = a - start >= end - a;
    return a;
  }

  private static void swap(int[] a, int i, int j) {
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
  }

  private static void swap(double[] a, int i, int j) {
    double t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
