package org.stackwise.learners.trees;

import java.io.IOException;
import java.util.List;
import org.stackwise.Classifier;
import org.stackwise.data.Dataset;
import org.stackwise.data.FittedPreprocessing;
import org.stackwise.data.Schema;
import org.stackwise.io.ModelWriter;

/**
 * A fitted decision tree, random forest or extra-trees classifier. Class probabilities are the average
 * over trees of each tree's leaf class distribution (weighted class shares of the training rows in the
 * leaf), as in scikit-learn's {@code predict_proba}; a class without training rows gets probability 0.
 * Immutable and thread-safe.
 */
public final class ForestClassifier implements Classifier {
  private final String kind;
  private final FittedPreprocessing pre;
  private final List<String> classes;
  private final Tree[] trees;
  private final boolean identity;

  ForestClassifier(String kind, FittedPreprocessing pre, List<String> classes, Tree[] trees) {
    this.kind = kind;
    this.pre = pre;
    this.classes = List.copyOf(classes);
    this.trees = trees.clone();
    this.identity = !pre.schema().hasCategorical();
  }

  @Override public Schema schema() { return pre.schema(); }
  @Override public String kind() { return kind; }
  @Override public List<String> classes() { return classes; }

  /** Number of trees. */
  public int trees() { return trees.length; }

  /** Total number of nodes over all trees. */
  public long nodes() {
    long s = 0;
    for (Tree t : trees) s += t.nodes();
    return s;
  }

  @Override public double[] predictProba(double[] row) {
    double[] x = identity ? row : pre.transform(row);
    double[] p = new double[classes.size()];
    for (Tree t : trees) t.addProba(x, 0, p);
    scale(p);
    return p;
  }

  @Override public double[][] predictProba(Dataset data) {
    int n = data.rows();
    int w = pre.width();
    double[] x = ForestFitter.transform(pre, data);
    double[][] out = new double[n][classes.size()];
    // tree-major within a block of rows: the block's features and one tree's nodes stay in cache
    ForestModels.forBlocks(n, ForestModels.forestBlockRows(8 * w), (from, to) -> {
      boolean noNaN = ForestModels.noNaN(x, from * w, to * w);
      int[] leaf = new int[to - from];
      for (Tree t : trees) {
        t.leaves(x, w, from, to, noNaN, leaf);
        for (int i = from; i < to; i++) t.addLeafProba(leaf[i - from], out[i]);
      }
      for (int i = from; i < to; i++) scale(out[i]);
    });
    return out;
  }

  private void scale(double[] p) {
    double inv = 1.0 / trees.length;
    for (int k = 0; k < p.length; k++) p[k] *= inv;
  }

  @Override public void write(ModelWriter out) throws IOException {
    ForestModels.write(out, classes, pre, trees);
  }

  Tree[] treeArray() { return trees.clone(); }

  @Override public String toString() {
    return kind + " classifier (" + trees.length + " trees, " + nodes() + " nodes, " + classes.size() + " classes)";
  }
}
