package org.stackwise.folds;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.stackwise.BadInputException;
import org.stackwise.data.Dataset;
import org.stackwise.data.Target;

/**
 * Which rows each fold trains on and holds out, shared by every member of an ensemble. Immutable.
 * Build one with the named factories; {@link #heldOutCount(int)} tells how often a row is held out
 * (0 for rows a time-ordered plan never predicts, more than 1 for repeated plans).
 */
public final class FoldPlan {
  private final String kind;
  private final int rows;
  private final List<Fold> folds;
  private final List<String> warnings;

  private FoldPlan(String kind, int rows, List<Fold> folds, List<String> warnings) {
    this.kind = kind;
    this.rows = rows;
    this.folds = List.copyOf(folds);
    this.warnings = List.copyOf(warnings);
  }

  public String kind() { return kind; }
  public int rows() { return rows; }
  public List<Fold> folds() { return folds; }
  public int size() { return folds.size(); }

  /** Notes about the plan a user should see (e.g. a class smaller than the number of folds). */
  public List<String> warnings() { return warnings; }

  /** How many folds hold out row {@code row}. */
  public int heldOutCount(int row) {
    int c = 0;
    for (Fold f : folds) if (Arrays.binarySearch(f.test(), row) >= 0) c++;
    return c;
  }

  /** Held-out counts for every row. */
  public int[] heldOutCounts() {
    int[] c = new int[rows];
    for (Fold f : folds) for (int r : f.test()) c[r]++;
    return c;
  }

  private static void checkK(int k, int n) {
    if (k < 2 || k > n) throw new BadInputException("folds", "folds must be between 2 and the number of rows (" + n + "), got " + k);
  }

  /** Plain K-fold; rows shuffled with {@code seed} first when {@code shuffle}. */
  public static FoldPlan kFold(int n, int k, boolean shuffle, long seed) {
    checkK(k, n);
    int[] order = identity(n);
    if (shuffle) shuffle(order, new SplittableRandom(seed));
    int[] assignment = new int[n];
    for (int i = 0; i < n; i++) assignment[order[i]] = (int) ((long) i * k / n);
    return fromAssignment("kfold", assignment, k, List.of());
  }

  /**
   * Stratified K-fold: rows of each class are shuffled and dealt round-robin to folds, so every fold
   * keeps the class proportions. A class with fewer rows than folds is allowed (with a warning): some
   * folds then hold none of it.
   */
  public static FoldPlan stratified(Target.Classes y, int k, long seed) {
    int n = y.size();
    checkK(k, n);
    SplittableRandom r = new SplittableRandom(seed);
    int[] counts = y.counts();
    List<String> warnings = new ArrayList<>();
    for (int c = 0; c < counts.length; c++) {
      if (counts[c] > 0 && counts[c] < k) {
        warnings.add("class '" + y.classes().get(c) + "' has " + counts[c] + " rows, fewer than the " + k
            + " folds; some folds hold none of it");
      }
    }
    int[] assignment = new int[n];
    int offset = 0;
    for (int c = 0; c < counts.length; c++) {
      int[] rowsOfClass = new int[counts[c]];
      int m = 0;
      for (int i = 0; i < n; i++) if (y.get(i) == c) rowsOfClass[m++] = i;
      shuffle(rowsOfClass, r);
      // continue dealing where the previous class stopped so fold sizes stay balanced
      for (int i = 0; i < m; i++) assignment[rowsOfClass[i]] = (offset + i) % k;
      offset = (offset + m) % k;
    }
    return fromAssignment("stratified", assignment, k, warnings);
  }

