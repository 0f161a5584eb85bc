package org.stackwise.cli;

import java.util.ArrayList;
import java.util.List;
import org.stackwise.BadInputException;
import org.stackwise.data.read.ReadOptions;
import picocli.CommandLine.Option;

/** How to read a table: {@code --target}, {@code --drop}, {@code --no-header}, {@code --delimiter}. */
final class TableOptions {
  @Option(names = "--target", paramLabel = "COL", description = "The target column.")
  String target;

  @Option(names = "--drop", paramLabel = "COL", split = ",", description = "Columns to leave out (comma-separated or repeated).")
  List<String> drop = new ArrayList<>();

  @Option(names = "--no-header", description = "The first line is data; columns are named c1..cN.")
  boolean noHeader;

  @Option(names = "--delimiter", paramLabel = "C", description = "Field delimiter: ',' ';' '|' or 'tab' (default: detected).")
  String delimiter;

  /** The target, or a bad-usage error naming {@code --target} when it is required and missing. */
  String requireTarget(String command) {
    if (target == null) throw new BadInputException("--target", command + " needs the target column: give --target COL");
    return target;
  }

  /** Read options with the given target (null: unlabeled), the drops, header and delimiter. */
  ReadOptions readOptions(String targetColumn) {
    if (targetColumn != null && targetColumn.isBlank()) throw new BadInputException("--target", "the target column name must not be empty");
    for (String d : drop) {
      if (d.isBlank()) throw new BadInputException("--drop", "column names to drop must not be empty");
    }
    return ReadOptions.defaults().withTarget(targetColumn).withDrop(drop).withHeader(!noHeader).withDelimiter(delimiter());
  }

  private Character delimiter() {
    if (delimiter == null) return null;
    switch (delimiter) {
      case ",", ";", "|" -> { return delimiter.charAt(0); }
      case "tab", "\\t", "\t", "TAB" -> { return '\t'; }
      default -> throw new BadInputException("--delimiter", "delimiter must be one of ',' ';' '|' or 'tab', got '" + delimiter + "'");
    }
  }
}
