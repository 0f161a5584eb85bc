package org.stackwise.lazy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stackwise.FitContext;
import org.stackwise.lazy.substack.SubstackerTraining;

class LazyStackTest {
  static OutputTable valid;
  static OutputTable test;
  static LazyStackModel model;

  @BeforeAll static void fit() {
    valid = LazyFixtures.synthetic(600, 4, 3, 1);
    test = LazyFixtures.synthetic(300, 4, 3, 2);
    model = LazyFixtures.fast().fit(valid, FitContext.seeded(7));
  }

  static MemberInvoker<Integer> table(OutputTable t) {
    return (j, name, row) -> new MemberOutput(t.proba(row, j), t.cost(row, j));
  }

  static double[][] all(OutputTable t, int row) {
    return SubstackerTraining.outputs(t, row);
  }

  @Test void thetaOneReproducesTheFullStacker() {
    for (LazyStackModel.Mode mode : LazyStackModel.Mode.values()) {
      for (int i = 0; i < test.rows(); i++) {
        LazyPrediction p = model.predict(i, table(test), mode, 1.0);
        assertEquals(CascadeTrace.ExitReason.ALL_MEMBERS_RUN, p.trace().exitReason());
        assertEquals(4, p.trace().calls());
        assertArrayEquals(model.substackers().full(all(test, i)), p.proba(), 0.0);
      }
    }
  }

  @Test void subAndMaskAnswerWithTheFullStackerOnceEveryMemberRan() {
    // the definition: for the full member set both modes' aggregate IS the full stacker's output
    int full = (1 << 4) - 1;
    for (int i = 0; i < 20; i++) {
      double[][] out = all(test, i);
      double[] f = model.substackers().full(out);
      assertArrayEquals(f, model.cascade(LazyStackModel.Mode.SUB).aggregate(full, 3, out), 0.0);
      assertArrayEquals(f, model.cascade(LazyStackModel.Mode.MASK).aggregate(full, 3, out), 0.0);
      assertArrayEquals(f, model.substackers().subOrMask(full, out), 0.0);
    }
  }

  @ParameterizedTest @ValueSource(longs = {11, 12, 13, 14, 15})
  void earlyExitNeverCostsMoreThanRunningEveryMember(long seed) {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
    OutputTable t = LazyFixtures.synthetic(80, 4, 3, seed);
    for (int trial = 0; trial < 10; trial++) {
      double theta = trial == 0 ? 0 : trial == 1 ? 1 : rnd.nextDouble();
      LazyStackModel.Mode mode = rnd.nextBoolean() ? LazyStackModel.Mode.SUB : LazyStackModel.Mode.MASK;
      for (int i = 0; i < t.rows(); i++) {
        LazyPrediction p = model.predict(i, table(t), mode, theta);
        double all = 0;
        for (int j = 0; j < 4; j++) all += t.cost(i, j);
        assertTrue(p.trace().totalCost() <= all + 1e-12, "cost " + p.trace().totalCost() + " > " + all);
        assertTrue(p.trace().calls() >= Math.min(2, 4));
        assertEquals(p.trace().calls(), p.trace().membersRun().stream().distinct().count());
      }
    }
  }

  @Test void onlinePredictionsMatchTheSimulatedCascade() {
    MethodTables mt = new MethodTables(test.rows(), 4, test.labels());
    Baselines b = model.baselines();
    for (int i = 0; i < test.rows(); i++) {
      mt.fill(i, test, i, model.policy(), model.exitOnPolicyStop(), model.substackers(), model.randomSubstackers(), b.randomOrder(), b.costOrder());
    }
    for (double theta : new double[] {0.0, 0.5, 0.8, model.theta(LazyStackModel.Mode.SUB), 1.0}) {
      double cost = 0;
      int correct = 0;
      for (int i = 0; i < test.rows(); i++) {
        LazyPrediction p = model.predict(i, table(test), LazyStackModel.Mode.SUB, theta);
        assertEquals(mt.sub.answer(i, theta, model.minMembers()), p.predicted());
        cost += p.trace().totalCost();
        if (p.predicted() == test.label(i)) correct++;
      }
      StepTable.Result r = mt.sub.evaluate(theta, model.minMembers());
      assertEquals(r.accuracy(), (double) correct / test.rows(), 1e-12);
      assertEquals(r.meanCost(), cost / test.rows(), 1e-9);
    }
  }

