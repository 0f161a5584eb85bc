package org.stackwise.learners.svm;

import java.util.Arrays;
import org.stackwise.BadInputException;
import org.stackwise.data.Dataset;

/**
 * Which classes of the target actually have rows (with non-zero weight) in a training set, and the
 * library label (our class index) of each. The SVM libraries only know the labels they saw; classes
 * without rows (e.g. in a CV fold) get probability 0 and decision value {@link #ABSENT_DECISION}.
 */
final class PresentClasses {
  /** Decision value of a class without training rows: what a one-vs-rest SVM with only negatives outputs. */
  static final double ABSENT_DECISION = -1.0;

  private PresentClasses() { }

  /** Sorted indices of the classes that have rows with positive weight. */
  static int[] of(int[] y, double[] w, int k) {
    boolean[] seen = new boolean[k];
    for (int i = 0; i < y.length; i++) if (w[i] > 0) seen[y[i]] = true;
    int m = 0;
    for (boolean s : seen) if (s) m++;
    int[] out = new int[m];
    m = 0;
    for (int c = 0; c < k; c++) if (seen[c]) out[m++] = c;
    return out;
  }

  /**
   * The rows to train on. The SVM libraries have no per-row weights, so weights are accepted only when
   * every positive weight is equal (rows of weight 0 are dropped); anything else is rejected rather
   * than silently ignored.
   */
  static int[] rowsToTrain(Dataset data, String learner) {
    if (!data.hasWeights()) {
      int[] all = new int[data.rows()];
      for (int i = 0; i < all.length; i++) all[i] = i;
      return all;
    }
    double[] w = data.weights();
    double common = 0;
    int m = 0;
    for (double v : w) {
      if (v == 0) continue;
      if (common == 0) common = v;
      else if (v != common) {
        throw new BadInputException("learner '" + learner + "'", "does not support unequal row weights "
            + "(the underlying library has no per-row weights); got weights " + common + " and " + v);
      }
      m++;
    }
    if (m == 0) throw new BadInputException("weights", "row weights must not all be zero");
    int[] rows = new int[m];
    m = 0;
    for (int i = 0; i < w.length; i++) if (w[i] > 0) rows[m++] = i;
    return rows;
  }

  static int[] copyOf(int[] a) { return Arrays.copyOf(a, a.length); }
}
