package org.stackwise;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named ensemble member. Names appear in every table, trace, report and error message, and they
 * are used as entry names inside model files, so they are restricted to {@code [A-Za-z0-9_.-]{1,64}}.
 */
public record Member(String name, Learner learner) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");

  public Member {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(learner, "learner");
    if (!NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
      throw new BadInputException("member '" + name + "'",
          "member names must match [A-Za-z0-9_.-]{1,64} and not be '.' or '..'");
    }
  }
}
