package org.stackwise.learners.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.stackwise.BadInputException;
import org.stackwise.FitContext;
import org.stackwise.data.Dataset;
import org.stackwise.data.Schema;
import org.stackwise.data.Target;
import org.stackwise.io.Json;
import org.stackwise.learners.Catalogue;
import org.stackwise.testing.RoundTrip;
import org.stackwise.testing.SyntheticData;

class LogisticLearnerTest {
  // A tiny fixed data set. The expected values below were computed once with scikit-learn 1.2.1:
  //   Xs = StandardScaler().fit_transform(X)
  //   LogisticRegression(C=C, solver="newton-cg", tol=1e-13, max_iter=100000).fit(Xs, y, sample_weight=w)
  // newton-cg rather than lbfgs because SciPy's L-BFGS-B stops at its default ftol with a gradient of
  // ~1e-4 here, while newton-cg reaches ~1e-9; both minimise the same objective.
  private static final double[][] X = {{0.5, 1.0}, {1.5, -0.5}, {2.0, 0.3}, {-1.0, 2.2}, {0.0, 0.0}, {3.1, 1.7},
      {-2.0, -1.0}, {1.2, 2.5}, {0.7, -1.8}, {-0.4, 0.9}, {2.6, -0.2}, {-1.5, 1.1}};
  private static final int[] Y3 = {0, 1, 1, 2, 0, 1, 2, 2, 1, 0, 1, 2};
  private static final int[] Y2 = {0, 1, 1, 0, 0, 1, 0, 1, 1, 0, 1, 0};
  private static final double[] W = {1, 2, 1, 0.5, 1, 1, 3, 1, 1, 2, 1, 0.25};

  private static Dataset data(int[] y, int k, double[] w) {
    List<String> classes = k == 2 ? List.of("no", "yes") : List.of("a", "b", "c");
    Dataset d = Dataset.of(Schema.numeric("x", 2), X, new Target.Classes("y", classes, y));
    return w == null ? d : d.withWeights(w);
  }

  private static LogisticModel fit(Dataset d, double c) {
    return LogisticLearner.defaults().withC(c).withTol(1e-10).fit(d, FitContext.seeded(1));
  }

  private static void assertModel(LogisticModel m, double[][] coef, double[] intercept, double[] proba0) {
    double[][] got = m.coefficients();
    assertEquals(coef.length, got.length);
    for (int q = 0; q < coef.length; q++) assertArrayEquals(coef[q], got[q], 1e-6, "coefficients row " + q);
    assertArrayEquals(intercept, m.intercepts(), 1e-6, "intercepts");
    assertArrayEquals(proba0, m.predictProba(X[0]), 1e-6, "probabilities of row 0");
    assertTrue(m.converged());
  }

  @Test
  void multinomialMatchesScikitLearn() {
    assertModel(fit(data(Y3, 3, null), 1.0),
        new double[][] {{-0.2430757294362228, 0.07834887955898373}, {1.1953451544372748, -0.6920994055080832},
            {-0.9522694250010524, 0.6137505259490993}},
        new double[] {0.054594746286476224, 0.06904253546226401, -0.12363728174873934},
        new double[] {0.3609417980135632, 0.2567487141170189, 0.38230948786941793});
  }

  @Test
  void binaryIsASigmoidAndMatchesScikitLearn() {
    assertModel(fit(data(Y2, 2, null), 1.0),
        new double[][] {{1.5530884209204348, -0.2868859289904221}},
        new double[] {-0.01589611209863134},
        new double[] {0.5465258966424538, 0.4534741033575463});
  }

  @Test
  void sampleWeightsEnterTheLossLikeScikitLearn() {
    assertModel(fit(data(Y3, 3, W), 0.5),
        new double[][] {{-0.2217213902513655, 0.3053882918805263}, {0.9952070664896725, -0.4924425658244623},
            {-0.773485676238307, 0.1870542739439358}},
        new double[] {0.025033545496694745, 0.10895013632631467, -0.13398368182300938},
        new double[] {0.3857355339133368, 0.2934499186203323, 0.3208145474663308});
    assertModel(fit(data(Y2, 2, W), 2.0),
        new double[][] {{2.2942932829097042, -0.383024474646457}},
        new double[] {-0.05691402943499542},
        new double[] {0.5727893848268919, 0.42721061517310804});
  }

