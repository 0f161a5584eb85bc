package org.stackwise.lazy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.stackwise.BadInputException;

/**
 * What lazy stacking learns from and is evaluated on: for each of {@code n} rows, every member's
 * class distribution and cost, plus the row's label. Immutable; accessors copy.
 *
 * <p>A table comes from an execution log (black-box members, {@link org.stackwise.io.logs.ExecutionLogReader})
 * or from a fitted stack run on labelled data (white-box members, {@link WhiteBox}). Member {@code j}'s
 * distribution for row {@code i} is over {@link #classes()} in that order; its cost is in
 * {@link #costUnit()} units (ms, usd, ...). Labels are class indices, or {@code -1} for an unlabelled row.
 *
 * <p>Invariants (checked when built): distributions are finite, {@code >= 0} and sum to 1 within
 * {@link #SUM_TOLERANCE}; costs are finite and {@code >= 0}; ids are unique; names are unique.
 */
public final class OutputTable {
  /** Largest deviation of a distribution's sum from 1 that is accepted. */
  public static final double SUM_TOLERANCE = 1e-6;

  private final List<String> ids;
  private final List<String> members;
  private final List<String> classes;
  private final String costUnit;
  private final int n;
  private final int m;
  private final int k;
  private final double[] proba;
  private final double[] cost;
  private final int[] labels;

  private OutputTable(List<String> ids, List<String> members, List<String> classes, String costUnit,
      double[] proba, double[] cost, int[] labels) {
    this.ids = List.copyOf(ids);
    this.members = List.copyOf(members);
    this.classes = List.copyOf(classes);
    this.costUnit = costUnit;
    this.n = ids.size();
    this.m = members.size();
    this.k = classes.size();
    this.proba = proba;
    this.cost = cost;
    this.labels = labels;
  }

  /** A builder for a table of the given members and classes. */
  public static Builder builder(List<String> members, List<String> classes, String costUnit) {
    return new Builder(members, classes, costUnit);
  }

  /** Adds rows one at a time; {@link #build()} returns the immutable table. Not thread-safe. */
  public static final class Builder {
    private final List<String> members;
    private final List<String> classes;
    private final String costUnit;
    private final List<String> ids = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private double[] proba = new double[0];
    private double[] cost = new double[0];
    private int[] labels = new int[0];
    private int rows;

    private Builder(List<String> members, List<String> classes, String costUnit) {
      this.members = List.copyOf(members);
      this.classes = List.copyOf(classes);
      this.costUnit = Objects.requireNonNull(costUnit, "costUnit");
      if (this.members.isEmpty()) throw new BadInputException("members", "at least one member is needed");
      if (this.classes.size() < 2) throw new BadInputException("classes", "at least two classes are needed, got " + classes);
      if (new HashSet<>(this.members).size() != this.members.size()) {
        throw new BadInputException("members", "member names must be unique, got " + members);
      }
      if (new HashSet<>(this.classes).size() != this.classes.size()) {
        throw new BadInputException("classes", "class names must be unique, got " + classes);
      }
    }

    /**
     * Adds a row.
     *
     * @param id unique row id
     * @param label class index, or -1 when unknown
     * @param distributions one distribution per member (in member order), each over all classes
     * @param costs one cost per member
     */
    public Builder add(String id, int label, double[][] distributions, double[] costs) {
      Objects.requireNonNull(id, "id");
      String where = "row '" + id + "'";
      int m = members.size();
      int k = classes.size();
      if (!seen.add(id)) throw new BadInputException(where, "duplicate row id");
      if (label < -1 || label >= k) throw new BadInputException(where, "label index must be -1 or in 0.." + (k - 1) + ", got " + label);
      if (distributions.length != m || costs.length != m) {
        throw new BadInputException(where, "expected outputs of " + m + " members, got " + distributions.length
            + " distributions and " + costs.length + " costs");
      }
      ensure(rows + 1);
      for (int j = 0; j < m; j++) {
        double[] p = distributions[j];
        String mw = where + ", member '" + members.get(j) + "'";
        if (p.length != k) throw new BadInputException(mw, "distribution must have " + k + " values, got " + p.length);
        checkDistribution(mw, p);
        System.arraycopy(p, 0, proba, (rows * m + j) * k, k);
        checkCost(mw, costs[j]);
        cost[rows * m + j] = costs[j];
      }
      labels[rows] = label;
      ids.add(id);
      rows++;
      return this;
    }

