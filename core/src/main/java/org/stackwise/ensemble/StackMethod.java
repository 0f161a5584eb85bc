package org.stackwise.ensemble;

import java.util.Locale;
import org.stackwise.BadInputException;

/** Which output of a member becomes meta-features. */
public enum StackMethod {
  /** Probabilities for classifiers, predictions for regressors. */
  AUTO,
  /** Class probabilities (for binary tasks the redundant first column is dropped). */
  PROBA,
  /** Decision values (margins); the member's model must implement {@link org.stackwise.DecisionFunction}. */
  DECISION,
  /** The predicted label, one-hot encoded (one 0/1 column for binary tasks). */
  LABEL;

  public static StackMethod parse(String s, String source) {
    try {
      return valueOf(s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BadInputException(source, "stack_method must be one of auto, proba, decision, label, got '" + s + "'");
    }
  }

  public String id() { return name().toLowerCase(Locale.ROOT); }
}
