package org.stackwise.learners.neighbors;

import java.util.stream.IntStream;

/**
 * Exact k-nearest-neighbour search in Euclidean distance. Immutable and thread-safe.
 *
 * <p>Brute force runs in two passes (see {@code searchBlock}). The first computes every training row's
 * squared distance approximately, ‖q‖² + ‖t‖² − 2·q·t with the dot products in single precision, for a
 * block of queries against a chunk of training rows, feature by feature over the rows stored
 * column-major: a loop the JIT vectorises, with twice as many lanes as in double. The columns are kept as
 * one array per chunk of rows and feature, so that the accumulator and every column are read at the same
 * index: HotSpot's superword pass (Java 17) does not vectorise a loop whose arrays are read at different
 * unknown offsets (with a shared index the double kernel ran ~3.5× faster). A rigorous bound on the
 * approximation's error keeps every row that could be among the k nearest; the second pass computes
 * those rows' distances exactly, Σ(q − t)² in double in feature order, the same formula as the
 * {@link KdTree}, so both searches return identical neighbours and distances. Ties in distance go to the
 * lower training row. Values beyond ±10¹⁵ (outside the single-precision pass's safe range) are searched
 * with the tree instead. Batches run in parallel over blocks of queries, which are independent, and a
 * query's result does not depend on its batch.
 *
 * <p>One-hot blocks (given as {@code groups}: first feature and width of each categorical column's
 * indicators) are stored as one level code per row instead of as columns: their contribution to the dot
 * product is 1 when two rows share a known level and 0 otherwise, so an integer comparison replaces a
 * pass over every level's column. On data with many-level categorical columns (NSL-KDD: 84 of 122
 * features) this removes most of the arithmetic. Blocks of at most 16 levels still enter the
 * single-precision pass as indicator columns (most rows share one of their levels, and a vectorised
 * multiply-add per level is cheaper than visiting those rows one by one); the exact pass always uses the
 * codes. A block that is not exactly one-hot in some training row
 * (at most one 1.0, the rest 0.0) is kept as ordinary columns.
 *
 * <p>Searches go through a {@link KdTree} instead (same contract; distances summed directly as Σ(q − t)²)
 * when there are at most {@value KdTree#MAX_FEATURES} features and no one-hot blocks, or when a
 * deterministic probe shows the tree prunes most rows (see {@code chooseTree}).
 */
final class NeighborIndex {
  private static final int QUERY_BLOCK = 8;
  private static final int TRAIN_CHUNK = 512;
  private static final int PARALLEL_BLOCK = 64;
  /** One-hot blocks with at most this many levels are columns of the single-precision pass. */
  private static final int FLOAT_GROUP_MAX_LEVELS = 16;

  private final int n;
  private final int d;
  private final int[] dense;    // the features stored as columns, in feature order
  private final double[][][] chunks; // [row chunk][dense feature][row within chunk]: column j of rows c·TRAIN_CHUNK…
  private final float[][][] floatChunks; // the same values minus shift[j], in single precision, for the approximate pass
  private final int[] floatFeature;     // the approximate pass's columns: dense features, then small one-hot blocks' indicators
  private final boolean[] groupInFloat;  // per one-hot group: its indicators are columns of the approximate pass
  private final double[] shift;          // per approximate-pass column: its most common value when that is most rows, else 0
  private final int[][] activeColumns;   // per row chunk: the approximate-pass columns not all equal to their shift there
  private final double[][] normChunks;   // ‖row‖² by chunk, read at the same index as the accumulators
  private final float[][] normChunksF;   // the same in single precision, for the pre-filter
  private final int[] groupStart;
  private final int[] groupWidth;
  private final int[][] codes;  // per one-hot group: the level of row t, or −1 when no indicator is set
  private final int[][] byLevel;    // per group: the rows, ordered by level then row
  private final int[][] levelStart; // per group: where level L's rows start in byLevel (L = 0 … width)
  private final KdTree tree;    // used instead of brute force for few features, else null
  private final boolean floatSafe; // every value small enough for the single-precision pass
  private volatile KdTree fallback; // exact search for queries too large for the single-precision pass

  /** Indexes {@code n} rows of {@code d} features given row-major (copied), all as ordinary columns. */
  NeighborIndex(double[] rowMajor, int n, int d) {
    this(rowMajor, n, d, new int[0][]);
  }

