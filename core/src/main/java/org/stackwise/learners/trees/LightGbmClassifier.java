package org.stackwise.learners.trees;

import java.io.IOException;
import java.util.List;
import org.stackwise.Classifier;
import org.stackwise.DecisionFunction;
import org.stackwise.data.Dataset;
import org.stackwise.data.Schema;
import org.stackwise.io.ModelWriter;

/**
 * A fitted LightGBM classifier. For two classes LightGBM predicts the probability of the second class
 * and {@link #decision} returns the single raw margin (positive favours the second class); for more, it
 * predicts the softmax over one raw score per class, all returned by {@link #decision}. Predictions are
 * computed in Java from the model's trees ({@link LightGbmTrees}); immutable and thread-safe.
 */
public final class LightGbmClassifier implements Classifier, DecisionFunction {
  private final Schema schema;
  private final List<String> classes;
  private final String text;
  private final LightGbmTrees trees;

  LightGbmClassifier(Schema schema, List<String> classes, String text, LightGbmTrees trees) {
    this.schema = schema;
    this.classes = List.copyOf(classes);
    this.text = text;
    this.trees = trees;
  }

  @Override public Schema schema() { return schema; }
  @Override public String kind() { return LightGbmLearner.ID; }
  @Override public List<String> classes() { return classes; }

  /** LightGBM's text model. */
  public String modelText() { return text; }

  private boolean binary() { return classes.size() == 2; }

  @Override public double[] predictProba(double[] row) {
    LightGbmModels.checkRow(schema, row);
    double[] out = trees.transformed(row, 1);
    return binary() ? new double[] {1 - out[0], out[0]} : out;
  }

  @Override public double[][] predictProba(Dataset data) {
    LightGbmModels.checkColumns(schema, data);
    int n = data.rows();
    int k = classes.size();
    double[] out = trees.transformed(data.toRowMajor(), n);
    double[][] p = new double[n][];
    for (int i = 0; i < n; i++) {
      if (binary()) {
        p[i] = new double[] {1 - out[i], out[i]};
      } else {
        p[i] = new double[k];
        System.arraycopy(out, i * k, p[i], 0, k);
      }
    }
    return p;
  }

  @Override public double[] decision(double[] row) {
    LightGbmModels.checkRow(schema, row);
    return trees.raw(row, 1);
  }

  @Override public void write(ModelWriter out) throws IOException {
    LightGbmModels.write(out, schema, classes, text);
  }

  @Override public String toString() {
    return "lightgbm classifier (" + classes.size() + " classes)";
  }
}
