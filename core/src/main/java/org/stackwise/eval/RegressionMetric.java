package org.stackwise.eval;

import java.util.Arrays;
import java.util.List;

/** The regression metrics by name, for bootstrap intervals, reports and command-line options. */
public enum RegressionMetric {
  RMSE("rmse", false),
  MAE("mae", false),
  R2("r2", true);

  private final String id;
  private final boolean higherIsBetter;

  RegressionMetric(String id, boolean higherIsBetter) {
    this.id = id;
    this.higherIsBetter = higherIsBetter;
  }

  /** The snake_case name used in JSON and on the command line. */
  public String id() { return id; }

  /** True for R², false for errors. */
  public boolean higherIsBetter() { return higherIsBetter; }

  /** The metric of {@code predicted} against {@code y}; {@code weights} may be null. */
  public double compute(double[] y, double[] predicted, double[] weights) {
    return switch (this) {
      case RMSE -> Metrics.rmse(y, predicted, weights);
      case MAE -> Metrics.mae(y, predicted, weights);
      case R2 -> Metrics.r2(y, predicted, weights);
    };
  }

  /** The metric named {@code id}; throws {@link IllegalArgumentException} listing the names. */
  public static RegressionMetric byId(String id) {
    for (RegressionMetric m : values()) if (m.id.equals(id)) return m;
    throw new IllegalArgumentException("unknown regression metric '" + id + "'; known: " + ids());
  }

  public static List<String> ids() {
    return Arrays.stream(values()).map(RegressionMetric::id).toList();
  }
}
