package org.stackwise.ensemble;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import org.stackwise.Classifier;
import org.stackwise.Model;
import org.stackwise.data.Dataset;
import org.stackwise.data.Schema;
import org.stackwise.io.ModelWriter;

/**
 * A fitted stacked (or blended) classifier: members' outputs → meta-classifier. Immutable, thread-safe.
 * {@link #describe()} shows the member list, the meta-weights per member and the out-of-fold scores.
 */
public final class StackingClassifier implements Classifier, EnsembleModel {
  private final StackCore core;
  private final Classifier meta;

  StackingClassifier(StackCore core) {
    this.core = core;
    this.meta = (Classifier) core.meta;
  }

  @Override public Schema schema() { return core.schema; }
  @Override public String kind() { return "stacking"; }
  @Override public List<String> classes() { return meta.classes(); }

  @Override public double[] predictProba(double[] row) {
    return meta.predictProba(core.metaRow(row));
  }

  @Override public double[][] predictProba(Dataset data) {
    return meta.predictProba(core.metaData(data));
  }

  @Override public List<String> memberNames() { return core.members; }
  @Override public Model member(String name) { return core.memberModel(name); }
  @Override public Model metaModel() { return core.meta; }
  @Override public ObjectNode describe() { return core.info.deepCopy(); }
  @Override public void write(ModelWriter out) throws IOException { core.write(out); }
}
