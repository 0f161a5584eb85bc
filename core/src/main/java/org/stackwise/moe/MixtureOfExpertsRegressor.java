package org.stackwise.moe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import org.stackwise.Model;
import org.stackwise.Regressor;
import org.stackwise.data.Dataset;
import org.stackwise.data.Schema;
import org.stackwise.io.ModelWriter;

/**
 * A fitted mixture-of-experts regressor: the prediction is {@code Σ_k g_k(x)·μ_k(x)} over the routed
 * experts. Each expert also has a variance (its own head with {@code variance: true}, else its weighted
 * residual variance on the training rows), so the mixture is a Gaussian mixture whose variance
 * {@link #predictVariance} reports. Immutable, thread-safe.
 */
public final class MixtureOfExpertsRegressor implements Regressor, MixtureOfExpertsModel {
  private final MoeCore core;

  MixtureOfExpertsRegressor(MoeCore core) {
    this.core = core;
  }

  @Override public Schema schema() { return core.schema; }
  @Override public String kind() { return MixtureOfExpertsLearner.ID; }
  @Override public double predict(double[] row) { return core.predict(row); }
  @Override public double[] predict(Dataset data) { return core.predict(data); }

  /** The Gaussian mixture's variance for one row: {@code Σ g_k (σ_k² + μ_k²) − μ²}. */
  public double predictVariance(double[] row) { return core.meanAndVariance(row)[1]; }

  /** Mean and variance of every row: {@code [row] = {mean, variance}}. */
  public double[][] predictMeanAndVariance(Dataset data) { return core.meanAndVariance(data); }

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
