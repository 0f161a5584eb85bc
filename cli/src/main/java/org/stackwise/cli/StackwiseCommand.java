package org.stackwise.cli;

import java.util.concurrent.Callable;
import org.stackwise.io.Provenance;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level {@code stackwise} command: only dispatches to its subcommands. */
@Command(name = "stackwise", mixinStandardHelpOptions = true, versionProvider = StackwiseCommand.Version.class,
    description = "Heterogeneous ensembles: stacking, blending, voting.",
    subcommands = {FitCommand.class, EvaluateCommand.class, PredictCommand.class, DescribeCommand.class,
        CvCommand.class, DemoCommand.class, LazyCommand.class, ImportCommand.class, CommandLine.HelpCommand.class},
    footer = {"", "Exit codes: 0 ok, 1 failure while running, 2 bad usage or bad input."})
public final class StackwiseCommand implements Callable<Integer> {
  private final boolean interactive;
  @Spec CommandSpec spec;

  StackwiseCommand(boolean interactive) {
    this.interactive = interactive;
  }

  /** Whether stderr is a terminal (progress bars are drawn only then). */
  boolean interactive() {
    return interactive;
  }

  @Override public Integer call() {
    // no subcommand: usage on stderr, bad usage
    spec.commandLine().usage(spec.commandLine().getErr());
    return Main.BAD_INPUT;
  }

  /** Prints the Stackwise version and the Java runtime. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override public String[] getVersion() {
      return new String[] {"stackwise " + Provenance.VERSION,
          "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
  }
}
