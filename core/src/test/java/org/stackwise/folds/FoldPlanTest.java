package org.stackwise.folds;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.stackwise.BadInputException;
import org.stackwise.data.Target;

class FoldPlanTest {
  private static Target.Classes classes(int n, int k, long seed) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    int[] y = new int[n];
    for (int i = 0; i < n; i++) y[i] = r.nextInt(10) < 7 ? 0 : 1 + r.nextInt(k - 1);
    List<String> names = new java.util.ArrayList<>();
    for (int c = 0; c < k; c++) names.add("c" + c);
    return new Target.Classes("y", names, y);
  }

  private static void assertPartition(FoldPlan plan, int n) {
    int[] held = plan.heldOutCounts();
    for (int i = 0; i < n; i++) assertEquals(1, held[i], "row " + i + " must be held out exactly once");
    for (Fold f : plan.folds()) {
      Set<Integer> test = new HashSet<>();
      for (int r : f.test()) test.add(r);
      for (int r : f.train()) assertTrue(!test.contains(r), "train and test overlap");
      assertEquals(n, f.trainSize() + f.testSize());
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void stratifiedKeepsClassProportions(long seed) {
    Target.Classes y = classes(503, 3, seed);
    FoldPlan plan = FoldPlan.stratified(y, 5, seed);
    assertPartition(plan, 503);
    int[] total = y.counts();
    for (Fold f : plan.folds()) {
      int[] c = new int[3];
      for (int r : f.test()) c[y.get(r)]++;
      for (int k = 0; k < 3; k++) assertTrue(Math.abs(c[k] - total[k] / 5.0) <= 1.0, "class " + k + " count " + c[k]);
    }
    assertArrayEquals(plan.folds().get(2).test(), FoldPlan.stratified(y, 5, seed).folds().get(2).test(), "seeded");
    assertNotEquals(java.util.Arrays.toString(plan.folds().get(0).test()),
        java.util.Arrays.toString(FoldPlan.stratified(y, 5, seed + 100).folds().get(0).test()));
  }

  @Test
  void kFoldPartitionsRows() {
    assertPartition(FoldPlan.kFold(101, 4, true, 9), 101);
    assertPartition(FoldPlan.kFold(10, 10, false, 9), 10);
  }

  @Test
  void groupedNeverSplitsAGroup() {
    int n = 300;
    int[] g = new int[n];
    for (int i = 0; i < n; i++) g[i] = (i * 7) % 23;
    FoldPlan plan = FoldPlan.grouped(g, 5, 3);
    assertPartition(plan, n);
    for (Fold f : plan.folds()) {
      Set<Integer> testGroups = new HashSet<>();
      for (int r : f.test()) testGroups.add(g[r]);
      for (int r : f.train()) assertTrue(!testGroups.contains(g[r]), "group " + g[r] + " is split");
    }
    assertThrows(BadInputException.class, () -> FoldPlan.grouped(new int[] {1, 1, 2, 2}, 3, 0));
  }

  @Test
  void timeOrderedTrainsOnThePastOnly() {
    FoldPlan plan = FoldPlan.timeOrdered(100, 4);
    for (Fold f : plan.folds()) {
      int maxTrain = f.train()[f.trainSize() - 1];
      assertTrue(maxTrain < f.test()[0], "training rows must precede held-out rows");
      assertEquals(0, f.train()[0]);
    }
    assertEquals(0, plan.heldOutCount(0), "the first block is never held out");
    assertEquals(1, plan.heldOutCount(99));
    assertEquals(1, plan.warnings().size());
  }

  @Test
  void repeatedHoldsEachRowOutOncePerRepeat() {
    Target.Classes y = classes(200, 2, 4);
    FoldPlan plan = FoldPlan.repeated(y, 4, 3, 1);
    assertEquals(12, plan.size());
    for (int c : plan.heldOutCounts()) assertEquals(3, c);
  }

  @Test
  void rejectsBadFoldCounts() {
    var e = assertThrows(BadInputException.class, () -> FoldPlan.kFold(10, 11, true, 0));
    assertTrue(e.getMessage().contains("folds must be between 2 and the number of rows (10), got 11"), e.getMessage());
    assertThrows(BadInputException.class, () -> FoldPlan.kFold(10, 1, true, 0));
  }

  @Test
  void smallClassGivesAWarningNotAnError() {
    int[] y = new int[50];
    y[0] = 1;
    FoldPlan plan = FoldPlan.stratified(new Target.Classes("y", List.of("a", "b"), y), 5, 0);
    assertEquals(1, plan.warnings().size());
    assertTrue(plan.warnings().get(0).contains("'b' has 1 rows"));
  }
}
