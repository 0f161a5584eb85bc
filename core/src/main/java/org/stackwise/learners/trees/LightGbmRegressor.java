package org.stackwise.learners.trees;

import com.microsoft.ml.lightgbm.lightgbmlib;
import java.io.IOException;
import org.stackwise.Regressor;
import org.stackwise.data.Dataset;
import org.stackwise.data.Schema;
import org.stackwise.io.ModelWriter;

/**
 * A fitted LightGBM regressor (squared-error objective). Thread-safe: concurrent callers get separate
 * native boosters (see {@link LightGbmNative}).
 */
public final class LightGbmRegressor implements Regressor {
  private final Schema schema;
  private final String text;
  private final LightGbmNative.Pool pool;

  LightGbmRegressor(Schema schema, String text, LightGbmNative.Booster booster) {
    this.schema = schema;
    this.text = text;
    this.pool = new LightGbmNative.Pool(text, booster);
  }

  @Override public Schema schema() { return schema; }
  @Override public String kind() { return LightGbmLearner.ID; }

  /** LightGBM's text model. */
  public String modelText() { return text; }

  @Override public double predict(double[] row) {
    LightGbmModels.checkRow(schema, row);
    LightGbmNative.Booster b = pool.borrow();
    try {
      return b.predictRow(row, lightgbmlib.C_API_PREDICT_NORMAL)[0];
    } finally {
      pool.release(b);
    }
  }

  @Override public double[] predict(Dataset data) {
    LightGbmModels.checkColumns(schema, data);
    LightGbmNative.Booster b = pool.borrow();
    try {
      return b.predict(data.toRowMajor(), data.rows(), lightgbmlib.C_API_PREDICT_NORMAL);
    } finally {
      pool.release(b);
    }
  }

  @Override public void write(ModelWriter out) throws IOException {
    LightGbmModels.write(out, schema, null, text);
  }

  @Override public String toString() {
    return "lightgbm regressor";
  }
}
