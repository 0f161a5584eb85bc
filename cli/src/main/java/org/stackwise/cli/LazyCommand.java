package org.stackwise.cli;

import picocli.CommandLine.Command;

/** {@code stackwise lazy}: lazy stacking — fit a cost-aware cascade, evaluate it. Dispatches only. */
@Command(name = "lazy", description = "Lazy stacking: run only the members an input needs.",
    subcommands = {LazyFitCommand.class, LazyEvaluateCommand.class})
final class LazyCommand extends BaseCommand {
  @Override public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return Main.BAD_INPUT;
  }
}
