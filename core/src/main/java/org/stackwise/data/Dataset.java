package org.stackwise.data;

import java.util.Arrays;
import java.util.Objects;
import org.stackwise.BadInputException;
import org.stackwise.Task;

/**
 * Immutable rows × columns of doubles with a {@link Schema}, an optional {@link Target}, optional
 * per-row weights and optional per-row group ids (for grouped folds).
 *
 * <p>Values are stored row-major. Categorical values are level indices; missing values are NaN.
 * Accessors copy, so a dataset can be shared between threads and never changes.
 */
public final class Dataset {
  private final Schema schema;
  private final int rows;
  private final double[] values;
  private final Target target;
  private final double[] weights;
  private final int[] groups;

  private Dataset(Schema schema, int rows, double[] values, Target target, double[] weights, int[] groups) {
    this.schema = Objects.requireNonNull(schema);
    this.rows = rows;
    this.values = values;
    this.target = target;
    this.weights = weights;
    this.groups = groups;
    if ((long) rows * schema.size() != values.length) {
      throw new IllegalArgumentException("values length " + values.length + " != rows " + rows + " × columns " + schema.size());
    }
    if (target != null && target.size() != rows) {
      throw new IllegalArgumentException("target has " + target.size() + " rows, features have " + rows);
    }
    if (weights != null) {
      if (weights.length != rows) throw new IllegalArgumentException("weights have " + weights.length + " rows, features have " + rows);
      for (int i = 0; i < rows; i++) {
        if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
          throw new BadInputException("weights", i + 1, 0, "row weights must be finite and >= 0, got " + weights[i]);
        }
      }
    }
    if (groups != null && groups.length != rows) {
      throw new IllegalArgumentException("groups have " + groups.length + " rows, features have " + rows);
    }
  }

  /** A dataset from row arrays (copied). {@code target} may be null for unlabeled data. */
  public static Dataset of(Schema schema, double[][] rowArrays, Target target) {
    int p = schema.size();
    double[] v = new double[rowArrays.length * p];
    for (int i = 0; i < rowArrays.length; i++) {
      if (rowArrays[i].length != p) {
        throw new IllegalArgumentException("row " + i + " has " + rowArrays[i].length + " values, schema has " + p);
      }
      System.arraycopy(rowArrays[i], 0, v, i * p, p);
    }
    return new Dataset(schema, rowArrays.length, v, target, null, null);
  }

  /** A dataset from a row-major value array (copied). */
  public static Dataset ofRowMajor(Schema schema, int rows, double[] values, Target target) {
    return new Dataset(schema, rows, values.clone(), target, null, null);
  }

  public Schema schema() { return schema; }
  public int rows() { return rows; }
  public int columns() { return schema.size(); }

  public double get(int row, int column) {
    return values[row * schema.size() + column];
  }

  /** Copies row {@code row} into {@code dst} (length ≥ columns). */
  public void copyRow(int row, double[] dst) {
    System.arraycopy(values, row * schema.size(), dst, 0, schema.size());
  }

  /** Copies row {@code row} into {@code dst} starting at {@code offset}. */
  public void copyRowInto(int row, double[] dst, int offset) {
    System.arraycopy(values, row * schema.size(), dst, offset, schema.size());
  }

  /** A copy of one row. */
  public double[] row(int row) {
    int p = schema.size();
    return Arrays.copyOfRange(values, row * p, row * p + p);
  }

  /** A copy of all rows as arrays. */
  public double[][] toRowArrays() {
    double[][] out = new double[rows][];
    for (int i = 0; i < rows; i++) out[i] = row(i);
    return out;
  }

  /** A copy of the row-major value array. */
  public double[] toRowMajor() {
    return values.clone();
  }

  /** A copy of one column. */
  public double[] column(int column) {
    int p = schema.size();
    double[] out = new double[rows];
    for (int i = 0; i < rows; i++) out[i] = values[i * p + column];
    return out;
  }

  public boolean hasTarget() { return target != null; }

  /** The target; throws if the dataset is unlabeled. */
  public Target target() {
    if (target == null) throw new IllegalStateException("dataset has no target");
    return target;
  }

  /** The task implied by the target. */
  public Task task() {
    return target() instanceof Target.Classes ? Task.CLASSIFICATION : Task.REGRESSION;
  }

  /** The class target; throws {@link BadInputException} when the target is numeric. */
  public Target.Classes classes() {
    if (target() instanceof Target.Classes c) return c;
    throw new BadInputException("target '" + target.name() + "'", "a class target is required, but the target is numeric");
  }

  /** The numeric target; throws {@link BadInputException} when the target is categorical. */
  public Target.Numeric numericTarget() {
    if (target() instanceof Target.Numeric n) return n;
    throw new BadInputException("target '" + target.name() + "'", "a numeric target is required, but the target is categorical");
  }

  public boolean hasWeights() { return weights != null; }

  /** Row weights (copy), or all ones when the dataset has none. */
  public double[] weights() {
    if (weights == null) {
      double[] w = new double[rows];
      Arrays.fill(w, 1.0);
      return w;
    }
    return weights.clone();
  }

  public boolean hasGroups() { return groups != null; }

  /** Group ids (copy); throws when the dataset has none. */
  public int[] groups() {
    if (groups == null) throw new IllegalStateException("dataset has no groups");
    return groups.clone();
  }

  public Dataset withWeights(double[] w) {
    return new Dataset(schema, rows, values, target, w == null ? null : w.clone(), groups);
  }

  public Dataset withGroups(int[] g) {
    return new Dataset(schema, rows, values, target, weights, g == null ? null : g.clone());
  }

  public Dataset withTarget(Target t) {
    return new Dataset(schema, rows, values, t, weights, groups);
  }

  /** The same features without target, weights or groups. */
  public Dataset featuresOnly() {
    return new Dataset(schema, rows, values, null, null, null);
  }

  /**
   * The given rows, in that order (rows may repeat, e.g. for bootstrap samples).
   *
   * @throws IndexOutOfBoundsException if an index is outside [0, rows)
   */
  public Dataset select(int[] rowIndices) {
    for (int r : rowIndices) java.util.Objects.checkIndex(r, rows);
    int p = schema.size();
    double[] v = new double[rowIndices.length * p];
    for (int i = 0; i < rowIndices.length; i++) {
      System.arraycopy(values, rowIndices[i] * p, v, i * p, p);
    }
    double[] w = null;
    if (weights != null) {
      w = new double[rowIndices.length];
      for (int i = 0; i < w.length; i++) w[i] = weights[rowIndices[i]];
    }
    int[] g = null;
    if (groups != null) {
      g = new int[rowIndices.length];
      for (int i = 0; i < g.length; i++) g[i] = groups[rowIndices[i]];
    }
    return new Dataset(schema, rowIndices.length, v, target == null ? null : target.select(rowIndices), w, g);
  }

  /**
   * Rows {@code from} (inclusive) to {@code to} (exclusive).
   *
   * @throws IndexOutOfBoundsException unless 0 ≤ from ≤ to ≤ rows
   */
  public Dataset slice(int from, int to) {
    java.util.Objects.checkFromToIndex(from, to, rows);
    int[] idx = new int[to - from];
    for (int i = 0; i < idx.length; i++) idx[i] = from + i;
    return select(idx);
  }

  @Override public String toString() {
    return "Dataset[" + rows + " rows × " + schema.size() + " columns"
        + (target == null ? "" : ", target '" + target.name() + "' (" + task().name().toLowerCase() + ")") + "]";
  }
}
