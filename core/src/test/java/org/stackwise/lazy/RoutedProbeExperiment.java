package org.stackwise.lazy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.stackwise.FitContext;
import org.stackwise.data.Target;
import org.stackwise.folds.Fold;
import org.stackwise.folds.FoldPlan;
import org.stackwise.io.logs.RouterBenchImporter;
import org.stackwise.lazy.policy.StateSpec;
import org.stackwise.lazy.substack.SubstackerTraining;

/**
 * Experiment behind docs/bench-results/lazy.md ("Routed fold cores"), not a unit test: its name is
 * outside surefire's default includes and it is skipped unless {@code -Dprobe} is set. For RouterBench
 * ARC it fits LazyStack (log-linear pools, exits on STOP, θ for a budget of 0.5 × gpt-4's train cost)
 * and runs every test row through every cross-fitting fold's policy and substackers with the
 * calibrated θ: the mean over folds is the expected test result of a model that routes each input to
 * one fold core at random, next to the refitted model's. Run:
 * {@code mvn -o -q -pl core test -Dtest=RoutedProbeExperiment -DargLine=-Dprobe=1 -Dsurefire.failIfNoSpecifiedTests=false}
 * (about 10 minutes on one loaded core).
 */
class RoutedProbeExperiment {
  @Test void probe() throws Exception {
    Path d = Path.of("/work/shared/data/routerbench-arc");
    Assumptions.assumeTrue(Files.exists(d) && System.getProperty("probe") != null);
    OutputTable train = RouterBenchImporter.read(d.resolve("arc_challenge_train.csv")).table();
    OutputTable test = RouterBenchImporter.read(d.resolve("arc_challenge_test.csv")).table();
    double g4 = train.meanCost(train.members().indexOf("gpt-4-1106-preview"));
    double g4test = test.meanCost(test.members().indexOf("gpt-4-1106-preview"));
    for (String spec : new String[] {"votes", "mean"}) {
      for (int folds : new int[] {3, 10}) {
        for (double alpha : new double[] {0.1, 0.03}) {
          for (int minM : new int[] {1, 2}) {
            LazyStackLearner l = LazyStackLearner.defaults().withStacker(SubstackerTraining.Kind.LOGLINEAR).withExitOnPolicyStop(true)
                .withTheta(new ThetaRule.Budget(0.5 * g4)).withAlpha(alpha).withMinMembers(minM).withCrossFitFolds(folds)
                .withState(spec.equals("votes") ? StateSpec.votes(3) : StateSpec.defaults());
            FitContext ctx = FitContext.seeded(1).withThreads(1);
            LazyStackModel model = l.fit(train, CostModel.perRow(train), ctx);
            int n = train.rows();
            int m = train.memberCount();
            int[] labels = train.labels();
            int[] randomOrder = LazyStackLearner.randomOrder(m, ctx.child("random-order").random());
            int[] costOrder = LazyStackLearner.costOrder(train);
            FoldPlan plan = FoldPlan.stratified(new Target.Classes("label", train.classes(), labels), folds, ctx.child("folds").seed());
            double sumAcc = 0;
            double sumCost = 0;
            StringBuilder per = new StringBuilder();
            for (Fold f : plan.folds()) {
              LazyStackLearner.Core core = l.fitCore(train, f.train(), randomOrder, ctx.child("fold-" + f.index()), false);
              MethodTables mt = new MethodTables(test.rows(), m, test.labels());
              for (int i = 0; i < test.rows(); i++) {
                mt.fill(i, test, i, core.policy(), true, core.subs(), core.randomSubs(), randomOrder, costOrder);
              }
              StepTable.Result r = mt.sub.evaluate(model.thresholds(LazyStackModel.Mode.SUB), model.minMembers());
              sumAcc += r.accuracy() / folds;
              sumCost += r.meanCost() / folds;
              per.append(String.format(" %.3f@%.2f", r.accuracy(), r.meanCost() / g4test));
            }
            var dep = model.info().path("deployed_on_fit_rows");
            var ev = LazyEvaluation.evaluate(model, test).path("methods").path("lazystack_sub");
            System.out.printf("PROBE %s folds %d alpha %.2f min %d: oof acc %.4f cost %.2fx | routed test acc %.4f cost %.2fx [%s] | refit test acc %.4f cost %.2fx%n",
                spec, folds, alpha, minM, dep.path("oof_accuracy").asDouble(), dep.path("oof_mean_cost").asDouble() / g4,
                sumAcc, sumCost / g4test, per, ev.path("accuracy").asDouble(), ev.path("mean_cost").asDouble() / g4test);
          }
        }
      }
    }
  }
}
