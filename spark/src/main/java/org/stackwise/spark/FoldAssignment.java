package org.stackwise.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.stackwise.BadInputException;

/**
 * Which fold holds out each row, as a column, computed from the row alone (so it is the same in every
 * recomputation of the data and on any number of partitions):
 * <ul>
 *   <li>a given fold column: its values, which must be integers ≥ 0 without nulls; the folds are the
 *       distinct values;
 *   <li>otherwise a seeded 64-bit hash (xxhash64) of the id column, or of the feature vector when no id
 *       column is given (identical rows then share a fold, so duplicates cannot leak across folds):
 *       <ul>
 *         <li>plain: fold = hash mod K — no shuffle, fold sizes equal in expectation;
 *         <li>stratified: within each class, rows ordered by hash are dealt round-robin to the folds,
 *             continuing where the previous class stopped (core's stratified plan) — exact class
 *             proportions per fold, at the price of one shuffle (a window partitioned by label).
 *       </ul>
 * </ul>
 */
final class FoldAssignment {
  private FoldAssignment() { }

  /** The fold column and the list of fold ids. */
  record Folds(Column column, List<Integer> ids) { }

  /** The distinct folds of a given fold column (checked). */
  static List<Integer> givenFolds(Dataset<Row> df, String foldCol) {
    List<Row> rows = df.groupBy(functions.col(foldCol)).count().collectAsList();
    List<Integer> ids = new ArrayList<>();
    for (Row r : rows) {
      if (r.isNullAt(0)) throw new BadInputException("foldCol '" + foldCol + "'", "fold column has null values");
      double v = ((Number) r.get(0)).doubleValue();
      if (v < 0 || v != Math.rint(v) || v > Integer.MAX_VALUE) {
        throw new BadInputException("foldCol '" + foldCol + "'", "fold ids must be integers >= 0, got " + v);
      }
      ids.add((int) v);
    }
    ids.sort(null);
    if (ids.size() < 2) throw new BadInputException("foldCol '" + foldCol + "'", "the fold column must hold at least 2 folds, got " + ids.size());
    return ids;
  }

  /** The seeded row hash: of the id column when given, else of the features. */
  static Column hash(String idCol, String featuresCol, long seed) {
    Column key = idCol != null && !idCol.isEmpty() ? functions.col(idCol) : functions.col(featuresCol);
    return functions.xxhash64(key, functions.lit(seed));
  }

  /** Hash folds: pmod(hash, k). */
  static Column hashed(Column hash, int k) {
    return functions.pmod(hash, functions.lit((long) k)).cast("int");
  }

  /**
   * Stratified folds: the rank of a row's hash within its class, dealt round-robin from the class's
   * offset (the number of rows of lower classes, mod k).
   *
   * @param classCounts rows per class index
   */
  static Column stratified(Column hash, String labelCol, int k, Map<Integer, Long> classCounts, String tieBreakCol) {
    // rows with equal hashes (identical ids or features) are ordered by the tie-break column when there is one
    var w = tieBreakCol == null
        ? Window.partitionBy(functions.col(labelCol)).orderBy(hash)
        : Window.partitionBy(functions.col(labelCol)).orderBy(hash, functions.col(tieBreakCol));
    Column offset = functions.lit(0L);
    long acc = 0;
    List<Integer> classes = new ArrayList<>(classCounts.keySet());
    classes.sort(null);
    Column when = null;
    for (int c : classes) {
      Column cond = functions.col(labelCol).equalTo((double) c);
      when = when == null ? functions.when(cond, functions.lit(acc % k)) : when.when(cond, functions.lit(acc % k));
      acc += classCounts.get(c);
    }
    if (when != null) offset = when.otherwise(functions.lit(0L));
    Column rank = functions.row_number().over(w).minus(1);
    return functions.pmod(rank.plus(offset), functions.lit((long) k)).cast("int");
  }
}
