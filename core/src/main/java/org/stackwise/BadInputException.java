package org.stackwise;

import java.util.Objects;

/**
 * Bad input from the user: a malformed file, an unknown column, an invalid parameter.
 * The message always names where ({@code source}, and line/column when known) and the rule broken.
 * The command line maps this exception to exit code 2.
 */
public class BadInputException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String source;
  private final long line;
  private final int column;
  private final String rule;

  /**
   * @param source file name, parameter path or other origin of the input ("spec.json", "--folds")
   * @param line 1-based line number, or 0 when not applicable
   * @param column 1-based column number, or 0 when not applicable
   * @param rule what is wrong, in words
   */
  public BadInputException(String source, long line, int column, String rule) {
    super(format(source, line, column, rule));
    this.source = Objects.requireNonNull(source);
    this.line = line;
    this.column = column;
    this.rule = Objects.requireNonNull(rule);
  }

  /** An error about a whole input (no line or column). */
  public BadInputException(String source, String rule) {
    this(source, 0, 0, rule);
  }

  private static String format(String source, long line, int column, String rule) {
    StringBuilder sb = new StringBuilder(source);
    if (line > 0) sb.append(", line ").append(line);
    if (column > 0) sb.append(", column ").append(column);
    return sb.append(": ").append(rule).toString();
  }

  public String source() { return source; }
  public long line() { return line; }
  public int column() { return column; }
  public String rule() { return rule; }
}
