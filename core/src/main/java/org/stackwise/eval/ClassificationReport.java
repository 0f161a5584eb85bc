package org.stackwise.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.stackwise.io.Json;

/**
 * All classification metrics of one set of predictions, computed at once (see {@link Metrics} for the
 * definitions). Metrics that need probabilities are NaN when only labels were given ({@link #ofLabels});
 * ROC AUC is NaN when no class has both positive and negative rows.
 *
 * @param n number of rows
 * @param confusion rows = actual class, columns = predicted class
 */
public record ClassificationReport(int n, double accuracy, double balancedAccuracy, double logLoss, double macroF1,
    double rocAuc, double brier, ConfusionMatrix confusion) {

  /** The report of probability predictions ({@code proba[i]} over classes {@code 0..K-1}). */
  public static ClassificationReport of(int[] y, double[][] proba, double[] weights) {
    int k = Metrics.checkProba(y, proba);
    int[] predicted = Metrics.argMax(proba);
    return new ClassificationReport(y.length,
        Metrics.accuracy(y, predicted, weights),
        Metrics.balancedAccuracy(y, predicted, weights),
        Metrics.logLoss(y, proba, weights),
        Metrics.macroF1(y, predicted, weights),
        Metrics.rocAuc(y, proba, weights),
        Metrics.brier(y, proba, weights),
        ConfusionMatrix.of(y, predicted, k, weights));
  }

  /** The report of hard predictions: log loss, ROC AUC and Brier score are NaN. */
  public static ClassificationReport ofLabels(int[] y, int[] predicted, int numClasses, double[] weights) {
    return new ClassificationReport(y.length,
        Metrics.accuracy(y, predicted, weights),
        Metrics.balancedAccuracy(y, predicted, weights),
        Double.NaN,
        Metrics.macroF1(y, predicted, weights),
        Double.NaN,
        Double.NaN,
        ConfusionMatrix.of(y, predicted, numClasses, weights));
  }

  /**
   * {@code {"n", "accuracy", "balanced_accuracy", "log_loss", "macro_f1", "roc_auc", "brier",
   * "confusion_matrix"}}; NaN metrics are written as {@code null}.
   */
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("n", n);
    put(o, "accuracy", accuracy);
    put(o, "balanced_accuracy", balancedAccuracy);
    put(o, "log_loss", logLoss);
    put(o, "macro_f1", macroF1);
    put(o, "roc_auc", rocAuc);
    put(o, "brier", brier);
    o.set("confusion_matrix", confusion.toJson());
    return o;
  }

  static void put(ObjectNode o, String key, double v) {
    if (Double.isFinite(v)) o.put(key, v);
    else o.putNull(key);
  }
}
