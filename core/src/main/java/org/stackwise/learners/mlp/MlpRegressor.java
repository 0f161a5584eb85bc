package org.stackwise.learners.mlp;

import java.io.IOException;
import java.util.Objects;
import org.stackwise.Regressor;
import org.stackwise.data.Dataset;
import org.stackwise.data.FittedPreprocessing;
import org.stackwise.data.Schema;
import org.stackwise.io.ModelWriter;

/**
 * A fitted {@link MlpLearner} regressor: preprocessing, then an {@link MlpNetwork} with a linear output
 * trained on the standardised target and mapped back to the target's scale. Immutable and thread-safe.
 */
public final class MlpRegressor implements Regressor {
  private final FittedPreprocessing pre;
  private final MlpNetwork net;

  MlpRegressor(FittedPreprocessing pre, MlpNetwork net) {
    this.pre = Objects.requireNonNull(pre);
    this.net = Objects.requireNonNull(net);
  }

  @Override public Schema schema() { return pre.schema(); }
  @Override public String kind() { return MlpLearner.ID; }

  /** The network behind this regressor (its inputs are the preprocessed features). */
  public MlpNetwork network() { return net; }

  /** The fitted preprocessing from schema rows to network inputs. */
  public FittedPreprocessing preprocessing() { return pre; }

  @Override public double predict(double[] row) {
    return net.predict(pre.transform(row));
  }

  @Override public double[] predict(Dataset data) {
    return net.predict(MlpModels.transform(pre, data), data.rows());
  }

  @Override public void write(ModelWriter out) throws IOException {
    MlpModels.write(out, "regression", null, pre, net);
  }

  @Override public String toString() { return "MlpRegressor[" + net + "]"; }
}
