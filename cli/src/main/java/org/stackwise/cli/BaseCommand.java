package org.stackwise.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What every subcommand shares: {@code --quiet}, {@code --help} and access to the output streams. */
abstract class BaseCommand implements Callable<Integer> {
  @ParentCommand StackwiseCommand parent;
  @Spec CommandSpec spec;

  @Option(names = {"-q", "--quiet"}, description = "No progress bar and no notes on stderr.")
  boolean quiet;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  /** The terminal for this run; {@code json} selects machine output on stdout. */
  Terminal terminal(boolean json) {
    return new Terminal(spec.commandLine().getOut(), spec.commandLine().getErr(), json, quiet,
        parent != null && parent.interactive());
  }
}
