package org.stackwise;

/**
 * Capability of classifiers that have a margin-style decision function besides probabilities
 * (linear and kernel SVMs, logistic regression, boosted trees' raw scores). Stacking with
 * {@code "stack_method": "decision"} requires it.
 */
public interface DecisionFunction {
  /**
   * Decision values for one raw feature row: one per class, or a single value for binary tasks
   * (positive favours the second class).
   */
  double[] decision(double[] row);
}