  /**
   * Indexes {@code n} rows of {@code d} features given row-major (copied); {@code groups[g] = {first
   * feature, width}} marks one-hot blocks, stored as level codes when every training row is one-hot there.
   */
  NeighborIndex(double[] rowMajor, int n, int d, int[][] groups) {
    this.n = n;
    this.d = d;
    java.util.List<int[]> kept = new java.util.ArrayList<>();
    boolean[] coded = new boolean[d];
    for (int[] g : groups) {
      if (isOneHot(rowMajor, n, d, g[0], g[1])) {
        kept.add(g);
        for (int j = g[0]; j < g[0] + g[1]; j++) coded[j] = true;
      }
    }
    this.groupStart = kept.stream().mapToInt(g -> g[0]).toArray();
    this.groupWidth = kept.stream().mapToInt(g -> g[1]).toArray();
    this.dense = IntStream.range(0, d).filter(j -> !coded[j]).toArray();
    this.chunks = new double[(n + TRAIN_CHUNK - 1) / TRAIN_CHUNK][dense.length][];
    for (int c = 0; c < chunks.length; c++) {
      for (int j = 0; j < dense.length; j++) chunks[c][j] = new double[Math.min(TRAIN_CHUNK, n - c * TRAIN_CHUNK)];
    }
    this.codes = new int[groupStart.length][n];
    double maxAbs = 0;
    for (double v : rowMajor) maxAbs = Math.max(maxAbs, Math.abs(v));
    this.floatSafe = floatSafe(maxAbs);
    // One-hot blocks with few levels enter the approximate pass as indicator columns: most rows share one of
    // their levels (NSL-KDD: tcp, SF), so adding 1 to each such row's dot product row by row costs more
    // than a vectorised multiply-add per level. Larger blocks keep the level lists.
    this.groupInFloat = new boolean[groupStart.length];
    java.util.List<Integer> ff = new java.util.ArrayList<>();
    for (int j : dense) ff.add(j);
    for (int g = 0; g < groupStart.length; g++) {
      groupInFloat[g] = groupWidth[g] <= FLOAT_GROUP_MAX_LEVELS;
      if (groupInFloat[g]) for (int j = groupStart[g]; j < groupStart[g] + groupWidth[g]; j++) ff.add(j);
    }
    this.floatFeature = ff.stream().mapToInt(Integer::intValue).toArray();
    this.shift = floatSafe ? shifts(rowMajor, n, d, floatFeature) : new double[floatFeature.length];
    double[] norms = new double[n]; // ‖row t − shift‖², kept by chunk below
    for (int t = 0; t < n; t++) {
      for (int j = 0; j < dense.length; j++) chunks[t / TRAIN_CHUNK][j][t % TRAIN_CHUNK] = rowMajor[t * d + dense[j]];
      for (int g = 0; g < groupStart.length; g++) codes[g][t] = level(rowMajor, t * d + groupStart[g], groupWidth[g]);
      norms[t] = shiftedSquaredNorm(rowMajor, t * d);
    }
    int fw = floatFeature.length;
    this.floatChunks = new float[chunks.length][fw][];
    this.activeColumns = new int[chunks.length][];
    for (int c = 0; c < chunks.length; c++) {
      int[] active = new int[fw];
      int na = 0;
      int from = c * TRAIN_CHUNK;
      for (int j = 0; j < fw; j++) {
        float[] f = new float[Math.min(TRAIN_CHUNK, n - from)];
        boolean any = false;
        for (int t = 0; t < f.length; t++) {
          f[t] = (float) (rowMajor[(from + t) * d + floatFeature[j]] - shift[j]);
          any |= f[t] != 0f;
        }
        floatChunks[c][j] = f;
        if (any) active[na++] = j;
      }
      activeColumns[c] = java.util.Arrays.copyOf(active, na);
    }
    this.normChunks = new double[chunks.length][];
    this.normChunksF = new float[chunks.length][];
    for (int c = 0; c < chunks.length; c++) {
      normChunks[c] = java.util.Arrays.copyOfRange(norms, c * TRAIN_CHUNK, Math.min(n, (c + 1) * TRAIN_CHUNK));
      normChunksF[c] = new float[normChunks[c].length];
      for (int t = 0; t < normChunks[c].length; t++) normChunksF[c][t] = (float) normChunks[c][t];
    }
    this.byLevel = new int[groupStart.length][];
    this.levelStart = new int[groupStart.length][];
    for (int g = 0; g < groupStart.length; g++) {
      int w = groupWidth[g];
      int[] start = new int[w + 2];
      for (int t = 0; t < n; t++) if (codes[g][t] >= 0) start[codes[g][t] + 1]++;
      for (int l = 0; l <= w; l++) start[l + 1] += start[l];
      int[] next = java.util.Arrays.copyOf(start, w + 1);
      int[] rows = new int[start[w]];
      for (int t = 0; t < n; t++) if (codes[g][t] >= 0) rows[next[codes[g][t]]++] = t;
      byLevel[g] = rows;
      levelStart[g] = start;
    }
    this.tree = chooseTree();
  }

