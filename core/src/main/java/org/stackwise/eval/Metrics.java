package org.stackwise.eval;

import java.util.Arrays;

/**
 * Evaluation metrics with optional row weights, computed as scikit-learn computes them (version 1.2),
 * with the few deliberate differences noted per method. Every method takes {@code weights == null} as
 * "all rows weigh 1"; weights must be finite, {@code >= 0} and not all zero.
 *
 * <p>Classification inputs are class indices {@code y[i]} in {@code [0, K)} with either predicted
 * indices or probability rows of length {@code K} (predicted class = arg max, ties to the lower index).
 * Regression inputs are targets and predictions. Inputs are never modified. Bad input (length mismatch,
 * label out of range, non-finite probability, no rows) raises {@link IllegalArgumentException}.
 */
public final class Metrics {
  /** Probabilities are clipped to {@code [EPS, 1 − EPS]} in {@link #logLoss}: scikit-learn's classic eps. */
  public static final double LOG_LOSS_EPS = 1e-15;

  private Metrics() { }

  // ---------------------------------------------------------------- labels

  /** Share of rows whose predicted class is the true class. */
  public static double accuracy(int[] y, int[] predicted) {
    return accuracy(y, predicted, null);
  }

  /** Weighted share of rows whose predicted class is the true class. */
  public static double accuracy(int[] y, int[] predicted, double[] weights) {
    checkLabels(y, predicted);
    double total = checkWeights(weights, y.length);
    double ok = 0;
    for (int i = 0; i < y.length; i++) if (y[i] == predicted[i]) ok += w(weights, i);
    return ok / total;
  }

  /**
   * Mean over classes of the (weighted) recall, over the classes that occur in {@code y} (with positive
   * weight); a class that is predicted but never true is left out, as in scikit-learn.
   */
  public static double balancedAccuracy(int[] y, int[] predicted) {
    return balancedAccuracy(y, predicted, null);
  }

  /** Weighted {@link #balancedAccuracy(int[], int[])}. */
  public static double balancedAccuracy(int[] y, int[] predicted, double[] weights) {
    checkLabels(y, predicted);
    checkWeights(weights, y.length);
    int k = numLabels(y, predicted);
    double[] support = new double[k];
    double[] hit = new double[k];
    for (int i = 0; i < y.length; i++) {
      support[y[i]] += w(weights, i);
      if (y[i] == predicted[i]) hit[y[i]] += w(weights, i);
    }
    double sum = 0;
    int classes = 0;
    for (int c = 0; c < k; c++) {
      if (support[c] > 0) {
        sum += hit[c] / support[c];
        classes++;
      }
    }
    return sum / classes;
  }

  /**
   * Unweighted mean over classes of F1 = 2·TP / (2·TP + FP + FN), over the classes that occur in
   * {@code y} or in {@code predicted} (scikit-learn's {@code average="macro"} with its default labels).
   * A class whose F1 is undefined (0/0) counts as 0, like {@code zero_division=0}; so does a class that is
   * true but never predicted.
   */
  public static double macroF1(int[] y, int[] predicted) {
    return macroF1(y, predicted, null);
  }

  /** Weighted {@link #macroF1(int[], int[])}: TP, FP and FN are sums of row weights. */
  public static double macroF1(int[] y, int[] predicted, double[] weights) {
    checkLabels(y, predicted);
    checkWeights(weights, y.length);
    int k = numLabels(y, predicted);
    double[] tp = new double[k];
    double[] fp = new double[k];
    double[] fn = new double[k];
    boolean[] present = new boolean[k];
    for (int i = 0; i < y.length; i++) {
      double wi = w(weights, i);
      present[y[i]] = true;
      present[predicted[i]] = true;
      if (y[i] == predicted[i]) {
        tp[y[i]] += wi;
      } else {
        fn[y[i]] += wi;
        fp[predicted[i]] += wi;
      }
    }
    double sum = 0;
    int classes = 0;
    for (int c = 0; c < k; c++) {
      if (!present[c]) continue;
      double denom = 2 * tp[c] + fp[c] + fn[c];
      sum += denom > 0 ? 2 * tp[c] / denom : 0.0;
      classes++;
    }
    return sum / classes;
  }

