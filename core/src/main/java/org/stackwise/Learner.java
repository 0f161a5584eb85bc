package org.stackwise;

import org.stackwise.data.Dataset;

/**
 * An immutable learner <em>spec</em>: hyperparameters only, never data. {@link #fit} returns a new,
 * independent, immutable {@link Model}; fitting twice gives two models and leaves the spec unchanged.
 *
 * <p>Fitting data with a class target returns a {@link Classifier}; with a numeric target, a
 * {@link Regressor}. A learner that does not support the data's task throws
 * {@link BadInputException} naming the learner and the task.
 */
public interface Learner {
  /** The learner id used in specs, e.g. {@code "lightgbm"}. */
  String id();

  /** Whether this learner can fit the task. */
  boolean supports(Task task);

  /** The hyperparameters as a JSON-mappable record (written into model manifests). */
  Record params();

  /**
   * The JSON spec that rebuilds this learner through {@code org.stackwise.spec.Specs.parse}
   * ({@code {"learner": id, "params": {...}}} for catalogue learners; ensembles override).
   */
  default com.fasterxml.jackson.databind.node.ObjectNode spec() {
    return org.stackwise.learners.Catalogue.toSpec(this);
  }

  /** Fits a model on {@code data}. Honours row weights when the data has them. */
  Model fit(Dataset data, FitContext context);

  /** Fits and checks that the result is a classifier. */
  default Classifier fitClassifier(Dataset data, FitContext context) {
    return (Classifier) requireTask(data, Task.CLASSIFICATION).fit(data, context);
  }

  /** Fits and checks that the result is a regressor. */
  default Regressor fitRegressor(Dataset data, FitContext context) {
    return (Regressor) requireTask(data, Task.REGRESSION).fit(data, context);
  }

  private Learner requireTask(Dataset data, Task task) {
    if (data.task() != task) {
      throw new BadInputException("learner '" + id() + "'", "expected a " + task.name().toLowerCase()
          + " target, got " + data.task().name().toLowerCase());
    }
    if (!supports(task)) {
      throw new BadInputException("learner '" + id() + "'", "does not support " + task.name().toLowerCase());
    }
    return this;
  }
}
