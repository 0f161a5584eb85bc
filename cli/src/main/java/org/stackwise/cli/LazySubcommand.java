package org.stackwise.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What {@code lazy fit} and {@code lazy evaluate} share: {@code --quiet}, {@code --help}, the terminal. */
abstract class LazySubcommand implements Callable<Integer> {
  @ParentCommand LazyCommand parent;
  @Spec CommandSpec spec;

  @Option(names = {"-q", "--quiet"}, description = "No progress bar and no notes on stderr.")
  boolean quiet;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  Terminal terminal(boolean json) {
    boolean interactive = parent != null && parent.parent != null && parent.parent.interactive();
    return new Terminal(spec.commandLine().getOut(), spec.commandLine().getErr(), json, quiet, interactive);
  }
}
