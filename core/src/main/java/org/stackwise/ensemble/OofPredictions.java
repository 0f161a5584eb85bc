package org.stackwise.ensemble;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stackwise.Model;
import org.stackwise.data.Column;
import org.stackwise.data.Dataset;
import org.stackwise.data.Schema;
import org.stackwise.data.Target;
import org.stackwise.folds.FoldPlan;

/**
 * Out-of-fold member outputs: for every row, each member's output comes from a copy of that member
 * fitted on folds that did not contain the row, or, for {@link #outOfBagMembers()}, from the parts of a
 * bagged member whose samples did not contain it. The only way to build one is {@link OutOfFold}, so
 * meta-learners cannot be trained on in-sample outputs by accident.
 *
 * <p>Rows that no fold holds out (the first block of a time-ordered plan) have no output and are
 * excluded from {@link #metaDataset}. Rows held out more than once (repeated plans) get the average.
 * Prefit members are the one exception to "out of fold": their outputs are in-sample, and
 * {@link #warnings()} says so.
 */
public final class OofPredictions {
  private final FoldPlan plan;
  private final List<String> members;
  private final Map<String, double[][]> blocks;
  private final Map<String, List<String>> columnNames;
  private final Map<String, List<Model>> foldModels;
  private final Map<String, String> failures;
  private final boolean[] covered;
  private final List<String> warnings;
  private final List<String> outOfBagMembers;

  OofPredictions(FoldPlan plan, List<String> members, Map<String, double[][]> blocks,
                 Map<String, List<String>> columnNames, Map<String, List<Model>> foldModels,
                 Map<String, String> failures, boolean[] covered, List<String> warnings, List<String> outOfBagMembers) {
    this.plan = plan;
    this.members = List.copyOf(members);
    this.blocks = Collections.unmodifiableMap(new LinkedHashMap<>(blocks));
    this.columnNames = Collections.unmodifiableMap(new LinkedHashMap<>(columnNames));
    this.foldModels = Collections.unmodifiableMap(new LinkedHashMap<>(foldModels));
    this.failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
    this.covered = covered.clone();
    this.warnings = List.copyOf(warnings);
    this.outOfBagMembers = List.copyOf(outOfBagMembers);
  }

  /**
   * Members whose outputs are out-of-bag predictions of one fit on all rows (each row's from the parts of
   * the member fitted without it) rather than predictions of fold models; see {@link OutOfFold}.
   */
  public List<String> outOfBagMembers() { return outOfBagMembers; }

  public FoldPlan plan() { return plan; }

  /** Members that produced outputs, in order (failed members are not listed). */
  public List<String> members() { return members; }

  /** Members whose fit failed in some fold, with the error. */
  public Map<String, String> failures() { return failures; }

  public List<String> warnings() { return warnings; }

  /** Column names of a member's block. */
  public List<String> columnNames(String member) { return columnNames.get(member); }

  /** Fold models of a member, in fold order (empty unless they were kept). */
  public List<Model> foldModels(String member) { return foldModels.getOrDefault(member, List.of()); }

  /** A copy of a member's out-of-fold block: one array per row, null for rows never held out. */
  public double[][] block(String member) {
    double[][] b = blocks.get(member);
    double[][] out = new double[b.length][];
    for (int i = 0; i < b.length; i++) out[i] = b[i] == null ? null : b[i].clone();
    return out;
  }

  /** Rows that have out-of-fold outputs. */
  public int[] coveredRows() {
    int c = 0;
    for (boolean b : covered) if (b) c++;
    int[] rows = new int[c];
    int j = 0;
    for (int i = 0; i < covered.length; i++) if (covered[i]) rows[j++] = i;
    return rows;
  }

  /** The meta-feature schema of the given members (in order), optionally followed by the original columns. */
  public Schema metaSchema(List<String> include, Schema original, boolean passthrough) {
    List<Column> cols = new ArrayList<>();
    for (String m : include) for (String n : columnNames.get(m)) cols.add(Column.numeric(n));
    if (passthrough) cols.addAll(original.columns());
    return Schema.of(cols);
  }

  /**
   * The meta-learner's training data: covered rows only, member blocks of {@code include} side by side,
   * then (with passthrough) the original features; target, weights and groups of those rows.
   */
  public Dataset metaDataset(Dataset original, List<String> include, boolean passthrough) {
    int[] rows = coveredRows();
    Schema schema = metaSchema(include, original.schema(), passthrough);
    double[][] x = new double[rows.length][];
    for (int r = 0; r < rows.length; r++) {
      double[] row = new double[schema.size()];
      int o = 0;
      for (String m : include) {
        double[] v = blocks.get(m)[rows[r]];
        System.arraycopy(v, 0, row, o, v.length);
        o += v.length;
      }
      if (passthrough) original.copyRowInto(rows[r], row, o);
      x[r] = row;
    }
    Dataset sub = original.select(rows);
    Target t = sub.target();
    Dataset meta = Dataset.of(schema, x, t);
    if (original.hasWeights()) meta = meta.withWeights(sub.weights());
    if (original.hasGroups()) meta = meta.withGroups(sub.groups());
    return meta;
  }
}