  // ---------------------------------------------------------------- probabilities

  /** The predicted class of each probability row: the arg max, ties to the lower index. */
  public static int[] argMax(double[][] proba) {
    int[] out = new int[proba.length];
    for (int i = 0; i < proba.length; i++) {
      double[] p = proba[i];
      int best = 0;
      for (int c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
      out[i] = best;
    }
    return out;
  }

  /** Accuracy of the arg-max predictions. */
  public static double accuracy(int[] y, double[][] proba) {
    return accuracy(y, proba, null);
  }

  /** Weighted accuracy of the arg-max predictions. */
  public static double accuracy(int[] y, double[][] proba, double[] weights) {
    checkProba(y, proba);
    return accuracy(y, argMax(proba), weights);
  }

  /**
   * Mean negative log-likelihood of the true class. As in scikit-learn, each probability is clipped to
   * {@code [1e-15, 1 − 1e-15]} and each row renormalised to sum 1 before the log is taken (scikit-learn
   * 1.2 clips at machine epsilon by default; the results differ only for probabilities below 1e-15).
   */
  public static double logLoss(int[] y, double[][] proba) {
    return logLoss(y, proba, null);
  }

  /** Weighted {@link #logLoss(int[], double[][])}. */
  public static double logLoss(int[] y, double[][] proba, double[] weights) {
    int k = checkProba(y, proba);
    double total = checkWeights(weights, y.length);
    double loss = 0;
    for (int i = 0; i < y.length; i++) {
      double sum = 0;
      for (int c = 0; c < k; c++) sum += clip(proba[i][c]);
      loss -= w(weights, i) * Math.log(clip(proba[i][y[i]]) / sum);
    }
    return loss / total;
  }

  private static double clip(double p) {
    return Math.min(Math.max(p, LOG_LOSS_EPS), 1 - LOG_LOSS_EPS);
  }

  /**
   * Area under the ROC curve. Two classes: the AUC of {@code proba[i][1]} for class 1 against class 0.
   * More classes: one-vs-rest, unweighted mean over classes (scikit-learn's
   * {@code roc_auc_score(multi_class="ovr", average="macro")}), taken over the classes that have both
   * positive and negative rows — scikit-learn raises an error instead when a class is absent. Tied
   * scores count half (the trapezoid under the ROC curve). NaN when no class qualifies.
   */
  public static double rocAuc(int[] y, double[][] proba) {
    return rocAuc(y, proba, null);
  }

  /** Weighted {@link #rocAuc(int[], double[][])}: each row counts with its weight in both rates. */
  public static double rocAuc(int[] y, double[][] proba, double[] weights) {
    int k = checkProba(y, proba);
    checkWeights(weights, y.length);
    double[] scores = new double[y.length];
    boolean[] positive = new boolean[y.length];
    if (k == 2) {
      for (int i = 0; i < y.length; i++) {
        scores[i] = proba[i][1];
        positive[i] = y[i] == 1;
      }
      return binaryAuc(positive, scores, weights);
    }
    double sum = 0;
    int classes = 0;
    for (int c = 0; c < k; c++) {
      for (int i = 0; i < y.length; i++) {
        scores[i] = proba[i][c];
        positive[i] = y[i] == c;
      }
      double auc = binaryAuc(positive, scores, weights);
      if (!Double.isNaN(auc)) {
        sum += auc;
        classes++;
      }
    }
    return classes == 0 ? Double.NaN : sum / classes;
  }

  /**
   * Binary ROC AUC of {@code scores} (higher = more positive) with optional weights: the probability
   * that a random positive scores above a random negative, ties counting half. NaN when there is no
   * positive or no negative weight.
   */
  public static double rocAuc(boolean[] positive, double[] scores, double[] weights) {
    if (positive.length != scores.length) {
      throw new IllegalArgumentException("labels have " + positive.length + " rows, scores have " + scores.length);
    }
    if (scores.length == 0) throw new IllegalArgumentException("no rows to evaluate");
    checkWeights(weights, scores.length);
    for (int i = 0; i < scores.length; i++) {
      if (!Double.isFinite(scores[i])) throw new IllegalArgumentException("score " + i + " is not finite: " + scores[i]);
    }
    return binaryAuc(positive, scores, weights);
  }

  /**
   * Sorts the distinct scores, sums positive and negative weight per distinct score, then sweeps from
   * the highest score down adding the trapezoids of the ROC curve: {@code Σ neg_g · (pos_above + pos_g/2)}.
   * Only primitive sorts, so it stays fast inside bootstrap loops.
   */
  private static double binaryAuc(boolean[] positive, double[] scores, double[] weights) {
    int n = scores.length;
    double[] sorted = new double[n];
    for (int i = 0; i < n; i++) sorted[i] = scores[i] + 0.0; // -0.0 and 0.0 are one tie
    Arrays.sort(sorted);
    int u = 0;
    for (int i = 0; i < n; i++) if (i == 0 || sorted[i] != sorted[u - 1]) sorted[u++] = sorted[i];
    double[] pos = new double[u];
    double[] neg = new double[u];
    double totalPos = 0;
    double totalNeg = 0;
    for (int i = 0; i < n; i++) {
      int g = Arrays.binarySearch(sorted, 0, u, scores[i] + 0.0);
      double wi = w(weights, i);
      if (positive[i]) {
        pos[g] += wi;
        totalPos += wi;
      } else {
        neg[g] += wi;
        totalNeg += wi;
      }
    }
    if (!(totalPos > 0) || !(totalNeg > 0)) return Double.NaN;
    double area = 0;
    double above = 0;
    for (int g = u - 1; g >= 0; g--) {
      area += neg[g] * (above + pos[g] / 2);
      above += pos[g];
    }
    return area / (totalPos * totalNeg);
  }

  /**
   * Brier score. More than two classes: the mean over rows of {@code Σ_k (p_k − 1[y = k])²} (Brier's
   * original multiclass score, between 0 and 2). Two classes: scikit-learn's {@code brier_score_loss} on
   * the positive class (index 1), the mean of {@code (p_1 − 1[y = 1])²} (between 0 and 1; half the
   * multiclass formula). One class: 0 when its probability is 1.
   */
  public static double brier(int[] y, double[][] proba) {
    return brier(y, proba, null);
  }

  /** Weighted {@link #brier(int[], double[][])}. */
  public static double brier(int[] y, double[][] proba, double[] weights) {
    int k = checkProba(y, proba);
    double total = checkWeights(weights, y.length);
    double sum = 0;
    for (int i = 0; i < y.length; i++) {
      double s = 0;
      if (k == 2) {
        double d = proba[i][1] - (y[i] == 1 ? 1 : 0);
        s = d * d;
      } else {
        for (int c = 0; c < k; c++) {
          double d = proba[i][c] - (y[i] == c ? 1 : 0);
          s += d * d;
        }
      }
      sum += w(weights, i) * s;
    }
    return sum / total;
  }

  // ---------------------------------------------------------------- regression

  /** Root mean squared error. */
  public static double rmse(double[] y, double[] predicted) {
    return rmse(y, predicted, null);
  }

  /** Root of the weighted mean squared error. */
  public static double rmse(double[] y, double[] predicted, double[] weights) {
    return Math.sqrt(mse(y, predicted, weights));
  }

  /** Weighted mean squared error. */
  public static double mse(double[] y, double[] predicted, double[] weights) {
    double total = checkRegression(y, predicted, weights);
    double s = 0;
    for (int i = 0; i < y.length; i++) {
      double d = y[i] - predicted[i];
      s += w(weights, i) * d * d;
    }
    return s / total;
  }

  /** Mean absolute error. */
  public static double mae(double[] y, double[] predicted) {
    return mae(y, predicted, null);
  }

  /** Weighted mean absolute error. */
  public static double mae(double[] y, double[] predicted, double[] weights) {
    double total = checkRegression(y, predicted, weights);
    double s = 0;
    for (int i = 0; i < y.length; i++) s += w(weights, i) * Math.abs(y[i] - predicted[i]);
    return s / total;
  }

  /**
   * Coefficient of determination {@code 1 − Σw(y − ŷ)² / Σw(y − ȳ_w)²}. For a constant target, as
   * scikit-learn: 1 when the predictions are exact, else 0.
   */
  public static double r2(double[] y, double[] predicted) {
    return r2(y, predicted, null);
  }

  /** Weighted {@link #r2(double[], double[])}. */
  public static double r2(double[] y, double[] predicted, double[] weights) {
    double total = checkRegression(y, predicted, weights);
    double mean = 0;
    for (int i = 0; i < y.length; i++) mean += w(weights, i) * y[i];
    mean /= total;
    double ssRes = 0;
    double ssTot = 0;
    for (int i = 0; i < y.length; i++) {
      double wi = w(weights, i);
      ssRes += wi * (y[i] - predicted[i]) * (y[i] - predicted[i]);
      ssTot += wi * (y[i] - mean) * (y[i] - mean);
    }
    if (ssTot == 0) return ssRes == 0 ? 1.0 : 0.0;
    return 1 - ssRes / ssTot;
  }

  // ---------------------------------------------------------------- checks

  static double w(double[] weights, int i) {
    return weights == null ? 1.0 : weights[i];
  }

  /** Validates weights (null = ones) and returns their total. */
  static double checkWeights(double[] weights, int n) {
    if (weights == null) return n;
    if (weights.length != n) throw new IllegalArgumentException("weights have " + weights.length + " rows, data has " + n);
    double total = 0;
    for (int i = 0; i < n; i++) {
      double v = weights[i];
      if (!(v >= 0) || Double.isInfinite(v)) throw new IllegalArgumentException("weight " + i + " must be finite and >= 0, got " + v);
      total += v;
    }
    if (!(total > 0)) throw new IllegalArgumentException("weights must not all be zero");
    return total;
  }

  static void checkLabels(int[] y, int[] predicted) {
    if (y.length != predicted.length) {
      throw new IllegalArgumentException("y has " + y.length + " rows, predictions have " + predicted.length);
    }
    if (y.length == 0) throw new IllegalArgumentException("no rows to evaluate");
    for (int i = 0; i < y.length; i++) {
      if (y[i] < 0) throw new IllegalArgumentException("y[" + i + "] is negative: " + y[i]);
      if (predicted[i] < 0) throw new IllegalArgumentException("predicted[" + i + "] is negative: " + predicted[i]);
    }
  }

  /** Validates probability rows; returns the number of classes. */
  static int checkProba(int[] y, double[][] proba) {
    if (y.length != proba.length) throw new IllegalArgumentException("y has " + y.length + " rows, proba has " + proba.length);
    if (y.length == 0) throw new IllegalArgumentException("no rows to evaluate");
    int k = proba[0].length;
    if (k == 0) throw new IllegalArgumentException("probability rows are empty");
    for (int i = 0; i < y.length; i++) {
      if (proba[i].length != k) throw new IllegalArgumentException("proba row " + i + " has " + proba[i].length + " values, row 0 has " + k);
      if (y[i] < 0 || y[i] >= k) throw new IllegalArgumentException("y[" + i + "] = " + y[i] + " is outside 0.." + (k - 1));
      for (int c = 0; c < k; c++) {
        if (!Double.isFinite(proba[i][c])) {
          throw new IllegalArgumentException("proba[" + i + "][" + c + "] is not finite: " + proba[i][c]);
        }
      }
    }
    return k;
  }

  private static double checkRegression(double[] y, double[] predicted, double[] weights) {
    if (y.length != predicted.length) {
      throw new IllegalArgumentException("y has " + y.length + " rows, predictions have " + predicted.length);
    }
    if (y.length == 0) throw new IllegalArgumentException("no rows to evaluate");
    return checkWeights(weights, y.length);
  }

  private static int numLabels(int[] y, int[] predicted) {
    int k = 0;
    for (int i = 0; i < y.length; i++) k = Math.max(k, Math.max(y[i], predicted[i]) + 1);
    return k;
  }
}
