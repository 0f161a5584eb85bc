package org.stackwise.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.stackwise.BadInputException;

/** The feature columns of a data set, in order. Immutable; column names are unique. */
public final class Schema {
  private final List<Column> columns;
  private final Map<String, Integer> index;

  private Schema(List<Column> columns) {
    this.columns = List.copyOf(columns);
    this.index = new HashMap<>();
    for (int i = 0; i < this.columns.size(); i++) {
      if (index.put(this.columns.get(i).name(), i) != null) {
        throw new BadInputException("schema", "duplicate column name '" + this.columns.get(i).name() + "'");
      }
    }
  }

  public static Schema of(List<Column> columns) {
    return new Schema(columns);
  }

  /** A schema of {@code n} numeric columns named {@code prefix1..prefixN}. */
  public static Schema numeric(String prefix, int n) {
    List<Column> cols = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) cols.add(Column.numeric(prefix + i));
    return new Schema(cols);
  }

  public List<Column> columns() { return columns; }
  public int size() { return columns.size(); }
  public Column column(int i) { return columns.get(i); }

  /** Index of the named column, or -1. */
  public int indexOf(String name) {
    Integer i = index.get(name);
    return i == null ? -1 : i;
  }

  public List<String> names() {
    return columns.stream().map(Column::name).toList();
  }

  /** True when any column is categorical. */
  public boolean hasCategorical() {
    return columns.stream().anyMatch(Column::isCategorical);
  }

  @Override public boolean equals(Object o) {
    return o instanceof Schema s && s.columns.equals(columns);
  }

  @Override public int hashCode() { return columns.hashCode(); }

  @Override public String toString() { return "Schema" + columns; }
}
