package org.stackwise.learners.trees;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.stackwise.BadInputException;
import org.stackwise.Model;
import org.stackwise.data.FittedPreprocessing;
import org.stackwise.io.Json;
import org.stackwise.io.ModelReader;
import org.stackwise.io.ModelWriter;

/**
 * File layout of the {@code "decision_tree"}, {@code "random_forest"} and {@code "extra_trees"} model
 * kinds: {@code model.json} (task, classes, tree count), {@code preprocessing.json} (the one-hot
 * encoding) and {@code trees.bin}, the trees' flat arrays in little-endian binary:
 *
 * <pre>
 * int32 magic "SWTF", int32 version 1, int32 trees, int32 features, int32 classes (0 = regression)
 * per tree: int32 nodes, int32 values,
 *           int32[nodes] feature, float64[nodes] threshold, int32[nodes] left, int32[nodes] right,
 *           int8[nodes] missing_left, int32[values] value_class (classification only), float64[values] value
 * </pre>
 *
 * (node semantics in {@link Tree}). Loading checks every index, so a corrupt or hostile file gives a
 * {@link BadInputException} naming the entry, never a loop or an out-of-bounds access.
 */
public final class ForestModels {
  private static final int MAGIC = 0x46545753; // "SWTF" little-endian
  private static final int VERSION = 1;

  private ForestModels() { }

  static void write(ModelWriter out, List<String> classes, FittedPreprocessing pre, Tree[] trees) throws IOException {
    ObjectNode o = Json.object();
    o.put("format_version", VERSION);
    o.put("task", classes == null ? "regression" : "classification");
    if (classes != null) o.set("classes", Json.stringsToJson(classes));
    o.put("trees", trees.length);
    out.json("model.json", o);
    out.json("preprocessing.json", pre.toJson());
    out.bytes("trees.bin", encode(trees, pre.width(), classes == null ? 0 : classes.size()));
  }

  /** The loader of the three forest kinds: rebuilds a classifier or a regressor of the given kind. */
  public static Model load(ModelReader in, String kind) throws IOException {
    JsonNode o = in.json("model.json");
    if (!o.isObject()) throw in.corrupt("model.json", "must be a JSON object");
    if (o.path("format_version").asInt(-1) != VERSION) {
      throw in.corrupt("model.json", "format_version must be " + VERSION + ", got " + o.get("format_version"));
    }
    String task = o.path("task").asText("");
    FittedPreprocessing pre = FittedPreprocessing.fromJson(in.json("preprocessing.json"), where(in, "preprocessing.json"));
    List<String> classes = null;
    if (task.equals("classification")) {
      classes = Json.strings(o.get("classes"), where(in, "model.json") + " classes");
      if (classes.isEmpty()) throw in.corrupt("model.json", "a classifier needs at least one class");
    } else if (!task.equals("regression")) {
      throw in.corrupt("model.json", "task must be classification or regression, got " + o.get("task"));
    }
    Tree[] trees = decode(in, in.bytes("trees.bin"), pre.width(), classes == null ? 0 : classes.size());
    if (trees.length != o.path("trees").asInt(-1)) {
      throw in.corrupt("model.json", "trees is " + o.get("trees") + " but trees.bin holds " + trees.length);
    }
    return classes != null ? new ForestClassifier(kind, pre, classes, trees) : new ForestRegressor(kind, pre, trees);
  }

