package org.stackwise.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.stackwise.io.Json;

/**
 * All regression metrics of one set of predictions, computed at once (see {@link Metrics}).
 *
 * @param n number of rows
 */
public record RegressionReport(int n, double rmse, double mae, double r2) {

  /** The report of {@code predicted} against {@code y}; {@code weights} may be null. */
  public static RegressionReport of(double[] y, double[] predicted, double[] weights) {
    return new RegressionReport(y.length, Metrics.rmse(y, predicted, weights), Metrics.mae(y, predicted, weights),
        Metrics.r2(y, predicted, weights));
  }

  /** {@code {"n", "rmse", "mae", "r2"}}; non-finite values are written as {@code null}. */
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("n", n);
    ClassificationReport.put(o, "rmse", rmse);
    ClassificationReport.put(o, "mae", mae);
    ClassificationReport.put(o, "r2", r2);
    return o;
  }
}
