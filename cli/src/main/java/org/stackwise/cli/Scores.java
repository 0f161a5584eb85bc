package org.stackwise.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import org.stackwise.Classifier;
import org.stackwise.io.Json;

/**
 * The metrics the command line reports.
 *
 * <p>Classification, from class distributions: {@code n}, {@code accuracy}, {@code balanced_accuracy}
 * (mean recall over the classes present), {@code log_loss} (natural log, probabilities clipped to
 * [1e-15, 1 − 1e-15]), {@code macro_f1} (over classes present in the labels or the predictions, as
 * scikit-learn), {@code roc_auc} (binary: AUC of the second class's probability, ties counted half;
 * multi-class: unweighted mean of one-vs-rest AUCs over classes that occur; null when undefined) and
 * {@code brier} (binary: mean squared error of the second class's probability, as scikit-learn;
 * multi-class: mean over rows of Σ_k (p_k − [y = k])², Brier's original definition).
 * Regression: {@code n}, {@code rmse}, {@code mae}, {@code r2} (1 − SSE/SST; null when the target is
 * constant). Non-finite results are written as JSON null.
 */
// TODO(integration): delegate to org.stackwise.eval.Metrics once it is merged; keep these JSON keys.
final class Scores {
  private static final double EPS = 1e-15;

  private Scores() { }

  /** All classification metrics. */
  static ObjectNode classification(int[] y, double[][] p, int k) {
    int n = y.length;
    ObjectNode o = Json.object();
    o.put("n", n);
    int[] pred = new int[n];
    for (int i = 0; i < n; i++) pred[i] = Classifier.argMax(p[i]);
    put(o, "accuracy", accuracy(y, pred));
    put(o, "balanced_accuracy", balancedAccuracy(y, pred, k));
    put(o, "log_loss", logLoss(y, p));
    put(o, "macro_f1", macroF1(y, pred, k));
    put(o, "roc_auc", rocAuc(y, p, k));
    put(o, "brier", brier(y, p, k));
    return o;
  }

  /** All regression metrics. */
  static ObjectNode regression(double[] y, double[] f) {
    ObjectNode o = Json.object();
    o.put("n", y.length);
    double sse = 0;
    double sae = 0;
    double mean = 0;
    for (double v : y) mean += v;
    mean /= y.length;
    double sst = 0;
    for (int i = 0; i < y.length; i++) {
      double d = y[i] - f[i];
      sse += d * d;
      sae += Math.abs(d);
      sst += (y[i] - mean) * (y[i] - mean);
    }
    put(o, "rmse", Math.sqrt(sse / y.length));
    put(o, "mae", sae / y.length);
    put(o, "r2", sst > 0 ? 1 - sse / sst : Double.NaN);
    return o;
  }

  /** A number, or null when it is not finite. */
  static void put(ObjectNode o, String key, double v) {
    if (Double.isFinite(v)) o.put(key, v);
    else o.putNull(key);
  }

  static double accuracy(int[] y, int[] pred) {
    int ok = 0;
    for (int i = 0; i < y.length; i++) if (y[i] == pred[i]) ok++;
    return y.length == 0 ? Double.NaN : ok / (double) y.length;
  }

  static double balancedAccuracy(int[] y, int[] pred, int k) {
    int[] support = new int[k];
    int[] hit = new int[k];
    for (int i = 0; i < y.length; i++) {
      support[y[i]]++;
      if (pred[i] == y[i]) hit[y[i]]++;
    }
    double s = 0;
    int present = 0;
    for (int c = 0; c < k; c++) {
      if (support[c] > 0) {
        s += hit[c] / (double) support[c];
        present++;
      }
    }
    return present == 0 ? Double.NaN : s / present;
  }

  static double logLoss(int[] y, double[][] p) {
    double s = 0;
    for (int i = 0; i < y.length; i++) s -= Math.log(Math.min(1 - EPS, Math.max(EPS, p[i][y[i]])));
    return y.length == 0 ? Double.NaN : s / y.length;
  }

  static double macroF1(int[] y, int[] pred, int k) {
    int[] tp = new int[k];
    int[] fp = new int[k];
    int[] fn = new int[k];
    for (int i = 0; i < y.length; i++) {
      if (pred[i] == y[i]) {
        tp[y[i]]++;
      } else {
        fp[pred[i]]++;
        fn[y[i]]++;
      }
    }
    double s = 0;
    int labels = 0;
    for (int c = 0; c < k; c++) {
      if (tp[c] + fp[c] + fn[c] == 0) continue;  // class neither present nor predicted
      labels++;
      s += 2.0 * tp[c] / (2.0 * tp[c] + fp[c] + fn[c]);
    }
    return labels == 0 ? Double.NaN : s / labels;
  }

  static double rocAuc(int[] y, double[][] p, int k) {
    if (k == 2) return auc(y, p, 1);
    double s = 0;
    int used = 0;
    for (int c = 0; c < k; c++) {
      double a = auc(y, p, c);
      if (!Double.isNaN(a)) {
        s += a;
        used++;
      }
    }
    return used < 2 ? Double.NaN : s / used;
  }

  /** One-vs-rest AUC of class {@code c} by the rank-sum (Mann–Whitney) statistic, ties counted half. */
  static double auc(int[] y, double[][] p, int c) {
    int n = y.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) order[i] = i;
    Arrays.sort(order, (a, b) -> Double.compare(p[a][c], p[b][c]));
    long pos = 0;
    for (int v : y) if (v == c) pos++;
    long neg = n - pos;
    if (pos == 0 || neg == 0) return Double.NaN;
    double rankSum = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && p[order[j + 1]][c] == p[order[i]][c]) j++;
      double midRank = (i + j) / 2.0 + 1;  // 1-based average rank of the tie group
      for (int t = i; t <= j; t++) if (y[order[t]] == c) rankSum += midRank;
      i = j + 1;
    }
    return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
  }

  static double brier(int[] y, double[][] p, int k) {
    double s = 0;
    for (int i = 0; i < y.length; i++) {
      if (k == 2) {
        double d = p[i][1] - (y[i] == 1 ? 1 : 0);
        s += d * d;
      } else {
        for (int c = 0; c < k; c++) {
          double d = p[i][c] - (y[i] == c ? 1 : 0);
          s += d * d;
        }
      }
    }
    return y.length == 0 ? Double.NaN : s / y.length;
  }
}
