package org.stackwise.moe;

import java.util.Arrays;
import org.stackwise.BadInputException;

/**
 * How the gate and the experts are trained together. With gate weights {@code g_k(x)}, expert outputs
 * {@code f_k(x)} and a per-expert loss {@code ℓ_k = L(y, f_k(x))} (log loss for classes, half squared
 * error — or the Gaussian negative log-likelihood with a variance head — for numbers):
 */
public enum MoeLoss {
  /**
   * {@code Σ_k g_k·ℓ_k}: each expert is judged on its own output, weighted by its gate (Jacobs et al. 1991,
   * "Adaptive mixtures of local experts"). The gate moves towards the expert with the smaller error,
   * so experts specialise on regions of the input.
   */
  SPECIALISING("specialising"),
  /**
   * {@code L(y, Σ_k g_k·f_k)}: the error of the blended output, squared error for numbers and the Brier
   * score of the mixed distribution for classes (the log loss of the mixed distribution is the
   * likelihood form). Experts cooperate to cancel each other's errors, so they do not specialise; kept
   * as an option to make that visible.
   */
  COLLAPSING("collapsing"),
  /**
   * {@code −log Σ_k g_k·p_k(y|x)}: the negative log-likelihood of the mixture (Jordan and Jacobs 1994).
   * Each expert's error is weighted by its posterior responsibility; EM-trained experts always
   * optimise this form.
   */
  LIKELIHOOD("likelihood");

  private final String id;

  MoeLoss(String id) { this.id = id; }

  /** The name used in specs. */
  public String id() { return id; }

  /** Parses a spec value; errors name {@code source} and the allowed values. */
  public static MoeLoss parse(String s, String source) {
    for (MoeLoss l : values()) if (l.id.equals(s)) return l;
    throw new BadInputException(source, "loss must be one of " + Arrays.stream(values()).map(MoeLoss::id).toList()
        + ", got '" + s + "'");
  }
}
