/**
 * Evaluation: {@link org.stackwise.eval.Metrics} (accuracy, balanced accuracy, log loss, macro F1,
 * ROC AUC, Brier score, RMSE, MAE, R², all with optional row weights), the all-at-once
 * {@link org.stackwise.eval.ClassificationReport} and {@link org.stackwise.eval.RegressionReport} with a
 * {@link org.stackwise.eval.ConfusionMatrix}, and percentile {@link org.stackwise.eval.Bootstrap}
 * intervals.
 *
 * <p>Definitions follow scikit-learn 1.2 ({@code sklearn.metrics}; Pedregosa et al., JMLR 12, 2011) so
 * numbers can be compared side by side; differences are stated on each method. References:
 * T. Fawcett, "An introduction to ROC analysis", Pattern Recognition Letters 27, 2006 (AUC with ties);
 * G. W. Brier, "Verification of forecasts expressed in terms of probability", Monthly Weather Review 78,
 * 1950; K. H. Brodersen et al., "The balanced accuracy and its posterior distribution", ICPR 2010;
 * B. Efron and R. J. Tibshirani, "An Introduction to the Bootstrap", Chapman &amp; Hall, 1993.
 */
package org.stackwise.eval;
