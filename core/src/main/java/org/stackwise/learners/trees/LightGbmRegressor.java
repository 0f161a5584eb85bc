package org.stackwise.learners.trees;

import java.io.IOException;
import org.stackwise.Regressor;
import org.stackwise.data.Dataset;
import org.stackwise.data.Schema;
import org.stackwise.io.ModelWriter;

/**
 * A fitted LightGBM regressor (squared-error objective). Predictions are computed in Java from the model's
 * trees ({@link LightGbmTrees}); immutable and thread-safe.
 */
public final class LightGbmRegressor implements Regressor {
  private final Schema schema;
  private final String text;
  private final LightGbmTrees trees;

  LightGbmRegressor(Schema schema, String text, LightGbmTrees trees) {
    this.schema = schema;
    this.text = text;
    this.trees = trees;
  }

  @Override public Schema schema() { return schema; }
  @Override public String kind() { return LightGbmLearner.ID; }

  /** LightGBM's text model. */
  public String modelText() { return text; }

  @Override public double predict(double[] row) {
    LightGbmModels.checkRow(schema, row);
    return trees.transformed(row, 1)[0];
  }

  @Override public double[] predict(Dataset data) {
    LightGbmModels.checkColumns(schema, data);
    return trees.transformed(data.toRowMajor(), data.rows());
  }

  @Override public void write(ModelWriter out) throws IOException {
    LightGbmModels.write(out, schema, null, text);
  }

  @Override public String toString() {
    return "lightgbm regressor";
  }
}
