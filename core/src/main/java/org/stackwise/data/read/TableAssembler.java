package org.stackwise.data.read;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.stackwise.BadInputException;
import org.stackwise.data.Column;
import org.stackwise.data.Dataset;
import org.stackwise.data.Schema;
import org.stackwise.data.Target;

/**
 * Turns a {@link RawTable} into a {@link Dataset}: drops columns, picks and types the target, and
 * orders the levels of inferred categorical columns naturally ({@link Numbers#NATURAL_ORDER}).
 */
final class TableAssembler {
  private TableAssembler() { }

  /** {@code maxInferredClasses} value meaning: a numeric target is a regression target (ARFF's declared type). */
  static final int FOLLOW_DECLARED_TYPE = 0;

  /**
   * @param maxInferredClasses an all-integer numeric target with at most this many distinct values
   *     is inferred to be a class target (20 for CSV, 100 for LibSVM); {@link #FOLLOW_DECLARED_TYPE}
   *     makes numeric targets regression targets
   */
  static Dataset assemble(RawTable raw, ReadOptions opt, int maxInferredClasses) {
    Set<String> drop = checkDrop(raw, opt);
    int ti = -1;
    if (opt.target() != null) {
      ti = raw.indexOf(opt.target());
      if (ti < 0) {
        throw new BadInputException(raw.source(), raw.headerLine(), 0, "unknown target column '" + opt.target()
            + "'; available columns: " + raw.available());
      }
      if (drop.contains(opt.target())) {
        throw new BadInputException(raw.source(), "column '" + opt.target() + "' is both the target and dropped");
      }
    }
    Target target = ti < 0 ? null : target(raw, raw.columns().get(ti), opt.targetIsNumeric(), maxInferredClasses);

    List<Column> columns = new ArrayList<>();
    List<double[]> values = new ArrayList<>();
    for (int j = 0; j < raw.columns().size(); j++) {
      RawColumn c = raw.columns().get(j);
      if (j == ti || drop.contains(c.name())) continue;
      if (c.isNumeric()) {
        columns.add(Column.numeric(c.name()));
        values.add(c.values());
      } else if (c.declared()) {
        columns.add(Column.categorical(c.name(), c.levels()));
        values.add(c.values());
      } else {
        int[] rank = Numbers.naturalRank(c.levels());
        double[] v = c.values().clone();
        for (int i = 0; i < v.length; i++) if (!Double.isNaN(v[i])) v[i] = rank[(int) v[i]];
        columns.add(Column.categorical(c.name(), Numbers.reorder(c.levels(), rank)));
        values.add(v);
      }
    }
    if (columns.isEmpty()) {
      throw new BadInputException(raw.source(), "no feature columns left after removing the target and dropped columns");
    }
    return Dataset.ofRowMajor(Schema.of(columns), raw.rows(), rowMajor(values, raw.rows()), target);
  }

  static double[] rowMajor(List<double[]> columns, int rows) {
    int p = columns.size();
    double[] out = new double[rows * p];
    for (int j = 0; j < p; j++) {
      double[] c = columns.get(j);
      for (int i = 0, k = j; i < rows; i++, k += p) out[k] = c[i];
    }
    return out;
  }

  static Set<String> checkDrop(RawTable raw, ReadOptions opt) {
    for (String d : opt.drop()) {
      if (raw.indexOf(d) < 0) {
        throw new BadInputException(raw.source(), raw.headerLine(), 0, "unknown drop column '" + d
            + "'; available columns: " + raw.available());
      }
    }
    return new HashSet<>(opt.drop());
  }

  /** Rejects missing target values, naming the first row's line. */
  static void checkNoMissing(RawTable raw, RawColumn c) {
    double[] v = c.values();
    int first = -1;
    int count = 0;
    for (int i = 0; i < v.length; i++) {
      if (Double.isNaN(v[i])) {
        if (first < 0) first = i;
        count++;
      }
    }
    if (first >= 0) {
      throw new BadInputException(raw.source(), raw.rowLines()[first], c.field(), "target '" + c.name()
          + "' is missing at line " + raw.rowLines()[first]
          + (count > 1 ? " (and in " + (count - 1) + " more rows)" : "") + "; every row needs a target value");
    }
  }

