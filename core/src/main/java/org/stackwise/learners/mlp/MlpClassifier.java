package org.stackwise.learners.mlp;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.stackwise.Classifier;
import org.stackwise.DecisionFunction;
import org.stackwise.data.Dataset;
import org.stackwise.data.FittedPreprocessing;
import org.stackwise.data.Schema;
import org.stackwise.io.ModelWriter;

/**
 * A fitted {@link MlpLearner} classifier: preprocessing, then an {@link MlpNetwork} with a softmax over
 * every class of the training target. Its decision function is the output layer's logits (for two
 * classes, their difference). Immutable and thread-safe.
 */
public final class MlpClassifier implements Classifier, DecisionFunction {
  private final FittedPreprocessing pre;
  private final List<String> classes;
  private final MlpNetwork net;

  MlpClassifier(FittedPreprocessing pre, List<String> classes, MlpNetwork net) {
    this.pre = Objects.requireNonNull(pre);
    this.classes = List.copyOf(classes);
    this.net = Objects.requireNonNull(net);
  }

  @Override public Schema schema() { return pre.schema(); }
  @Override public String kind() { return MlpLearner.ID; }
  @Override public List<String> classes() { return classes; }

  /** The network behind this classifier (its inputs are the preprocessed features). */
  public MlpNetwork network() { return net; }

  /** The fitted preprocessing from schema rows to network inputs. */
  public FittedPreprocessing preprocessing() { return pre; }

  @Override public double[] predictProba(double[] row) {
    return net.predictProba(pre.transform(row));
  }

  @Override public double[][] predictProba(Dataset data) {
    int k = classes.size();
    double[] flat = net.predictProba(MlpModels.transform(pre, data), data.rows());
    double[][] out = new double[data.rows()][];
    for (int i = 0; i < out.length; i++) out[i] = java.util.Arrays.copyOfRange(flat, i * k, i * k + k);
    return out;
  }

  @Override public double[] decision(double[] row) {
    double[] z = net.logits(pre.transform(row));
    return z.length == 2 ? new double[] {z[1] - z[0]} : z;
  }

  @Override public void write(ModelWriter out) throws IOException {
    MlpModels.write(out, "classification", classes, pre, net);
  }

  @Override public String toString() { return "MlpClassifier[" + net + ", classes=" + classes + "]"; }
}
