package org.stackwise.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.stackwise.BadInputException;
import org.stackwise.Classifier;
import org.stackwise.FitContext;
import org.stackwise.Member;
import org.stackwise.Regressor;
import org.stackwise.data.Dataset;
import org.stackwise.testing.ScriptedLearners.Constant;
import org.stackwise.testing.ScriptedLearners.Linear;
import org.stackwise.testing.ScriptedLearners.Sigmoid;
import org.stackwise.testing.SyntheticData;

/** Exact arithmetic of the fixed combiners and the learned weightings, with scripted members. */
class VotingTest {
  private static final Dataset DATA = SyntheticData.blobs(90, 2, 3, 3);
  private static final List<Member> THREE = List.of(
      new Member("a", new Constant(new double[] {0.6, 0.3, 0.1})),
      new Member("b", new Constant(new double[] {0.2, 0.5, 0.3})),
      new Member("c", new Constant(new double[] {0.1, 0.2, 0.7})));

  private static double[] proba(VotingLearner v) {
    return ((Classifier) v.fit(DATA, FitContext.seeded(1))).predictProba(DATA.row(0));
  }

  @Test
  void softVoteIsTheWeightedMean() {
    assertArrayEquals(new double[] {0.3, 1.0 / 3, 1.1 / 3}, proba(VotingLearner.mean(THREE)), 1e-12);
    double[] p = proba(VotingLearner.mean(THREE).withWeights(List.of(2.0, 1.0, 1.0)));
    assertArrayEquals(new double[] {(1.2 + 0.2 + 0.1) / 4, (0.6 + 0.5 + 0.2) / 4, (0.2 + 0.3 + 0.7) / 4}, p, 1e-12);
  }

  @Test
  void hardVoteCountsWeightedVotes() {
    VotingLearner hard = VotingLearner.mean(THREE).withCombiner(Combiner.HARD);
    assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, proba(hard), 1e-12);
    assertArrayEquals(new double[] {0.5, 0.25, 0.25}, proba(hard.withWeights(List.of(2.0, 1.0, 1.0))), 1e-12);
  }

  @Test
  void medianAndGeometricMean() {
    double[] med = proba(VotingLearner.mean(THREE).withCombiner(Combiner.MEDIAN));
    assertArrayEquals(new double[] {0.2 / 0.8, 0.3 / 0.8, 0.3 / 0.8}, med, 1e-12);
    double[] geo = proba(VotingLearner.mean(THREE).withCombiner(Combiner.GEOMETRIC));
    double g0 = Math.cbrt(0.6 * 0.2 * 0.1);
    double g1 = Math.cbrt(0.3 * 0.5 * 0.2);
    double g2 = Math.cbrt(0.1 * 0.3 * 0.7);
    double s = g0 + g1 + g2;
    assertArrayEquals(new double[] {g0 / s, g1 / s, g2 / s}, geo, 1e-12);
  }

  @Test
  void regressionMeanAndMedian() {
    Dataset reg = SyntheticData.linear(50, 3, 0.1, 1);
    List<Member> ms = List.of(new Member("one", new Constant(new double[] {1})), new Member("two", new Constant(new double[] {2})),
        new Member("ten", new Constant(new double[] {10})));
    Regressor mean = (Regressor) VotingLearner.mean(ms).fit(reg, FitContext.seeded(1));
    assertEquals(13.0 / 3, mean.predict(reg.row(0)), 1e-12);
    Regressor median = (Regressor) VotingLearner.mean(ms).withCombiner(Combiner.MEDIAN).fit(reg, FitContext.seeded(1));
    assertEquals(2.0, median.predict(reg.row(0)), 1e-12);
    assertThrows(BadInputException.class, () -> VotingLearner.mean(ms).withCombiner(Combiner.HARD).fit(reg, FitContext.seeded(1)));
  }

  /** Binary data whose label is the sign of column 0; column 1 is noise. */
  private static Dataset signData() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(5);
    double[][] x = new double[400][2];
    int[] y = new int[400];
    for (int i = 0; i < 400; i++) {
      x[i][0] = r.nextDouble(-1, 1);
      x[i][1] = r.nextDouble(-1, 1);
      y[i] = x[i][0] + 0.2 * SyntheticData.gaussian(r) > 0 ? 1 : 0;
    }
    return Dataset.of(org.stackwise.data.Schema.numeric("x", 2), x,
        new org.stackwise.data.Target.Classes("y", List.of("neg", "pos"), y));
  }

  @Test
  void learnedWeightsPreferTheInformativeMember() {
    Dataset data = signData();
    List<Member> ms = List.of(new Member("noise", new Sigmoid(1, 3)), new Member("signal", new Sigmoid(0, 5)),
        new Member("flat", new Constant(new double[] {0.5, 0.5})));
    for (Weighting w : List.of(Weighting.SELECTION, Weighting.BMA, Weighting.NNLS)) {
      var model = (VotingModels.VotingClassifier) VotingLearner.mean(ms).withWeighting(w).fit(data, FitContext.seeded(2));
      double wSignal = model.describe().path("weights").path("signal").asDouble();
      assertTrue(wSignal > 0.6, w + " gave the signal member weight " + wSignal);
      assertTrue(model.describe().has("ensemble_oof_score"));
    }
  }

  @Test
  void zeroWeightMembersAreNotKept() {
    var model = (VotingModels.VotingClassifier) VotingLearner.mean(THREE).withWeights(List.of(1.0, 0.0, 1.0))
        .fit(DATA, FitContext.seeded(1));
    assertEquals(List.of("a", "c"), model.memberNames());
  }

  @Test
  void selectionIsExactOnAScriptedProblem() {
    // two rows, class 0 then 1; member 0 is right on row 0, member 1 on row 1; a blend of both is best
    double[][][] p = {{{0.9, 0.1}, {0.6, 0.4}}, {{0.4, 0.6}, {0.1, 0.9}}, {{0.5, 0.5}, {0.5, 0.5}}};
    double[] w = EnsembleSelection.classification(p, new int[] {0, 1}, EnsembleSelection.Metric.LOG_LOSS, 4);
    assertArrayEquals(new double[] {0.5, 0.5, 0.0}, w, 1e-12);
    double[] wr = EnsembleSelection.regression(new double[][] {{1, 1}, {3, 3}, {10, 10}}, new double[] {2, 2},
        EnsembleSelection.Metric.RMSE, 2);
    assertArrayEquals(new double[] {0.5, 0.5, 0}, wr, 1e-12);
  }

  @Test
  void givenWeightsAreValidated() {
    assertThrows(BadInputException.class, () -> VotingLearner.mean(THREE).withWeights(List.of(1.0, 2.0)));
    assertThrows(BadInputException.class, () -> VotingLearner.mean(THREE).withWeights(List.of(1.0, -2.0, 1.0)));
  }

  @Test
  void linearRegressionMembersAverage() {
    Dataset reg = SyntheticData.linear(80, 3, 0.1, 1);
    Regressor r = (Regressor) VotingLearner.mean(List.of(new Member("x2", new Linear(0, 2)), new Member("x0", new Linear(0, 0))))
        .fit(reg, FitContext.seeded(1));
    assertEquals(reg.get(3, 0), r.predict(reg.row(3)), 1e-12);
  }
}