  /** Below this many training rows blocked brute force is about as fast as a tree. */
  private static final int KD_MIN_ROWS = 1024;
  /** Rows used as probe queries when deciding whether a tree prunes enough on this data. */
  private static final int PROBES = 64;
  /** A tree must compare at most this share of the rows per query (on the probes) to be used. */
  private static final double TREE_MAX_SHARE = 0.1;
  /** The number of neighbours the probes ask for, a typical k. */
  private static final int PROBE_K = 15;

  /**
   * A k-d tree when it pays: always for few ordinary features and no one-hot blocks (the rule of
   * scikit-learn's {@code algorithm="auto"}); otherwise when the tree, probed with evenly spaced training
   * rows, compares at most {@value #TREE_MAX_SHARE} of the rows per query — clustered data such as
   * NSL-KDD (38 ordinary features, 3 categorical columns, many near-duplicate rows) prunes well although
   * its dimension is high. The probe counts comparisons, not time, so the choice is deterministic.
   */
  private KdTree chooseTree() {
    if (!floatSafe) return buildTree(); // values beyond the single-precision pass's range: always exact
    if (n < KD_MIN_ROWS || dense.length == 0) return null;
    KdTree t = buildTree();
    if (groupStart.length == 0 && dense.length <= KdTree.MAX_FEATURES) return t;
    return t.meanCompared(PROBES, Math.min(PROBE_K, n)) <= TREE_MAX_SHARE * n ? t : null;
  }

  private KdTree buildTree() {
    double[] rows = new double[n * dense.length];
    for (int t = 0; t < n; t++) for (int j = 0; j < dense.length; j++) rows[t * dense.length + j] = value(t, j);
    return new KdTree(rows, n, dense.length, codes);
  }

  /**
   * Largest magnitude the single-precision pass accepts: products stay far below float's range
   * (3.4·10³⁸) for any feature count, and underflow is covered by the absolute error term.
   */
  private static final double FLOAT_MAX_ABS = 1e15;

  private static boolean floatSafe(double maxAbs) {
    return maxAbs <= FLOAT_MAX_ABS; // false for NaN and ∞ too
  }

  /** The exact tree for queries beyond the single-precision range (built once, on first need). */
  private KdTree fallbackTree() {
    KdTree t = fallback;
    if (t == null) {
      synchronized (this) {
        t = fallback;
        if (t == null) fallback = t = buildTree();
      }
    }
    return t;
  }

  /** The one-hot blocks of a fitted preprocessing's output: {first feature, width} per categorical column. */
  static int[][] oneHotGroups(org.stackwise.data.FittedPreprocessing pre) {
    if (!pre.spec().oneHot()) return new int[0][];
    int[] src = pre.sourceColumns();
    java.util.List<int[]> groups = new java.util.ArrayList<>();
    for (int f = 0; f < src.length; ) {
      int end = f;
      while (end < src.length && src[end] == src[f]) end++;
      if (pre.schema().column(src[f]).isCategorical()) groups.add(new int[] {f, end - f});
      f = end;
    }
    return groups.toArray(new int[0][]);
  }

  private static boolean isOneHot(double[] x, int n, int d, int from, int width) {
    for (int t = 0; t < n; t++) {
      int ones = 0;
      for (int j = from; j < from + width; j++) {
        double v = x[t * d + j];
        if (v == 1.0) ones++;
        else if (v != 0.0) return false;
      }
      if (ones > 1) return false;
    }
    return true;
  }

  /** The set indicator of a one-hot block, −1 when none is set, −2 when the block is not one-hot. */
  private static int level(double[] x, int off, int width) {
    int found = -1;
    for (int k = 0; k < width; k++) {
      double v = x[off + k];
      if (v == 1.0 && found == -1) found = k;
      else if (v != 0.0) return -2;
    }
    return found;
  }

