package org.stackwise.ensemble;

import java.util.List;
import org.stackwise.BadInputException;
import org.stackwise.data.Dataset;
import org.stackwise.folds.FoldPlan;
import org.stackwise.internal.Checks;

/**
 * How an ensemble cuts its training rows into folds: {@code k} folds of kind {@code auto} (grouped when the
 * data has groups, stratified for classes, shuffled K-fold for regression), {@code stratified},
 * {@code kfold}, {@code grouped}, {@code time} (expanding window over rows in file order) or
 * {@code repeated} ({@code repeats} × stratified/K-fold).
 */
public record FoldSpec(int k, String kind, int repeats) {
  private static final List<String> KINDS = List.of("auto", "stratified", "kfold", "grouped", "time", "repeated");

  public FoldSpec {
    Checks.between("folds", k, 2, 1000);
    Checks.oneOf("fold_kind", kind, KINDS);
    Checks.between("repeats", repeats, 1, 100);
  }

  public static FoldSpec of(int k) {
    return new FoldSpec(k, "auto", 1);
  }

  /** The plan for {@code data} with {@code seed}. */
  public FoldPlan plan(Dataset data, long seed) {
    return switch (kind) {
      case "auto" -> FoldPlan.defaultFor(data, k, seed);
      case "stratified" -> FoldPlan.stratified(data.classes(), k, seed);
      case "kfold" -> FoldPlan.kFold(data.rows(), k, true, seed);
      case "grouped" -> {
        if (!data.hasGroups()) throw new BadInputException("fold_kind", "grouped folds need a group column");
        yield FoldPlan.grouped(data.groups(), k, seed);
      }
      case "time" -> FoldPlan.timeOrdered(data.rows(), k);
      case "repeated" -> FoldPlan.repeated(data.target(), k, repeats, seed);
      default -> throw new AssertionError(kind);
    };
  }
}
