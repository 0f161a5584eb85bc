package org.stackwise.cli;

import org.stackwise.BadInputException;
import org.stackwise.FitContext;
import picocli.CommandLine.Option;

/** {@code --seed} and {@code --threads}: for every command that fits or randomises. */
final class RunOptions {
  @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
      description = "Random seed; the same seed gives the same model at any thread count (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--threads", paramLabel = "N",
      description = "Threads to use (default: the number of processors).")
  Integer threads;

  /** The thread count: the option's value (checked) or the number of processors. */
  int threads() {
    int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (t < 1) throw new BadInputException("--threads", "threads must be at least 1, got " + t);
    return t;
  }

  /** The fit context: seed, threads and a progress listener. */
  FitContext context(FitContext.Progress progress) {
    return FitContext.seeded(seed).withThreads(threads()).withProgress(progress);
  }
}
