package org.stackwise.learners.neighbors;

import java.io.IOException;
import org.stackwise.Regressor;
import org.stackwise.data.Dataset;
import org.stackwise.data.FittedPreprocessing;
import org.stackwise.data.Schema;
import org.stackwise.io.ModelReader;
import org.stackwise.io.ModelWriter;

/**
 * A fitted {@link KnnLearner} regressor: the (weighted) mean target of the k nearest training rows.
 * Immutable and thread-safe. Saved like {@link KnnClassifier}, with target values in
 * {@code train_y.bin}.
 */
public final class KnnRegressor implements Regressor {
  /** The model kind in model files. */
  public static final String KIND = "knn_regressor";

  private final FittedPreprocessing pre;
  private final NeighborIndex index;
  private final double[] y;
  private final double[] rowWeights;
  private final int k;
  private final boolean distance;

  KnnRegressor(FittedPreprocessing pre, NeighborIndex index, double[] y, double[] rowWeights, int k, boolean distance) {
    this.pre = pre;
    this.index = index;
    this.y = y.clone();
    this.rowWeights = rowWeights == null ? null : rowWeights.clone();
    this.k = k;
    this.distance = distance;
  }

  @Override public Schema schema() { return pre.schema(); }
  @Override public String kind() { return KIND; }

  @Override public double predict(double[] row) {
    return predict(pre.transform(row), 1)[0];
  }

  @Override public double[] predict(Dataset data) {
    return predict(KnnVotes.queries(pre, data), data.rows());
  }

  private double[] predict(double[] queries, int q) {
    int kk = Math.min(k, index.rows());
    int[] idx = new int[q * kk];
    double[] dist = new double[q * kk];
    index.search(queries, q, kk, idx, dist);
    double[] out = new double[q];
    double[] w = new double[kk];
    for (int i = 0; i < q; i++) {
      KnnVotes.weights(idx, dist, i, kk, rowWeights, distance, w);
      double s = 0;
      double total = 0;
      for (int r = 0; r < kk; r++) {
        s += w[r] * y[idx[i * kk + r]];
        total += w[r];
      }
      out[i] = s / total;
    }
    return out;
  }

  @Override public void write(ModelWriter out) throws IOException {
    KnnVotes.write(out, pre, index, y, rowWeights, k, distance, null);
  }

  /** Reads a model written by {@link #write}. */
  public static KnnRegressor load(ModelReader in) throws IOException {
    KnnVotes.Parts p = KnnVotes.read(in);
    return new KnnRegressor(p.pre(), p.index(), p.y(), p.rowWeights(), p.k(), p.distance());
  }
}