    private void ensure(int r) {
      int m = members.size();
      int k = classes.size();
      if (labels.length >= r) return;
      int cap = Math.max(16, Math.max(r, labels.length * 2));
      proba = Arrays.copyOf(proba, cap * m * k);
      cost = Arrays.copyOf(cost, cap * m);
      labels = Arrays.copyOf(labels, cap);
    }

    /** The table of all rows added so far. */
    public OutputTable build() {
      int m = members.size();
      int k = classes.size();
      return new OutputTable(ids, members, classes, costUnit, Arrays.copyOf(proba, rows * m * k),
          Arrays.copyOf(cost, rows * m), Arrays.copyOf(labels, rows));
    }
  }

  /** Checks that {@code p} is a distribution: finite, >= 0, summing to 1 within {@link #SUM_TOLERANCE}. */
  public static void checkDistribution(String where, double[] p) {
    double s = 0;
    for (int c = 0; c < p.length; c++) {
      if (!Double.isFinite(p[c]) || p[c] < 0) {
        throw new BadInputException(where, "probabilities must be finite and >= 0, got " + p[c]);
      }
      s += p[c];
    }
    if (Math.abs(s - 1) > SUM_TOLERANCE) {
      throw new BadInputException(where, "probabilities must sum to 1 (±" + SUM_TOLERANCE + "), got " + s);
    }
  }

  /** Checks that a cost is finite and >= 0. */
  public static void checkCost(String where, double c) {
    if (!Double.isFinite(c) || c < 0) throw new BadInputException(where, "cost must be a finite number >= 0, got " + c);
  }

  public int rows() { return n; }
  public int memberCount() { return m; }
  public int classCount() { return k; }
  public List<String> ids() { return ids; }
  public String id(int row) { return ids.get(row); }
  public List<String> members() { return members; }
  public List<String> classes() { return classes; }
  public String costUnit() { return costUnit; }

  /** Index of a member by name, or -1. */
  public int memberIndex(String name) { return members.indexOf(name); }

  /** Probability of class {@code c} by member {@code j} on row {@code i}. */
  public double proba(int i, int j, int c) { return proba[(i * m + j) * k + c]; }

  /** Member {@code j}'s distribution on row {@code i} (a copy). */
  public double[] proba(int i, int j) {
    int o = (i * m + j) * k;
    return Arrays.copyOfRange(proba, o, o + k);
  }

  /** Copies member {@code j}'s distribution on row {@code i} into {@code dst} at {@code offset}. */
  public void probaInto(int i, int j, double[] dst, int offset) {
    System.arraycopy(proba, (i * m + j) * k, dst, offset, k);
  }

  /** Adds member {@code j}'s distribution on row {@code i} to {@code acc} (length k). */
  public void addProba(int i, int j, double[] acc) {
    int o = (i * m + j) * k;
    for (int c = 0; c < k; c++) acc[c] += proba[o + c];
  }

  /** The most probable class of member {@code j} on row {@code i} (ties: lower index). */
  public int argMax(int i, int j) {
    int o = (i * m + j) * k;
    int best = 0;
    for (int c = 1; c < k; c++) if (proba[o + c] > proba[o + best]) best = c;
    return best;
  }

  /** Cost of running member {@code j} on row {@code i}. */
  public double cost(int i, int j) { return cost[i * m + j]; }

  /** Label (class index) of row {@code i}, or -1 when unknown. */
  public int label(int i) { return labels[i]; }

  /** All labels (copy). */
  public int[] labels() { return labels.clone(); }

  /** True when every row has a label. */
  public boolean labelled() {
    for (int y : labels) if (y < 0) return false;
    return true;
  }

