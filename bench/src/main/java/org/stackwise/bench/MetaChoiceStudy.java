package org.stackwise.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stackwise.Classifier;
import org.stackwise.FitContext;
import org.stackwise.Learner;
import org.stackwise.Member;
import org.stackwise.data.Dataset;
import org.stackwise.data.Target;
import org.stackwise.ensemble.EnsembleModel;
import org.stackwise.ensemble.EnsembleSelection;
import org.stackwise.ensemble.StackingLearner;
import org.stackwise.pool.OpinionPoolLearner;
import org.stackwise.ensemble.VotingLearner;
import org.stackwise.folds.Fold;
import org.stackwise.folds.FoldPlan;
import org.stackwise.learners.linear.LogisticLearner;
import org.stackwise.learners.trees.ExtraTreesLearner;
import org.stackwise.learners.trees.RandomForestLearner;
import org.stackwise.spec.Presets;

/**
 * Which combiner should the {@code default} preset use? Cross-validates the whole ensemble — members,
 * out-of-fold stage and combiner — on each data set's <em>training file only</em>: a stratified 4-fold split
 * of the training rows, the ensemble fitted on three parts and scored on the fourth, for every part. Per
 * held-out part it records the ensemble's accuracy and log loss and whether the ensemble is at least as
 * accurate as its own best member there (the members as refitted inside the ensemble). No test file is read,
 * so the choice it informs is not tuned on the benchmark's test rows.
 *
 * <p>Run: {@code java -cp "bench/target/classes:bench/target/lib/*" org.stackwise.bench.MetaChoiceStudy
 * [data root] [set,...] [candidate,...]}; candidates: {@code logistic-c1} (the default), {@code logistic-c0.1},
 * {@code logistic-c1-logit}, {@code selection} (greedy ensemble selection, 25 steps, log loss), {@code plus-extra-trees} (the default's
 * members and 300 extremely randomised trees), {@code extra-trees-for-nb} (extra trees instead of naive Bayes), {@code plus-extra-trees-100} (100 extra trees
 * added), {@code forest-150-extra-150} (the random forest cut to 150 trees, 150 extra trees added), {@code pool} (the
 * log-linear opinion pool meta-learner, {@link OpinionPoolLearner}), {@code hybrid} (the pool for more than two
 * classes, logistic for two, {@link HybridMeta}), {@code oob-rf} (the default with {@code out_of_bag}: the random forest's
 * out-of-bag predictions replace its fold fits), {@code oob-rf-et} (that, and the extra trees drawn on bootstrap samples
 * so that they have out-of-bag rows too). An optional fourth argument is the seed of the 4-part split. Each row also
 * gives the ensemble's fit seconds (2 threads).
 */
public final class MetaChoiceStudy {
  private MetaChoiceStudy() { }

  private static final int PARTS = 4;

