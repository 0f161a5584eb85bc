package org.stackwise;

import org.stackwise.data.Dataset;

/**
 * A learner whose one fit on all rows also yields honest predictions for those same rows: a bagged
 * ensemble predicts each row with only the parts that were fitted without it (its out-of-bag
 * predictions, Breiman 1996). A stack can use them in place of K fold fits of the member ({@code
 * out_of_bag} in a stacking spec): one fit instead of K + 1, and no output it uses comes from a model
 * that saw the row.
 */
public interface OutOfBagLearner extends Learner {
  /** Whether this configuration draws samples that leave rows out (e.g. a forest with bootstrap on). */
  boolean hasOutOfBag();

  /**
   * Fits on all rows of {@code data} (the same model {@link #fit} returns for the same context) and
   * predicts every row with the parts that did not see it.
   *
   * @throws IllegalStateException when {@link #hasOutOfBag()} is false
   */
  OutOfBagFit fitOutOfBag(Dataset data, FitContext context);

  /**
   * A fit and its out-of-bag predictions.
   *
   * @param model the model fitted on all rows
   * @param predictions per row: class probabilities (classification) or a single value (regression),
   *     from the parts fitted without that row
   * @param uncovered rows that every part saw, so no part could predict them honestly; they get a
   *     prediction that uses no label of theirs: equal class probabilities, or the mean out-of-bag
   *     prediction of the other rows
   */
  record OutOfBagFit(Model model, double[][] predictions, int uncovered) {
    /**
     * The fit from per-row sums of the parts' predictions and how many parts predicted each row: each sum
     * divided by its count (in place), and the rows no part could predict filled as described above.
     *
     * @param classification whether the rows are class probabilities (else one value each)
     */
    public static OutOfBagFit averaged(Model model, double[][] sums, int[] parts, boolean classification) {
      int n = sums.length;
      int uncovered = 0;
      double total = 0;
      for (int i = 0; i < n; i++) {
        if (parts[i] == 0) {
          uncovered++;
          continue;
        }
        double inv = 1.0 / parts[i];
        for (int k = 0; k < sums[i].length; k++) sums[i][k] *= inv;
        if (!classification) total += sums[i][0];
      }
      if (uncovered > 0) {
        // no part could predict these rows without having seen them: a prediction that uses no label of theirs
        double fill = classification ? 1.0 / sums[0].length : uncovered == n ? 0.0 : total / (n - uncovered);
        for (int i = 0; i < n; i++) if (parts[i] == 0) java.util.Arrays.fill(sums[i], fill);
      }
      return new OutOfBagFit(model, sums, uncovered);
    }
  }
}
