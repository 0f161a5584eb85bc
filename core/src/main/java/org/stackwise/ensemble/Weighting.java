package org.stackwise.ensemble;

import java.util.Locale;
import org.stackwise.BadInputException;

/** How a voting ensemble gets its member weights. Learned weights use out-of-fold outputs only. */
public enum Weighting {
  /** All members weigh the same. */
  EQUAL,
  /** Weights given by the user. */
  GIVEN,
  /** Non-negative least squares of the out-of-fold outputs on the target, normalised to sum 1. */
  NNLS,
  /** Greedy ensemble selection with replacement (Caruana et al. 2004) on out-of-fold outputs. */
  SELECTION,
  /** Pseudo-Bayesian model averaging: weights ∝ exp(out-of-fold log-likelihood). */
  BMA;

  public static Weighting parse(String s, String source) {
    try {
      return valueOf(s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BadInputException(source, "weights must be a list of numbers or one of equal, nnls, selection, bma, got '" + s + "'");
    }
  }

  public String id() { return name().toLowerCase(Locale.ROOT); }
}