  public static void main(String[] args) {
    Path root = Path.of(args.length > 0 ? args[0] : "../shared/data");
    List<String> sets = List.of((args.length > 1 ? args[1] : "credit-g,spambase").split(","));
    List<String> names = List.of((args.length > 2 ? args[2] : "logistic-c1,logistic-c0.1,logistic-c1-logit,selection").split(","));
    // the seed of the 4-part split of each training file (runs 1-5: 20261122; run 6: 20261207, new cells)
    long partSeed = args.length > 3 ? Long.parseLong(args[3]) : 20261122L;
    StackingLearner base = (StackingLearner) Presets.learner("default");
    Map<String, Learner> candidates = new LinkedHashMap<>();
    LogisticLearner meta = (LogisticLearner) StackingLearner.DEFAULT_META_CLASSIFIER;
    for (String n : names) {
      candidates.put(n, switch (n) {
        case "logistic-c1" -> base;
        case "logistic-c0.1" -> base.withMeta(meta.withC(0.1));
        case "logistic-c1-logit" -> base.withLogit(true);
        case "pool" -> base.withMeta(OpinionPoolLearner.defaults());
        case "hybrid" -> base.withMeta(HybridMeta.defaults());
        case "selection" -> VotingLearner.mean(base.members()).withSelection(25, EnsembleSelection.Metric.LOG_LOSS);
        case "plus-extra-trees" -> withMembers(base, base.members(), 300);
        case "extra-trees-for-nb" -> withMembers(base, base.members().stream()
            .filter(m -> !m.name().equals("naive_bayes")).toList(), 300);
        case "plus-extra-trees-100" -> withMembers(base, base.members(), 100);
        case "forest-150-extra-150" -> withMembers(base, base.members().stream()
            .map(m -> m.name().equals("random_forest")
                ? new Member("random_forest", ((RandomForestLearner) m.learner()).withNumTrees(150)) : m).toList(), 150);
        case "oob-rf" -> base.withOutOfBag(true);
        case "oob-rf-et" -> new StackingLearner(base.members().stream()
            .map(m -> m.learner() instanceof ExtraTreesLearner et ? new Member(m.name(), et.withBootstrap(true)) : m).toList(),
            base.meta(), base.folds(), base.stackMethod(), base.logit(), base.passthrough(), base.refit(), base.strict(),
            base.honestScore(), true);
        default -> throw new IllegalArgumentException("unknown candidate " + n);
      });
    }
    System.out.println("| data set | part | candidate | acc % | log loss | best member | best member acc % | ensemble − best pts | fit s |");
    System.out.println("|---|---:|---|---:|---:|---|---:|---:|---:|");
    for (String set : sets) {
      Dataset train = BenchDataset.named(set).load(root).train();
      FoldPlan parts = FoldPlan.stratified(train.classes(), PARTS, partSeed);
      for (Fold part : parts.folds()) {
        Dataset fit = train.select(part.train());
        Dataset held = train.select(part.test());
        for (Map.Entry<String, Learner> c : candidates.entrySet()) {
          FitContext context = FitContext.seeded(42).withThreads(2);
          // the gates read the stack's honest score, so only the default candidate pays for it; -Dstudy.noGates=true
          // leaves them out, so that the fit seconds of all candidates measure the same work
          boolean gates = c.getKey().equals("logistic-c1") && !Boolean.getBoolean("study.noGates");
          Learner learner = c.getValue() instanceof StackingLearner s ? s.withHonestScore(gates) : c.getValue();
          long t0 = System.nanoTime();
          Classifier model = learner.fitClassifier(fit, context);
          double fitSeconds = (System.nanoTime() - t0) / 1e9;
          double acc = accuracy(model, held);
          String bestName = "";
          double best = -1;
          EnsembleModel ensemble = (EnsembleModel) model;
          for (String member : ensemble.memberNames()) {
            double a = accuracy((Classifier) ensemble.member(member), held);
            if (a > best) {
              best = a;
              bestName = member;
            }
          }
          System.out.printf("| %s | %d | %s | %.2f | %.4f | %s | %.2f | %+.2f | %.2f |%n", set, part.index(), c.getKey(),
              100 * acc, logLoss(model, held), bestName, 100 * best, 100 * (acc - best), fitSeconds);
          if (gates) {
            for (String metric : List.of("accuracy", "log_loss")) {
              String chosen = gateChoice(ensemble.describe(), metric);
              Classifier used = chosen == null ? model : (Classifier) ensemble.member(chosen);
              double a = accuracy(used, held);
              System.out.printf("| %s | %d | gate-%s (%s) | %.2f | %.4f | %s | %.2f | %+.2f | |%n", set, part.index(),
                  metric.replace('_', '-'), chosen == null ? "stack" : chosen, 100 * a, logLoss(used, held), bestName,
                  100 * best, 100 * (a - best));
            }
          }
          System.out.flush();
        }
      }
    }
  }

  /**
   * The member a gate on {@code metric} would use alone, or null to keep the stack: the member with the best
   * out-of-fold score, if that score strictly beats the stack's own (nested) out-of-fold score.
   */
  private static String gateChoice(com.fasterxml.jackson.databind.node.ObjectNode info, String metric) {
    boolean higherIsBetter = metric.equals("accuracy");
    double stack = info.path("stack_oof_score").path(metric).asDouble(Double.NaN);
    String bestName = null;
    double best = stack;
    var members = info.path("member_oof_scores").fields();
    while (members.hasNext()) {
      var m = members.next();
      double v = m.getValue().path(metric).asDouble(Double.NaN);
      if (higherIsBetter ? v > best : v < best) {
        best = v;
        bestName = m.getKey();
      }
    }
    return bestName;
  }

  /** {@code base} with {@code members}, plus a forest of {@code extraTrees} extremely randomised trees if > 0. */
  private static StackingLearner withMembers(StackingLearner base, List<Member> members, int extraTrees) {
    List<Member> all = new java.util.ArrayList<>(members);
    if (extraTrees > 0) all.add(new Member("extra_trees", ExtraTreesLearner.defaults().withNumTrees(extraTrees)));
    return new StackingLearner(all, base.meta(), base.folds(), base.stackMethod(), base.logit(), base.passthrough(),
        base.refit(), base.strict(), base.honestScore(), base.outOfBag());
  }

  /** Labels of {@code held} as indexes into {@code model.classes()} (by name: a part may lack a rare class). */
  private static int[] labels(Classifier model, Dataset held) {
    Target.Classes y = held.classes();
    int[] out = new int[held.rows()];
    for (int i = 0; i < out.length; i++) out[i] = model.classes().indexOf(y.classes().get(y.get(i)));
    return out;
  }

  private static double accuracy(Classifier model, Dataset held) {
    return Scores.accuracy(model.predictProba(held), labels(model, held));
  }

  private static double logLoss(Classifier model, Dataset held) {
    int[] y = labels(model, held);
    double[][] p = model.predictProba(held);
    double sum = 0;
    int n = 0;
    for (int i = 0; i < y.length; i++) {
      if (y[i] < 0) continue; // a class the fitting part never saw: no probability to score
      double[] row = p[i];
      sum -= Math.log(Math.max(1e-15, row[y[i]]));
      n++;
    }
    return sum / n;
  }
}
