package org.stackwise.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Metric values computed by hand (and checked against scikit-learn 1.2.1 where noted). */
class MetricsTest {
  private static final double EPS = 1e-12;

  @Test void accuracy() {
    int[] y = {0, 1, 2, 2};
    int[] pred = {0, 2, 2, 1};
    assertEquals(0.5, Metrics.accuracy(y, pred), EPS);
    assertEquals(0.4, Metrics.accuracy(y, pred, new double[] {1, 2, 3, 4}), EPS); // (1 + 3) / 10
    double[][] proba = {{0.5, 0.5, 0}, {0.2, 0.3, 0.5}, {0, 0, 1}, {0.1, 0.6, 0.3}};
    assertEquals(0.5, Metrics.accuracy(y, proba), EPS); // row 0 ties → class 0 (right); rows 1 and 3 wrong
  }

  @Test void balancedAccuracyAveragesRecallOverTrueClasses() {
    // recall 2/3 and 1
    assertEquals(5.0 / 6, Metrics.balancedAccuracy(new int[] {0, 0, 0, 1}, new int[] {0, 0, 1, 1}), EPS);
    // class 2 is predicted but never true: left out → (1/2 + 1) / 2
    assertEquals(0.75, Metrics.balancedAccuracy(new int[] {0, 0, 1, 1}, new int[] {0, 2, 1, 1}), EPS);
    // weighted recall of class 0: 2 / (2 + 1)
    assertEquals((2.0 / 3 + 1) / 2,
        Metrics.balancedAccuracy(new int[] {0, 0, 1}, new int[] {0, 1, 1}, new double[] {2, 1, 5}), EPS);
  }

  @Test void macroF1CountsAClassNeverPredictedAsZero() {
    int[] y = {0, 0, 1, 1, 2};
    int[] pred = {0, 0, 1, 1, 1};
    // F1: class 0 = 1; class 1 = 2·2/(2·2 + 1) = 0.8; class 2 never predicted = 0 (sklearn: 0.6)
    assertEquals(0.6, Metrics.macroF1(y, pred), EPS);
    // weight 2 on the last row: class 1 = 4/(4 + 2) = 2/3
    assertEquals((1 + 2.0 / 3) / 3, Metrics.macroF1(y, pred, new double[] {1, 1, 1, 1, 2}), EPS);
    // a class predicted but never true also counts (as 0); absent from both, it does not count
    assertEquals((2.0 / 3 + 0 + 1) / 3, Metrics.macroF1(new int[] {0, 0, 3}, new int[] {0, 1, 3}), EPS);
  }

  @Test void logLossClipsAndWeights() {
    int[] y = {0, 1};
    double[][] p = {{0.8, 0.2}, {0.4, 0.6}};
    double expected = -(Math.log(0.8) + Math.log(0.6)) / 2; // 0.366984...
    assertEquals(expected, Metrics.logLoss(y, p), EPS);
    assertEquals(-(3 * Math.log(0.8) + Math.log(0.6)) / 4, Metrics.logLoss(y, p, new double[] {3, 1}), EPS);
    // certain and wrong: clipped at 1e-15 (sklearn with eps=1e-15: 34.538776394910684)
    assertEquals(34.538776394910684, Metrics.logLoss(new int[] {1, 0}, new double[][] {{1, 0}, {0, 1}}), 1e-9);
    // rows are clipped, then renormalised, as in sklearn: 1.5 → 1 − 1e-15, so p0 = 0.5 / 1.5
    assertEquals(Math.log(3), Metrics.logLoss(new int[] {0}, new double[][] {{0.5, 1.5}}), EPS);
  }

  @Test void rocAucBinaryWithTies() {
    // sklearn's doc example
    assertEquals(0.75, Metrics.rocAuc(new int[] {0, 0, 1, 1},
        new double[][] {{0.9, 0.1}, {0.6, 0.4}, {0.65, 0.35}, {0.2, 0.8}}), EPS);
    // positives score 0.5 and 0.9, negatives 0.5 and 0.2: pairs 0.5 (tie) + 1 + 1 + 1 = 3.5 of 4
    boolean[] pos = {false, true, false, true};
    double[] s = {0.5, 0.5, 0.2, 0.9};
    assertEquals(0.875, Metrics.rocAuc(pos, s, null), EPS);
    // weight 2 on the tied negative: (1·2·½ + 1·1 + 1·2 + 1·1) / (2 · 3) = 5/6
    assertEquals(5.0 / 6, Metrics.rocAuc(pos, s, new double[] {2, 1, 1, 1}), EPS);
    // -0.0 and 0.0 are a tie
    assertEquals(0.5, Metrics.rocAuc(new boolean[] {true, false}, new double[] {-0.0, 0.0}, null), EPS);
    // only one class present: undefined
    assertTrue(Double.isNaN(Metrics.rocAuc(new boolean[] {true, true}, new double[] {0.1, 0.2}, null)));
  }

