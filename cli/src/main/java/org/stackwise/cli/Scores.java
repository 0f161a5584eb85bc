package org.stackwise.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.stackwise.eval.ClassificationReport;
import org.stackwise.eval.Metrics;
import org.stackwise.eval.RegressionReport;

/**
 * The metrics the command line reports, as JSON, from {@link org.stackwise.eval}: classification
 * {@code n, accuracy, balanced_accuracy, log_loss, macro_f1, roc_auc, brier} (and
 * {@code confusion_matrix} where asked for), regression {@code n, rmse, mae, r2}. Values that are not
 * defined (ROC AUC when no class has both positive and negative rows) are JSON null.
 */
final class Scores {
  private Scores() { }

  /** All classification metrics, without the confusion matrix. */
  static ObjectNode classification(int[] y, double[][] p, int k) {
    return classification(y, p, k, null, false);
  }

  /** All classification metrics; {@code weights} may be null. */
  static ObjectNode classification(int[] y, double[][] p, int k, double[] weights, boolean confusion) {
    ObjectNode o = ClassificationReport.of(y, p, weights).toJson();
    if (!confusion) o.remove("confusion_matrix");
    return o;
  }

  /** All regression metrics. */
  static ObjectNode regression(double[] y, double[] f) {
    return regression(y, f, null);
  }

  /** All regression metrics; {@code weights} may be null. */
  static ObjectNode regression(double[] y, double[] f, double[] weights) {
    return RegressionReport.of(y, f, weights).toJson();
  }

  /** ROC AUC as reported (binary: second class; multi-class: macro one-vs-rest). */
  static double rocAuc(int[] y, double[][] p, int k) {
    return Metrics.rocAuc(y, p);
  }

  /** A number, or null when it is not finite. */
  static void put(ObjectNode o, String key, double v) {
    if (Double.isFinite(v)) o.put(key, v);
    else o.putNull(key);
  }
}
