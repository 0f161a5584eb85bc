package org.stackwise;

import org.stackwise.data.Dataset;

/** A fitted regressor: one real-valued prediction per row. */
public non-sealed interface Regressor extends Model {
  /** The prediction for one raw feature row (schema space, NaN = missing). */
  double predict(double[] row);

  /** Predictions for every row of {@code data}. */
  default double[] predict(Dataset data) {
    double[] out = new double[data.rows()];
    double[] row = new double[data.columns()];
    for (int i = 0; i < out.length; i++) {
      data.copyRow(i, row);
      out[i] = predict(row);
    }
    return out;
  }
}
