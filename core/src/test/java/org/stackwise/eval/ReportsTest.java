package org.stackwise.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.stackwise.io.Json;

/** Reports, confusion matrices and bootstrap intervals. */
class ReportsTest {

  @Test void classificationReportComputesEverythingAndWritesSnakeCase() throws Exception {
    int[] y = {0, 1, 2, 2};
    double[][] p = {{0.6, 0.3, 0.1}, {0.2, 0.5, 0.3}, {0.2, 0.2, 0.6}, {0.3, 0.4, 0.3}};
    ClassificationReport r = ClassificationReport.of(y, p, null);
    assertEquals(4, r.n());
    assertEquals(0.75, r.accuracy(), 1e-12);
    assertEquals((1 + 1 + 0.5) / 3, r.balancedAccuracy(), 1e-12);
    assertEquals(Metrics.logLoss(y, p), r.logLoss());
    assertEquals((1 + 2.0 / 3 + 2.0 / 3) / 3, r.macroF1(), 1e-12);
    assertEquals((1 + 1 + 0.875) / 3, r.rocAuc(), 1e-12);
    assertEquals(Metrics.brier(y, p), r.brier());
    assertArrayEquals(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 1, 1}}, r.confusion().counts());
    var json = r.toJson();
    assertEquals(java.util.List.of("n", "accuracy", "balanced_accuracy", "log_loss", "macro_f1", "roc_auc", "brier",
        "confusion_matrix"), iterable(json.fieldNames()));
    assertEquals("[[1,0,0],[0,1,0],[0,1,1]]", Json.MAPPER.writeValueAsString(json.get("confusion_matrix")));

    ClassificationReport labels = ClassificationReport.ofLabels(y, new int[] {0, 1, 2, 1}, 3, new double[] {1, 1, 0.5, 1});
    assertTrue(labels.toJson().get("log_loss").isNull());
    assertTrue(labels.toJson().get("roc_auc").isNull());
    assertEquals(2.5 / 3.5, labels.accuracy(), 1e-12);
    assertEquals("[[1,0,0],[0,1,0],[0,1,0.5]]", Json.MAPPER.writeValueAsString(labels.toJson().get("confusion_matrix")));
    assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(new int[] {3}, new int[] {0}, 3, null));
  }

  private static java.util.List<String> iterable(java.util.Iterator<String> it) {
    java.util.List<String> out = new java.util.ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  @Test void regressionReport() throws Exception {
    RegressionReport r = RegressionReport.of(new double[] {1, 2, 3, 4}, new double[] {1, 3, 2, 4}, null);
    assertEquals(new RegressionReport(4, Math.sqrt(0.5), 0.5, 0.6).n(), r.n());
    assertEquals(0.6, r.r2(), 1e-12);
    assertEquals(java.util.List.of("n", "rmse", "mae", "r2"), iterable(r.toJson().fieldNames()));
  }

  @Test void quantilesInterpolateLikeNumpy() {
    double[] v = {1, 2, 3, 4};
    assertEquals(1.75, Bootstrap.quantile(v, 4, 0.25), 1e-12);
    assertEquals(1.075, Bootstrap.quantile(v, 4, 0.025), 1e-12);
    assertEquals(4.0, Bootstrap.quantile(v, 4, 1.0), 1e-12);
    assertEquals(7.0, Bootstrap.quantile(new double[] {7}, 1, 0.975), 1e-12);
  }

  @Test void bootstrapIsSeededAndAgreesWithTheNormalApproximation() {
    int n = 400;
    SplittableRandom r = new SplittableRandom(1);
    int[] y = new int[n];
    double[][] p = new double[n][];
    for (int i = 0; i < n; i++) {
      y[i] = i % 2;
      boolean right = r.nextDouble() < 0.8;
      double q = 0.55 + 0.4 * r.nextDouble();
      p[i] = (y[i] == 1) == right ? new double[] {1 - q, q} : new double[] {q, 1 - q};
    }
    Bootstrap b = Bootstrap.seeded(7);
    Bootstrap.Interval acc = b.interval(ClassificationMetric.ACCURACY, y, p, null);
    assertEquals(acc, b.interval(ClassificationMetric.ACCURACY, y, p, null));
    assertEquals(Metrics.accuracy(y, p), acc.estimate());
    assertEquals(1000, acc.valid());
    double se = Math.sqrt(acc.estimate() * (1 - acc.estimate()) / n);
    assertEquals(acc.estimate() - 1.96 * se, acc.lower(), 0.012);
    assertEquals(acc.estimate() + 1.96 * se, acc.upper(), 0.012);
    assertTrue(acc.contains(acc.estimate()));
    Bootstrap.Interval auc = b.withResamples(200).withLevel(0.9).interval(ClassificationMetric.ROC_AUC, y, p, null);
    assertTrue(auc.lower() < auc.estimate() && auc.estimate() < auc.upper(), auc.toString());
    assertEquals(0.9, auc.level());
    assertTrue(Bootstrap.seeded(8).interval(ClassificationMetric.ACCURACY, y, p, null).lower() != acc.lower()
        || Bootstrap.seeded(8).interval(ClassificationMetric.ACCURACY, y, p, null).upper() != acc.upper());
  }

  @Test void undefinedResamplesAreLeftOut() {
    // one positive among 30 rows: about e^-1 of the resamples miss it and have no AUC
    int n = 30;
    boolean[] pos = new boolean[n];
    double[] s = new double[n];
    pos[0] = true;
    for (int i = 0; i < n; i++) s[i] = i == 0 ? 0.9 : i / 100.0;
    Bootstrap.Interval auc = Bootstrap.seeded(3).interval(n, rows -> {
      boolean[] pp = new boolean[n];
      double[] ss = new double[n];
      for (int i = 0; i < n; i++) {
        pp[i] = pos[rows[i]];
        ss[i] = s[rows[i]];
      }
      return Metrics.rocAuc(pp, ss, null);
    });
    assertEquals(1.0, auc.estimate());
    assertTrue(auc.valid() > 500 && auc.valid() < 750, "valid " + auc.valid());
    assertEquals(1.0, auc.lower());
    Bootstrap.Interval rmse = Bootstrap.seeded(1).withResamples(50).interval(RegressionMetric.RMSE,
        new double[] {1, 2, 3}, new double[] {1, 2, 3}, new double[] {1, 0, 1});
    assertEquals(0.0, rmse.upper());
    assertTrue(rmse.toJson().has("valid"));
  }
}
