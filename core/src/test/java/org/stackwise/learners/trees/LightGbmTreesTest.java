package org.stackwise.learners.trees;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.ml.lightgbm.lightgbmlib;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stackwise.FitContext;
import org.stackwise.data.Dataset;
import org.stackwise.testing.SyntheticData;

/**
 * The Java evaluation of LightGBM models ({@link LightGbmTrees}) against LightGBM's own native predictor on
 * the same model text: raw scores bit for bit, probabilities to within rounding of {@code exp}. Probe rows
 * include the values where the two could part ways: NaN, zeros and values below LightGBM's zero threshold,
 * negative and fractional category codes, codes beyond every bitset, ±∞ and huge magnitudes.
 */
class LightGbmTreesTest {
  private static final double[] EDGES = {Double.NaN, 0.0, -0.0, 1e-40, -1e-40, 1e-35, -0.5, -1, 0.5, 2.7, 5, 31, 32,
      33, 40, 63, 64, 1e10, -1e10, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};

  @ParameterizedTest
  @ValueSource(strings = {"multiclass", "binary", "categorical", "regression"})
  void javaPredictionsMatchLightGbm(String task) {
    Dataset train = switch (task) {
      case "multiclass" -> SyntheticData.blobs(600, 4, 3, 1);
      case "binary" -> SyntheticData.blobs(600, 4, 2, 2);
      case "categorical" -> TreeLearnersTest.categorical(1200, 1);
      default -> SyntheticData.linear(500, 4, 0.3, 3);
    };
    Object model = LightGbmLearner.defaults().fit(train, FitContext.seeded(7));
    String text = model instanceof LightGbmClassifier c ? c.modelText() : ((LightGbmRegressor) model).modelText();
    int classes = model instanceof LightGbmClassifier c ? c.classes().size() : 0;
    assertSameAsNative(text, train.columns(), classes, probes(train));
  }

  /** Numerical nodes rewritten to "zero is missing" and "NaN is missing", both default directions. */
  @ParameterizedTest
  @ValueSource(ints = {4, 6, 8, 10})
  void missingValueRulesMatchLightGbm(int decisionType) {
    Dataset train = SyntheticData.linear(400, 3, 0.3, 4);
    String text = ((LightGbmRegressor) LightGbmLearner.defaults().fit(train, FitContext.seeded(7))).modelText();
    Matcher m = Pattern.compile("(?m)^decision_type=(.*)$").matcher(text);
    StringBuilder rewritten = new StringBuilder();
    while (m.find()) {
      String types = m.group(1).replaceAll("\\d+", String.valueOf(decisionType));
      m.appendReplacement(rewritten, "decision_type=" + types);
    }
    m.appendTail(rewritten);
    assertSameAsNative(rewritten.toString(), train.columns(), 0, probes(train));
  }

  @Test
  void aCategoryWordWithTheTopBitSetIsRead() throws Exception {
    // 2^31 and above are valid unsigned bitset words; they must not be rejected as "not an integer"
    String text = ((LightGbmClassifier) LightGbmLearner.defaults().fit(TreeLearnersTest.categorical(1200, 1),
        FitContext.seeded(7))).modelText();
    Matcher m = Pattern.compile("(?m)^cat_threshold=(\\d+)").matcher(text);
    assertTrue(m.find(), "no categorical split");
    String withTopBit = text.substring(0, m.start(1)) + (Long.parseLong(m.group(1)) | 0x80000000L) + text.substring(m.end(1));
    assertSameAsNative(withTopBit, 2, 2, probes(TreeLearnersTest.categorical(50, 2)));
  }

  private static double[] probes(Dataset data) {
    int d = data.columns();
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < Math.min(200, data.rows()); i++) rows.add(data.row(i));
    SplittableRandom r = new SplittableRandom(11);
    for (int j = 0; j < d; j++) {
      for (double e : EDGES) {
        double[] row = data.row(r.nextInt(data.rows())).clone();
        row[j] = e;
        rows.add(row);
      }
    }
    double[] x = new double[rows.size() * d];
    for (int i = 0; i < rows.size(); i++) System.arraycopy(rows.get(i), 0, x, i * d, d);
    return x;
  }

  private static void assertSameAsNative(String text, int features, int classes, double[] x) {
    int n = x.length / features;
    LightGbmTrees trees;
    try {
      trees = LightGbmModels.parse(text, features, classes);
    } catch (LightGbmText.Invalid e) {
      throw new AssertionError(e.getMessage(), e);
    }
    LightGbmNative.Booster b = LightGbmNative.Booster.load(text);
    double[] nativeRaw = b.predict(x, n, lightgbmlib.C_API_PREDICT_RAW_SCORE);
    double[] nativeOut = b.predict(x, n, lightgbmlib.C_API_PREDICT_NORMAL);
    double[] raw = trees.raw(x, n);
    double[] out = trees.transformed(x, n);
    assertEquals(nativeRaw.length, raw.length);
    for (int cell = 0; cell < raw.length; cell++) {
      final int i = cell;
      int row = i / trees.outputs();
      assertEquals(Double.doubleToLongBits(nativeRaw[i]), Double.doubleToLongBits(raw[i]),
          () -> "raw score " + i + " of row " + java.util.Arrays.toString(java.util.Arrays.copyOfRange(x, row * features, (row + 1) * features)));
      assertEquals(nativeOut[i], out[i], 1e-15 * Math.max(1, Math.abs(nativeOut[i])), "output " + i);
    }
    // one row at a time gives the batch's bits
    for (int i = 0; i < n; i += 17) {
      double[] one = trees.transformed(java.util.Arrays.copyOfRange(x, i * features, (i + 1) * features), 1);
      for (int k = 0; k < one.length; k++) assertEquals(out[i * one.length + k], one[k]);
    }
  }
}
