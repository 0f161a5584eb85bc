package org.stackwise.internal.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LbfgsTest {
  /** f(x) = ½ xᵀAx − bᵀx with A = diag(1..n) + 0.1·(all ones): minimiser solves A x = b. */
  @Test
  void quadraticConvergesToTheLinearSolve() {
    int n = 20;
    double[][] a = new double[n][n];
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) a[i][j] = 0.1 + (i == j ? i + 1 : 0);
      b[i] = Math.sin(i + 1);
    }
    Lbfgs.Objective f = (x, g) -> {
      double v = 0;
      for (int i = 0; i < n; i++) {
        double ax = 0;
        for (int j = 0; j < n; j++) ax += a[i][j] * x[j];
        g[i] = ax - b[i];
        v += 0.5 * x[i] * ax - b[i] * x[i];
      }
      return v;
    };
    Lbfgs.Result r = Lbfgs.defaults().withGradientTolerance(1e-11).withValueTolerance(0).minimize(f, new double[n]);
    assertEquals(Lbfgs.Status.GRADIENT_TOLERANCE, r.status());
    double[] expected = Cholesky.of(a).solve(b);
    assertArrayEquals(expected, r.x(), 1e-10);
    assertTrue(r.iterations() < 60, "iterations " + r.iterations());
  }

  @Test
  void rosenbrockFromTheClassicStart() {
    Lbfgs.Objective f = (x, g) -> {
      double a = 1 - x[0];
      double b = x[1] - x[0] * x[0];
      g[0] = -2 * a - 400 * x[0] * b;
      g[1] = 200 * b;
      return a * a + 100 * b * b;
    };
    Lbfgs.Result r = Lbfgs.defaults().withGradientTolerance(1e-10).withValueTolerance(0)
        .minimize(f, new double[] {-1.2, 1});
    assertTrue(r.status().converged(), r.status().toString());
    assertArrayEquals(new double[] {1, 1}, r.x(), 1e-8);
    assertTrue(r.iterations() < 100, "iterations " + r.iterations());
  }

  @Test
  void extendedRosenbrockInFiftyDimensions() {
    int n = 50;
    Lbfgs.Objective f = (x, g) -> {
      double v = 0;
      java.util.Arrays.fill(g, 0);
      for (int i = 0; i < n - 1; i++) {
        double a = 1 - x[i];
        double b = x[i + 1] - x[i] * x[i];
        v += a * a + 100 * b * b;
        g[i] += -2 * a - 400 * x[i] * b;
        g[i + 1] += 200 * b;
      }
      return v;
    };
    double[] start = new double[n];
    for (int i = 0; i < n; i++) start[i] = i % 2 == 0 ? -1.2 : 1;
    Lbfgs.Result r = Lbfgs.defaults().withGradientTolerance(1e-9).withValueTolerance(0).minimize(f, start);
    assertTrue(r.status().converged(), r.status().toString());
    for (double v : r.x()) assertEquals(1.0, v, 1e-6);
    // deterministic: a second run gives the same bits
    assertArrayEquals(r.x(), Lbfgs.defaults().withGradientTolerance(1e-9).withValueTolerance(0).minimize(f, start).x());
  }

  @Test
  void infiniteValuesShortenTheStep() {
    // f(x) = x − log(x) has its minimum at 1 and is undefined for x ≤ 0; a unit step from 0.05 overshoots
    Lbfgs.Objective f = (x, g) -> {
      if (x[0] <= 0) return Double.POSITIVE_INFINITY;
      g[0] = 1 - 1 / x[0];
      return x[0] - Math.log(x[0]);
    };
    Lbfgs.Result r = Lbfgs.defaults().withGradientTolerance(1e-10).minimize(f, new double[] {5});
    assertEquals(1.0, r.x()[0], 1e-8);
  }

  @Test
  void iterationLimitIsReported() {
    Lbfgs.Objective f = (x, g) -> {
      double a = 1 - x[0];
      double b = x[1] - x[0] * x[0];
      g[0] = -2 * a - 400 * x[0] * b;
      g[1] = 200 * b;
      return a * a + 100 * b * b;
    };
    Lbfgs.Result r = Lbfgs.defaults().withMaxIterations(3).minimize(f, new double[] {-1.2, 1});
    assertEquals(Lbfgs.Status.MAX_ITERATIONS, r.status());
    assertEquals(3, r.iterations());
  }

  @Test
  void nonFiniteStartIsRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> Lbfgs.defaults().minimize((x, g) -> Double.NaN, new double[] {0}));
  }

  @Test
  void cubicInterpolationFindsTheMinimumOfACubic() {
    // phi(a) = (a − 2)² has phi(0) = 4, phi'(0) = −4, phi(3) = 1, phi'(3) = 2: the cubic fit is exact
    assertEquals(2.0, Lbfgs.cubicMinimizer(0, 4, -4, 3, 1, 2), 1e-12);
  }
}
