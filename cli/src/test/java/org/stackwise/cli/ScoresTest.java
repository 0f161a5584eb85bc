package org.stackwise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The reported metrics (from {@code org.stackwise.eval}) on hand-computed examples, and the progress bar's drawing rules. */
class ScoresTest {
  @Test
  void binaryMetrics() {
    int[] y = {0, 0, 1, 1};
    double[][] p = {{0.9, 0.1}, {0.6, 0.4}, {0.65, 0.35}, {0.2, 0.8}};
    ObjectNode s = Scores.classification(y, p, 2);
    assertEquals(4, s.get("n").asInt());
    assertEquals(0.75, s.get("accuracy").asDouble(), 1e-12);
    assertEquals(0.75, s.get("balanced_accuracy").asDouble(), 1e-12);
    // scores of positives 0.35, 0.8 vs negatives 0.1, 0.4: pairs won 1 + 2 = 3 of 4
    assertEquals(0.75, s.get("roc_auc").asDouble(), 1e-12);
    double ll = -(Math.log(0.9) + Math.log(0.6) + Math.log(0.35) + Math.log(0.8)) / 4;
    assertEquals(ll, s.get("log_loss").asDouble(), 1e-12);
    double brier = (0.01 + 0.16 + 0.4225 + 0.04) / 4;
    assertEquals(brier, s.get("brier").asDouble(), 1e-12);
    // class 0: tp 2, fp 1, fn 0 → 0.8; class 1: tp 1, fp 0, fn 1 → 2/3
    assertEquals((0.8 + 2.0 / 3) / 2, s.get("macro_f1").asDouble(), 1e-12);
  }

  @Test
  void tiesCountHalfInAuc() {
    int[] y = {0, 1, 0, 1};
    double[][] p = {{0.5, 0.5}, {0.5, 0.5}, {0.5, 0.5}, {0.5, 0.5}};
    assertEquals(0.5, Scores.rocAuc(y, p, 2), 1e-12);
  }

  @Test
  void multiClassMetricsSkipAbsentClasses() {
    int[] y = {0, 1, 1, 0};  // class 2 never occurs
    double[][] p = {{0.7, 0.2, 0.1}, {0.1, 0.8, 0.1}, {0.5, 0.3, 0.2}, {0.3, 0.3, 0.4}};
    ObjectNode s = Scores.classification(y, p, 3);
    assertEquals(0.5, s.get("accuracy").asDouble(), 1e-12);
    // recall class 0: 1/2, class 1: 1/2
    assertEquals(0.5, s.get("balanced_accuracy").asDouble(), 1e-12);
    // macro F1 over labels in y ∪ predictions {0, 1, 2}: class0 tp1 fp1 fn1 → 0.5; class1 tp1 fp0 fn1 → 2/3; class2 tp0 fp1 → 0
    assertEquals((0.5 + 2.0 / 3 + 0) / 3, s.get("macro_f1").asDouble(), 1e-12);
    double brier = ((0.09 + 0.04 + 0.01) + (0.01 + 0.04 + 0.01) + (0.25 + 0.49 + 0.04) + (0.49 + 0.09 + 0.16)) / 4;
    assertEquals(brier, s.get("brier").asDouble(), 1e-12);
    assertTrue(s.get("roc_auc").isNumber());
  }

  @Test
  void regressionMetricsAndConstantTarget() {
    ObjectNode s = Scores.regression(new double[] {1, 2, 3}, new double[] {1, 2, 5});
    assertEquals(Math.sqrt(4.0 / 3), s.get("rmse").asDouble(), 1e-12);
    assertEquals(2.0 / 3, s.get("mae").asDouble(), 1e-12);
    assertEquals(1 - 4.0 / 2, s.get("r2").asDouble(), 1e-12);
    // a constant target: 0 unless the predictions are exact, as scikit-learn
    assertEquals(0.0, Scores.regression(new double[] {2, 2}, new double[] {1, 3}).get("r2").asDouble());
  }

  @Test
  void progressBarDrawsOnlyWhenEnabledAndFollowsOneStage() {
    StringWriter off = new StringWriter();
    try (ProgressBar bar = new ProgressBar(new PrintWriter(off), "fit", false)) {
      bar.update("member fits", 1, 2);
    }
    assertEquals("", off.toString());

    StringWriter on = new StringWriter();
    try (ProgressBar bar = new ProgressBar(new PrintWriter(on), "fit", true).only("member fits")) {
      bar.update("member fits", 1, 4);
      bar.update("mlp epochs", 3, 200);        // a nested learner's events are ignored
      bar.update("member fits", 1, 2);         // another stage while the first runs: ignored
      bar.update("member fits", 4, 4);
    }
    String s = on.toString();
    assertTrue(s.contains("1/4 member fits"), s);
    assertTrue(s.contains("4/4 member fits"), s);
    assertTrue(!s.contains("epochs") && !s.contains("1/2"), s);
    assertTrue(s.endsWith("\r"), "the bar is erased at the end: " + s);
  }
}
