package org.stackwise.learners.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.stackwise.BadInputException;
import org.stackwise.Classifier;
import org.stackwise.FitContext;
import org.stackwise.data.Dataset;
import org.stackwise.data.Schema;
import org.stackwise.data.Target;
import org.stackwise.io.Json;
import org.stackwise.learners.Catalogue;
import org.stackwise.testing.RoundTrip;
import org.stackwise.testing.SyntheticData;

class RidgeLearnerTest {
  private static final FitContext CTX = FitContext.seeded(1);

  @Test
  void closedFormMatchesAHandComputation() {
    // x = (−1, 0, 1), y = (1, 2, 4). Standardised z = x·√1.5 (population sd √(2/3)); Σz² = 3,
    // Σz(y − ȳ) = 3√1.5 with ȳ = 7/3, so β = 3√1.5 / (3 + α) and ŷ(x=1) = 7/3 + 4.5 / (3 + α).
    Dataset d = Dataset.of(Schema.numeric("x", 1), new double[][] {{-1}, {0}, {1}},
        new Target.Numeric("y", new double[] {1, 2, 4}));
    for (double alpha : new double[] {0, 1, 10}) {
      RidgeRegressor m = (RidgeRegressor) RidgeLearner.defaults().withAlpha(alpha).fit(d, CTX);
      assertEquals(3 * Math.sqrt(1.5) / (3 + alpha), m.coefficients()[0], 1e-14);
      assertEquals(7.0 / 3 + 4.5 / (3 + alpha), m.predict(new double[] {1}), 1e-14);
      assertEquals(7.0 / 3 - 4.5 / (3 + alpha), m.predict(new double[] {-1}), 1e-14);
      assertEquals(7.0 / 3, m.intercept(), 1e-14); // z is centred, so the intercept is ȳ
    }
  }

  @Test
  void weightsAndTheUnpenalisedInterceptAreHandComputable() {
    // one constant feature (standardised to 0): the fit is the weighted mean of y, whatever α
    Dataset d = Dataset.of(Schema.numeric("x", 1), new double[][] {{5}, {5}, {5}},
        new Target.Numeric("y", new double[] {1, 2, 6})).withWeights(new double[] {1, 2, 1});
    RidgeRegressor m = (RidgeRegressor) RidgeLearner.defaults().withAlpha(100).fit(d, CTX);
    assertEquals((1 + 4 + 6) / 4.0, m.predict(new double[] {5}), 1e-14);
  }

