package org.stackwise.moe;

import org.stackwise.data.Dataset;
import org.stackwise.ensemble.EnsembleModel;

/**
 * A fitted mixture of experts ({@link MixtureOfExpertsClassifier} or {@link MixtureOfExpertsRegressor}).
 * Members are the experts ({@code expert0}, {@code expert1}, …). {@link #describe()} holds the fit-time
 * settings, training curve and the {@code "experts"} utilisation table measured on the training rows,
 * with warnings when the mixture has collapsed onto one expert.
 */
public interface MixtureOfExpertsModel extends EnsembleModel {
  /** Number of experts. */
  int expertCount();

  /** Experts kept per row at prediction (K under dense gating). */
  int topK();

  /** The gate weights applied to one raw row: one per expert, zero for experts not routed (top-k). */
  double[] gateWeights(double[] row);

  /** The gate weights applied to every row. */
  double[][] gateWeights(Dataset data);

  /** How much each expert is used on {@code data} (any rows; the target is not needed). */
  Utilisation utilisation(Dataset data);
}
