package org.stackwise.ensemble;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.stackwise.Classifier;
import org.stackwise.data.Target;
import org.stackwise.io.Json;

/** Scores of out-of-fold outputs, as shown next to each member and combiner. */
final class Scoring {
  private Scoring() { }

  /** Accuracy and log loss of probability rows against class targets, or RMSE and R² for numeric ones. */
  static ObjectNode score(Target target, int[] rows, double[][] predictions) {
    ObjectNode o = Json.object();
    o.put("n", rows.length);
    if (target instanceof Target.Classes c) {
      int[] y = new int[rows.length];
      double[][] p = new double[rows.length][];
      for (int i = 0; i < rows.length; i++) {
        y[i] = c.get(rows[i]);
        p[i] = predictions[i];
      }
      o.put("accuracy", accuracy(y, p));
      o.put("log_loss", logLoss(y, p));
    } else {
      Target.Numeric t = (Target.Numeric) target;
      double[] y = new double[rows.length];
      double[] f = new double[rows.length];
      for (int i = 0; i < rows.length; i++) {
        y[i] = t.get(rows[i]);
        f[i] = predictions[i][0];
      }
      o.put("rmse", rmse(y, f));
      o.put("r2", r2(y, f));
    }
    return o;
  }

  /** Full class distributions from a block built with {@code PROBA}; null when the block is not probabilities. */
  static double[] distribution(double[] features, int k, boolean logit) {
    double[] q = features.clone();
    if (logit) for (int j = 0; j < q.length; j++) q[j] = 1 / (1 + Math.exp(-q[j]));
    if (k == 2) return new double[] {1 - q[0], q[0]};
    double s = 0;
    for (double v : q) s += v;
    if (s > 0) for (int j = 0; j < q.length; j++) q[j] /= s;
    return q;
  }

  // TODO(integration): delegate to org.stackwise.eval.Metrics once it lands
  private static double accuracy(int[] y, double[][] p) {
    int ok = 0;
    for (int i = 0; i < y.length; i++) if (Classifier.argMax(p[i]) == y[i]) ok++;
    return y.length == 0 ? Double.NaN : ok / (double) y.length;
  }

  private static double logLoss(int[] y, double[][] p) {
    double s = 0;
    for (int i = 0; i < y.length; i++) s -= Math.log(Math.min(1 - 1e-15, Math.max(1e-15, p[i][y[i]])));
    return s / y.length;
  }

  private static double rmse(double[] y, double[] f) {
    double s = 0;
    for (int i = 0; i < y.length; i++) s += (y[i] - f[i]) * (y[i] - f[i]);
    return Math.sqrt(s / y.length);
  }

  private static double r2(double[] y, double[] f) {
    double m = 0;
    for (double v : y) m += v;
    m /= y.length;
    double ss = 0;
    double tot = 0;
    for (int i = 0; i < y.length; i++) {
      ss += (y[i] - f[i]) * (y[i] - f[i]);
      tot += (y[i] - m) * (y[i] - m);
    }
    return 1 - ss / tot;
  }

  static int argMax(double[] p) {
    return Classifier.argMax(p);
  }
}
