package org.stackwise.moe;

import java.util.Arrays;
import org.stackwise.BadInputException;

/** How experts are trained. */
public enum ExpertTraining {
  /** {@link #JOINT} for {@code logistic}, {@code ridge} and {@code mlp} experts, {@link #EM} for any other learner. */
  AUTO("auto"),
  /**
   * Experts are our own linear or MLP networks (hyperparameters taken from the expert's spec), trained
   * together with the gate by mini-batch Adam on the chosen {@link MoeLoss}.
   */
  JOINT("joint"),
  /**
   * EM-style alternation for any catalogue learner: the E-step computes each row's posterior
   * responsibility per expert; each expert is refitted with those responsibilities as row weights,
   * and the gate is refitted to them.
   */
  EM("em");

  private final String id;

  ExpertTraining(String id) { this.id = id; }

  /** The name used in specs. */
  public String id() { return id; }

  /** Parses a spec value. */
  public static ExpertTraining parse(String s, String source) {
    for (ExpertTraining t : values()) if (t.id.equals(s)) return t;
    throw new BadInputException(source, "training must be one of "
        + Arrays.stream(values()).map(ExpertTraining::id).toList() + ", got '" + s + "'");
  }
}
