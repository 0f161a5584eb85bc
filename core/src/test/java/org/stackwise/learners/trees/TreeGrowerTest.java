package org.stackwise.learners.trees;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The grower's shortcuts (remembering features constant in an ancestor, the constant pre-scan for
 * few-bin features, interleaved histograms) must grow exactly the tree the plain algorithm grows: same
 * random draws, same splits, same leaves. Data mimic one-hot tabular sets such as NSL-KDD, where the
 * shortcuts matter: one-hot groups with rare levels, small integer codes with missing values, and
 * continuous columns, with an imbalanced class that depends on them.
 */
class TreeGrowerTest {
  private static final int ROWS = 3000;
  private static final int CLASSES = 5;

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6})
  void shortcutsGrowTheSameTreesAsThePlainAlgorithm(int seed) {
    SplittableRandom data = new SplittableRandom(seed);
    int width = 0;
    int[] groups = {3, 12, 40};
    for (int g : groups) width += g;
    int smallInts = 4;
    int continuous = 3;
    width += smallInts + continuous;
    double[] x = new double[ROWS * width];
    int[] y = new int[ROWS];
    double[] v = new double[ROWS];
    for (int i = 0; i < ROWS; i++) {
      int o = i * width;
      int score = 0;
      for (int g : groups) {
        // skewed levels: level 0 common, the last ones rare
        int level = Math.min(g - 1, (int) (-Math.log(1 - data.nextDouble()) * g / 6));
        x[o + level] = 1.0;
        score += level % 3;
        o += g;
      }
      for (int k = 0; k < smallInts; k++) {
        x[o++] = data.nextInt(10) == 0 ? Double.NaN : data.nextInt(4);
      }
      for (int k = 0; k < continuous; k++) x[o++] = data.nextGaussian();
      double noise = data.nextDouble();
      y[i] = noise < 0.15 ? data.nextInt(CLASSES) : Math.min(CLASSES - 1, score / 2);
      v[i] = score + x[i * width + width - 1] + noise;
    }
    FeatureBins bins = FeatureBins.of(x, ROWS, width, 255);
    int mtry = (int) Math.sqrt(width);
    for (boolean classification : new boolean[] {true, false}) {
      for (TreeGrower.Splitter splitter : TreeGrower.Splitter.values()) {
        for (boolean fractional : new boolean[] {false, true}) {
          double[] w = weights(seed, fractional);
          int classes = classification ? CLASSES : 0;
          int[] yc = classification ? y : null;
          double[] yv = classification ? null : v;
          Tree fast = new TreeGrower(bins, classes, yc, yv, splitter, mtry, Integer.MAX_VALUE, 2, 1, true)
              .grow(w, new SplittableRandom(seed));
          Tree plain = new TreeGrower(bins, classes, yc, yv, splitter, mtry, Integer.MAX_VALUE, 2, 1, false)
              .grow(w, new SplittableRandom(seed));
          String what = (classification ? "classification" : "regression") + ", " + splitter
              + (fractional ? ", dyadic weights" : ", bootstrap counts");
          assertTrue(plain.nodes() > 100, what + ": a deep tree");
          assertArrayEquals(plain.feature, fast.feature, what);
          assertArrayEquals(plain.threshold, fast.threshold, what);
          assertArrayEquals(plain.left, fast.left, what);
          assertArrayEquals(plain.right, fast.right, what);
          assertArrayEquals(plain.missingLeft, fast.missingLeft, what);
          assertArrayEquals(plain.valueClass, fast.valueClass, what);
          assertArrayEquals(plain.value, fast.value, what);
        }
      }
    }
  }

  /**
   * Bootstrap counts, or counts times multiples of 1/8: sums of such weights are exact in any order, so
   * the interleaved histogram's partial sums must add up to the same bits.
   */
  private static double[] weights(int seed, boolean fractional) {
    SplittableRandom r = new SplittableRandom(seed * 31L + 7);
    int[] counts = new int[ROWS];
    for (int i = 0; i < ROWS; i++) counts[r.nextInt(ROWS)]++;
    double[] w = new double[ROWS];
    for (int i = 0; i < ROWS; i++) w[i] = counts[i] * (fractional ? (1 + r.nextInt(16)) / 8.0 : 1.0);
    return w;
  }
}
