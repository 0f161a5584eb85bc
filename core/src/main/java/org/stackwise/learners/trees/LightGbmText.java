package org.stackwise.learners.trees;

import java.util.HashMap;
import java.util.Map;

/**
 * Checks a LightGBM text model before LightGBM parses it, because LightGBM trusts its input: it reads
 * past the end of the text when {@code tree_sizes} overstates a tree, aborts the process when a tree
 * fails to parse inside its parallel loader (observed: {@code terminate called after throwing ...
 * Tree model should contain num_cat field}), and at prediction time follows {@code split_feature},
 * child and category indices without bounds checks. This class accepts exactly the shapes LightGBM 4
 * writes for the models this package trains:
 * <ul>
 *   <li>header: {@code tree}, {@code version=v4}, {@code num_class}, {@code num_tree_per_iteration},
 *       {@code max_feature_idx} and objective as expected;
 *   <li>each tree block ({@code Tree=i} up to a blank line): every line {@code key=value}; array lengths
 *       as {@code num_leaves} requires; split features within range; children either leaves
 *       ({@code ~leaf}, within range) or internal nodes after their parent (so every walk ends);
 *       decision types 0..15; categorical thresholds indexing valid {@code cat_boundaries} within
 *       {@code cat_threshold}; no linear trees.
 * </ul>
 * {@link #forLoading} then drops {@code tree_sizes}, so LightGBM parses trees sequentially, where its
 * errors come back as error codes.
 */
