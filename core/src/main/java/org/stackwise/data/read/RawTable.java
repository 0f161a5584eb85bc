package org.stackwise.data.read;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A table as read from a file: its columns, the physical line of every data row (for error
 * messages), and the line of the header (0 when there is none).
 */
record RawTable(String source, List<RawColumn> columns, int rows, long[] rowLines, long headerLine) {

  int indexOf(String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) return i;
    }
    return -1;
  }

  /** Column names for "available columns: ..." messages (at most 50 listed). */
  String available() {
    String list = columns.stream().limit(50).map(RawColumn::name).collect(Collectors.joining(", "));
    return columns.size() > 50 ? list + ", ... (" + columns.size() + " columns)" : list;
  }
}
