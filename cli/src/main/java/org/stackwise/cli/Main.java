package org.stackwise.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CancellationException;
import picocli.CommandLine;

/**
 * Entry point of the {@code stackwise} command. {@link #run} executes one command in-process with the
 * given streams and returns its exit code, so tests drive the real command line without forking.
 */
public final class Main {
  /** Success. */
  public static final int OK = 0;
  /** A failure while running (a bug, an I/O error, every member failing). */
  public static final int FAILURE = 1;
  /** Bad usage or bad input: unknown option, malformed file, invalid parameter. */
  public static final int BAD_INPUT = 2;

  private Main() { }

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    System.out.flush();
    System.err.flush();
    System.exit(code);
  }

  /**
   * Runs {@code stackwise args...}, writing results to {@code out} and messages to {@code err}.
   *
   * @return the exit code: {@link #OK}, {@link #FAILURE} or {@link #BAD_INPUT}
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    PrintWriter o = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    PrintWriter e = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    // a progress bar only makes sense when stderr is the process's own stderr and that is a terminal
    boolean interactive = err == System.err && System.console() != null;
    try {
      return commandLine(o, e, interactive).execute(args);
    } finally {
      o.flush();
      e.flush();
    }
  }

  static CommandLine commandLine(PrintWriter out, PrintWriter err, boolean interactive) {
    CommandLine cl = new CommandLine(new StackwiseCommand(interactive));
    cl.setOut(out);
    cl.setErr(err);
    cl.setUsageHelpAutoWidth(true);
    cl.setParameterExceptionHandler((ex, args) -> {
      CommandLine cmd = ex.getCommandLine();
      err.println("stackwise: error: " + oneLine(ex.getMessage()) + " (see '" + cmd.getCommandSpec().qualifiedName()
          + " --help')");
      return BAD_INPUT;
    });
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      err.println("stackwise: error: " + message(ex));
      if (System.getenv("STACKWISE_DEBUG") != null) ex.printStackTrace(err);
      return exitCode(ex);
    });
    return cl;
  }

  /** The exit code for an exception thrown while running: 2 for the user's input, 1 otherwise. */
  static int exitCode(Throwable ex) {
    return ex instanceof IllegalArgumentException ? BAD_INPUT : FAILURE;
  }

  /** The one-line message for an exception thrown while running. */
  static String message(Throwable ex) {
    if (ex instanceof IllegalArgumentException) return oneLine(ex.getMessage());
    if (ex instanceof UncheckedIOException io) return "I/O error: " + oneLine(io.getMessage());
    if (ex instanceof java.io.IOException io) return "I/O error: " + oneLine(io.getMessage());
    if (ex instanceof CancellationException) return "cancelled";
    if (ex instanceof OutOfMemoryError) return "out of memory; give Java more with JAVA_TOOL_OPTIONS=-Xmx8g";
    return "failed: " + oneLine(ex.getMessage() == null ? ex.getClass().getName() : ex.getMessage())
        + " (run with STACKWISE_DEBUG=1 for details)";
  }

  static String oneLine(String s) {
    if (s == null) return "";
    return s.strip().replaceAll("\\s*\\R\\s*", "; ");
  }
}