final class LightGbmText {
  /** A rule the text breaks. */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String rule) {
      super(rule, null, false, false);
    }
  }

  private LightGbmText() { }

  /**
   * Checks {@code text} for a model of {@code features} inputs and {@code outputs} outputs per row, and
   * returns its trees for evaluation in Java; {@code objective} is {@code "binary"}, {@code "multiclass"}
   * or null for regression.
   */
  static LightGbmTrees parse(String text, int features, int outputs, String objective) throws Invalid {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].endsWith("\r")) lines[i] = lines[i].substring(0, lines[i].length() - 1);
    }
    if (lines.length == 0 || !lines[0].equals("tree")) throw new Invalid("not a LightGBM text model (first line must be 'tree')");
    Map<String, String> header = new HashMap<>();
    int i = 1;
    for (; i < lines.length && !lines[i].startsWith("Tree="); i++) {
      int eq = lines[i].indexOf('=');
      if (eq > 0) header.put(lines[i].substring(0, eq), lines[i].substring(eq + 1));
    }
    String version = header.get("version");
    if (version == null || !version.startsWith("v4")) throw new Invalid("LightGBM model version must be v4, got " + version);
    expect(header, "num_class", String.valueOf(outputs));
    expect(header, "num_tree_per_iteration", String.valueOf(outputs));
    expect(header, "max_feature_idx", String.valueOf(features - 1));
    String obj = header.get("objective");
    if (obj == null) throw new Invalid("missing objective line");
    String name = obj.split(" ")[0];
    boolean ok = objective == null ? name.equals("regression") : name.equals(objective);
    if (!ok) {
      throw new Invalid("objective '" + name + "' does not match a "
          + (objective == null ? "regression" : objective + " classification") + " model");
    }
    if (header.containsKey("average_output")) throw new Invalid("random-forest mode models (average_output) are not supported");
    double sigmoid = 1.0;
    for (String option : obj.split(" ")) {
      if (option.startsWith("sigmoid:")) {
        try {
          sigmoid = Double.parseDouble(option.substring("sigmoid:".length()));
        } catch (NumberFormatException e) {
          throw new Invalid("objective has an invalid sigmoid: " + shorten(obj));
        }
        if (!(sigmoid > 0) || Double.isInfinite(sigmoid)) throw new Invalid("objective sigmoid must be positive, got " + sigmoid);
      } else if (option.equals("sqrt") || option.startsWith("reg_sqrt")) {
        throw new Invalid("regression on the square root of the target is not supported");
      }
    }
    LightGbmTrees.Output out = objective == null ? LightGbmTrees.Output.IDENTITY
        : objective.equals("binary") ? LightGbmTrees.Output.SIGMOID : LightGbmTrees.Output.SOFTMAX;
    LightGbmTrees.Builder builder = new LightGbmTrees.Builder(features, outputs, out, sigmoid);
    int trees = 0;
    while (i < lines.length && lines[i].startsWith("Tree=")) {
      i = checkTree(lines, i + 1, features, trees, builder);
      trees++;
      // LightGBM skips blank lines between trees
      while (i < lines.length && lines[i].isEmpty()) i++;
    }
    if (trees == 0) throw new Invalid("the model has no trees");
    if (trees % outputs != 0) throw new Invalid(trees + " trees is not a multiple of " + outputs + " trees per iteration");
    return builder.build();
  }

  /** Checks the tree whose key lines start at {@code from}; returns the index of the blank line ending it. */
  private static int checkTree(String[] lines, int from, int features, int tree, LightGbmTrees.Builder builder)
      throws Invalid {
    Map<String, String> kv = new HashMap<>();
    int i = from;
    for (; i < lines.length && !lines[i].isEmpty(); i++) {
      int eq = lines[i].indexOf('=');
      if (eq < 0) throw new Invalid("tree " + tree + ": line without '=': " + shorten(lines[i]));
      kv.put(lines[i].substring(0, eq), lines[i].substring(eq + 1));
    }
    if (i >= lines.length) throw new Invalid("tree " + tree + " is not terminated by a blank line");
    int leaves = intValue(kv, "num_leaves", tree);
    int numCat = intValue(kv, "num_cat", tree);
    if (leaves < 1 || leaves > 1 << 20) throw new Invalid("tree " + tree + ": num_leaves " + leaves + " out of range");
    if (numCat < 0 || numCat >= leaves + 1) throw new Invalid("tree " + tree + ": num_cat " + numCat + " out of range");
    if (!"0".equals(kv.getOrDefault("is_linear", "0"))) throw new Invalid("tree " + tree + ": linear trees are not supported");
    double[] leafValue = doubles(kv, "leaf_value", leaves, tree);
    if (leaves == 1) {
      builder.add(leafValue, new int[0], new double[0], new int[0], new int[0], new int[0], null, null);
      return i;
    }
    int nodes = leaves - 1;
    int[] feature = ints(kv, "split_feature", nodes, tree);
    int[] left = ints(kv, "left_child", nodes, tree);
    int[] right = ints(kv, "right_child", nodes, tree);
    int[] decision = ints(kv, "decision_type", nodes, tree);
    double[] threshold = doubles(kv, "threshold", nodes, tree);
    int[] catBoundaries = null;
    long[] catThreshold = null;
    if (numCat > 0) {
      catBoundaries = ints(kv, "cat_boundaries", numCat + 1, tree);
      if (catBoundaries[0] != 0) throw new Invalid("tree " + tree + ": cat_boundaries must start at 0");
      for (int c = 0; c < numCat; c++) {
        if (catBoundaries[c + 1] < catBoundaries[c]) throw new Invalid("tree " + tree + ": cat_boundaries must not decrease");
      }
      catThreshold = words(kv, "cat_threshold", catBoundaries[numCat], tree);
    }
    for (int n = 0; n < nodes; n++) {
      if (feature[n] < 0 || feature[n] >= features) {
        throw new Invalid("tree " + tree + ": split feature " + feature[n] + " outside 0.." + (features - 1));
      }
      for (int child : new int[] {left[n], right[n]}) {
        boolean leaf = child < 0 && ~child < leaves;
        boolean internal = child > n && child < nodes;
        if (!leaf && !internal) throw new Invalid("tree " + tree + ": node " + n + " has invalid child " + child);
      }
      if (decision[n] < 0 || decision[n] > 15) throw new Invalid("tree " + tree + ": invalid decision_type " + decision[n]);
      if ((decision[n] & 1) != 0) {
        double t = threshold[n];
        if (numCat == 0 || t != Math.rint(t) || t < 0 || t >= numCat) {
          throw new Invalid("tree " + tree + ": categorical split " + n + " has invalid category set " + t);
        }
      } else if (Double.isNaN(threshold[n])) {
        throw new Invalid("tree " + tree + ": threshold of node " + n + " is NaN");
      }
    }
    builder.add(leafValue, feature, threshold, decision, left, right, catBoundaries, catThreshold);
    return i;
  }

  /** Unsigned 32-bit words (LightGBM's category bitsets). */
  private static long[] words(Map<String, String> kv, String key, int n, int tree) throws Invalid {
    String[] parts = split(kv, key, n, tree);
    long[] out = new long[n];
    try {
      for (int k = 0; k < n; k++) out[k] = Long.parseLong(parts[k]);
    } catch (NumberFormatException e) {
      throw new Invalid("tree " + tree + ": " + key + " holds a value that is not an integer");
    }
    for (long w : out) if (w < 0 || w > 0xFFFFFFFFL) throw new Invalid("tree " + tree + ": " + key + " word " + w + " is not a 32-bit word");
    return out;
  }

  /** The text handed to LightGBM's parser: without {@code tree_sizes}, so trees are parsed one by one. */
  static String forLoading(String text) {
    int end = text.indexOf("\nTree=");
    String head = end < 0 ? text : text.substring(0, end);
    String rest = end < 0 ? "" : text.substring(end);
    return head.replaceFirst("(?m)^tree_sizes=.*(\r?\n|$)", "") + rest;
  }

  private static void expect(Map<String, String> header, String key, String value) throws Invalid {
    if (!value.equals(header.get(key))) throw new Invalid(key + " must be " + value + ", got " + header.get(key));
  }

  private static int intValue(Map<String, String> kv, String key, int tree) throws Invalid {
    String v = kv.get(key);
    if (v == null) throw new Invalid("tree " + tree + ": missing " + key);
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new Invalid("tree " + tree + ": " + key + " is not an integer: " + shorten(v));
    }
  }

  private static int[] ints(Map<String, String> kv, String key, int n, int tree) throws Invalid {
    String[] parts = split(kv, key, n, tree);
    int[] out = new int[n];
    try {
      for (int k = 0; k < n; k++) out[k] = Integer.parseInt(parts[k]);
    } catch (NumberFormatException e) {
      throw new Invalid("tree " + tree + ": " + key + " holds a value that is not an integer");
    }
    return out;
  }

  private static double[] doubles(Map<String, String> kv, String key, int n, int tree) throws Invalid {
    String[] parts = split(kv, key, n, tree);
    double[] out = new double[n];
    for (int k = 0; k < n; k++) {
      String p = parts[k];
      // LightGBM writes inf/-inf/nan for non-finite values
      if (p.equals("inf")) out[k] = Double.POSITIVE_INFINITY;
      else if (p.equals("-inf")) out[k] = Double.NEGATIVE_INFINITY;
      else if (p.equals("nan") || p.equals("-nan")) out[k] = Double.NaN;
      else {
        try {
          out[k] = Double.parseDouble(p);
        } catch (NumberFormatException e) {
          throw new Invalid("tree " + tree + ": " + key + " holds a value that is not a number: " + shorten(p));
        }
      }
    }
    return out;
  }

  private static String[] split(Map<String, String> kv, String key, int n, int tree) throws Invalid {
    String v = kv.get(key);
    if (v == null) throw new Invalid("tree " + tree + ": missing " + key);
    String[] parts = v.isEmpty() ? new String[0] : v.trim().split(" ");
    if (parts.length != n) throw new Invalid("tree " + tree + ": " + key + " has " + parts.length + " values, expected " + n);
    return parts;
  }

  private static String shorten(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "…" : s;
  }
}
