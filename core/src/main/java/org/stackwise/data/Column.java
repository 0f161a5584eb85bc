package org.stackwise.data;

import java.util.List;
import java.util.Objects;

/**
 * One feature column: its name, type and, for categorical columns, its levels (value {@code i} in a row
 * means {@code levels.get(i)}).
 */
public record Column(String name, ColumnType type, List<String> levels) {
  public Column {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    levels = List.copyOf(levels);
    if (type == ColumnType.NUMERIC && !levels.isEmpty()) {
      throw new IllegalArgumentException("numeric column '" + name + "' cannot have levels");
    }
  }

  public static Column numeric(String name) {
    return new Column(name, ColumnType.NUMERIC, List.of());
  }

  public static Column categorical(String name, List<String> levels) {
    return new Column(name, ColumnType.CATEGORICAL, levels);
  }

  public boolean isCategorical() {
    return type == ColumnType.CATEGORICAL;
  }
}