  /** The numbers behind the levels of a categorical column; the first non-number is an error. */
  static double[] levelsAsNumbers(RawTable raw, RawColumn c, String rule) {
    double[] lv = new double[c.levels().size()];
    for (int k = 0; k < lv.length; k++) lv[k] = Numbers.parse(c.levels().get(k));
    double[] v = c.values();
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      if (Double.isNaN(v[i])) {
        out[i] = Double.NaN;
        continue;
      }
      double x = lv[(int) v[i]];
      if (Double.isNaN(x)) {
        throw new BadInputException(raw.source(), raw.rowLines()[i], c.field(),
            rule + ", got '" + c.levels().get((int) v[i]) + "'");
      }
      out[i] = x;
    }
    return out;
  }

  /** The target from column {@code c}: typed as {@link ReadOptions#targetIsNumeric()} says or inferred. */
  static Target target(RawTable raw, RawColumn c, Boolean numericOverride, int maxInferredClasses) {
    checkNoMissing(raw, c);
    String name = c.name();
    double[] v = c.values();
    boolean numeric;
    if (numericOverride != null) {
      numeric = numericOverride;
    } else if (!c.isNumeric()) {
      numeric = false;
    } else if (maxInferredClasses == FOLLOW_DECLARED_TYPE) {
      numeric = true; // ARFF: a numeric class attribute means regression, as in Weka
    } else {
      numeric = !looksLikeClasses(v, maxInferredClasses);
    }
    if (numeric) {
      double[] y = c.isNumeric() ? v : levelsAsNumbers(raw, c, "target '" + name + "' must be numeric (regression)");
      return new Target.Numeric(name, y);
    }
    int[] y = new int[v.length];
    List<String> classes;
    if (!c.isNumeric()) {
      int[] map;
      List<String> levels;
      if (c.declared()) {
        map = new int[c.levels().size()];
        for (int k = 0; k < map.length; k++) map[k] = k;
        levels = c.levels();
      } else {
        map = Numbers.naturalRank(c.levels());
        levels = Numbers.reorder(c.levels(), map);
      }
      // Keep only classes that occur, in order; a declared class without rows is left out.
      int[] counts = new int[levels.size()];
      for (double x : v) counts[map[(int) x]]++;
      int[] compact = new int[levels.size()];
      classes = new ArrayList<>();
      for (int k = 0; k < levels.size(); k++) {
        compact[k] = classes.size();
        if (counts[k] > 0) classes.add(levels.get(k));
      }
      for (int i = 0; i < v.length; i++) y[i] = compact[map[(int) v[i]]];
    } else {
      // Numeric labels: classes are the distinct values in numeric order, named by their first text.
      TreeMap<Double, String> names = new TreeMap<>();
      for (int i = 0; i < v.length; i++) {
        if (!names.containsKey(v[i])) {
          names.put(v[i], c.texts() != null ? c.texts().get(c.textCodes()[i]) : Numbers.format(v[i]));
        }
      }
      Map<Double, Integer> index = new HashMap<>();
      classes = new ArrayList<>();
      for (Map.Entry<Double, String> e : names.entrySet()) {
        index.put(e.getKey(), classes.size());
        classes.add(e.getValue());
      }
      for (int i = 0; i < v.length; i++) y[i] = index.get(v[i]);
    }
    if (classes.size() < 2) {
      throw new BadInputException(raw.source(), 0, c.field(), "target '" + name + "' has only one class ('"
          + classes.get(0) + "' in all " + v.length + " rows); classification needs at least two classes");
    }
    return new Target.Classes(name, classes, y);
  }

  /** All integers with at most {@code maxClasses} distinct values. */
  static boolean looksLikeClasses(double[] v, int maxClasses) {
    Set<Double> distinct = new HashSet<>();
    for (double x : v) {
      if (!Numbers.isIntegral(x)) return false;
      if (distinct.add(x) && distinct.size() > maxClasses) return false;
    }
    return true;
  }

  /** A copy of {@code data} without the named columns (for formats read straight into a dataset). */
  static Dataset dropColumns(Dataset data, List<String> drop, String source) {
    if (drop.isEmpty()) return data;
    Schema schema = data.schema();
    Set<String> d = new HashSet<>(drop);
    for (String name : drop) {
      if (schema.indexOf(name) < 0) {
        String available = String.join(", ", schema.names().subList(0, Math.min(50, schema.size())));
        throw new BadInputException(source, "unknown drop column '" + name + "'; available columns: " + available
            + (schema.size() > 50 ? ", ... (" + schema.size() + " columns)" : ""));
      }
    }
    int[] keep = new int[schema.size() - d.size()];
    List<Column> cols = new ArrayList<>();
    for (int j = 0, k = 0; j < schema.size(); j++) {
      if (!d.contains(schema.column(j).name())) {
        keep[k++] = j;
        cols.add(schema.column(j));
      }
    }
    if (cols.isEmpty()) throw new BadInputException(source, "no feature columns left after removing the dropped columns");
    int p = schema.size();
    double[] all = data.toRowMajor();
    double[] out = new double[data.rows() * keep.length];
    for (int i = 0; i < data.rows(); i++) {
      for (int k = 0; k < keep.length; k++) out[i * keep.length + k] = all[i * p + keep[k]];
    }
    return Dataset.ofRowMajor(Schema.of(cols), data.rows(), out, data.hasTarget() ? data.target() : null);
  }
}
