package org.stackwise.lazy.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.stackwise.BadInputException;
import org.stackwise.lazy.OutputTable;

/** Bagged policies ({@link Policy#vote}) and the vote-share state ({@link StateSpec#votes}). */
class PolicyVoteTest {
  static final double[] P0 = MdpSolverTest.P0;
  static final double[] P1 = MdpSolverTest.P1;

  static void assertSameDecisions(Policy a, Policy b) {
    assertEquals(a.codes(), b.codes());
    for (int mask = 0; mask < (1 << a.memberCount()); mask++) {
      for (int ctx = 0; ctx < a.contexts(); ctx++) {
        for (int c = 0; c < a.codes(); c++) {
          assertEquals(a.action(mask, ctx, c), b.action(mask, ctx, c), "set " + mask + " code " + c);
          assertEquals(a.next(mask, ctx, c), b.next(mask, ctx, c), "set " + mask + " code " + c);
        }
      }
    }
  }

  @Test void baggingCopiesOfOnePolicyGivesThatPolicy() {
    for (double alpha : new double[] {0.1, 1.0}) {
      Policy p = MdpSolver.solve(MdpSolverTest.meanExample(), MdpSolverTest.params(alpha, MdpSolverTest.CLASS_ONLY, 1));
      Policy bag = Policy.vote(List.of(p, p, p), new int[] {0, 1});
      assertSameDecisions(p, bag);
      assertArrayEquals(p.rootValues(), bag.rootValues(), 1e-15);
      assertEquals(3, bag.info().path("bagged_policies").asInt());
      assertEquals(bag.info().path("states").asLong(), bag.info().path("unanimous_states").asLong());
    }
  }

  @Test void theMajorityActionWinsAndTiesGoToThePreferredMember() {
    // α 1 starts with A (member 0), α 0.1 with B (member 1): see MdpSolverTest
    Policy a = MdpSolver.solve(MdpSolverTest.meanExample(), MdpSolverTest.params(1.0, MdpSolverTest.CLASS_ONLY, 1));
    Policy b = MdpSolver.solve(MdpSolverTest.meanExample(), MdpSolverTest.params(0.1, MdpSolverTest.CLASS_ONLY, 1));
    assertEquals(new Action.Run(0), a.action(0, 0, 0));
    assertEquals(new Action.Run(1), b.action(0, 0, 0));
    assertEquals(new Action.Run(0), Policy.vote(List.of(a, a, b), new int[] {0, 1}).action(0, 0, 0));
    assertEquals(new Action.Run(1), Policy.vote(List.of(b, a, b), new int[] {0, 1}).action(0, 0, 0));
    assertEquals(new Action.Run(1), Policy.vote(List.of(a, b), new int[] {1, 0}).action(0, 0, 0));
    assertEquals(new Action.Run(0), Policy.vote(List.of(a, b), new int[] {0, 1}).action(0, 0, 0));
    // {A} with class 0: a stops, b (after B) ... in a 1–1 tie STOP wins
    Policy tie = Policy.vote(List.of(a, b), new int[] {0, 1});
    boolean anyStop = a.stops(0b01, 0, 0) || b.stops(0b01, 0, 0);
    assertEquals(anyStop, tie.stops(0b01, 0, 0));
  }

  @Test void baggingNeedsTheSameStateFeatures() {
    Policy a = MdpSolver.solve(MdpSolverTest.meanExample(), MdpSolverTest.params(1.0, MdpSolverTest.CLASS_ONLY, 1));
    Policy c = MdpSolver.solve(MdpSolverTest.meanExample(), MdpSolverTest.params(1.0, StateSpec.defaults(), 1));
    assertThrows(IllegalArgumentException.class, () -> Policy.vote(List.of(a, c), new int[] {0, 1}));
  }

