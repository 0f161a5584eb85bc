package org.stackwise.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.Writer;
import org.stackwise.io.Json;

/**
 * Where a command's output goes. With {@code --json}, stdout receives exactly one JSON object and human
 * tables go to stderr (unless {@code --quiet}); without it, human output goes to stdout. Notes and the
 * progress bar always go to stderr, never with {@code --quiet}, and the bar only on a terminal.
 */
final class Terminal {
  private static final PrintWriter NOWHERE = new PrintWriter(Writer.nullWriter());

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean json;
  private final boolean quiet;
  private final boolean interactive;

  Terminal(PrintWriter out, PrintWriter err, boolean json, boolean quiet, boolean interactive) {
    this.out = out;
    this.err = err;
    this.json = json;
    this.quiet = quiet;
    this.interactive = interactive;
  }

  boolean json() { return json; }

  /** Where human-readable results go. */
  PrintWriter human() {
    if (!json) return out;
    return quiet ? NOWHERE : err;
  }

  /** A note on stderr (suppressed by {@code --quiet}). */
  void note(String message) {
    if (!quiet) {
      err.println(message);
      err.flush();
    }
  }

  /** Prints the one JSON object of a {@code --json} run. */
  void printJson(JsonNode node) {
    try {
      out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON output", e);
    }
  }

  /** A progress listener: a bar on stderr when it is a terminal and not quiet, else nothing. */
  ProgressBar progress(String label) {
    return new ProgressBar(err, label, interactive && !quiet);
  }

  /** Flushes both streams. */
  void flush() {
    out.flush();
    err.flush();
  }
}
