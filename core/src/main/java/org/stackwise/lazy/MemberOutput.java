package org.stackwise.lazy;

/**
 * One member's answer to one input: a class distribution and what the call cost ({@code NaN} when
 * unknown; the cost model's mean is then charged).
 */
public record MemberOutput(double[] proba, double cost) {
  public MemberOutput {
    proba = proba.clone();
  }

  /** An output whose cost is taken from the cost model. */
  public static MemberOutput of(double[] proba) {
    return new MemberOutput(proba, Double.NaN);
  }

  @Override public double[] proba() { return proba.clone(); }
}