  @Test void perPrefixThresholdsAreUsedOnlineExactlyAsCalibrated(@TempDir Path dir) throws Exception {
    LazyStackModel pm = LazyFixtures.fast().withPrefixThetaRows(30).withTheta(new ThetaRule.Target(0.8))
        .fit(valid, FitContext.seeded(7));
    Thresholds th = pm.thresholds(LazyStackModel.Mode.SUB);
    assertTrue(!th.perSet().isEmpty(), "some member sets get their own θ");
    MethodTables mt = new MethodTables(test.rows(), 4, test.labels());
    Baselines b = pm.baselines();
    for (int i = 0; i < test.rows(); i++) {
      mt.fill(i, test, i, pm.policy(), pm.exitOnPolicyStop(), pm.substackers(), pm.randomSubstackers(), b.randomOrder(), b.costOrder());
    }
    for (int i = 0; i < test.rows(); i++) {
      assertEquals(mt.sub.answer(i, th, pm.minMembers()), pm.predict(i, table(test)).predicted());
    }
    Path f = dir.resolve("p.lzs");
    LazyFile.save(pm, f);
    assertEquals(th, LazyFile.load(f).thresholds(LazyStackModel.Mode.SUB));
    // the validation report shows the target reached on the calibration rows
    assertTrue(pm.info().path("validation").path("methods").path("lazystack_sub").path("accuracy").asDouble() >= 0.8 - 1e-9);
  }

  @Test void logLinearPoolsWithExitsOnPolicyStop(@TempDir Path dir) throws Exception {
    LazyStackModel pm = LazyFixtures.fast().withExitOnPolicyStop(true).withAlpha(0.5)
        .withStacker(org.stackwise.lazy.substack.SubstackerTraining.Kind.LOGLINEAR).fit(valid, FitContext.seeded(7));
    assertTrue(pm.exitOnPolicyStop());
    MethodTables mt = new MethodTables(test.rows(), 4, test.labels());
    Baselines b = pm.baselines();
    for (int i = 0; i < test.rows(); i++) {
      mt.fill(i, test, i, pm.policy(), true, pm.substackers(), pm.randomSubstackers(), b.randomOrder(), b.costOrder());
    }
    int policyExits = 0;
    for (int i = 0; i < test.rows(); i++) {
      LazyPrediction p = pm.predict(i, table(test));
      assertEquals(mt.sub.answer(i, pm.thresholds(LazyStackModel.Mode.SUB), pm.minMembers()), p.predicted());
      LazyPrediction q = pm.predict(i, table(test), LazyStackModel.Mode.SUB, 0.9999);
      if (q.trace().exitReason() == CascadeTrace.ExitReason.CONFIDENT && q.trace().steps().get(q.trace().calls() - 1).confidence() <= 0.9999) {
        policyExits++;
      }
      // θ = 1 still reproduces the full stacker with exits on STOP
      assertArrayEquals(pm.substackers().full(all(test, i)), pm.predict(i, table(test), LazyStackModel.Mode.MASK, 1.0).proba(), 0.0);
    }
    assertTrue(policyExits > 0, "some rows exit on the policy's STOP below θ");
    Path f = dir.resolve("pool.lzs");
    LazyFile.save(pm, f);
    LazyStackModel back = LazyFile.load(f);
    assertTrue(back.exitOnPolicyStop());
    for (int i = 0; i < 30; i++) assertArrayEquals(pm.predict(i, table(test)).proba(), back.predict(i, table(test)).proba(), 0.0);
  }

  @Test void maskAggregatePolicyIsSolvedOnTheMaskCombinerAndWalkedWithIt(@TempDir Path dir) throws Exception {
    LazyStackModel mm = LazyFixtures.fast().withState(LazyFixtures.fast().state().withAggregate(
        org.stackwise.lazy.policy.StateSpec.Aggregate.MASK)).fit(valid, FitContext.seeded(5));
    MethodTables mt = new MethodTables(test.rows(), 4, test.labels());
    Baselines b = mm.baselines();
    for (int i = 0; i < test.rows(); i++) {
      mt.fill(i, test, i, mm.policy(), false, mm.substackers(), mm.randomSubstackers(), b.randomOrder(), b.costOrder());
    }
    for (int i = 0; i < test.rows(); i++) {
      assertEquals(mt.sub.answer(i, mm.thresholds(LazyStackModel.Mode.SUB), mm.minMembers()), mm.predict(i, table(test)).predicted());
    }
    Path f = dir.resolve("mask.lzs");
    LazyFile.save(mm, f);
    LazyStackModel back = LazyFile.load(f);
    for (int i = 0; i < 50; i++) {
      assertEquals(mm.predict(i, table(test)).trace().membersRun(), back.predict(i, table(test)).trace().membersRun());
    }
  }

