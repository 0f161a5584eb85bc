package org.stackwise.learners.neighbors;

import java.io.IOException;
import java.util.List;
import org.stackwise.Classifier;
import org.stackwise.data.Dataset;
import org.stackwise.data.FittedPreprocessing;
import org.stackwise.data.Schema;
import org.stackwise.io.Json;
import org.stackwise.io.ModelReader;
import org.stackwise.io.ModelWriter;

/**
 * A fitted {@link KnnLearner} classifier. Immutable and thread-safe; batch prediction runs in parallel
 * over blocks of queries with results identical to row-by-row prediction.
 *
 * <p>Saved as {@code preprocessing.json}, {@code model.json} ({@code classes}, {@code k},
 * {@code weights}, {@code rows}, {@code features}) and little-endian binary doubles
 * {@code train_x.bin} (transformed training rows, row-major), {@code train_y.bin} (class indices) and,
 * for weighted data, {@code train_w.bin}.
 */
public final class KnnClassifier implements Classifier {
  /** The model kind in model files. */
  public static final String KIND = "knn";

  private final FittedPreprocessing pre;
  private final List<String> classes;
  private final NeighborIndex index;
  private final int[] y;
  private final double[] rowWeights;
  private final int k;
  private final boolean distance;

  KnnClassifier(FittedPreprocessing pre, List<String> classes, NeighborIndex index, int[] y, double[] rowWeights,
                int k, boolean distance) {
    this.pre = pre;
    this.classes = List.copyOf(classes);
    this.index = index;
    this.y = y.clone();
    this.rowWeights = rowWeights == null ? null : rowWeights.clone();
    this.k = k;
    this.distance = distance;
  }

  @Override public Schema schema() { return pre.schema(); }
  @Override public String kind() { return KIND; }
  @Override public List<String> classes() { return classes; }

  /** The number of neighbours used (k, or all stored rows when there are fewer). */
  public int neighbors() { return Math.min(k, index.rows()); }

  @Override public double[] predictProba(double[] row) {
    return proba(pre.transform(row), 1)[0];
  }

  @Override public double[][] predictProba(Dataset data) {
    return proba(KnnVotes.queries(pre, data), data.rows());
  }

  private double[][] proba(double[] queries, int q) {
    int kk = neighbors();
    int[] idx = new int[q * kk];
    double[] dist = new double[q * kk];
    index.search(queries, q, kk, idx, dist);
    int nc = classes.size();
    double[][] out = new double[q][];
    double[] w = new double[kk];
    for (int i = 0; i < q; i++) {
      KnnVotes.weights(idx, dist, i, kk, rowWeights, distance, w);
      double[] p = new double[nc];
      double total = 0;
      for (int r = 0; r < kk; r++) {
        p[y[idx[i * kk + r]]] += w[r];
        total += w[r];
      }
      for (int c = 0; c < nc; c++) p[c] /= total;
      out[i] = p;
    }
    return out;
  }

  @Override public void write(ModelWriter out) throws IOException {
    double[] yd = new double[y.length];
    for (int i = 0; i < y.length; i++) yd[i] = y[i];
    var extra = Json.object();
    extra.set("classes", Json.stringsToJson(classes));
    KnnVotes.write(out, pre, index, yd, rowWeights, k, distance, extra);
  }

  /** Reads a model written by {@link #write}. */
  public static KnnClassifier load(ModelReader in) throws IOException {
    KnnVotes.Parts p = KnnVotes.read(in);
    List<String> classes = Json.strings(p.json().get("classes"), in.path("model.json") + " classes");
    int[] y = new int[p.y().length];
    for (int i = 0; i < y.length; i++) {
      double v = p.y()[i];
      if (v != Math.rint(v) || v < 0 || v >= classes.size()) {
        throw in.corrupt("train_y.bin", "class indices must be integers in [0, " + classes.size() + ")");
      }
      y[i] = (int) v;
    }
    return new KnnClassifier(p.pre(), classes, p.index(), y, p.rowWeights(), p.k(), p.distance());
  }
}
