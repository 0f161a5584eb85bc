package org.stackwise.data.read;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.stackwise.BadInputException;
import org.stackwise.data.Column;
import org.stackwise.data.Dataset;
import org.stackwise.data.Schema;
import org.stackwise.data.Target;

/**
 * Lines new data up with the schema of a fitted model, for prediction and evaluation.
 *
 * <ul>
 *   <li>Columns are matched by name; columns the model does not use are ignored; a model column
 *       absent from the data is an error naming it.
 *   <li>Categorical values are mapped to the model's level indices by level name (a number-looking
 *       value also matches a level with the same numeric value, so {@code 1.0} finds level {@code 1}).
 *       A level the model never saw becomes NaN: it is treated as a missing value, never a crash.
 *   <li>A numeric model column must hold numbers; the first value that is not one is an error with
 *       its line and column.
 *   <li>The target is optional. When present and the model is a classifier, labels are mapped to the
 *       model's classes by name (numeric fallback as for levels); a label not among them is an error
 *       naming the line and the value. For a regressor the target must be numeric.
 * </ul>
 */
final class SchemaAlignment {
  private SchemaAlignment() { }

  static Dataset align(RawTable raw, ReadOptions opt, Schema schema, List<String> classes) {
    Set<String> drop = TableAssembler.checkDrop(raw, opt);
    int rows = raw.rows();
    int p = schema.size();
    double[] out = new double[rows * p];
    for (int k = 0; k < p; k++) {
      Column m = schema.column(k);
      int j = raw.indexOf(m.name());
      if (j < 0 || drop.contains(m.name())) {
        throw new BadInputException(raw.source(), raw.headerLine(), 0, "column '" + m.name()
            + "' is missing: the model needs it" + (j >= 0 ? " (it was dropped)" : "")
            + "; available columns: " + raw.available());
      }
      RawColumn c = raw.columns().get(j);
      double[] v;
      if (!m.isCategorical()) {
        v = c.isNumeric() ? c.values() : TableAssembler.levelsAsNumbers(raw, c, "column '" + c.name()
            + "' is numeric in the model, so its values must be numbers");
      } else {
        LevelIndex index = new LevelIndex(m.levels());
        double[] src = c.values();
        v = new double[rows];
        if (c.isNumeric()) {
          for (int i = 0; i < rows; i++) v[i] = Double.isNaN(src[i]) ? Double.NaN : levelOrMissing(index.find(src[i]));
        } else {
          double[] map = new double[c.levels().size()];
          for (int l = 0; l < map.length; l++) map[l] = levelOrMissing(index.find(c.levels().get(l)));
          for (int i = 0; i < rows; i++) v[i] = Double.isNaN(src[i]) ? Double.NaN : map[(int) src[i]];
        }
      }
      for (int i = 0, o = k; i < rows; i++, o += p) out[o] = v[i];
    }
    return Dataset.ofRowMajor(schema, rows, out, target(raw, opt, drop, classes));
  }

  private static Target target(RawTable raw, ReadOptions opt, Set<String> drop, List<String> classes) {
    String name = opt.target();
    if (name == null || drop.contains(name)) return null;
    int ti = raw.indexOf(name);
    if (ti < 0) return null;
    RawColumn c = raw.columns().get(ti);
    boolean anyPresent = false;
    for (double x : c.values()) anyPresent |= !Double.isNaN(x);
    if (!anyPresent) return null; // an empty label column: data to predict
    TableAssembler.checkNoMissing(raw, c);
    if (classes == null) {
      double[] y = c.isNumeric() ? c.values()
          : TableAssembler.levelsAsNumbers(raw, c, "target '" + name + "' must be numeric for a regression model");
      return new Target.Numeric(name, y);
    }
    LevelIndex index = new LevelIndex(classes);
    double[] v = c.values();
    int[] y = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      String label;
      int k;
      if (!c.isNumeric()) {
        label = c.levels().get((int) v[i]);
        k = index.find(label);
      } else if (c.texts() != null) {
        label = c.texts().get(c.textCodes()[i]);
        k = index.find(label);
      } else {
        label = Numbers.format(v[i]);
        k = index.find(v[i]);
      }
      if (k < 0) {
        throw new BadInputException(raw.source(), raw.rowLines()[i], c.field(), "label '" + label
            + "' is not one of the model's classes " + ArffReader.abbreviate(classes.toString()));
      }
      y[i] = k;
    }
    return new Target.Classes(name, classes, y);
  }

  /** Finds a level by name, else by numeric value. */
  static final class LevelIndex {
    private final Map<String, Integer> byName = new HashMap<>();
    private final Map<Double, Integer> byNumber = new HashMap<>();

    LevelIndex(List<String> levels) {
      for (int k = 0; k < levels.size(); k++) {
        byName.putIfAbsent(levels.get(k), k);
        double x = Numbers.parse(levels.get(k));
        if (!Double.isNaN(x)) byNumber.putIfAbsent(x + 0.0, k); // + 0.0 turns -0.0 into 0.0
      }
    }

    /** The level index, or -1. */
    int find(String text) {
      Integer k = byName.get(text);
      if (k != null) return k;
      double x = Numbers.parse(text);
      return Double.isNaN(x) ? -1 : find(x);
    }

    /** The level whose name has this numeric value, or -1. */
    int find(double x) {
      Integer k = byNumber.get(x + 0.0);
      return k == null ? -1 : k;
    }
  }

  /** A level the model never saw (-1) becomes NaN: treated as missing. */
  private static double levelOrMissing(int k) {
    return k < 0 ? Double.NaN : k;
  }
}
