package org.stackwise.bench;

import java.nio.file.Path;
import java.util.List;
import org.stackwise.FitContext;
import org.stackwise.data.Dataset;
import org.stackwise.ensemble.EnsembleModel;
import org.stackwise.ensemble.StackingLearner;
import org.stackwise.spec.Presets;

/**
 * Should the {@code default} stack feed its meta-learner log-odds of the members' probabilities
 * ({@code logit: true}) instead of the probabilities? Compares the stack's honest score — the
 * meta-learner's own out-of-fold accuracy and log loss on the training split — with and without the
 * transform. No test rows are read.
 *
 * <p>Run: {@code java -cp "bench/target/classes:bench/target/lib/*" org.stackwise.bench.LogitStudy
 * [data root] [set,...]}.
 */
public final class LogitStudy {
  private LogitStudy() { }

  public static void main(String[] args) {
    Path root = Path.of(args.length > 0 ? args[0] : "../shared/data");
    List<String> sets = List.of((args.length > 1 ? args[1] : "credit-g,spambase").split(","));
    System.out.println("| data set | logit | stack OOF acc % | stack OOF log loss | fit s |");
    System.out.println("|---|---|---:|---:|---:|");
    for (String name : sets) {
      Dataset train = BenchDataset.named(name).load(root).train();
      StackingLearner base = (StackingLearner) Presets.learner("default");
      for (boolean logit : new boolean[] {false, true}) {
        long t0 = System.nanoTime();
        EnsembleModel m = (EnsembleModel) base.withLogit(logit).fitClassifier(train, FitContext.seeded(42).withThreads(2));
        double seconds = (System.nanoTime() - t0) / 1e9;
        var score = m.describe().path("stack_oof_score");
        System.out.printf("| %s | %s | %.2f | %.4f | %.1f |%n", name, logit ? "on" : "off",
            100 * score.path("accuracy").asDouble(), score.path("log_loss").asDouble(), seconds);
      }
    }
  }
}
