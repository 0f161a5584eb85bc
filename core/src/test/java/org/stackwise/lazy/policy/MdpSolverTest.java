package org.stackwise.lazy.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.stackwise.BadInputException;
import org.stackwise.lazy.OutputTable;

/** Exact policies on MDPs small enough to solve by hand (the arithmetic is in each test's comment). */
class MdpSolverTest {
  static final double[] P0 = {1, 0};
  static final double[] P1 = {0, 1};

  /** Members A (cost 1) and B (cost 9); rows (label, A's output, B's output). */
  static OutputTable table(int[] y, double[][] a, double[][] b) {
    OutputTable.Builder t = OutputTable.builder(List.of("A", "B"), List.of("c0", "c1"), "ms");
    for (int i = 0; i < y.length; i++) t.add("r" + i, y[i], new double[][] {a[i], b[i]}, new double[] {1, 9});
    return t.build();
  }

  /**
   * r0: y0 A0 B0; r1: y0 A0 B0; r2: y1 A0 B1; r3: y1 A1 B1. Normalised costs 0.1 and 0.9.
   * Mean aggregate over {A,B}: r2 ties at [.5,.5] → class 0, wrong.
   */
  static OutputTable meanExample() {
    return table(new int[] {0, 0, 1, 1}, new double[][] {P0, P0, P0, P1}, new double[][] {P0, P0, P1, P1});
  }

  static MdpSolver.Params params(double alpha, StateSpec spec, int minRows) {
    return new MdpSolver.Params(alpha, spec, minRows, 1);
  }

  static final StateSpec CLASS_ONLY = new StateSpec(StateSpec.Aggregate.MEAN, 1, true, false);

  @Test void expensiveMemberNotWorthItAtAlphaOne() {
    // full set: code0 {r0,r1,r2} stop 2/3, code1 {r3} stop 1.
    // {A}: code0: stop 2/3 > -0.9 + 2/3 → STOP; code1: STOP (1). {B}: both codes stop at 1.
    // root: Q(A) = -0.1 + (3·2/3 + 1)/4 = 0.65; Q(B) = -0.9 + 1 = 0.1 → RUN A, then STOP.
    Policy p = MdpSolver.solve(meanExample(), params(1.0, CLASS_ONLY, 1));
    double[] q = p.rootValues();
    assertEquals(0.65, q[0], 1e-12);
    assertEquals(0.1, q[1], 1e-12);
    assertEquals(0.65, p.rootValue(), 1e-12);
    assertEquals(new Action.Run(0), p.action(0, 0, 0));
    assertInstanceOf(Action.Stop.class, p.action(0b01, 0, 0));
    assertInstanceOf(Action.Stop.class, p.action(0b01, 0, 1));
    assertEquals(1, p.next(0b01, 0, 0), "past a STOP the walk continues with the only member left");
    assertInstanceOf(Action.Stop.class, p.action(0b11, 0, 0));
    assertEquals(-1, p.next(0b11, 0, 0));
    Trajectories tr = Trajectories.rollout(p, meanExample(), new int[] {0, 1, 2, 3});
    assertEquals(1, tr.all().size());
    assertEquals(List.of(0), tr.all().get(0).members());
    assertEquals(1.0, tr.all().get(0).coverage());
    assertEquals(1, tr.coverCount(0.95));
  }

  @Test void cheapAlphaRunsTheAccurateMemberFirst() {
    // α = 0.1: Q(A) = -0.01 + 0.75 = 0.74; Q(B) = -0.09 + 1 = 0.91 → RUN B, then STOP.
    Policy p = MdpSolver.solve(meanExample(), params(0.1, CLASS_ONLY, 1));
    assertEquals(0.74, p.rootValues()[0], 1e-12);
    assertEquals(0.91, p.rootValues()[1], 1e-12);
    assertEquals(new Action.Run(1), p.action(0, 0, 0));
    assertInstanceOf(Action.Stop.class, p.action(0b10, 0, 0));
    assertInstanceOf(Action.Stop.class, p.action(0b10, 0, 1));
  }

  @Test void backOffPoolsSparseStates() {
    // min_state_rows 2: full-set code1 has one row → backs off to the set: stop = 3/4.
    // {A} code1 (one row) backs off too: STOP 3/4 vs RUN B -0.9 + (3·2/3 + 3/4)/4 → STOP, V = 3/4.
    // root: Q(A) = -0.1 + (3·2/3 + 3/4)/4 = 0.5875.
    Policy p = MdpSolver.solve(meanExample(), params(1.0, CLASS_ONLY, 2));
    assertEquals(0.5875, p.rootValues()[0], 1e-12);
    assertEquals(0.1, p.rootValues()[1], 1e-12);
  }

  @Test void lastAggregateRunsTheSecondMemberOnlyWhenTheFirstIsUnsure() {
    // r0: y0 A0 B0; r1: y1 A0 B1; r2, r3: y1 A1 B1. LAST aggregate, α = 0.2 (costs 0.02 and 0.18).
    // {A} last A: code0 {r0,r1}: STOP 1/2 < RUN B = -0.18 + 1 → RUN B; code1 {r2,r3}: STOP 1.
    // root: Q(A) = -0.02 + (0.82 + 0.82 + 1 + 1)/4 = 0.89; Q(B) = -0.18 + 1 = 0.82 → RUN A.
    OutputTable t = table(new int[] {0, 1, 1, 1}, new double[][] {P0, P0, P1, P1}, new double[][] {P0, P1, P1, P1});
    StateSpec last = new StateSpec(StateSpec.Aggregate.LAST, 1, true, false);
    Policy p = MdpSolver.solve(t, params(0.2, last, 1));
    assertEquals(0.89, p.rootValues()[0], 1e-12);
    assertEquals(0.82, p.rootValues()[1], 1e-12);
    assertEquals(new Action.Run(1), p.action(0b01, 0, 0));
    assertInstanceOf(Action.Stop.class, p.action(0b01, 0, 1));
    Trajectories tr = Trajectories.rollout(p, t, new int[] {0, 1, 2, 3});
    assertEquals(2, tr.all().size());
    assertEquals(0.5, tr.all().get(0).coverage());
    assertEquals(2, tr.coverCount(0.95));
    assertEquals(1, tr.coverCount(0.5));
    assertTrue(tr.kept(0.02).size() == 2);
    assertEquals(List.of(List.of(0), List.of(0, 1)), tr.all().stream().map(Trajectories.Trajectory::members).toList());
    // prefixes that get substackers: {A} only ({A,B} is the full set, answered by the full stacker)
    assertEquals(1, tr.keptPrefixMasks(0.02).length);
    assertEquals(0b01, tr.keptPrefixMasks(0.02)[0]);
  }

