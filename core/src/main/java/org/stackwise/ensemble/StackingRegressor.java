package org.stackwise.ensemble;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import org.stackwise.Model;
import org.stackwise.Regressor;
import org.stackwise.data.Dataset;
import org.stackwise.data.Schema;
import org.stackwise.io.ModelWriter;

/** A fitted stacked (or blended) regressor: members' predictions → meta-regressor. Immutable, thread-safe. */
public final class StackingRegressor implements Regressor, EnsembleModel {
  private final StackCore core;
  private final Regressor meta;

  StackingRegressor(StackCore core) {
    this.core = core;
    this.meta = (Regressor) core.meta;
  }

  @Override public Schema schema() { return core.schema; }
  @Override public String kind() { return "stacking"; }

  @Override public double predict(double[] row) {
    return meta.predict(core.metaRow(row));
  }

  @Override public double[] predict(Dataset data) {
    return meta.predict(core.metaData(data));
  }

  @Override public List<String> memberNames() { return core.members; }
  @Override public Model member(String name) { return core.memberModel(name); }
  @Override public Model metaModel() { return core.meta; }
  @Override public ObjectNode describe() { return core.info.deepCopy(); }
  @Override public void write(ModelWriter out) throws IOException { core.write(out); }
}
