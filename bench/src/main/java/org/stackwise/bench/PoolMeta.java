package org.stackwise.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.stackwise.Classifier;
import org.stackwise.FitContext;
import org.stackwise.Learner;
import org.stackwise.Model;
import org.stackwise.Task;
import org.stackwise.data.Dataset;
import org.stackwise.data.Schema;
import org.stackwise.ensemble.MetaInputAware;
import org.stackwise.ensemble.StackingLearner;
import org.stackwise.io.Json;
import org.stackwise.io.ModelWriter;
import org.stackwise.lazy.substack.LogLinearPool;

/**
 * A study-only meta-learner for {@link MetaChoiceStudy}: the lazy package's weighted logarithmic opinion
 * pool ({@link LogLinearPool}) on the stack's out-of-fold probabilities — one weight per member, one bias
 * per class. Binary stacks give one probability column per member (the first is dropped); it is expanded
 * back to two here. Not a catalogue learner: its models cannot be saved.
 *
 * @param memberColumns meta-input columns that hold member outputs (set by the stack); -1 until then
 * @param l2 penalty on the member weights
 * @param binaryByLogistic two-class stacks use the stack's default logistic meta-learner instead
 */
record PoolMeta(int memberColumns, double l2, boolean binaryByLogistic) implements Learner, MetaInputAware {
  static PoolMeta defaults() {
    return new PoolMeta(-1, 1e-3, false);
  }

  /** The same, but two-class stacks get the stack's default logistic meta-learner instead of the pool. */
  PoolMeta multiclassOnly() {
    return new PoolMeta(memberColumns, l2, true);
  }

  @Override public String id() { return "pool"; }
  @Override public boolean supports(Task task) { return task == Task.CLASSIFICATION; }
  @Override public Record params() { return this; }

  @Override public ObjectNode spec() {
    ObjectNode o = Json.object();
    o.put("learner", "pool (study only)");
    o.put("l2", l2);
    return o;
  }

  @Override public Learner forMetaInput(int memberCols, int passthroughColumns) {
    if (passthroughColumns != 0) throw new IllegalArgumentException("the pool takes member outputs only");
    return new PoolMeta(memberCols, l2, binaryByLogistic);
  }

  @Override public Model fit(Dataset data, FitContext context) {
    if (memberColumns < 0) throw new IllegalStateException("the pool must be told the meta-input layout");
    List<String> classes = data.classes().classes();
    int k = classes.size();
    if (k == 2 && binaryByLogistic) return StackingLearner.DEFAULT_META_CLASSIFIER.fit(data, context);
    Layout layout = Layout.of(memberColumns, k);
    double[][] x = new double[data.rows()][];
    double[] row = new double[data.columns()];
    for (int i = 0; i < x.length; i++) {
      data.copyRow(i, row);
      x[i] = layout.expand(row);
    }
    LogLinearPool pool = LogLinearPool.fit(x, data.classes().indices(), layout.members, k, false, l2);
    return new PoolModel(data.schema(), classes, layout, pool);
  }

  /** How member columns map to pool inputs: K per member, or one per member for binary stacks. */
  private record Layout(int members, int k, boolean binary) {
    static Layout of(int columns, int k) {
      if (k == 2) return new Layout(columns, 2, true); // binary stacks keep each member's second column only
      if (columns % k != 0) throw new IllegalArgumentException(columns + " member columns are not a multiple of " + k + " classes");
      return new Layout(columns / k, k, false);
    }

    double[] expand(double[] row) {
      if (!binary) return java.util.Arrays.copyOf(row, members * k);
      double[] out = new double[members * 2];
      for (int j = 0; j < members; j++) {
        out[2 * j] = 1 - row[j];
        out[2 * j + 1] = row[j];
      }
      return out;
    }
  }

  private record PoolModel(Schema schema, List<String> classes, Layout layout, LogLinearPool pool) implements Classifier {
    @Override public double[] predictProba(double[] row) { return pool.predictProba(layout.expand(row)); }
    @Override public String kind() { return "pool"; }
    @Override public void write(ModelWriter out) {
      throw new UnsupportedOperationException("the study's pool meta-learner cannot be saved");
    }
  }
}