  @Test void voteBins() {
    // 2 bins: "all agree" or not; 3 bins: all agree / a majority (share >= 1/2) / less
    assertEquals(1, StateSpec.voteBin(1.0, 2));
    assertEquals(0, StateSpec.voteBin(0.75, 2));
    assertEquals(2, StateSpec.voteBin(1.0, 3));
    assertEquals(1, StateSpec.voteBin(0.5, 3));
    assertEquals(1, StateSpec.voteBin(2.0 / 3, 3));
    assertEquals(0, StateSpec.voteBin(0.4, 3));
    assertEquals(2.0 / 3, StateSpec.topShare(new int[] {1, 0, 1}, 3, 2), 1e-15);
    assertEquals(2, StateSpec.votes(2).fineCodes(5), "the set plus two vote bins, whatever the classes");
    assertEquals(0, StateSpec.votes(3).midCode(2, 5), "back-off from a vote state goes to the set alone");
    assertThrows(BadInputException.class, () -> StateSpec.votes(2).withAggregate(StateSpec.Aggregate.LAST));
    assertThrows(IllegalStateException.class, () -> StateSpec.votes(2).fineCode(P0, true));
    // class and vote share together: ((h·K + k)·V + v)
    StateSpec both = StateSpec.votes(3).withClassInState(true);
    assertEquals(1 * 3 + 2, both.fineCode(P1, true, 1.0));
    assertEquals(1, both.midCode(1 * 3 + 2, 2));
    assertEquals(StateSpec.votes(3), StateSpec.fromJson(StateSpec.votes(3).toJson(), "test"));
    assertEquals(StateSpec.defaults(), StateSpec.fromJson(StateSpec.defaults().toJson(), "test"));
  }

  /**
   * The hard-answer MDP of {@link MdpSolverTest#agreementFlagSendsOnlyDisagreementsToTheExpensiveMember}:
   * with two vote bins the state is the set plus "all agree", so the values are the same (0.70, 0.70,
   * 0.55): agreements of A and B stop, disagreements run C. Three bins split {A,B,C} further but give
   * the same policy on these rows.
   */
  @Test void voteStateOnHardAnswers() {
    OutputTable t = MdpSolverTest.hardAnswers();
    for (int bins : new int[] {2, 3}) {
      Policy p = MdpSolver.solve(t, new MdpSolver.Params(0.5, StateSpec.votes(bins), 1, 2));
      assertEquals(0.70, p.rootValues()[0], 1e-12);
      assertEquals(0.70, p.rootValues()[1], 1e-12);
      assertEquals(0.55, p.rootValues()[2], 1e-12);
      assertEquals(new Action.Run(0), p.action(0, 0, 0));
      assertEquals(new Action.Run(1), p.action(0b001, 0, bins - 1));
      assertEquals(Action.STOP, p.action(0b011, 0, bins - 1), "A and B agree: stop");
      assertEquals(new Action.Run(2), p.action(0b011, 0, StateSpec.voteBin(0.5, bins)), "A and B disagree: ask C");
      Trajectories tr = Trajectories.rollout(p, t, new int[] {0, 1, 2, 3});
      assertArrayEquals(new int[] {0, 1, 2}, tr.order(3));
      assertEquals(2, tr.stop(0));
      assertEquals(3, tr.stop(3));
    }
  }

  /**
   * Members that answer at random: every policy is worth 1/2 (two classes, costs 0), but the in-sample
   * value picks the states that happened to be right more often and reports more; the double estimate
   * values each state's choice on the other half of its rows, so it reports less (some optimism is
   * left: the halves of a state are small and the STOP answers are still chosen on all rows).
   */
  @Test void doubleEstimateIsLessOptimisticOnNoise() {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
    OutputTable.Builder b = OutputTable.builder(List.of("A", "B", "C", "D"), List.of("c0", "c1"), "ms");
    for (int i = 0; i < 300; i++) {
      double[][] out = new double[4][];
      for (int j = 0; j < 4; j++) out[j] = rnd.nextBoolean() ? P0 : P1;
      b.add("r" + i, rnd.nextInt(2), out, new double[] {1, 1, 1, 1});
    }
    OutputTable t = b.build();
    Policy plain = MdpSolver.solve(t, new MdpSolver.Params(0.0, StateSpec.defaults(), 5, 1, false));
    Policy dbl = MdpSolver.solve(t, new MdpSolver.Params(0.0, StateSpec.defaults(), 5, 1, true));
    // Q(start, RUN j) averaged over j: the optimism below the start state, without the start's own maximum
    double qPlain = java.util.Arrays.stream(plain.rootValues()).average().orElseThrow();
    double qDbl = java.util.Arrays.stream(dbl.rootValues()).average().orElseThrow();
    assertTrue(qPlain > 0.54, "in-sample optimism: " + qPlain);
    // here 0.533 vs 0.556: a third of the optimism gone, and not pessimistic
    assertTrue(qDbl < qPlain - 0.015 && qDbl > 0.5, "double estimate " + qDbl + " vs in-sample " + qPlain);
    assertTrue(dbl.info().path("double_estimate").asBoolean());
  }
}
