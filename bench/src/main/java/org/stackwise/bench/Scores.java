package org.stackwise.bench;

import org.stackwise.Classifier;

/**
 * Accuracy and log loss with exactly the conventions of the reference script
 * ({@code bench/python/reference.py}), so both sides are scored by the same formula: the predicted
 * class is the argmax of the probabilities (ties to the lower index), and log loss clips each
 * probability to [1e-15, 1 − 1e-15] and renormalises the row, as {@code sklearn.metrics.log_loss}
 * does in scikit-learn 1.2.
 */
final class Scores {
  private static final double EPS = 1e-15;

  private Scores() { }

  /** Share of rows whose most probable class is the true class. */
  static double accuracy(double[][] proba, int[] y) {
    int correct = 0;
    for (int i = 0; i < y.length; i++) if (Classifier.argMax(proba[i]) == y[i]) correct++;
    return (double) correct / y.length;
  }

  /** Mean negative log probability of the true class (clipped and renormalised). */
  static double logLoss(double[][] proba, int[] y) {
    double sum = 0;
    for (int i = 0; i < y.length; i++) {
      double total = 0;
      for (double p : proba[i]) total += clip(p);
      sum -= Math.log(clip(proba[i][y[i]]) / total);
    }
    return sum / y.length;
  }

  private static double clip(double p) {
    return Math.min(Math.max(p, EPS), 1 - EPS);
  }
}
