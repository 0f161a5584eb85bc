package org.stackwise.lazy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.stackwise.FitContext;
import org.stackwise.io.Json;
import org.stackwise.io.logs.RouterBenchImporter;

class ScratchPrintTest {
  @Test void print() throws Exception {
    OutputTable tr = RouterBenchImporter.read(Path.of("/work/shared/data/routerbench-arc/arc_challenge_train.csv")).table();
    OutputTable te = RouterBenchImporter.read(Path.of("/work/shared/data/routerbench-arc/arc_challenge_test.csv")).table();
    String spec = System.getProperty("lazy.alpha", "0.1");
    for (String a : spec.split(",")) {
      long t0 = System.nanoTime();
      LazyStackLearner L = LazyStackLearner.defaults().withAlpha(Double.parseDouble(a));
      if (System.getProperty("lazy.min") != null) L = L.withMinMembers(Integer.parseInt(System.getProperty("lazy.min")));
      if (System.getProperty("lazy.agree") != null) L = L.withState(L.state().withAgreementInState(true));
      if (System.getProperty("lazy.logistic") != null) L = L.withFullNet(LazyStackLearner.network(0)).withSubNet(LazyStackLearner.network(0)).withMaskNet(LazyStackLearner.network(0).withBatchSize(256).withLearningRate(3e-3));
      if (System.getProperty("lazy.bins") != null) L = L.withState(L.state().withEntropyBins(Integer.parseInt(System.getProperty("lazy.bins"))));
      if (System.getProperty("lazy.cls") != null) L = L.withState(L.state().withClassInState(false));
      if (System.getProperty("lazy.prefix") != null) L = L.withPrefixThetaRows(Integer.parseInt(System.getProperty("lazy.prefix")));
      if (System.getProperty("lazy.target") != null) L = L.withTheta(new ThetaRule.Target(Double.parseDouble(System.getProperty("lazy.target"))));
      if (System.getProperty("lazy.folds") != null) L = L.withCrossFitFolds(Integer.parseInt(System.getProperty("lazy.folds")));
      if (System.getProperty("lazy.pool") != null) L = L.withStacker(org.stackwise.lazy.substack.SubstackerTraining.Kind.LOGLINEAR).withPoolL2(Double.parseDouble(System.getProperty("lazy.pool")));
      if (System.getProperty("lazy.pstop") != null) L = L.withExitOnPolicyStop(true);
      final LazyStackModel m = L.fit(tr, FitContext.seeded(1).withThreads(2));
      var r = LazyEvaluation.evaluate(m, te);
      System.out.printf("alpha %s fit %.1fs%n", a, (System.nanoTime() - t0) / 1e9);
      System.out.printf("TEST  acc %.4f full %.4f cost %.6f full %.6f members %.2f traj95 %d%n", r.path("accuracy").asDouble(), r.path("full_accuracy").asDouble(), r.path("mean_cost").asDouble(), r.path("full_cost").asDouble(), r.path("mean_members_run").asDouble(), r.path("trajectories_95").asInt());
      var it = r.path("methods").fields();
      while (it.hasNext()) { var e = it.next(); System.out.printf("  %-18s acc %.4f cost %.6f members %.2f%n", e.getKey(), e.getValue().path("accuracy").asDouble(), e.getValue().path("mean_cost").asDouble(), e.getValue().path("mean_members").asDouble()); }
      var v = r.path("validation");
      System.out.printf("VALID acc %.4f full %.4f cost %.6f members %.2f traj95 %d%n", v.path("accuracy").asDouble(), v.path("full_accuracy").asDouble(), v.path("mean_cost").asDouble(), v.path("mean_members_run").asDouble(), v.path("trajectories_95").asInt());
      System.out.println(m.info().path("trajectories"));
      System.out.println("gpt4 " + r.path("members").path("gpt-4-1106-preview"));
      for (var pt : r.path("curve")) if (pt.path("theta").asDouble() >= 0.5 && ((int) Math.round(pt.path("theta").asDouble() * 100)) % 5 == 0 || pt.path("theta").asDouble() >= 0.95 || pt.path("theta").asDouble() > 0.99) System.out.printf("   θ %.4f acc %.4f cost %.6f m %.2f%n", pt.path("theta").asDouble(), pt.path("accuracy").asDouble(), pt.path("mean_cost").asDouble(), pt.path("mean_members").asDouble());
      for (var tj : m.trajectories()) System.out.println("   " + tj.members().stream().map(j -> m.members().get(j)).toList() + " " + tj.coverage());
    }
  }
}