  /** Mean cost of member {@code j} over all rows (0 for an empty table). */
  public double meanCost(int j) {
    if (n == 0) return 0;
    double s = 0;
    for (int i = 0; i < n; i++) s += cost[i * m + j];
    return s / n;
  }

  /** Mean over rows of the cost of running every member: the cost of the full ensemble. */
  public double fullCost() {
    double s = 0;
    for (int j = 0; j < m; j++) s += meanCost(j);
    return s;
  }

  /** The given rows, in that order. */
  public OutputTable select(int[] rows) {
    double[] p = new double[rows.length * m * k];
    double[] c = new double[rows.length * m];
    int[] y = new int[rows.length];
    List<String> id = new ArrayList<>(rows.length);
    Set<Integer> dup = new HashSet<>();
    for (int r = 0; r < rows.length; r++) {
      int i = rows[r];
      if (!dup.add(i)) throw new IllegalArgumentException("row " + i + " selected twice (ids must stay unique)");
      System.arraycopy(proba, i * m * k, p, r * m * k, m * k);
      System.arraycopy(cost, i * m, c, r * m, m);
      y[r] = labels[i];
      id.add(ids.get(i));
    }
    return new OutputTable(id, members, classes, costUnit, p, c, y);
  }

  /**
   * The same outputs with every cost replaced by the cost model's per-member mean (for white-box
   * members whose cost does not depend on the row, or to override logged costs).
   */
  public OutputTable withCosts(CostModel costs) {
    if (!costs.members().equals(members)) {
      throw new BadInputException("costs", "cost model members " + costs.members() + " differ from the table's " + members);
    }
    double[] c = new double[n * m];
    for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) c[i * m + j] = costs.mean(j);
    return new OutputTable(ids, members, classes, costs.unit(), proba, c, labels);
  }

  /** The same table with the given labels (class indices, -1 for unknown). */
  public OutputTable withLabels(int[] y) {
    if (y.length != n) throw new IllegalArgumentException("expected " + n + " labels, got " + y.length);
    for (int v : y) if (v < -1 || v >= k) throw new IllegalArgumentException("label index out of range: " + v);
    return new OutputTable(ids, members, classes, costUnit, proba, cost, y.clone());
  }

  /**
   * The same rows with members and classes in the given order: every named member must be in this
   * table (others are dropped), and every class of this table must be among {@code classOrder}
   * (classes only in {@code classOrder} get probability 0). Used to line a test log up with a model.
   */
  public OutputTable alignedTo(List<String> memberOrder, List<String> classOrder) {
    if (memberOrder.equals(members) && classOrder.equals(classes)) return this;
    int[] mj = new int[memberOrder.size()];
    for (int j = 0; j < mj.length; j++) {
      mj[j] = members.indexOf(memberOrder.get(j));
      if (mj[j] < 0) throw new BadInputException("members", "member '" + memberOrder.get(j) + "' is not in the data (it has " + members + ")");
    }
    int[] cmap = new int[k];
    for (int c = 0; c < k; c++) {
      cmap[c] = classOrder.indexOf(classes.get(c));
      if (cmap[c] < 0) throw new BadInputException("classes", "class '" + classes.get(c) + "' is not one of the model's classes " + classOrder);
    }
    int m2 = mj.length;
    int k2 = classOrder.size();
    double[] p = new double[n * m2 * k2];
    double[] cst = new double[n * m2];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = labels[i] < 0 ? -1 : cmap[labels[i]];
      for (int j = 0; j < m2; j++) {
        cst[i * m2 + j] = cost[i * m + mj[j]];
        for (int c = 0; c < k; c++) p[(i * m2 + j) * k2 + cmap[c]] = proba[(i * m + mj[j]) * k + c];
      }
    }
    return new OutputTable(ids, memberOrder, classOrder, costUnit, p, cst, y);
  }

  @Override public String toString() {
    return "OutputTable[" + n + " rows × " + m + " members × " + k + " classes, cost in " + costUnit + "]";
  }
}
