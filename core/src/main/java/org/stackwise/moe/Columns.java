package org.stackwise.moe;

import java.util.ArrayList;
import java.util.List;
import org.stackwise.data.Column;
import org.stackwise.data.Dataset;
import org.stackwise.data.Schema;

/** Column subsets: the gate's and the experts' views of a row. */
final class Columns {
  private Columns() { }

  static int[] range(int from, int to) {
    int[] c = new int[to - from];
    for (int i = 0; i < c.length; i++) c[i] = from + i;
    return c;
  }

  static boolean isAll(int[] cols, int width) {
    if (cols.length != width) return false;
    for (int i = 0; i < cols.length; i++) if (cols[i] != i) return false;
    return true;
  }

  static Schema schema(Schema s, int[] cols) {
    if (isAll(cols, s.size())) return s;
    List<Column> out = new ArrayList<>();
    for (int c : cols) out.add(s.column(c));
    return Schema.of(out);
  }

  /** The columns {@code cols} of {@code data}, with its target and weights. */
  static Dataset project(Dataset data, int[] cols) {
    if (isAll(cols, data.columns())) return data;
    Schema s = schema(data.schema(), cols);
    double[][] x = new double[data.rows()][cols.length];
    for (int i = 0; i < x.length; i++) for (int j = 0; j < cols.length; j++) x[i][j] = data.get(i, cols[j]);
    Dataset out = Dataset.of(s, x, data.hasTarget() ? data.target() : null);
    return data.hasWeights() ? out.withWeights(data.weights()) : out;
  }

  static double[] row(double[] raw, int[] cols) {
    if (isAll(cols, raw.length)) return raw;
    double[] out = new double[cols.length];
    for (int j = 0; j < cols.length; j++) out[j] = raw[cols[j]];
    return out;
  }
}
