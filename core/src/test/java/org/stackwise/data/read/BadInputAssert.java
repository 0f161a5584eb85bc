package org.stackwise.data.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;
import org.stackwise.BadInputException;

/** Asserts a {@link BadInputException} naming the file, the line (when > 0) and a phrase of the rule. */
final class BadInputAssert {
  private BadInputAssert() { }

  static BadInputException fails(Executable call, String fileName, long line, String phrase) {
    BadInputException e = assertThrows(BadInputException.class, call);
    String m = e.getMessage();
    assertTrue(m.contains(fileName), () -> "message should name the file " + fileName + ": " + m);
    if (line > 0) {
      assertEquals(line, e.line(), () -> "line in: " + m);
      assertTrue(m.contains("line " + line), () -> "message should name line " + line + ": " + m);
    }
    assertTrue(m.contains(phrase), () -> "message should contain '" + phrase + "': " + m);
    return e;
  }
}
