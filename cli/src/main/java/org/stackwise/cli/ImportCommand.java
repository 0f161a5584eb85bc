package org.stackwise.cli;

import picocli.CommandLine.Command;

/** {@code stackwise import}: converts third-party logs to execution logs. Dispatches only. */
@Command(name = "import", description = "Convert third-party model logs to execution logs (.jsonl).",
    subcommands = {ImportRouterBenchCommand.class})
final class ImportCommand extends BaseCommand {
  @Override public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return Main.BAD_INPUT;
  }
}
