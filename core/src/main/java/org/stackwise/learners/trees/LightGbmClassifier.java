package org.stackwise.learners.trees;

import com.microsoft.ml.lightgbm.lightgbmlib;
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
 * predicts the softmax over one raw score per class, all returned by {@link #decision}. Thread-safe:
 * concurrent callers get separate native boosters (see {@link LightGbmNative}).
 */
public final class LightGbmClassifier implements Classifier, DecisionFunction {
  private final Schema schema;
  private final List<String> classes;
  private final String text;
  private final LightGbmNative.Pool pool;

  LightGbmClassifier(Schema schema, List<String> classes, String text, LightGbmNative.Booster booster) {
    this.schema = schema;
    this.classes = List.copyOf(classes);
    this.text = text;
    this.pool = new LightGbmNative.Pool(text, booster);
  }

  @Override public Schema schema() { return schema; }
  @Override public String kind() { return LightGbmLearner.ID; }
  @Override public List<String> classes() { return classes; }

  /** LightGBM's text model. */
  public String modelText() { return text; }

  private boolean binary() { return classes.size() == 2; }

  @Override public double[] predictProba(double[] row) {
    double[] out = predictRow(row, lightgbmlib.C_API_PREDICT_NORMAL);
    return binary() ? new double[] {1 - out[0], out[0]} : out;
  }

  @Override public double[][] predictProba(Dataset data) {
    LightGbmModels.checkColumns(schema, data);
    int n = data.rows();
    int k = classes.size();
    LightGbmNative.Booster b = pool.borrow();
    double[] out;
    try {
      out = b.predict(data.toRowMajor(), n, lightgbmlib.C_API_PREDICT_NORMAL);
    } finally {
      pool.release(b);
    }
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
    return predictRow(row, lightgbmlib.C_API_PREDICT_RAW_SCORE);
  }

  private double[] predictRow(double[] row, int type) {
    LightGbmModels.checkRow(schema, row);
    LightGbmNative.Booster b = pool.borrow();
    try {
      return b.predictRow(row, type);
    } finally {
      pool.release(b);
    }
  }

  @Override public void write(ModelWriter out) throws IOException {
    LightGbmModels.write(out, schema, classes, text);
  }

  @Override public String toString() {
    return "lightgbm classifier (" + classes.size() + " classes)";
  }
}