  @Test
  void leaveOneOutErrorsEqualBruteForceRefits() {
    SplittableRandom r = new SplittableRandom(4);
    int n = 25;
    int d = 4;
    double[] x = new double[n * d];
    double[][] y = new double[n][2];
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) x[i * d + j] = r.nextDouble(-2, 2);
      y[i][0] = x[i * d] - 2 * x[i * d + 1] + r.nextDouble(-1, 1);
      y[i][1] = x[i * d + 2] + r.nextDouble(-1, 1);
      w[i] = 0.5 + r.nextDouble();
    }
    double[] alphas = {0.01, 1, 30};
    double[] loo = RidgeSolver.solve(x, n, d, y, w, 0, alphas, false).looErrors();
    for (int a = 0; a < alphas.length; a++) {
      double brute = 0;
      for (int i = 0; i < n; i++) {
        double[] wi = w.clone();
        wi[i] = 0; // refit without row i
        double[][] coef = RidgeSolver.solve(x, n, d, y, wi, alphas[a], new double[0], false).coefficients();
        for (int k = 0; k < 2; k++) {
          double pred = coef[k][d];
          for (int j = 0; j < d; j++) pred += coef[k][j] * x[i * d + j];
          brute += w[i] * (y[i][k] - pred) * (y[i][k] - pred);
        }
      }
      assertEquals(brute, loo[a], 1e-9 * brute);
    }
  }

  @Test
  void builtInCvPicksALargePenaltyForPureNoiseAndASmallOneForSignal() {
    Dataset signal = SyntheticData.linear(200, 5, 0.1, 3);
    RidgeRegressor s = (RidgeRegressor) RidgeLearner.withBuiltInCv().fit(signal, CTX);
    assertTrue(s.alpha() <= 1, "alpha " + s.alpha());
    double[] noiseY = new double[200];
    SplittableRandom r = new SplittableRandom(8);
    for (int i = 0; i < noiseY.length; i++) noiseY[i] = r.nextDouble();
    RidgeRegressor z = (RidgeRegressor) RidgeLearner.withBuiltInCv()
        .fit(signal.withTarget(new Target.Numeric("y", noiseY)), CTX);
    assertTrue(z.alpha() >= 100, "alpha " + z.alpha());
  }

  @Test
  void positiveWeightsClipWhatLeastSquaresMakesNegative() {
    // y = x1 − 0.5·x2 exactly: unconstrained ridge gives a negative weight to x2, NNLS gives it 0
    SplittableRandom r = new SplittableRandom(2);
    int n = 100;
    double[][] rows = new double[n][2];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      rows[i][0] = r.nextDouble(-1, 1);
      rows[i][1] = r.nextDouble(-1, 1);
      y[i] = rows[i][0] - 0.5 * rows[i][1];
    }
    Dataset d = Dataset.of(Schema.numeric("x", 2), rows, new Target.Numeric("y", y));
    RidgeRegressor free = (RidgeRegressor) RidgeLearner.defaults().withAlpha(0).fit(d, CTX);
    assertTrue(free.coefficients()[1] < 0);
    RidgeRegressor pos = (RidgeRegressor) RidgeLearner.nonNegative().fit(d, CTX);
    assertEquals(0.0, pos.coefficients()[1]);
    assertTrue(pos.coefficients()[0] > 0);
  }

  @Test
  void convexWeightsRecoverAKnownMixture() {
    // y = 0.3·a + 0.7·b: the convex fit on raw columns returns (0.3, 0.7, 0) and no intercept
    SplittableRandom r = new SplittableRandom(6);
    int n = 80;
    double[][] rows = new double[n][3];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 3; j++) rows[i][j] = r.nextDouble(0, 10);
      y[i] = 0.3 * rows[i][0] + 0.7 * rows[i][1];
    }
    Dataset d = Dataset.of(Schema.numeric("m", 3), rows, new Target.Numeric("y", y));
    RidgeRegressor m = (RidgeRegressor) RidgeLearner.defaults().withAlpha(0).withConvex(true).fit(d, CTX);
    assertArrayEquals(new double[] {0.3, 0.7, 0}, m.coefficients(), 1e-9);
    assertEquals(0.0, m.intercept());
    double sum = 0;
    for (double b : m.coefficients()) sum += b;
    assertEquals(1.0, sum, 1e-15);
    // when the best unconstrained weights sum to more than one, the constraint binds
    for (int i = 0; i < n; i++) y[i] = 0.9 * rows[i][0] + 0.9 * rows[i][1];
    RidgeRegressor bound = (RidgeRegressor) RidgeLearner.defaults().withAlpha(0).withConvex(true)
        .fit(d.withTarget(new Target.Numeric("y", y)), CTX);
    // KKT for min ‖y − Xβ‖² on the simplex: ∂/∂βⱼ is the same for every βⱼ > 0 and no smaller for βⱼ = 0
    double[] beta = bound.coefficients();
    double[] grad = new double[3];
    for (int i = 0; i < n; i++) {
      double res = -y[i];
      for (int j = 0; j < 3; j++) res += beta[j] * rows[i][j];
      for (int j = 0; j < 3; j++) grad[j] += 2 * res * rows[i][j];
    }
    double common = Double.NaN;
    for (int j = 0; j < 3; j++) {
      if (beta[j] > 0) {
        if (Double.isNaN(common)) common = grad[j];
        assertEquals(common, grad[j], 1e-6 * Math.abs(common) + 1e-6);
      }
    }
    for (int j = 0; j < 3; j++) if (beta[j] == 0) assertTrue(grad[j] >= common - 1e-6 * Math.abs(common));
  }

  @Test
  void classifierUsesPlusMinusOneTargetsAndSoftmaxProbabilities() {
    Dataset d = SyntheticData.blobs(300, 4, 3, 5);
    RidgeClassifier m = (RidgeClassifier) RidgeLearner.defaults().fit(d, CTX);
    double[] row = d.row(0);
    double[] z = m.decision(row);
    double[] p = m.predictProba(row);
    assertEquals(3, z.length);
    double s = Math.exp(z[0]) + Math.exp(z[1]) + Math.exp(z[2]);
    for (int k = 0; k < 3; k++) assertEquals(Math.exp(z[k]) / s, p[k], 1e-14);
    int ok = 0;
    for (int i = 0; i < d.rows(); i++) if (m.predict(d.row(i)) == d.classes().get(i)) ok++;
    assertTrue(ok > 0.8 * d.rows(), "accuracy " + ok);
    Dataset b = SyntheticData.blobs(200, 3, 2, 6);
    RidgeClassifier mb = (RidgeClassifier) RidgeLearner.defaults().fit(b, CTX);
    double d0 = mb.decision(b.row(1))[0];
    assertEquals(1 / (1 + Math.exp(-2 * d0)), mb.predictProba(b.row(1))[1], 1e-15);
    Classifier back = RoundTrip.of(mb);
    assertArrayEquals(mb.predictProba(b.row(3)), back.predictProba(b.row(3)));
  }

  @Test
  void parameterErrorsNameTheParameter() {
    BadInputException e = assertThrows(BadInputException.class, () -> RidgeLearner.defaults().withAlpha(-1));
    assertEquals("params.alpha: alpha must be a finite number >= 0, got -1.0", e.getMessage());
    assertThrows(BadInputException.class, () -> RidgeLearner.withBuiltInCv().withPositive(true));
    assertThrows(BadInputException.class,
        () -> RidgeLearner.defaults().withConvex(true).fit(SyntheticData.blobs(30, 2, 2, 1), CTX));
    RidgeLearner bound = (RidgeLearner) Catalogue.bind("ridge",
        Json.MAPPER.createObjectNode().set("alphas", Json.MAPPER.createArrayNode().add(0.1).add(10)), "spec.json");
    assertEquals(List.of(0.1, 10.0), bound.alphas());
  }
}
