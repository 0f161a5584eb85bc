package org.stackwise.lazy.substack;

import java.io.IOException;
import org.stackwise.io.ModelReader;
import org.stackwise.io.ModelWriter;
import org.stackwise.learners.mlp.MlpNetwork;

/**
 * A fitted aggregator of member distributions (a SUB network, the MASK network or the full stacker):
 * a small MLP ({@link #mlp}) or a {@link LogLinearPool}. Immutable and thread-safe.
 */
public interface Combiner {
  /** Class probabilities for one input vector. */
  double[] predictProba(double[] x);

  /** Input width. */
  int inputs();

  /** Number of classes. */
  int outputs();

  /** Writes the combiner's entries into {@code out}. */
  void write(ModelWriter out) throws IOException;

  /** An MLP classifier network as a combiner. */
  static Combiner mlp(MlpNetwork net) {
    if (!net.isClassifier()) throw new IllegalArgumentException("a combiner network must be a classifier, got " + net);
    return new Mlp(net);
  }

  /** Reads a combiner written by {@link #write}: a log-linear pool ({@code pool.json}) or an MLP network. */
  static Combiner read(ModelReader in) throws IOException {
    if (in.has("pool.json")) return LogLinearPool.read(in);
    MlpNetwork net = MlpNetwork.read(in);
    if (!net.isClassifier()) throw in.corrupt("network.json", "a combiner network must have a softmax output");
    return new Mlp(net);
  }

  /** An MLP network wrapped as a combiner. */
  record Mlp(MlpNetwork network) implements Combiner {
    @Override public double[] predictProba(double[] x) { return network.predictProba(x); }
    @Override public int inputs() { return network.inputs(); }
    @Override public int outputs() { return network.outputs(); }
    @Override public void write(ModelWriter out) throws IOException { network.write(out); }
  }
}
