package org.stackwise;

/**
 * Capability of models that can say how much each raw input column matters (absolute linear weights on
 * standardised inputs, split gains, …). Stacking uses it to show which member the meta-learner trusts
 * and to skip members whose meta-features all have importance exactly zero.
 */
public interface FeatureImportance {
  /**
   * One non-negative value per column of {@link Model#schema()}, per output: {@code [output][column]}
   * (one output for regressors and for models that do not distinguish classes).
   */
  double[][] featureImportance();
}