  int rows() { return n; }

  /** Whether searches go through a k-d tree (else blocked brute force). */
  boolean usesTree() { return tree != null; }
  int features() { return d; }

  /** The training rows, row-major (a copy). */
  double[] rowMajor() {
    double[] out = new double[n * d];
    for (int t = 0; t < n; t++) {
      for (int j = 0; j < dense.length; j++) out[t * d + dense[j]] = value(t, j);
      for (int g = 0; g < groupStart.length; g++) {
        if (codes[g][t] >= 0) out[t * d + groupStart[g] + codes[g][t]] = 1.0;
      }
    }
    return out;
  }

  /** Dense feature {@code j} (an index into {@code dense}) of training row {@code t}. */
  private double value(int t, int j) {
    return chunks[t / TRAIN_CHUNK][j][t % TRAIN_CHUNK];
  }

  /**
   * Per dense feature, the value the single-precision pass subtracts from training rows and queries alike
   * (distances do not change under a common translation): the feature's most common training value when
   * it is at least half the rows, else 0. Mostly-constant features (counts that are mostly zero, standardised
   * to a constant) then store 0 in most rows, and a chunk of rows where a feature is all 0 skips that
   * feature's multiply-adds. Continuous features keep 0: a shift to an arbitrary value would only enlarge
   * the norms and with them the error bound.
   */
  private static double[] shifts(double[] rowMajor, int n, int d, int[] features) {
    double[] out = new double[features.length];
    double[] col = new double[n];
    for (int j = 0; j < features.length; j++) {
      for (int t = 0; t < n; t++) col[t] = rowMajor[t * d + features[j]];
      java.util.Arrays.sort(col);
      double mode = 0;
      int best = 0;
      for (int a = 0, b; a < n; a = b) {
        for (b = a + 1; b < n && col[b] == col[a]; b++) { }
        if (b - a > best) {
          best = b - a;
          mode = col[a];
        }
      }
      out[j] = 2 * best >= n ? mode : 0.0;
    }
    return out;
  }

  /** ‖x − shift‖² of the row at {@code off} as the approximate pass sees it (level-list blocks unshifted). */
  private double shiftedSquaredNorm(double[] x, int off) {
    double s = 0;
    for (int j = 0; j < floatFeature.length; j++) {
      double v = x[off + floatFeature[j]] - shift[j];
      s += v * v;
    }
    for (int g = 0; g < groupStart.length; g++) {
      if (groupInFloat[g]) continue;
      for (int j = groupStart[g]; j < groupStart[g] + groupWidth[g]; j++) s += x[off + j] * x[off + j];
    }
    return s;
  }

  /**
   * The {@code k} nearest training rows of each of {@code q} queries (row-major in {@code queries}):
   * row indices into {@code idx[i·k …]}, squared distances into {@code dist[i·k …]}, nearest first.
   */
  void search(double[] queries, int q, int k, int[] idx, double[] dist) {
    double maxAbs = 0;
    for (double v : queries) maxAbs = Math.max(maxAbs, Math.abs(v));
    KdTree exact = tree != null ? tree : floatSafe(maxAbs) ? null : fallbackTree();
    if (exact != null) {
      int dd = dense.length;
      int gs = groupStart.length;
      double[] qd = new double[q * dd];
      int[] qc = new int[q * gs];
      for (int i = 0; i < q; i++) {
        for (int j = 0; j < dd; j++) qd[i * dd + j] = queries[i * d + dense[j]];
        for (int g = 0; g < gs; g++) {
          qc[i * gs + g] = level(queries, i * d + groupStart[g], groupWidth[g]);
          if (qc[i * gs + g] == -2) throw new IllegalArgumentException("query is not one-hot in features " + groupStart[g] + "+" + groupWidth[g]);
        }
      }
      exact.search(qd, qc, q, k, idx, dist);
      return;
    }
    int blocks = (q + PARALLEL_BLOCK - 1) / PARALLEL_BLOCK;
    IntStream s = IntStream.range(0, blocks);
    if (blocks > 1) s = s.parallel();
    s.forEach(b -> {
      int from = b * PARALLEL_BLOCK;
      int to = Math.min(q, from + PARALLEL_BLOCK);
      Scratch scratch = new Scratch(k);
      for (int q0 = from; q0 < to; q0 += QUERY_BLOCK) searchBlock(queries, q0, Math.min(to, q0 + QUERY_BLOCK), k, idx, dist, scratch);
    });
  }

