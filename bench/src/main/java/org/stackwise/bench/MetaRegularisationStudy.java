package org.stackwise.bench;

import java.nio.file.Path;
import java.util.List;
import org.stackwise.FitContext;
import org.stackwise.data.Dataset;
import org.stackwise.ensemble.EnsembleModel;
import org.stackwise.ensemble.StackingLearner;
import org.stackwise.learners.linear.LogisticLearner;
import org.stackwise.spec.Presets;

/**
 * How much does the {@code default} stack's meta-learner regularisation matter? Fits the stack with a
 * logistic meta-learner at C = 0.1, 1 (the default) and 10 and prints the stack's honest score — the
 * meta-learner's own out-of-fold accuracy and log loss on the training split — next to every member's
 * out-of-fold accuracy. No test rows are read.
 *
 * <p>Run: {@code java -cp "bench/target/classes:bench/target/lib/*" org.stackwise.bench.MetaRegularisationStudy
 * [data root] [set,...]}.
 */
public final class MetaRegularisationStudy {
  private MetaRegularisationStudy() { }

  public static void main(String[] args) {
    Path root = Path.of(args.length > 0 ? args[0] : "../shared/data");
    List<String> sets = List.of((args.length > 1 ? args[1] : "credit-g,spambase").split(","));
    System.out.println("| data set | meta C | stack OOF acc % | stack OOF log loss | members' OOF acc % |");
    System.out.println("|---|---:|---:|---:|---|");
    for (String name : sets) {
      Dataset train = BenchDataset.named(name).load(root).train();
      StackingLearner base = (StackingLearner) Presets.learner("default");
      for (double c : new double[] {0.1, 1.0, 10.0}) {
        LogisticLearner meta = ((LogisticLearner) StackingLearner.DEFAULT_META_CLASSIFIER).withC(c);
        EnsembleModel m = (EnsembleModel) base.withMeta(meta).fitClassifier(train, FitContext.seeded(42).withThreads(2));
        var describe = m.describe();
        var score = describe.path("stack_oof_score");
        StringBuilder members = new StringBuilder();
        describe.path("member_oof_scores").fields().forEachRemaining(e -> members.append(members.length() == 0 ? "" : ", ")
            .append(e.getKey()).append(' ').append(String.format("%.2f", 100 * e.getValue().path("accuracy").asDouble())));
        System.out.printf("| %s | %s | %.2f | %.4f | %s |%n", name, c, 100 * score.path("accuracy").asDouble(),
            score.path("log_loss").asDouble(), members);
      }
    }
  }
}