  @Test void minMembersForbidsEarlyStop() {
    Policy p = MdpSolver.solve(meanExample(), new MdpSolver.Params(1.0, CLASS_ONLY, 1, 2));
    // STOP is not allowed after one member: {A} code0: RUN B (-0.9 + 2/3), root Q(A) = -0.1 + (3(-0.9+2/3) + (-0.9+1))/4
    assertEquals(new Action.Run(1), p.action(0b01, 0, 0));
    assertEquals(-0.1 + (3 * (-0.9 + 2.0 / 3) + 0.1) / 4, p.rootValues()[0], 1e-12);
  }

  /**
   * Hard answers, members A and B (cost 1 each) and C (cost 8); α = 0.5 → normalised weighted costs
   * 0.05, 0.05, 0.4; at least 2 members; one entropy bin, no class feature, so the agreement flag is
   * the only feature. Rows (y, A, B, C): r0 (0,0,0,0), r1 (1,1,1,1), r2 (0,0,1,0), r3 (1,0,1,1).
   * With the flag: {A,B} agree {r0,r1}: STOP 1; disagree {r2,r3}: STOP 1/2 (tie → class 0) < RUN C
   * −0.4 + 1 = 0.6 → RUN C; V({A,B}) = 0.8. {A,C}: agree {r0,r1,r2} STOP 1, disagree {r3}: RUN B
   * −0.05 + 1 → V = (3 + 0.95)/4 = 0.9875. {A}: RUN B −0.05 + 0.8 = 0.75 > RUN C −0.4 + 0.9875 →
   * Q(A) = −0.05 + 0.75 = 0.70 = Q(B). {B,C}: every row right (r2's tie → class 0 is right), V = 1;
   * {C}: RUN B −0.05 + 1 = 0.95 > RUN A −0.05 + 0.9875 → Q(C) = −0.4 + 0.95 = 0.55.
   * Without the flag, {A,B} is one state: STOP 3/4 > RUN C 0.6, so C never runs; Q(A) = −0.05 + 0.70.
   */
  @Test void agreementFlagSendsOnlyDisagreementsToTheExpensiveMember() {
    OutputTable t = hardAnswers();
    int[] all = {0, 1, 2, 3};
    Policy agree = MdpSolver.solve(t, new MdpSolver.Params(0.5, new StateSpec(StateSpec.Aggregate.MEAN, 1, false, true), 1, 2));
    assertEquals(0.70, agree.rootValues()[0], 1e-12);
    assertEquals(0.70, agree.rootValues()[1], 1e-12);
    assertEquals(0.55, agree.rootValues()[2], 1e-12);
    Trajectories tr = Trajectories.rollout(agree, t, all);
    assertEquals(List.of(List.of(0, 1), List.of(0, 1, 2)), tr.all().stream().map(Trajectories.Trajectory::members).sorted(
        (x, y) -> Integer.compare(x.size(), y.size())).toList());
    assertEquals(2, tr.order(2)[2], "a disagreement runs C");
    Policy plain = MdpSolver.solve(t, new MdpSolver.Params(0.5, new StateSpec(StateSpec.Aggregate.MEAN, 1, false, false), 1, 2));
    assertEquals(0.65, plain.rootValues()[0], 1e-12);
    assertEquals(List.of(List.of(0, 1)), Trajectories.rollout(plain, t, all).all().stream().map(Trajectories.Trajectory::members).toList());
  }

  @Test void unlabelledRowsAreRejected() {
    OutputTable t = OutputTable.builder(List.of("A", "B"), List.of("c0", "c1"), "ms")
        .add("x", -1, new double[][] {P0, P1}, new double[] {1, 1}).build();
    BadInputException e = assertThrows(BadInputException.class, () -> MdpSolver.solve(t, params(1, CLASS_ONLY, 1)));
    assertTrue(e.getMessage().contains("row 'x'"), e.getMessage());
  }

  /**
   * Four rows, three one-hot members A, B, C (costs 1, 1, 8): label then each member's answer per row —
   * A and B agree on r0, r1 (right) and disagree on r2, r3; C is always right.
   */
  static OutputTable hardAnswers() {
    OutputTable.Builder b = OutputTable.builder(List.of("A", "B", "C"), List.of("c0", "c1"), "ms");
    int[][] rows = {{0, 0, 0, 0}, {1, 1, 1, 1}, {0, 0, 1, 0}, {1, 0, 1, 1}};
    for (int i = 0; i < rows.length; i++) {
      double[][] out = new double[3][];
      for (int j = 0; j < 3; j++) out[j] = rows[i][j + 1] == 0 ? P0 : P1;
      b.add("r" + i, rows[i][0], out, new double[] {1, 1, 8});
    }
    return b.build();
  }
}
