package org.stackwise.bench;

import java.nio.file.Path;
import java.util.List;
import org.stackwise.Classifier;
import org.stackwise.FitContext;
import org.stackwise.Member;
import org.stackwise.data.Dataset;
import org.stackwise.data.read.DataSplits;
import org.stackwise.ensemble.StackingLearner;
import org.stackwise.spec.Presets;

/**
 * Where a stack's time goes: each member of the {@code default} preset fitted on a data set's training
 * split (2 threads, as the benchmark) and its steady-state batch prediction time on the test split (best of
 * {@code reps} calls after the same number of warm-up calls), then the whole stack's. Stackwise only; for
 * the comparison with scikit-learn see {@code bench/run.sh}.
 *
 * <p>Run: {@code java -cp "bench/target/classes:bench/target/lib/*" org.stackwise.bench.MemberTimings
 * [data root] [set,...] [reps]}.
 */
public final class MemberTimings {
  private MemberTimings() { }

  public static void main(String[] args) {
    Path root = Path.of(args.length > 0 ? args[0] : "../shared/data");
    List<String> sets = List.of((args.length > 1 ? args[1] : "satimage,letter").split(","));
    int reps = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    System.out.println("| data set | model | fit s | predict ms (best of " + reps + ") |");
    System.out.println("|---|---|---:|---:|");
    for (String name : sets) {
      DataSplits.Split split = BenchDataset.named(name).load(root);
      StackingLearner stack = (StackingLearner) Presets.learner("default");
      for (Member m : stack.members()) row(name, m.name(), () -> m.learner().fitClassifier(split.train(), context()), split.test(), reps);
      row(name, "(stack)", () -> stack.fitClassifier(split.train(), context()), split.test(), reps);
    }
  }

  private static FitContext context() {
    return FitContext.seeded(42).withThreads(2);
  }

  private static void row(String set, String model, java.util.function.Supplier<Classifier> fit, Dataset test, int reps) {
    long t0 = System.nanoTime();
    Classifier c = fit.get();
    double fitSeconds = (System.nanoTime() - t0) / 1e9;
    double best = Double.POSITIVE_INFINITY;
    for (int r = 0; r < 2 * reps; r++) {
      long p0 = System.nanoTime();
      c.predictProba(test);
      if (r >= reps) best = Math.min(best, (System.nanoTime() - p0) / 1e6);
    }
    System.out.printf("| %s | %s | %.2f | %.1f |%n", set, model, fitSeconds, best);
  }
}