  static byte[] encode(Tree[] trees, int width, int classes) {
    long size = 20;
    for (Tree t : trees) {
      size += 8 + (long) t.nodes() * (4 + 8 + 4 + 4 + 1) + (long) t.value.length * (classes > 0 ? 12 : 8);
    }
    if (size > Integer.MAX_VALUE - 16) throw new IllegalStateException("forest too large to save: " + size + " bytes");
    ByteBuffer b = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(MAGIC).putInt(VERSION).putInt(trees.length).putInt(width).putInt(classes);
    for (Tree t : trees) {
      int n = t.nodes();
      b.putInt(n).putInt(t.value.length);
      for (int i = 0; i < n; i++) b.putInt(t.feature[i]);
      for (int i = 0; i < n; i++) b.putDouble(t.threshold[i]);
      for (int i = 0; i < n; i++) b.putInt(t.left[i]);
      for (int i = 0; i < n; i++) b.putInt(t.right[i]);
      for (int i = 0; i < n; i++) b.put((byte) (t.missingLeft[i] ? 1 : 0));
      if (classes > 0) for (int c : t.valueClass) b.putInt(c);
      for (double v : t.value) b.putDouble(v);
    }
    return b.array();
  }

  static Tree[] decode(ModelReader in, byte[] bytes, int width, int classes) {
    String entry = "trees.bin";
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    try {
      if (b.remaining() < 20 || b.getInt() != MAGIC) throw in.corrupt(entry, "not a Stackwise tree file (bad magic)");
      int version = b.getInt();
      if (version != VERSION) throw in.corrupt(entry, "version must be " + VERSION + ", got " + version);
      int count = b.getInt();
      int w = b.getInt();
      int k = b.getInt();
      if (w != width) throw in.corrupt(entry, "trees use " + w + " features but the preprocessing produces " + width);
      if (k != classes) throw in.corrupt(entry, "trees have " + k + " classes but model.json lists " + classes);
      if (count < 1 || count > b.remaining() / 8) throw in.corrupt(entry, "implausible tree count " + count);
      Tree[] trees = new Tree[count];
      for (int t = 0; t < count; t++) {
        int n = b.getInt();
        int nv = b.getInt();
        long need = (long) n * 21 + (long) nv * (classes > 0 ? 12 : 8);
        if (n < 1 || nv < 1 || need > b.remaining()) {
          throw in.corrupt(entry, "tree " + t + ": implausible sizes (" + n + " nodes, " + nv + " values)");
        }
        int[] feature = new int[n];
        double[] threshold = new double[n];
        int[] left = new int[n];
        int[] right = new int[n];
        boolean[] missingLeft = new boolean[n];
        for (int i = 0; i < n; i++) feature[i] = b.getInt();
        for (int i = 0; i < n; i++) threshold[i] = b.getDouble();
        for (int i = 0; i < n; i++) left[i] = b.getInt();
        for (int i = 0; i < n; i++) right[i] = b.getInt();
        for (int i = 0; i < n; i++) {
          byte v = b.get();
          if (v != 0 && v != 1) throw in.corrupt(entry, "tree " + t + " node " + i + ": missing_left must be 0 or 1");
          missingLeft[i] = v == 1;
        }
        int[] valueClass = null;
        if (classes > 0) {
          valueClass = new int[nv];
          for (int i = 0; i < nv; i++) {
            valueClass[i] = b.getInt();
            if (valueClass[i] < 0 || valueClass[i] >= classes) {
              throw in.corrupt(entry, "tree " + t + ": class index " + valueClass[i] + " outside 0.." + (classes - 1));
            }
          }
        }
        double[] value = new double[nv];
        for (int i = 0; i < nv; i++) {
          value[i] = b.getDouble();
          if (!Double.isFinite(value[i]) || (classes > 0 && (value[i] < 0 || value[i] > 1))) {
            throw in.corrupt(entry, "tree " + t + ": leaf value " + value[i] + " out of range");
          }
        }
        for (int i = 0; i < n; i++) {
          if (feature[i] >= 0) {
            // children after their parent: every walk from the root moves forward and ends at a leaf
            if (feature[i] >= width || left[i] <= i || left[i] >= n || right[i] <= i || right[i] >= n
                || Double.isNaN(threshold[i])) {
              throw in.corrupt(entry, "tree " + t + " node " + i + ": invalid split");
            }
          } else if (feature[i] == -1) {
            if (left[i] < 0 || right[i] < 1 || (long) left[i] + right[i] > nv || (classes == 0 && right[i] != 1)) {
              throw in.corrupt(entry, "tree " + t + " node " + i + ": invalid leaf value range");
            }
          } else {
            throw in.corrupt(entry, "tree " + t + " node " + i + ": invalid feature index " + feature[i]);
          }
        }
        trees[t] = new Tree(feature, threshold, left, right, missingLeft, valueClass, value);
      }
      if (b.hasRemaining()) throw in.corrupt(entry, b.remaining() + " unexpected trailing bytes");
      return trees;
    } catch (java.nio.BufferUnderflowException e) {
      throw in.corrupt(entry, "truncated");
    }
  }

