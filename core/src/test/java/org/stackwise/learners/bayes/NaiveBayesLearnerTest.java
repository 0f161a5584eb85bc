package org.stackwise.learners.bayes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.stackwise.BadInputException;
import org.stackwise.FitContext;
import org.stackwise.data.Column;
import org.stackwise.data.Dataset;
import org.stackwise.data.Schema;
import org.stackwise.data.Target;
import org.stackwise.testing.RoundTrip;
import org.stackwise.testing.SyntheticData;

class NaiveBayesLearnerTest {
  private static final FitContext CTX = FitContext.seeded(1);

  private static double normal(double x, double mean, double var) {
    return Math.exp(-(x - mean) * (x - mean) / (2 * var)) / Math.sqrt(2 * Math.PI * var);
  }

  @Test
  void gaussianPosteriorsMatchAHandComputation() {
    // class a: x = 0, 2 (mean 1, var 1); class b: x = 4, 6, 8 (mean 6, var 8/3); priors 2/5, 3/5.
    // var(all x) = 8, so epsilon = 1e-9 · 8 is added to both variances.
    Dataset d = Dataset.of(Schema.numeric("x", 1), new double[][] {{0}, {2}, {4}, {6}, {8}},
        new Target.Classes("y", List.of("a", "b"), new int[] {0, 0, 1, 1, 1}));
    NaiveBayesModel m = NaiveBayesLearner.defaults().fit(d, CTX);
    double eps = 8e-9;
    for (double x : new double[] {-1, 3, 3.5, 7}) {
      double pa = 0.4 * normal(x, 1, 1 + eps);
      double pb = 0.6 * normal(x, 6, 8.0 / 3 + eps);
      assertArrayEquals(new double[] {pa / (pa + pb), pb / (pa + pb)}, m.predictProba(new double[] {x}), 1e-12, "x = " + x);
    }
  }

  @Test
  void categoricalColumnsUseLaplaceSmoothedFrequencies() {
    // colour (3 levels) and one numeric column constant within classes' spread; weights on rows
    Schema schema = Schema.of(List.of(Column.categorical("colour", List.of("red", "green", "blue")), Column.numeric("x")));
    double[][] rows = {{0, 1}, {0, 2}, {1, 3}, {2, 1}, {2, 2}, {Double.NaN, 3}};
    int[] y = {0, 0, 0, 1, 1, 1};
    double[] w = {1, 1, 2, 1, 1, 1};
    Dataset d = Dataset.of(schema, rows, new Target.Classes("y", List.of("a", "b"), y)).withWeights(w);
    NaiveBayesModel m = NaiveBayesLearner.defaults().fit(d, CTX);
    // priors: a 4/7, b 3/7. colour | a: red (2+1)/(4+3) = 3/7, green 3/7, blue 1/7.
    // colour | b (the NaN row is left out): red 1/5, green 1/5, blue 3/5.
    // x | a: weighted mean (1+2+6)/4 = 2.25, var ((1.25)²+(0.25)²+2·(0.75)²)/4 = 0.6875; x | b: mean 2, var 2/3.
    // epsilon = 1e-9 · var(x over all rows) = 1e-9 · 2/3.
    double eps = 1e-9 * 2.0 / 3;
    double pa = 4.0 / 7 * 1.0 / 7 * normal(2.5, 2.25, 0.6875 + eps);
    double pb = 3.0 / 7 * 3.0 / 5 * normal(2.5, 2, 2.0 / 3 + eps);
    assertArrayEquals(new double[] {pa / (pa + pb), pb / (pa + pb)}, m.predictProba(new double[] {2, 2.5}), 1e-12);
    // a missing colour or an unseen level is left out of the product
    double qa = 4.0 / 7 * normal(2.5, 2.25, 0.6875 + eps);
    double qb = 3.0 / 7 * normal(2.5, 2, 2.0 / 3 + eps);
    assertArrayEquals(new double[] {qa / (qa + qb), qb / (qa + qb)}, m.predictProba(new double[] {Double.NaN, 2.5}), 1e-12);
    assertArrayEquals(m.predictProba(new double[] {Double.NaN, 2.5}), m.predictProba(new double[] {7, 2.5}));
    assertArrayEquals(m.predictProba(new double[] {2, 2.5}), RoundTrip.of(m).predictProba(new double[] {2, 2.5}));
  }

  @Test
  void aClassWithoutRowsHasProbabilityZero() {
    Dataset d = Dataset.of(Schema.numeric("x", 1), new double[][] {{0}, {1}, {5}, {6}},
        new Target.Classes("y", List.of("a", "b", "c"), new int[] {0, 0, 2, 2}));
    NaiveBayesModel m = NaiveBayesLearner.defaults().fit(d, CTX);
    double[] p = m.predictProba(new double[] {3});
    assertEquals(0.0, p[1]);
    assertEquals(1.0, p[0] + p[2], 1e-15);
    assertArrayEquals(p, RoundTrip.of(m).predictProba(new double[] {3}));
  }

  @Test
  void rejectsRegressionAndBadParameters() {
    assertThrows(BadInputException.class, () -> NaiveBayesLearner.defaults().fit(SyntheticData.linear(20, 3, 0.1, 1), CTX));
    BadInputException e = assertThrows(BadInputException.class, () -> NaiveBayesLearner.defaults().withVarSmoothing(-1));
    assertEquals("params.var_smoothing: var_smoothing must be a finite number >= 0, got -1.0", e.getMessage());
  }
}