  @Test void aFailingMemberEndsTheCascadeWithTheBestAnswerSoFar() {
    int first = model.policy().next(0, 0, 0);
    MemberInvoker<Integer> failSecond = (j, name, row) -> {
      if (j != first) throw new java.io.IOException("timeout");
      return new MemberOutput(test.proba(row, j), test.cost(row, j));
    };
    LazyPrediction p = model.predict(0, failSecond, LazyStackModel.Mode.SUB, 1.0);
    assertEquals(CascadeTrace.ExitReason.MEMBER_FAILED, p.trace().exitReason());
    assertEquals(2, p.trace().calls());
    assertEquals("timeout", p.trace().steps().get(1).failure());
    assertEquals(List.of("m" + first), p.trace().membersRun());
    MemberInvoker<Integer> failFirst = (j, name, row) -> {
      if (j == first) throw new IllegalStateException("down");
      return new MemberOutput(test.proba(row, j), test.cost(row, j));
    };
    LazyPrediction q = model.predict(0, failFirst, LazyStackModel.Mode.MASK, 1.0);
    assertEquals(CascadeTrace.ExitReason.MEMBER_FAILED, q.trace().exitReason());
    assertEquals(1, q.trace().membersRun().size());
    MemberInvoker<Integer> bad = (j, name, row) -> new MemberOutput(new double[] {0.5, 0.6, 0}, 1);
    org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> model.predict(0, bad, LazyStackModel.Mode.SUB, 0.5));
  }

  @Test void lzsRoundTripKeepsEveryPrediction(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("m.lzs");
    LazyFile.save(model, f);
    LazyStackModel back = LazyFile.load(f);
    assertEquals(model.members(), back.members());
    assertEquals(model.theta(LazyStackModel.Mode.SUB), back.theta(LazyStackModel.Mode.SUB));
    assertEquals(model.theta(LazyStackModel.Mode.MASK), back.theta(LazyStackModel.Mode.MASK));
    for (int i = 0; i < test.rows(); i++) {
      LazyPrediction a = model.predict(i, table(test));
      LazyPrediction b = back.predict(i, table(test));
      assertArrayEquals(a.proba(), b.proba(), 0.0);
      assertEquals(a.trace().membersRun(), b.trace().membersRun());
    }
    assertEquals(LazyEvaluation.evaluate(model, test), LazyEvaluation.evaluate(back, test));
    // saving again gives the same bytes
    Path g = dir.resolve("m2.lzs");
    LazyFile.save(back, g);
    assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(g));
  }

  @Test void concurrentPredictionsEqualSequentialOnes() throws Exception {
    double[][] seq = new double[test.rows()][];
    for (int i = 0; i < test.rows(); i++) seq[i] = model.predict(i, table(test)).proba();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<double[]>> fs = new java.util.ArrayList<>();
      for (int i = 0; i < test.rows(); i++) {
        int row = i;
        fs.add(pool.submit(() -> model.predict(row, table(test)).proba()));
      }
      for (int i = 0; i < test.rows(); i++) assertArrayEquals(seq[i], fs.get(i).get(), 0.0);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test void evaluationReportHasEveryMethodAndSaysWhichRowsFedWhichStage() {
    ObjectNode r = LazyEvaluation.evaluate(model, test);
    for (String f : List.of("accuracy", "full_accuracy", "retention", "mean_cost", "full_cost", "speedup",
        "mean_members_run", "trajectories_95", "methods", "curve", "validation", "data_use")) {
      assertTrue(r.has(f), f);
    }
    for (String m : List.of("lazystack_sub", "lazystack_mask", "full_stacker", "average", "best_single", "cost_cascade",
        "abc", "random_order_sub", "policy_order_avg", "oracle")) {
      assertTrue(r.path("methods").has(m), m);
    }
    double full = r.path("full_cost").asDouble();
    assertEquals(full, r.path("methods").path("full_stacker").path("mean_cost").asDouble(), 1e-9);
    assertTrue(r.path("mean_cost").asDouble() <= full + 1e-9);
    assertTrue(r.path("methods").path("oracle").path("accuracy").asDouble() >= r.path("accuracy").asDouble());
    assertTrue(r.path("data_use").path("theta_and_baselines").asText().contains("out-of-fold"));
    assertEquals(600, model.info().path("data_use").path("fold_of_row").size());
  }

  @Test void sameSeedSameModel() {
    LazyStackModel again = LazyFixtures.fast().fit(valid, FitContext.seeded(7).withThreads(3));
    assertEquals(model.theta(LazyStackModel.Mode.SUB), again.theta(LazyStackModel.Mode.SUB));
    for (int i = 0; i < 50; i++) {
      assertArrayEquals(model.predict(i, table(test)).proba(), again.predict(i, table(test)).proba(), 0.0);
    }
  }
}
