package org.stackwise.lazy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.stackwise.lazy.substack.Features;
import org.stackwise.lazy.substack.SubstackerTraining;

/** Synthetic member-output tables with known structure, and a fast learner spec for tests. */
public final class LazyFixtures {
  private LazyFixtures() { }

  /**
   * {@code n} rows, {@code m} members, {@code k} classes. Member {@code j} is right with probability
   * rising with its index (0.55 … 0.9) and costs {@code 2^j} (so later members are better and dearer);
   * when right it puts a random confident mass on the label, else on a random class; the rest is spread.
   * Per-row costs jitter by ±20 %.
   */
  public static OutputTable synthetic(int n, int m, int k, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<String> members = new ArrayList<>();
    for (int j = 0; j < m; j++) members.add("m" + j);
    List<String> classes = new ArrayList<>();
    for (int c = 0; c < k; c++) classes.add("c" + c);
    OutputTable.Builder b = OutputTable.builder(members, classes, "ms");
    for (int i = 0; i < n; i++) {
      int y = rnd.nextInt(k);
      double hardness = rnd.nextDouble();
      double[][] p = new double[m][];
      double[] cost = new double[m];
      for (int j = 0; j < m; j++) {
        double acc = 0.55 + 0.35 * j / Math.max(1, m - 1) - 0.3 * (hardness - 0.5);
        boolean right = rnd.nextDouble() < acc;
        int top = right ? y : rnd.nextInt(k);
        double conf = 0.4 + 0.6 * rnd.nextDouble();
        double[] d = new double[k];
        double rest = 0;
        for (int c = 0; c < k; c++) {
          d[c] = c == top ? 0 : rnd.nextDouble();
          rest += d[c];
        }
        for (int c = 0; c < k; c++) d[c] = c == top ? conf : (1 - conf) * d[c] / rest;
        p[j] = d;
        cost[j] = Math.pow(2, j) * (0.8 + 0.4 * rnd.nextDouble());
      }
      b.add("r" + i, y, p, cost);
    }
    return b.build();
  }

  /** The default spec with tiny networks and two folds, so a fit takes well under a second. */
  public static LazyStackLearner fast() {
    return LazyStackLearner.defaults()
        .withSubNet(LazyStackLearner.network(8).withMaxEpochs(40))
        .withMaskNet(LazyStackLearner.network(8).withMaxEpochs(40))
        .withFullNet(LazyStackLearner.network(8).withMaxEpochs(40))
        .withCrossFitFolds(2)
        .withFeatures(Features.PROBA)
        .withSubRows(SubstackerTraining.SubRows.ALL)
        .withMinStateRows(10);
  }
}
