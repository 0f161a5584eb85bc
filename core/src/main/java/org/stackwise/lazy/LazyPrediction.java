package org.stackwise.lazy;

/**
 * A lazy prediction: the answer distribution, its most probable class (index and name) and the trace
 * of how it was reached.
 */
public record LazyPrediction(double[] proba, int predicted, String label, CascadeTrace trace) {
  public LazyPrediction {
    proba = proba.clone();
  }

  @Override public double[] proba() { return proba.clone(); }
}
