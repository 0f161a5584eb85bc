package org.stackwise.moe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import org.stackwise.Classifier;
import org.stackwise.Model;
import org.stackwise.data.Dataset;
import org.stackwise.data.Schema;
import org.stackwise.io.ModelWriter;

/**
 * A fitted mixture-of-experts classifier: {@code p(y|x) = Σ_k g_k(x)·p_k(y|x)} over the routed experts.
 * Immutable, thread-safe.
 */
public final class MixtureOfExpertsClassifier implements Classifier, MixtureOfExpertsModel {
  private final MoeCore core;

  MixtureOfExpertsClassifier(MoeCore core) {
    this.core = core;
  }

  @Override public Schema schema() { return core.schema; }
  @Override public String kind() { return MixtureOfExpertsLearner.ID; }
  @Override public List<String> classes() { return core.classes; }
  @Override public double[] predictProba(double[] row) { return core.predictProba(row); }
  @Override public double[][] predictProba(Dataset data) { return core.predictProba(data); }
  @Override public int expertCount() { return core.size(); }
  @Override public int topK() { return core.topK == 0 ? core.size() : core.topK; }
  @Override public double[] gateWeights(double[] row) { return core.gateWeights(row); }
  @Override public double[][] gateWeights(Dataset data) { return core.gateWeights(data); }
  @Override public Utilisation utilisation(Dataset data) { return core.utilisation(data); }
  @Override public List<String> memberNames() { return core.names; }
  @Override public Model member(String name) { return core.expert(name); }
  @Override public Model metaModel() { return null; }
  @Override public ObjectNode describe() { return core.info.deepCopy(); }
  @Override public void write(ModelWriter out) throws IOException { core.write(out); }
}
