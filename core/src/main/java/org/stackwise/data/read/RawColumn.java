package org.stackwise.data.read;

import java.util.List;

/**
 * One column as read from a file, before target selection and level ordering.
 *
 * @param name column name
 * @param field 1-based position of the column in the file (for error messages)
 * @param values per row: the number (numeric column), the index into {@code levels} (categorical
 *     column), or NaN when missing
 * @param levels null for a numeric column; else the level names, in first-seen or declared order
 * @param declared whether the format declared the type (ARFF, LibSVM, IDX) rather than it being
 *     inferred; declared levels keep their order
 * @param texts for a numeric column whose original text was kept (the CSV target column): the
 *     distinct texts, else null
 * @param textCodes index into {@code texts} per row, -1 when missing; null when {@code texts} is null
 */
record RawColumn(String name, int field, double[] values, List<String> levels, boolean declared,
    List<String> texts, int[] textCodes) {

  boolean isNumeric() {
    return levels == null;
  }

  static RawColumn numeric(String name, int field, double[] values, boolean declared) {
    return new RawColumn(name, field, values, null, declared, null, null);
  }

  static RawColumn categorical(String name, int field, double[] codes, List<String> levels, boolean declared) {
    return new RawColumn(name, field, codes, List.copyOf(levels), declared, null, null);
  }
}
