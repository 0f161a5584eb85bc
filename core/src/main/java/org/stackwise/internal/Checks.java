package org.stackwise.internal;

import org.stackwise.BadInputException;

/** Argument checks whose messages name the parameter, the rule and the value (STYLE.md §9). */
public final class Checks {
  private Checks() { }

  public static int between(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new BadInputException(name, name + " must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  public static double between(String name, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new BadInputException(name, name + " must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  public static int atLeast(String name, int value, int min) {
    if (value < min) throw new BadInputException(name, name + " must be at least " + min + ", got " + value);
    return value;
  }

  public static double positive(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new BadInputException(name, name + " must be a finite number > 0, got " + value);
    }
    return value;
  }

  public static double nonNegative(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new BadInputException(name, name + " must be a finite number >= 0, got " + value);
    }
    return value;
  }

  public static <T> T oneOf(String name, T value, java.util.Collection<T> allowed) {
    if (!allowed.contains(value)) {
      throw new BadInputException(name, name + " must be one of " + allowed + ", got " + value);
    }
    return value;
  }
}