  /** Per-thread work arrays of the brute-force search. */
  private static final class Scratch {
    final float[][] acc = new float[QUERY_BLOCK][TRAIN_CHUNK];
    final Candidates[] candidates = new Candidates[QUERY_BLOCK];
    final double[][] bounds; // per query: the k smallest upper bounds, ascending
    final float[] lower = new float[TRAIN_CHUNK];

    Scratch(int k) {
      for (int b = 0; b < QUERY_BLOCK; b++) candidates[b] = new Candidates();
      bounds = new double[QUERY_BLOCK][k];
    }
  }

  /** Training rows that may be among a query's k nearest, with the lower bound of their distance. */
  private static final class Candidates {
    int[] rows = new int[64];
    double[] lower = new double[64];
    int size;
    int compactAt; // compact when the list grows beyond this; doubled when compacting keeps most rows

    void add(int row, double lowerBound) {
      if (size == rows.length) {
        rows = java.util.Arrays.copyOf(rows, size * 2);
        lower = java.util.Arrays.copyOf(lower, size * 2);
      }
      rows[size] = row;
      lower[size++] = lowerBound;
    }

    /** Drops the rows whose lower bound exceeds {@code limit}, keeping the rest in order. */
    void keepAtMost(double limit) {
      int m = 0;
      for (int i = 0; i < size; i++) {
        if (lower[i] <= limit) {
          rows[m] = rows[i];
          lower[m++] = lower[i];
        }
      }
      size = m;
    }
  }

