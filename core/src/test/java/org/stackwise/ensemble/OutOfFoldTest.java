package org.stackwise.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.stackwise.FitContext;
import org.stackwise.Member;
import org.stackwise.Regressor;
import org.stackwise.data.Column;
import org.stackwise.data.Dataset;
import org.stackwise.data.Schema;
import org.stackwise.data.Target;
import org.stackwise.folds.FoldPlan;
import org.stackwise.testing.ScriptedLearners;

class OutOfFoldTest {
  /** Column 0 is a unique row id; the label alternates. */
  static Dataset idData(int n) {
    double[][] x = new double[n][2];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      x[i][0] = i;
      x[i][1] = i % 3;
      y[i] = i % 2;
    }
    return Dataset.of(Schema.of(List.of(Column.numeric("id"), Column.numeric("z"))), x,
        new Target.Classes("y", List.of("a", "b"), y));
  }

  @Test
  void noRowIsPredictedByAModelThatSawIt() {
    Dataset data = idData(120);
    var r = OutOfFold.compute(List.of(new Member("spy", new ScriptedLearners.Spy(0))), data,
        FoldPlan.stratified(data.classes(), 5, 1), StackMethod.PROBA, false, true, true, FitContext.seeded(1));
    double[][] block = r.oof().block("spy");
    for (int i = 0; i < 120; i++) assertEquals(0.0, block[i][0], "row " + i + " was predicted by a model that saw it");
    // the model refitted on all rows has seen every row: it is never used for meta-features
    var full = (org.stackwise.Classifier) r.fullModels().get("spy");
    assertEquals(1.0, full.predictProba(data.row(7))[1]);
    assertEquals(5, r.oof().foldModels("spy").size());
  }

  @Test
  void resultIsIdenticalAtAnyThreadCount() {
    Dataset data = org.stackwise.testing.SyntheticData.blobs(150, 3, 3, 5);
    List<Member> members = List.of(new Member("a", new ScriptedLearners.Memorizer()),
        new Member("b", new ScriptedLearners.Constant(new double[] {0.2, 0.3, 0.5})));
    FoldPlan plan = FoldPlan.stratified(data.classes(), 4, 2);
    var one = OutOfFold.compute(members, data, plan, StackMethod.PROBA, false, false, false, FitContext.seeded(3).withThreads(1));
    var four = OutOfFold.compute(members, data, plan, StackMethod.PROBA, false, false, false, FitContext.seeded(3).withThreads(4));
    for (String m : List.of("a", "b")) assertArrayEquals(one.oof().block(m), four.oof().block(m));
  }

  @Test
  void timeOrderedPlansLeaveTheFirstBlockOut() {
    Dataset data = idData(50);
    var r = OutOfFold.compute(List.of(new Member("spy", new ScriptedLearners.Spy(0))), data,
        FoldPlan.timeOrdered(50, 4), StackMethod.PROBA, false, false, false, FitContext.seeded(1));
    assertEquals(40, r.oof().coveredRows().length);
    assertNull(r.oof().block("spy")[0]);
    Dataset meta = r.oof().metaDataset(data, List.of("spy"), false);
    assertEquals(40, meta.rows());
    assertTrue(r.oof().warnings().get(0).contains("never held out"));
  }

  @Test
  void failingMembersAreReportedNotFatal() {
    Dataset data = idData(40);
    var r = OutOfFold.compute(List.of(new Member("bad", new ScriptedLearners.Failing()),
            new Member("ok", new ScriptedLearners.Constant(new double[] {0.5, 0.5}))), data,
        FoldPlan.kFold(40, 4, true, 1), StackMethod.PROBA, false, false, true, FitContext.seeded(1));
    assertEquals(List.of("ok"), r.oof().members());
    assertTrue(r.failures().get("bad").contains("scripted failure"));
  }

  @Test
  void regressionBlocksAreOneColumn() {
    Dataset data = org.stackwise.testing.SyntheticData.linear(60, 3, 0.1, 2);
    var r = OutOfFold.compute(List.of(new Member("lin", new ScriptedLearners.Linear(0, 2.0))), data,
        FoldPlan.kFold(60, 3, true, 1), StackMethod.AUTO, false, false, true, FitContext.seeded(1));
    double[][] b = r.oof().block("lin");
    for (int i = 0; i < 60; i++) assertEquals(2.0 * data.get(i, 0), b[i][0], 1e-12);
    assertTrue(r.fullModels().get("lin") instanceof Regressor);
  }
}