  @Test void rocAucMulticlassIsOneVsRestMacro() {
    int[] y = {0, 1, 2, 2};
    double[][] p = {{0.6, 0.3, 0.1}, {0.2, 0.5, 0.3}, {0.2, 0.2, 0.6}, {0.3, 0.4, 0.3}};
    // class 0: 1; class 1: 1; class 2: positives 0.6, 0.3 vs negatives 0.1, 0.3 → 3.5/4
    assertEquals((1 + 1 + 0.875) / 3, Metrics.rocAuc(y, p), EPS);
    // a class without rows (class 1 here) is skipped instead of failing
    int[] y2 = {0, 2, 2, 0};
    assertEquals(1.0, Metrics.rocAuc(y2, new double[][] {{0.8, 0.1, 0.1}, {0.1, 0.1, 0.8}, {0.2, 0.1, 0.7}, {0.7, 0.2, 0.1}}), EPS);
  }

  @Test void brierBinaryOnPositiveClassAndMulticlassSum() {
    // binary, sklearn brier_score_loss on class 1: (0.2² + 0.4²) / 2
    assertEquals(0.1, Metrics.brier(new int[] {0, 1}, new double[][] {{0.8, 0.2}, {0.4, 0.6}}), EPS);
    // multiclass sum over classes: row 0 = 0.25 + 0.09 + 0.04, row 1 = 0.01 + 0.01 + 0.04
    assertEquals(0.22, Metrics.brier(new int[] {0, 2}, new double[][] {{0.5, 0.3, 0.2}, {0.1, 0.1, 0.8}}), EPS);
    assertEquals((3 * 0.38 + 0.06) / 4,
        Metrics.brier(new int[] {0, 2}, new double[][] {{0.5, 0.3, 0.2}, {0.1, 0.1, 0.8}}, new double[] {3, 1}), EPS);
  }

  @Test void regression() {
    double[] y = {1, 2, 3, 4};
    double[] pred = {1, 3, 2, 4};
    assertEquals(Math.sqrt(0.5), Metrics.rmse(y, pred), EPS);
    assertEquals(0.5, Metrics.mae(y, pred), EPS);
    assertEquals(0.6, Metrics.r2(y, pred), EPS); // 1 − 2/5
    double[] w = {1, 1, 1, 3}; // weighted mean 3: SS_tot = 4 + 1 + 0 + 3 = 8, SS_res = 2
    assertEquals(Math.sqrt(2.0 / 6), Metrics.rmse(y, pred, w), EPS);
    assertEquals(2.0 / 6, Metrics.mae(y, pred, w), EPS);
    assertEquals(0.75, Metrics.r2(y, pred, w), EPS);
    assertEquals(1.0, Metrics.r2(new double[] {2, 2}, new double[] {2, 2}), EPS);
    assertEquals(0.0, Metrics.r2(new double[] {2, 2}, new double[] {2, 3}), EPS);
  }

  @Test void badInputIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> Metrics.accuracy(new int[] {0}, new int[] {0, 1}));
    assertThrows(IllegalArgumentException.class, () -> Metrics.accuracy(new int[0], new int[0]));
    assertThrows(IllegalArgumentException.class, () -> Metrics.accuracy(new int[] {0}, new int[] {0}, new double[] {0}));
    assertThrows(IllegalArgumentException.class, () -> Metrics.accuracy(new int[] {0}, new int[] {0}, new double[] {-1}));
    assertThrows(IllegalArgumentException.class, () -> Metrics.logLoss(new int[] {2}, new double[][] {{0.5, 0.5}}));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Metrics.logLoss(new int[] {0}, new double[][] {{Double.NaN, 0.5}}));
    assertEquals("proba[0][0] is not finite: NaN", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Metrics.rmse(new double[] {1}, new double[] {1, 2}));
  }
}