  /**
   * Brute force for queries {@code q0 … q1}, in two passes. The first computes every training row's
   * squared distance approximately, ‖q‖² + ‖t‖² − 2·q·t with the dot product in single precision (twice
   * the vector width of double, and it is the whole cost), and keeps as candidates the rows whose lower
   * bound (approximation − error bound) does not exceed the k-th smallest upper bound seen. The second
   * computes the candidates' distances exactly, Σ(q − t)² in double over the features in order plus 0, 1
   * or 2 per one-hot block (the k-d tree's formula, so both searches agree bit for bit), and keeps the k
   * smallest by (distance, row). The first pass works on q − c and t − c (c: {@link #shifts}), which have
   * the same distance and are mostly 0 in mostly-constant features; those of a chunk's features that are 0
   * in every row of the chunk are skipped. The error bound covers rounding the inputs to float and the
   * float sums: |approx − exact| ≤ (d + 4)·2⁻²³·(‖q − c‖² + ‖t − c‖²), twice the textbook bound, plus the
   * rounding of the shift itself, so the result is the exact k nearest.
   */
  private void searchBlock(double[] queries, int q0, int q1, int k, int[] idx, double[] dist, Scratch scratch) {
    int m = q1 - q0;
    int dd = dense.length;
    int fw = floatFeature.length;
    double[] qn = new double[m];
    float[] qf = new float[m * fw];  // the queries' approximate-pass columns in float
    double[] qd = new double[m * dd];
    int[][] qc = new int[groupStart.length][m];
    // 2⁻⁴⁸ more covers the rounding of the shift (q − c and t − c in double): at most 4·2⁻⁵³·(‖q‖² + ‖t‖²)
    double slack = (fw + groupStart.length + 4) * 0x1.0p-23 + 0x1.0p-48;
    // values below float's normal range lose absolute precision: at most 2⁻¹⁴⁹ per input times a factor ≤ 2⁵⁰
    double tiny = (fw + groupStart.length + 4) * 0x1.0p-99;
    for (int b = 0; b < m; b++) {
      int off = (q0 + b) * d;
      qn[b] = shiftedSquaredNorm(queries, off);
      for (int j = 0; j < dd; j++) qd[b * dd + j] = queries[off + dense[j]];
      for (int j = 0; j < fw; j++) qf[b * fw + j] = (float) (queries[off + floatFeature[j]] - shift[j]);
      for (int g = 0; g < groupStart.length; g++) {
        qc[g][b] = level(queries, off + groupStart[g], groupWidth[g]);
        // transformed queries are one-hot like the training rows; anything else is a programming error
        if (qc[g][b] == -2) throw new IllegalArgumentException("query is not one-hot in features " + groupStart[g] + "+" + groupWidth[g]);
      }
      scratch.candidates[b].size = 0;
      scratch.candidates[b].compactAt = 4 * k + 256;
      java.util.Arrays.fill(scratch.bounds[b], Double.POSITIVE_INFINITY);
    }
    float[][] acc = scratch.acc;
    for (int t0 = 0; t0 < n; t0 += TRAIN_CHUNK) {
      int len = Math.min(TRAIN_CHUNK, n - t0);
      for (int b = 0; b < m; b++) java.util.Arrays.fill(acc[b], 0, len, 0f);
      float[][] cols = floatChunks[t0 / TRAIN_CHUNK];
      // features all equal to their shift in this chunk add exactly 0 to every dot product: skipped
      int[] act = activeColumns[t0 / TRAIN_CHUNK];
      int p = 0;
      for (; p + 4 <= act.length; p += 4) {
        int j = act[p];
        int j1 = act[p + 1];
        int j2 = act[p + 2];
        int j3 = act[p + 3];
        float[] c0 = cols[j];
        float[] c1 = cols[j1];
        float[] c2 = cols[j2];
        float[] c3 = cols[j3];
        int b = 0;
        // two queries per pass share the column loads (same sums, in the same order, per query)
        for (; b + 2 <= m; b += 2) {
          int qo = b * fw;
          float x0 = qf[qo + j];
          float x1 = qf[qo + j1];
          float x2 = qf[qo + j2];
          float x3 = qf[qo + j3];
          float y0 = qf[qo + fw + j];
          float y1 = qf[qo + fw + j1];
          float y2 = qf[qo + fw + j2];
          float y3 = qf[qo + fw + j3];
          float[] a = acc[b];
          float[] a2 = acc[b + 1];
          for (int t = 0; t < len; t++) {
            float u0 = c0[t];
            float u1 = c1[t];
            float u2 = c2[t];
            float u3 = c3[t];
            float v = a[t];
            v += x0 * u0;
            v += x1 * u1;
            v += x2 * u2;
            v += x3 * u3;
            a[t] = v;
            float w = a2[t];
            w += y0 * u0;
            w += y1 * u1;
            w += y2 * u2;
            w += y3 * u3;
            a2[t] = w;
          }
        }
        for (; b < m; b++) {
          int qo = b * fw;
          float x0 = qf[qo + j];
          float x1 = qf[qo + j1];
          float x2 = qf[qo + j2];
          float x3 = qf[qo + j3];
          float[] a = acc[b];
          for (int t = 0; t < len; t++) {
            float v = a[t];
            v += x0 * c0[t];
            v += x1 * c1[t];
            v += x2 * c2[t];
            v += x3 * c3[t];
            a[t] = v;
          }
        }
      }
      for (; p < act.length; p++) {
        int j = act[p];
        float[] c0 = cols[j];
        for (int b = 0; b < m; b++) {
          float qj = qf[b * fw + j];
          float[] a = acc[b];
          for (int t = 0; t < len; t++) a[t] += qj * c0[t];
        }
      }
      // the rest in small methods compiled on their own: the JIT reaches steady state sooner than with one
      // big loop nest (spambase's k-NN went through a 17 ms plateau for seconds before settling at 10 ms)
      levelMatches(qc, m, t0, len, acc);
      scan(qn, m, t0, len, k, slack, tiny, scratch);
    }
    for (int b = 0; b < m; b++) refine(qd, b, qc, scratch.candidates[b], scratch.bounds[b][k - 1], k, (q0 + b) * k, idx, dist);
  }

  /** acc[b][t] += 1 for the rows of the chunk sharing a level-list block's level with query b. */
  private void levelMatches(int[][] qc, int m, int t0, int len, float[][] acc) {
    // a block adds 1 to the dot product of rows sharing the query's level: visit just those rows
    for (int g = 0; g < groupStart.length; g++) {
      if (groupInFloat[g]) continue;
      int[] rows = byLevel[g];
      for (int b = 0; b < m; b++) {
        int level = qc[g][b];
        if (level < 0) continue;
        float[] a = acc[b];
        int to = levelStart[g][level + 1];
        int r = java.util.Arrays.binarySearch(rows, levelStart[g][level], to, t0);
        for (r = r >= 0 ? r : -r - 1; r < to && rows[r] < t0 + len; r++) a[rows[r] - t0] += 1f;
      }
    }
  }

