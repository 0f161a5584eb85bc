package org.stackwise.data.read;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.stackwise.BadInputException;

/**
 * How to read a table file: which column is the target, which columns to drop, whether the first
 * line is a header, the delimiter, the format, whether the target is numeric, and which tokens mean
 * "missing". Immutable; start from {@link #defaults()} and change one thing at a time with the
 * {@code withX} methods.
 *
 * @param target name of the target column, or null for unlabeled data. Without a header the columns
 *     are named {@code c1..cN}. LibSVM and IDX data always carry their label as column {@code label}.
 * @param drop names of columns to leave out (never empty strings)
 * @param header whether the first non-blank line of a CSV file holds the column names (default true)
 * @param delimiter the CSV field delimiter ({@code ,} {@code ;} tab or {@code |}), or null to detect
 *     it among {@code ,} {@code ;} and tab from the first lines of the file ({@code .tsv}: tab)
 * @param format the file format, or null to recognise it from the file name
 *     ({@link TableFormat#fromFileName})
 * @param targetIsNumeric true: regression; false: classification; null: infer. Inference for CSV:
 *     a target whose values are all numbers is a regression target when it has more than 20 distinct
 *     values or any non-integer value, otherwise a class target; any non-numeric value makes it a class
 *     target. ARFF follows the declared attribute type. LibSVM: integral labels with at most 100
 *     distinct values are classes.
 * @param missing tokens read as a missing value (compared exactly, case-sensitive, after trimming
 *     surrounding spaces); default: empty, {@code NA}, {@code ?}, {@code NaN}, {@code null}. ARFF
 *     uses its own missing token {@code ?}.
 */
public record ReadOptions(String target, List<String> drop, boolean header, Character delimiter,
    TableFormat format, Boolean targetIsNumeric, List<String> missing) {

  /** The default missing-value tokens. */
  public static final List<String> DEFAULT_MISSING = List.of("", "NA", "?", "NaN", "null");

  private static final Set<Character> DELIMITERS = Set.of(',', ';', '\t', '|');

  public ReadOptions {
    if (target != null && target.isEmpty()) {
      throw new BadInputException("target", "target column name must not be empty");
    }
    drop = drop == null ? List.of() : List.copyOf(drop);
    for (String d : drop) {
      if (d.isEmpty()) throw new BadInputException("drop", "drop column names must not be empty");
    }
    if (delimiter != null && !DELIMITERS.contains(delimiter)) {
      throw new BadInputException("delimiter", "delimiter must be one of ',' ';' '|' or tab, got '" + delimiter + "'");
    }
    missing = missing == null ? DEFAULT_MISSING : List.copyOf(missing);
  }

  /** Header on, delimiter and format detected, no target, nothing dropped, default missing tokens. */
  public static ReadOptions defaults() {
    return new ReadOptions(null, List.of(), true, null, null, null, DEFAULT_MISSING);
  }

  public ReadOptions withTarget(String name) {
    return new ReadOptions(name, drop, header, delimiter, format, targetIsNumeric, missing);
  }

  public ReadOptions withDrop(List<String> names) {
    return new ReadOptions(target, names, header, delimiter, format, targetIsNumeric, missing);
  }

  /** Convenience for {@link #withDrop(List)}. */
  public ReadOptions withDrop(String... names) {
    return withDrop(List.of(names));
  }

  public ReadOptions withHeader(boolean hasHeader) {
    return new ReadOptions(target, drop, hasHeader, delimiter, format, targetIsNumeric, missing);
  }

  public ReadOptions withDelimiter(Character d) {
    return new ReadOptions(target, drop, header, d, format, targetIsNumeric, missing);
  }

  public ReadOptions withFormat(TableFormat f) {
    return new ReadOptions(target, drop, header, delimiter, f, targetIsNumeric, missing);
  }

  public ReadOptions withTargetIsNumeric(Boolean numeric) {
    return new ReadOptions(target, drop, header, delimiter, format, numeric, missing);
  }

  public ReadOptions withMissing(List<String> tokens) {
    return new ReadOptions(target, drop, header, delimiter, format, targetIsNumeric, Objects.requireNonNull(tokens));
  }
}
