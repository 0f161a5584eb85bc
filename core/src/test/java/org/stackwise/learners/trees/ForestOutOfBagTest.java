package org.stackwise.learners.trees;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.stackwise.Classifier;
import org.stackwise.FitContext;
import org.stackwise.OutOfBagLearner.OutOfBagFit;
import org.stackwise.Regressor;
import org.stackwise.data.Dataset;
import org.stackwise.data.Schema;
import org.stackwise.data.Target;
import org.stackwise.testing.SyntheticData;

/** Out-of-bag predictions of the forests: each row predicted only by trees whose sample left it out. */
class ForestOutOfBagTest {
  /** Labels drawn at random, independent of the features: nothing can be learned, everything can be memorised. */
  private static Dataset randomLabels(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] x = new double[n][5];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 5; j++) x[i][j] = SyntheticData.gaussian(r);
      y[i] = r.nextInt(2);
    }
    return Dataset.of(Schema.numeric("x", 5), x, new Target.Classes("y", List.of("a", "b"), y));
  }

  private static double accuracy(double[][] p, Dataset d) {
    int ok = 0;
    for (int i = 0; i < p.length; i++) if (Classifier.argMax(p[i]) == d.classes().get(i)) ok++;
    return ok / (double) p.length;
  }

  @Test
  void withOneTreeARowGetsTheTreesAnswerOrANeutralGuess() {
    // one tree: the rows its bootstrap sample left out get exactly its prediction; the rows it saw cannot be
    // predicted honestly and get equal probabilities. About 1/e of the rows are left out of a bootstrap sample.
    Dataset data = SyntheticData.blobs(400, 4, 3, 7);
    OutOfBagFit f = RandomForestLearner.defaults().withNumTrees(1).fitOutOfBag(data, FitContext.seeded(3));
    double[][] model = ((Classifier) f.model()).predictProba(data);
    int neutral = 0;
    for (int i = 0; i < data.rows(); i++) {
      double[] p = f.predictions()[i];
      if (p[0] == 1.0 / 3 && p[1] == 1.0 / 3 && p[2] == 1.0 / 3) neutral++;
      else assertArrayEquals(model[i], p, 0.0, "row " + i);
    }
    assertEquals(neutral, f.uncovered());
    assertTrue(neutral > 0.55 * data.rows() && neutral < 0.72 * data.rows(), "rows seen by the tree: " + neutral);
  }

  @Test
  void aForestThatMemorisesRandomLabelsIsAtChanceOutOfBag() {
    Dataset data = randomLabels(600, 11);
    OutOfBagFit f = RandomForestLearner.defaults().withNumTrees(100).fitOutOfBag(data, FitContext.seeded(5));
    double inSample = accuracy(((Classifier) f.model()).predictProba(data), data);
    double outOfBag = accuracy(f.predictions(), data);
    assertTrue(inSample > 0.95, "in-sample accuracy " + inSample);
    assertTrue(Math.abs(outOfBag - 0.5) < 0.08, "out-of-bag accuracy " + outOfBag + " should be near chance");
    assertEquals(0, f.uncovered());
  }

  @Test
  void regressionOutOfBagDoesNotSeeTheRowsOwnTarget() {
    SplittableRandom r = new SplittableRandom(2);
    int n = 500;
    double[][] x = new double[n][3];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 3; j++) x[i][j] = SyntheticData.gaussian(r);
      y[i] = SyntheticData.gaussian(r); // unrelated to x
    }
    Dataset data = Dataset.of(Schema.numeric("x", 3), x, new Target.Numeric("y", y));
    OutOfBagFit f = RandomForestLearner.defaults().withNumTrees(60).fitOutOfBag(data, FitContext.seeded(1));
    double[] inSample = ((Regressor) f.model()).predict(data);
    double[] oob = new double[n];
    for (int i = 0; i < n; i++) oob[i] = f.predictions()[i][0];
    assertTrue(correlation(inSample, y) > 0.8, "in-sample correlation " + correlation(inSample, y));
    assertTrue(Math.abs(correlation(oob, y)) < 0.15, "out-of-bag correlation " + correlation(oob, y));
  }

  @Test
  void theModelIsTheOrdinaryFitAndTheBitsDoNotDependOnThreads() {
    Dataset data = SyntheticData.blobs(300, 5, 3, 12);
    ExtraTreesLearner et = ExtraTreesLearner.defaults().withNumTrees(40).withBootstrap(true);
    OutOfBagFit one = et.fitOutOfBag(data, FitContext.seeded(9).withThreads(1));
    OutOfBagFit four = et.fitOutOfBag(data, FitContext.seeded(9).withThreads(4));
    Classifier plain = et.fitClassifier(data, FitContext.seeded(9).withThreads(2));
    for (int i = 0; i < data.rows(); i++) assertArrayEquals(one.predictions()[i], four.predictions()[i], 0.0, "row " + i);
    double[][] a = ((Classifier) one.model()).predictProba(data);
    double[][] b = plain.predictProba(data);
    for (int i = 0; i < data.rows(); i++) assertArrayEquals(b[i], a[i], 0.0, "row " + i);
  }

  @Test
  void forestsWithoutBootstrapHaveNoOutOfBagRows() {
    ExtraTreesLearner et = ExtraTreesLearner.defaults();
    assertFalse(et.hasOutOfBag());
    assertTrue(RandomForestLearner.defaults().hasOutOfBag());
    assertFalse(RandomForestLearner.defaults().withBootstrap(false).hasOutOfBag());
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> et.fitOutOfBag(SyntheticData.blobs(50, 2, 2, 1), FitContext.seeded(1)));
    assertTrue(e.getMessage().contains("every tree sees every row"), e.getMessage());
  }

  private static double correlation(double[] a, double[] b) {
    double ma = 0;
    double mb = 0;
    for (int i = 0; i < a.length; i++) {
      ma += a[i];
      mb += b[i];
    }
    ma /= a.length;
    mb /= b.length;
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < a.length; i++) {
      sab += (a[i] - ma) * (b[i] - mb);
      saa += (a[i] - ma) * (a[i] - ma);
      sbb += (b[i] - mb) * (b[i] - mb);
    }
    return sab / Math.sqrt(saa * sbb);
  }
}