  /** The rows of the chunk that may be among each query's k nearest become candidates (see searchBlock). */
  private void scan(double[] qn, int m, int t0, int len, int k, double slack, double tiny, Scratch scratch) {
    float[][] acc = scratch.acc;
    double[] nc = normChunks[t0 / TRAIN_CHUNK];
    float[] ncf = normChunksF[t0 / TRAIN_CHUNK];
    float[] lower = scratch.lower;
    double keep = 1.0 - slack;
    for (int b = 0; b < m; b++) {
      float[] a = acc[b];
      double qb = qn[b];
      // A single-precision pre-filter first, in a loop that vectorises (Java 17 does not vectorise
      // float-to-double conversion): lower[t] ≤ lb(t) + tiny, where lb is the double lower bound below,
      // because the multiplier's extra 2⁻¹⁹ exceeds the float rounding (≤ 7·2⁻²⁴·(‖q‖² + ‖t‖²)). Rows
      // with lower[t] > limit + tiny have lb(t) > limit and are skipped; the rest get the exact test.
      float qbf = (float) qb;
      float loose = (float) (keep - 0x1.0p-19);
      for (int t = 0; t < len; t++) lower[t] = loose * (qbf + ncf[t]) - 2f * a[t];
      double[] ub = scratch.bounds[b];
      Candidates cand = scratch.candidates[b];
      double limit = ub[k - 1];
      float limitF = floatAbove(limit + tiny);
      for (int t = 0; t < len; t++) {
        if (lower[t] > limitF) continue;
        double lb = keep * (qb + nc[t]) - 2.0 * a[t] - tiny;
        if (lb > limit) continue;
        cand.add(t0 + t, lb);
        double upper = lb + 2.0 * (slack * (qb + nc[t]) + tiny);
        if (upper < limit) {
          int pos = k - 1;
          while (pos > 0 && ub[pos - 1] > upper) {
            ub[pos] = ub[pos - 1];
            pos--;
          }
          ub[pos] = upper;
          limit = ub[k - 1];
          limitF = floatAbove(limit + tiny);
          if (cand.size > cand.compactAt) {
            cand.keepAtMost(limit);
            // many rows within the error bound of the k-th distance (duplicates): compact less often,
            // so the work stays linear in the candidates
            cand.compactAt = Math.max(cand.compactAt, 2 * cand.size);
          }
        }
      }
    }
  }

  /** A float at least {@code v} (one ulp of slack for the rounding of {@code v} itself); ∞ stays ∞. */
  private static float floatAbove(double v) {
    float f = (float) v;
    return f == Float.POSITIVE_INFINITY ? f : Math.nextUp(f < v ? Math.nextUp(f) : f);
  }

  /** Exact distances of the candidates that can still be among the k nearest; the k smallest by (distance, row). */
  private void refine(double[] qd, int b, int[][] qc, Candidates cand, double limit, int k, int base, int[] idx, double[] dist) {
    cand.keepAtMost(limit);
    int dd = dense.length;
    java.util.Arrays.fill(dist, base, base + k, Double.POSITIVE_INFINITY);
    java.util.Arrays.fill(idx, base, base + k, Integer.MAX_VALUE);
    for (int c = 0; c < cand.size; c++) {
      int t = cand.rows[c];
      double[][] cols = chunks[t / TRAIN_CHUNK];
      int r = t % TRAIN_CHUNK;
      double d2 = 0;
      for (int j = 0; j < dd; j++) {
        double diff = qd[b * dd + j] - cols[j][r];
        d2 += diff * diff;
      }
      for (int g = 0; g < groupStart.length; g++) d2 += mismatch(qc[g][b], codes[g][t]);
      // candidates come in row order, so an equal distance never displaces an earlier row
      if (d2 < dist[base + k - 1]) {
        int pos = k - 1;
        while (pos > 0 && dist[base + pos - 1] > d2) {
          dist[base + pos] = dist[base + pos - 1];
          idx[base + pos] = idx[base + pos - 1];
          pos--;
        }
        dist[base + pos] = d2;
        idx[base + pos] = t;
      }
    }
  }

  /** Squared distance between two one-hot blocks given by their level codes (−1: no level set), as the tree. */
  private static double mismatch(int a, int b) {
    if (a == b) return 0.0;
    return (a >= 0 ? 1.0 : 0.0) + (b >= 0 ? 1.0 : 0.0);
  }
}
