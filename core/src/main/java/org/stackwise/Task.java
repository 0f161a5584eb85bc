package org.stackwise;

/** The two supervised tasks Stackwise handles. */
public enum Task {
  /** Predict one of a fixed set of classes; models are {@link Classifier}s. */
  CLASSIFICATION,
  /** Predict a real number; models are {@link Regressor}s. */
  REGRESSION
}
