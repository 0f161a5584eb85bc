package org.stackwise.learners.trees;

import java.io.IOException;
import org.stackwise.Regressor;
import org.stackwise.data.Dataset;
import org.stackwise.data.FittedPreprocessing;
import org.stackwise.data.Schema;
import org.stackwise.io.ModelWriter;

/**
 * A fitted decision tree, random forest or extra-trees regressor: the average over trees of the
 * weighted mean target of the training rows in each tree's leaf. Immutable and thread-safe.
 */
public final class ForestRegressor implements Regressor {
  private final String kind;
  private final FittedPreprocessing pre;
  private final Tree[] trees;
  private final boolean identity;

  ForestRegressor(String kind, FittedPreprocessing pre, Tree[] trees) {
    this.kind = kind;
    this.pre = pre;
    this.trees = trees.clone();
    this.identity = !pre.schema().hasCategorical();
  }

  @Override public Schema schema() { return pre.schema(); }
  @Override public String kind() { return kind; }

  /** Number of trees. */
  public int trees() { return trees.length; }

  @Override public double predict(double[] row) {
    double[] x = identity ? row : pre.transform(row);
    double s = 0;
    for (Tree t : trees) s += t.predict(x, 0);
    return s / trees.length;
  }

  @Override public double[] predict(Dataset data) {
    int n = data.rows();
    int w = pre.width();
    double[] x = ForestFitter.transform(pre, data);
    double[] out = new double[n];
    ForestModels.forBlocks(n, ForestModels.forestBlockRows(8 * w), (from, to) -> {
      boolean noNaN = ForestModels.noNaN(x, from * w, to * w);
      int[] leaf = new int[to - from];
      for (Tree t : trees) {
        t.leaves(x, w, from, to, noNaN, leaf);
        for (int i = from; i < to; i++) out[i] += t.leafValue(leaf[i - from]);
      }
      for (int i = from; i < to; i++) out[i] /= trees.length;
    });
    return out;
  }

  @Override public void write(ModelWriter out) throws IOException {
    ForestModels.write(out, null, pre, trees);
  }

  @Override public String toString() {
    return kind + " regressor (" + trees.length + " trees)";
  }
}