  /** File and entry, for errors raised by shared JSON helpers. */
  static String where(ModelReader in, String entry) {
    return in.source() + ", entry '" + in.path(entry) + "'";
  }

  /**
   * Rows per block of a LightGBM batch: its trees are small (31 leaves), so a block gains nothing from more
   * rows per tree, and its per-row scores (26 per row on letter) stay in cache (letter: ~135 ms at 512 rows,
   * ~150 ms at 2,500).
   */
  static final int PREDICT_BLOCK = 512;

  /**
   * Bytes of feature rows per block of a forest batch ({@link #forestBlockRows}). A forest's trees are large
   * (letter's extra trees ~7,500 nodes, 120 KB packed), and each block reloads every tree, so the fewer
   * blocks the fewer misses, as long as the block's rows stay in the core's cache. Measured, interleaved,
   * 150 trees, bench/notes/stack-speed.md (session 6): letter (128 B a row) extra trees 63 → 34 ms and random
   * forest 42 → 23 ms against 512-row blocks; NSL-KDD (~1 KB a row: 537 rows a block, as before), shuttle and
   * satimage unchanged within noise.
   */
  static final int FOREST_BLOCK_BYTES = 512 * 1024;

  /** The most rows per forest block for rows of {@code rowBytes} bytes. */
  static int forestBlockRows(int rowBytes) {
    return Math.max(MIN_PREDICT_BLOCK, FOREST_BLOCK_BYTES / Math.max(1, rowBytes));
  }

  /** Work on the rows {@code [from, to)} of a batch. */
  interface RowBlock {
    void run(int from, int to);
  }

  /** Smallest block of a batch cut finer than its largest block so that every core gets work. */
  static final int MIN_PREDICT_BLOCK = 16;

  /** Whether {@code x[from..to)} holds no NaN (the trees' faster walk needs none). */
  static boolean noNaN(double[] x, int from, int to) {
    for (int j = from; j < to; j++) if (x[j] != x[j]) return false;
    return true;
  }

  /**
   * Runs {@code block} over {@code [0, n)} in equal blocks of at most {@code maxRows} rows, in parallel when
   * there is more than one. The number of blocks is a multiple of the cores (down to
   * {@link #MIN_PREDICT_BLOCK} rows a block), so that every core gets the same share even of a small batch.
   * Each row is handled by exactly one block and sums its trees in tree order, so results are bit-identical
   * to row-by-row prediction whatever the block size and scheduling.
   */
  static void forBlocks(int n, int maxRows, RowBlock block) {
    if (n == 0) return;
    int cores = Runtime.getRuntime().availableProcessors();
    int blocks = (n + maxRows - 1) / maxRows;
    int spread = Math.max(1, Math.min(cores, n / MIN_PREDICT_BLOCK));
    blocks = (blocks + spread - 1) / spread * spread;
    int size = (n + blocks - 1) / blocks;
    int count = (n + size - 1) / size;
    java.util.stream.IntStream s = java.util.stream.IntStream.range(0, count);
    if (count > 1) s = s.parallel();
    s.forEach(b -> block.run(b * size, Math.min(n, (b + 1) * size)));
  }

}
