package org.stackwise.lazy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.stackwise.FitContext;
import org.stackwise.Member;
import org.stackwise.data.Dataset;
import org.stackwise.ensemble.StackingClassifier;
import org.stackwise.ensemble.StackingLearner;
import org.stackwise.learners.mlp.MlpLearner;
import org.stackwise.testing.SyntheticData;

class WhiteBoxTest {
  @Test void measuresCostsAndRunsMembersOnDemand() {
    Dataset all = SyntheticData.blobs(500, 4, 3, 5);
    int[] trainIdx = new int[250];
    int[] validIdx = new int[250];
    for (int i = 0; i < 250; i++) {
      trainIdx[i] = 2 * i;
      validIdx[i] = 2 * i + 1;
    }
    Dataset train = all.select(trainIdx);
    Dataset valid = all.select(validIdx);
    MlpLearner base = MlpLearner.defaults().withMaxEpochs(30);
    StackingLearner spec = StackingLearner.of(List.of(new Member("small", base.withHidden(2)),
        new Member("mid", base.withHidden(16)), new Member("big", base.withHidden(128, 128)))).withMeta(base.withHidden(List.of()));
    StackingClassifier stack = (StackingClassifier) spec.fit(train, FitContext.seeded(3));
    List<String> classes = stack.classes();
    WhiteBox.Measured m = WhiteBox.outputs(stack, classes, valid, null, new WhiteBox.Timing(1, 3, 250));
    OutputTable t = m.table();
    assertEquals(List.of("small", "mid", "big"), t.members());
    assertEquals("measured", m.costs().source());
    assertTrue(m.costs().machine().contains("cores"), m.costs().machine());
    assertTrue(m.costs().mean(2) > m.costs().mean(0), "a 128×128 network costs more than a 2-unit one: " + m.costs());
    assertArrayEquals(((org.stackwise.Classifier) stack.member("mid")).predictProba(valid.row(7)), t.proba(7, 1), 1e-12);
    assertEquals(classes.indexOf(valid.classes().classes().get(valid.classes().get(7))), t.label(7));

    LazyStackModel lazy = LazyFixtures.fast().fit(t, m.costs(), FitContext.seeded(1));
    assertEquals("measured", lazy.costModel().source());
    MemberInvoker<double[]> inv = WhiteBox.invoker(stack, classes);
    MemberInvoker<Integer> fromTable = (j, name, row) -> MemberOutput.of(t.proba(row, j));
    for (int i = 0; i < 50; i++) {
      LazyPrediction a = lazy.predict(valid.row(i), inv);
      LazyPrediction b = lazy.predict(i, fromTable);
      assertArrayEquals(b.proba(), a.proba(), 1e-9);
      assertEquals(b.trace().membersRun(), a.trace().membersRun());
      assertEquals(b.trace().totalCost(), a.trace().totalCost(), 1e-12);
    }
    CostModel given = CostModel.perMember(List.of("small", "mid", "big"), new double[] {1, 2, 3}, "flops");
    OutputTable g = WhiteBox.outputs(stack, classes, valid, given, WhiteBox.Timing.defaults()).table();
    assertEquals(3.0, g.cost(0, 2));
    assertEquals("flops", g.costUnit());
  }
}