  /** Grouped K-fold: all rows of a group land in the same fold; groups go largest first to the lightest fold. */
  public static FoldPlan grouped(int[] groups, int k, long seed) {
    int n = groups.length;
    Map<Integer, Integer> sizes = new HashMap<>();
    for (int g : groups) sizes.merge(g, 1, Integer::sum);
    if (sizes.size() < k) {
      throw new BadInputException("folds", "grouped folds need at least as many groups as folds: "
          + sizes.size() + " groups, " + k + " folds");
    }
    checkK(k, n);
    List<Integer> ids = new ArrayList<>(sizes.keySet());
    Collections.sort(ids);
    // seeded shuffle first so equal-sized groups are not always assigned in id order
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = ids.size() - 1; i > 0; i--) Collections.swap(ids, i, r.nextInt(i + 1));
    ids.sort((a, b) -> Integer.compare(sizes.get(b), sizes.get(a)));
    long[] load = new long[k];
    Map<Integer, Integer> foldOf = new HashMap<>();
    for (int g : ids) {
      int best = 0;
      for (int f = 1; f < k; f++) if (load[f] < load[best]) best = f;
      foldOf.put(g, best);
      load[best] += sizes.get(g);
    }
    int[] assignment = new int[n];
    for (int i = 0; i < n; i++) assignment[i] = foldOf.get(groups[i]);
    return fromAssignment("grouped", assignment, k, List.of());
  }

  /**
   * Time-ordered expanding window: rows (already in time order) are cut into {@code k + 1} consecutive
   * blocks; fold {@code i} trains on blocks {@code 0..i} and holds out block {@code i + 1}. Rows of the
   * first block are never held out, so they get no out-of-fold prediction.
   */
  public static FoldPlan timeOrdered(int n, int k) {
    if (k < 2 || k + 1 > n) throw new BadInputException("folds", "time-ordered folds must be between 2 and rows − 1 (" + (n - 1) + "), got " + k);
    List<Fold> folds = new ArrayList<>();
    for (int f = 0; f < k; f++) {
      int trainEnd = (int) ((long) (f + 1) * n / (k + 1));
      int testEnd = (int) ((long) (f + 2) * n / (k + 1));
      folds.add(new Fold(f, range(0, trainEnd), range(trainEnd, testEnd)));
    }
    int firstBlock = (int) ((long) n / (k + 1));
    return new FoldPlan("time", n, folds, List.of("the first " + firstBlock
        + " rows (first time block) are never held out and get no out-of-fold prediction"));
  }

  /** {@code repeats} stratified (or plain, for numeric targets) K-fold plans with derived seeds, one after another. */
  public static FoldPlan repeated(Target target, int k, int repeats, long seed) {
    if (repeats < 1) throw new BadInputException("repeats", "repeats must be at least 1, got " + repeats);
    List<Fold> all = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (int r = 0; r < repeats; r++) {
      long s = seed + 0x9E3779B97F4A7C15L * (r + 1);
      FoldPlan p = target instanceof Target.Classes c ? stratified(c, k, s) : kFold(target.size(), k, true, s);
      for (Fold f : p.folds) all.add(new Fold(all.size(), f.train(), f.test()));
      if (r == 0) warnings.addAll(p.warnings);
    }
    return new FoldPlan("repeated", target.size(), all, warnings);
  }

  /**
   * One fold that trains on every row except {@code heldOut} and holds those out: the blend split of
   * blending, where the meta-learner sees only the held-out rows.
   */
  public static FoldPlan holdout(int n, int[] heldOut) {
    boolean[] out = new boolean[n];
    for (int r : heldOut) out[r] = true;
    int[] assignment = new int[n];
    for (int i = 0; i < n; i++) assignment[i] = out[i] ? 0 : 1;
    List<Fold> two = fromAssignment("holdout", assignment, 2, List.of()).folds;
    return new FoldPlan("holdout", n, List.of(two.get(0)), List.of());
  }

  /** The default plan for a dataset: grouped when it has groups, stratified for classes, shuffled K-fold otherwise. */
  public static FoldPlan defaultFor(Dataset data, int k, long seed) {
    if (data.hasGroups()) return grouped(data.groups(), k, seed);
    if (data.target() instanceof Target.Classes c) return stratified(c, k, seed);
    return kFold(data.rows(), k, true, seed);
  }

  private static FoldPlan fromAssignment(String kind, int[] assignment, int k, List<String> warnings) {
    int n = assignment.length;
    List<Fold> folds = new ArrayList<>();
    for (int f = 0; f < k; f++) {
      int testCount = 0;
      for (int a : assignment) if (a == f) testCount++;
      int[] test = new int[testCount];
      int[] train = new int[n - testCount];
      int ti = 0;
      int tr = 0;
      for (int i = 0; i < n; i++) {
        if (assignment[i] == f) test[ti++] = i;
        else train[tr++] = i;
      }
      folds.add(new Fold(f, train, test));
    }
    return new FoldPlan(kind, n, folds, warnings);
  }

  private static int[] identity(int n) {
    return range(0, n);
  }

  private static int[] range(int from, int to) {
    int[] a = new int[to - from];
    for (int i = 0; i < a.length; i++) a[i] = from + i;
    return a;
  }

  private static void shuffle(int[] a, SplittableRandom r) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
