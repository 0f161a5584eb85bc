package org.stackwise.eval;

import java.util.Arrays;
import java.util.List;

/** The classification metrics by name, for bootstrap intervals, reports and command-line options. */
public enum ClassificationMetric {
  ACCURACY("accuracy", true),
  BALANCED_ACCURACY("balanced_accuracy", true),
  LOG_LOSS("log_loss", false),
  MACRO_F1("macro_f1", true),
  ROC_AUC("roc_auc", true),
  BRIER("brier", false);

  private final String id;
  private final boolean higherIsBetter;

  ClassificationMetric(String id, boolean higherIsBetter) {
    this.id = id;
    this.higherIsBetter = higherIsBetter;
  }

  /** The snake_case name used in JSON and on the command line. */
  public String id() { return id; }

  /** True for scores (accuracy, AUC…), false for losses (log loss, Brier). */
  public boolean higherIsBetter() { return higherIsBetter; }

  /** The metric of probability predictions; {@code weights} may be null. */
  public double compute(int[] y, double[][] proba, double[] weights) {
    return switch (this) {
      case ACCURACY -> Metrics.accuracy(y, proba, weights);
      case BALANCED_ACCURACY -> Metrics.balancedAccuracy(y, Metrics.argMax(proba), weights);
      case LOG_LOSS -> Metrics.logLoss(y, proba, weights);
      case MACRO_F1 -> Metrics.macroF1(y, Metrics.argMax(proba), weights);
      case ROC_AUC -> Metrics.rocAuc(y, proba, weights);
      case BRIER -> Metrics.brier(y, proba, weights);
    };
  }

  /** The metric named {@code id}; throws {@link IllegalArgumentException} listing the names. */
  public static ClassificationMetric byId(String id) {
    for (ClassificationMetric m : values()) if (m.id.equals(id)) return m;
    throw new IllegalArgumentException("unknown classification metric '" + id + "'; known: " + ids());
  }

  public static List<String> ids() {
    return Arrays.stream(values()).map(ClassificationMetric::id).toList();
  }
}
