package org.stackwise.lazy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackwise.FitContext;
import org.stackwise.lazy.policy.MdpSolver;
import org.stackwise.lazy.policy.StateSpec;
import org.stackwise.lazy.substack.SubstackerTraining;

/** The bagged final policy ({@link LazyStackLearner.FinalPolicy#BAGGED}) and the vote state in a full fit. */
class LazyBaggedTest {
  static final double[] P0 = {1, 0};
  static final double[] P1 = {0, 1};

  /**
   * Hard answers of A (cost 1), B (cost 2), C (cost 8), {@code copies} copies of each row type
   * (y, A, B, C): (0,0,0,0), (1,1,1,1), (0,0,1,0), (1,0,1,1). At α 0.2 every subset of the rows with
   * roughly these proportions gives the same policy: A, B; if they agree stop, else C.
   */
  static OutputTable hard(int copies) {
    OutputTable.Builder b = OutputTable.builder(List.of("A", "B", "C"), List.of("c0", "c1"), "usd");
    int[][] rows = {{0, 0, 0, 0}, {1, 1, 1, 1}, {0, 0, 1, 0}, {1, 0, 1, 1}};
    for (int c = 0; c < copies; c++) {
      for (int i = 0; i < rows.length; i++) {
        double[][] out = new double[3][];
        for (int j = 0; j < 3; j++) out[j] = rows[i][j + 1] == 0 ? P0 : P1;
        b.add("r" + c + "-" + i, rows[i][0], out, new double[] {1, 2, 8});
      }
    }
    return b.build();
  }

  static LazyStackLearner learner(StateSpec state) {
    return LazyFixtures.fast().withStacker(SubstackerTraining.Kind.LOGLINEAR).withAlpha(0.2).withState(state)
        .withMinStateRows(5).withExitOnPolicyStop(true).withTheta(new ThetaRule.Fixed(0.999999))
        .withFinalPolicy(LazyStackLearner.FinalPolicy.BAGGED);
  }

  /**
   * When every policy solved on part of the rows is the same, every bag is that policy (each fold's and
   * the deployed one), so the deployed cascade on
   * the fitting rows makes exactly the out-of-fold decisions: same members, same cost (θ = 0.999999, exits on
   * the policy's STOP only, so the substackers do not move the exits).
   */
  @Test void whenTheFoldsAgreeTheDeployedCostIsTheOutOfFoldCost() {
    for (StateSpec state : List.of(StateSpec.votes(2), new StateSpec(StateSpec.Aggregate.MEAN, 1, false, true))) {
      OutputTable t = hard(20);
      LazyStackModel model = learner(state).fit(t, FitContext.seeded(3));
      JsonNode dep = model.info().path("deployed_on_fit_rows");
      assertEquals("bagged", dep.path("final_policy").asText());
      assertEquals(dep.path("oof_mean_cost").asDouble(), dep.path("mean_cost").asDouble(), 1e-12, dep.toString());
      assertEquals(1.0, dep.path("cost_ratio_to_oof").asDouble(), 1e-12);
      assertEquals(2, model.policy().info().path("bagged_policies").asInt());
      // ... and it is the policy solved on all rows here: A, B, then C only on a disagreement
      org.stackwise.lazy.policy.Policy all = MdpSolver.solve(t, learner(state).mdpParams(3));
      for (int mask = 0; mask < 8; mask++) {
        for (int c = 0; c < all.codes(); c++) assertEquals(all.action(mask, 0, c), model.policy().action(mask, 0, c));
      }
      // agreements cost 1 + 2, disagreements 1 + 2 + 8
      assertEquals((2 * 3 + 2 * 11) / 4.0, dep.path("mean_cost").asDouble(), 1e-12);
      assertTrue(model.info().path("data_use").path("policy_and_substackers").asText().contains("bagged"));
    }
  }

  /**
   * No leakage: the bag of a fold is built from that fold's training rows only — the same bag comes
   * out of a table that holds nothing but those rows.
   */
  @Test void aBagUsesOnlyItsOwnRows() {
    OutputTable t = LazyFixtures.synthetic(300, 4, 3, 21);
    int[] even = new int[150];
    int[] identity = new int[150];
    for (int i = 0; i < 150; i++) {
      even[i] = 2 * i;
      identity[i] = i;
    }
    LazyStackLearner l = LazyFixtures.fast().withCrossFitFolds(3).withFinalPolicy(LazyStackLearner.FinalPolicy.BAGGED);
    org.stackwise.lazy.policy.Policy a = l.bag(t, even, null, FitContext.seeded(4));
    org.stackwise.lazy.policy.Policy b = l.bag(t.select(even), identity, null, FitContext.seeded(4));
    assertEquals(3, a.info().path("bagged_policies").asInt());
    for (int mask = 0; mask < 16; mask++) {
      for (int c = 0; c < a.codes(); c++) {
        assertEquals(a.action(mask, 0, c), b.action(mask, 0, c));
        assertEquals(a.next(mask, 0, c), b.next(mask, 0, c));
      }
    }
  }

  @Test void baggedVoteStateModelRoundTrips(@TempDir Path dir) throws Exception {
    OutputTable valid = LazyFixtures.synthetic(400, 4, 3, 11);
    OutputTable test = LazyFixtures.synthetic(100, 4, 3, 12);
    LazyStackModel model = LazyFixtures.fast().withStacker(SubstackerTraining.Kind.LOGLINEAR).withState(StateSpec.votes(3))
        .withFinalPolicy(LazyStackLearner.FinalPolicy.BAGGED).withCrossFitFolds(3).fit(valid, FitContext.seeded(5));
    assertEquals(3, model.policy().codes());
    assertEquals("bagged", model.info().path("params").path("final_policy").asText());
    assertEquals(3, model.info().path("params").path("state").path("vote_bins").asInt());
    Path f = dir.resolve("v.lzs");
    LazyFile.save(model, f);
    LazyStackModel back = LazyFile.load(f);
    MemberInvoker<Integer> inv = (j, name, row) -> new MemberOutput(test.proba(row, j), test.cost(row, j));
    for (int i = 0; i < test.rows(); i++) {
      LazyPrediction a = model.predict(i, inv);
      LazyPrediction b = back.predict(i, inv);
      assertArrayEquals(a.proba(), b.proba(), 0.0);
      assertEquals(a.trace().totalCost(), b.trace().totalCost(), 0.0);
    }
  }
}