  @Test
  void decisionValuesAreTheLinearScores() {
    LogisticModel m = fit(data(Y2, 2, null), 1.0);
    double[] dec = m.decision(X[3]);
    assertEquals(1, dec.length);
    assertEquals(m.predictProba(X[3])[1], 1 / (1 + Math.exp(-dec[0])), 1e-15);
    LogisticModel m3 = fit(data(Y3, 3, null), 1.0);
    assertEquals(3, m3.decision(X[3]).length);
  }

  @Test
  void bitIdenticalAtAnyThreadCountOnSeveralBlocks() {
    Dataset big = SyntheticData.blobs(10_000, 6, 4, 3); // three 4096-row blocks
    LogisticModel one = LogisticLearner.defaults().fit(big, FitContext.seeded(1).withThreads(1));
    LogisticModel three = LogisticLearner.defaults().fit(big, FitContext.seeded(1).withThreads(3));
    assertArrayEquals(one.coefficients(), three.coefficients());
    assertArrayEquals(one.intercepts(), three.intercepts());
    assertTrue(one.converged());
  }

  @Test
  void aClassWithoutRowsGetsAlmostNoProbability() {
    int[] y = {0, 1, 1, 0, 0, 1, 0, 1, 1, 0, 1, 0};
    Dataset d = Dataset.of(Schema.numeric("x", 2), X, new Target.Classes("y", List.of("a", "b", "c"), y));
    LogisticModel m = fit(d, 1.0);
    for (double[] row : X) {
      double[] p = m.predictProba(row);
      assertEquals(3, p.length);
      assertTrue(p[2] < 0.05 && p[2] >= 0, "p(c) = " + p[2]);
    }
  }

  @Test
  void saveLoadKeepsPredictionsAndCoefficients() {
    LogisticModel m = fit(data(Y3, 3, W), 0.5);
    LogisticModel back = RoundTrip.of(m);
    assertArrayEquals(m.coefficients(), back.coefficients());
    assertArrayEquals(m.predictProba(X[5]), back.predictProba(X[5]));
  }

  @Test
  void regressionAndBadParametersAreRejectedWithTheirNames() {
    assertThrows(BadInputException.class,
        () -> LogisticLearner.defaults().fit(SyntheticData.linear(50, 3, 0.1, 1), FitContext.seeded(1)));
    BadInputException e = assertThrows(BadInputException.class, () -> LogisticLearner.defaults().withC(0));
    assertEquals("params.c: c must be a finite number > 0, got 0.0", e.getMessage());
    e = assertThrows(BadInputException.class, () -> Catalogue.bind("logistic",
        Json.MAPPER.createObjectNode().put("max_iter", 0), "spec.json"));
    assertTrue(e.getMessage().contains("max_iter must be at least 1"), e.getMessage());
    LogisticLearner bound = (LogisticLearner) Catalogue.bind("logistic",
        Json.MAPPER.createObjectNode().put("c", 0.25), "spec.json");
    assertEquals(LogisticLearner.defaults().withC(0.25), bound);
  }

  @Test
  void fitsFiftyThousandRowsQuickly() {
    SplittableRandom r = new SplittableRandom(9);
    int n = 50_000;
    int p = 30;
    double[][] rows = new double[n][p];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int j = 0; j < p; j++) {
        rows[i][j] = r.nextDouble(-1, 1);
        s += (j % 3 - 1) * rows[i][j];
      }
      y[i] = s + 0.3 * SyntheticData.gaussian(r) > 0.2 ? 2 : s > -0.2 ? 1 : 0;
    }
    Dataset d = Dataset.of(Schema.numeric("x", p), rows, new Target.Classes("y", List.of("a", "b", "c"), y));
    long t0 = System.nanoTime();
    LogisticModel m = LogisticLearner.defaults().fit(d, FitContext.seeded(1).withThreads(2));
    double secs = (System.nanoTime() - t0) / 1e9;
    assertTrue(m.converged());
    assertTrue(secs < 20, "fit took " + secs + " s");
  }
}
