package org.stackwise.bench;

import java.nio.file.Path;
import java.util.List;
import org.stackwise.FitContext;
import org.stackwise.Member;
import org.stackwise.data.Dataset;
import org.stackwise.ensemble.OutOfFold;
import org.stackwise.ensemble.StackMethod;
import org.stackwise.folds.FoldPlan;
import org.stackwise.learners.linear.LogisticLearner;

/**
 * How tight must the L-BFGS tolerance of the {@code default} stack's logistic <em>member</em> be? For each
 * data set, the logistic learner is fitted out of fold on the training split only (the stack's own 5-fold
 * plan, single-threaded fold fits) at several gradient tolerances; the study reports the fit time, the
 * mean L-BFGS iterations per fold and the out-of-fold accuracy and log loss — the numbers the stack's
 * meta-learner sees. No test rows are read.
 *
 * <p>Run: {@code java -cp "bench/target/classes:bench/target/lib/*" org.stackwise.bench.MemberToleranceStudy
 * [data root] [set,...]}.
 */
public final class MemberToleranceStudy {
  private MemberToleranceStudy() { }

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : "../shared/data");
    List<String> sets = List.of((args.length > 1 ? args[1] : "letter,satimage,segment,digits").split(","));
    double[] tolerances = {1e-6, 1e-5, 1e-4};
    System.out.println("| data set | tol | OOF fit s (5 folds) | mean iterations | OOF acc % | OOF log loss |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    for (String name : sets) {
      Dataset train = BenchDataset.named(name).load(root).train();
      FitContext ctx = FitContext.seeded(42).withThreads(1);
      FoldPlan plan = FoldPlan.defaultFor(train, 5, ctx.child("folds").seed());
      int[] truth = train.classes().indices();
      for (double tol : tolerances) {
        LogisticLearner learner = LogisticLearner.defaults().withTol(tol);
        long t0 = System.nanoTime();
        OutOfFold.Result r = OutOfFold.compute(List.of(new Member("logistic", learner)), train, plan,
            StackMethod.PROBA, false, true, false, ctx);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double iterations = r.oof().foldModels("logistic").stream()
            .mapToInt(m -> ((org.stackwise.learners.linear.LogisticModel) m).iterations()).average().orElse(0);
        double[][] block = r.oof().block("logistic");
        int right = 0;
        double loss = 0;
        for (int i = 0; i < truth.length; i++) {
          double[] p = full(block[i], train.classes().numClasses());
          int best = 0;
          for (int c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
          if (best == truth[i]) right++;
          loss -= Math.log(Math.max(p[truth[i]], 1e-15));
        }
        System.out.printf("| %s | %.0e | %.2f | %.0f | %.2f | %.4f |%n", name, tol, seconds, iterations,
            100.0 * right / truth.length, loss / truth.length);
      }
    }
  }

  /** A binary member's out-of-fold block holds the second class's probability only. */
  private static double[] full(double[] p, int classes) {
    return p.length == classes ? p : new double[] {1 - p[0], p[0]};
  }
}
