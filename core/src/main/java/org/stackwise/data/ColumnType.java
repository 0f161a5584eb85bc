package org.stackwise.data;

/** How a column's values are interpreted. */
public enum ColumnType {
  /** Real values; missing = NaN. */
  NUMERIC,
  /** One of a fixed list of levels, stored as the level's index; missing = NaN. */
  CATEGORICAL
}
