package org.stackwise.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.stackwise.Classifier;
import org.stackwise.FitContext;
import org.stackwise.Member;
import org.stackwise.data.Dataset;
import org.stackwise.data.Schema;
import org.stackwise.data.Target;
import org.stackwise.testing.ScriptedLearners.Constant;
import org.stackwise.testing.ScriptedLearners.Sigmoid;
import org.stackwise.testing.SyntheticData;

/** The shared-pass comparison gives the same predictions as fitting each combiner on its own. */
class CombinerComparisonTest {
  /** Binary data: x1, x2 informative, x3 a row id. */
  private static Dataset data(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] x = new double[n][3];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 2;
      x[i][0] = (y[i] == 1 ? 1 : -1) + SyntheticData.gaussian(r);
      x[i][1] = (y[i] == 1 ? 0.5 : -0.5) + SyntheticData.gaussian(r);
      x[i][2] = seed * 10_000 + i;
    }
    return Dataset.of(Schema.numeric("x", 3), x, new Target.Classes("y", List.of("a", "b"), y));
  }

  private static final List<Member> MEMBERS = List.of(
      new Member("s1", new Sigmoid(0, 1.5)),
      new Member("s2", new Sigmoid(1, 2.0)),
      new Member("flat", new Constant(new double[] {0.5, 0.5})));

  @Test
  void combinersMatchTheirOwnFits() {
    Dataset train = data(120, 1);
    Dataset test = data(40, 2);
    StackingLearner stack = StackingLearner.of(MEMBERS).withMeta(new Sigmoid(0, 2.0));
    FitContext ctx = FitContext.seeded(7);
    CombinerComparison.Result r = CombinerComparison.run(stack, train, test, ctx);
    assertEquals(List.of("s1", "s2", "flat"), r.members());
    assertEquals(CombinerComparison.COMBINERS, List.copyOf(r.combinerPredictions().keySet()));

    double[][] stacked = ((Classifier) stack.fit(train, ctx)).predictProba(test);
    assertDeepEquals(stacked, r.combinerPredictions().get("stacking"));
    double[][] voted = ((Classifier) VotingLearner.mean(MEMBERS).fit(train, ctx)).predictProba(test);
    assertDeepEquals(voted, r.combinerPredictions().get("voting"));
    double[][] selected = ((Classifier) VotingLearner.mean(MEMBERS).withSelection(25, null).fit(train, ctx))
        .predictProba(test);
    assertDeepEquals(selected, r.combinerPredictions().get("selection"));
    double sum = r.selectionWeights().values().stream().mapToDouble(Double::doubleValue).sum();
    assertEquals(1.0, sum, 1e-12);
    for (double[] p : r.combinerPredictions().get("blending")) assertEquals(1.0, p[0] + p[1], 1e-12);
    assertDeepEquals(((Classifier) new Sigmoid(0, 1.5).fit(train, ctx)).predictProba(test), r.memberPredictions().get("s1"));
  }

  /** With {@code out_of_bag}, the stacking column is still the stack's own fit (its meta-learner saw out-of-bag outputs). */
  @Test
  void anOutOfBagStackMatchesItsOwnFit() {
    Dataset train = data(120, 1);
    Dataset test = data(40, 2);
    List<Member> members = List.of(new Member("s1", new Sigmoid(0, 1.5)),
        new Member("rf", org.stackwise.learners.trees.RandomForestLearner.defaults().withNumTrees(20)));
    StackingLearner stack = StackingLearner.of(members).withOutOfBag(true);
    FitContext ctx = FitContext.seeded(7);
    CombinerComparison.Result r = CombinerComparison.run(stack, train, test, ctx);
    assertDeepEquals(((Classifier) stack.fit(train, ctx)).predictProba(test), r.combinerPredictions().get("stacking"));
  }

  private static void assertDeepEquals(double[][] expected, double[][] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) assertArrayEquals(expected[i], actual[i], 1e-12, "row " + i);
  }
}
