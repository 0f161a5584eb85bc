package org.stackwise.internal.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class LinalgTest {
  @Test
  void choleskySolvesAHandComputedSystem() {
    // A = [[4, 2], [2, 3]], b = [2, 1]: x = A⁻¹b = [0.5, 0] (det 8, A⁻¹ = [[3, −2], [−2, 4]] / 8)
    double[] x = Cholesky.of(new double[][] {{4, 2}, {2, 3}}).solve(new double[] {2, 1});
    assertArrayEquals(new double[] {0.5, 0.0}, x, 1e-15);
    assertEquals(Math.log(8), Cholesky.of(new double[][] {{4, 2}, {2, 3}}).logDeterminant(), 1e-14);
  }

  @Test
  void choleskyRejectsIndefiniteAndJitterRescuesSemiDefinite() {
    assertThrows(ArithmeticException.class, () -> Cholesky.of(new double[][] {{1, 2}, {2, 1}}));
    double[][] singular = {{1, 1}, {1, 1}};
    assertThrows(ArithmeticException.class, () -> Cholesky.of(singular));
    double[] x = Cholesky.ofWithJitter(singular).solve(new double[] {2, 2});
    assertEquals(2.0, x[0] + x[1], 1e-6);
  }

  @Test
  void jacobiEigenReconstructsTheMatrix() {
    SplittableRandom r = new SplittableRandom(3);
    int n = 12;
    double[][] b = new double[n][n];
    for (double[] row : b) for (int j = 0; j < n; j++) row[j] = r.nextDouble(-1, 1);
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) for (int k = 0; k < n; k++) a[i][j] += b[k][i] * b[k][j];
    SymmetricEigen e = SymmetricEigen.of(a);
    double[] l = e.values();
    double[][] v = e.vectors();
    for (int k = 1; k < n; k++) assertEquals(true, l[k - 1] >= l[k]);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        double dot = 0;
        for (int k = 0; k < n; k++) {
          s += v[i][k] * l[k] * v[j][k];
          dot += v[k][i] * v[k][j];
        }
        assertEquals(a[i][j], s, 1e-12);
        assertEquals(i == j ? 1 : 0, dot, 1e-12);
      }
    }
  }

  @Test
  void jacobiEigenOfAKnownMatrix() {
    // [[2, 1], [1, 2]] has eigenvalues 3 and 1 with eigenvectors (1, 1)/√2 and (1, −1)/√2
    SymmetricEigen e = SymmetricEigen.of(new double[][] {{2, 1}, {1, 2}});
    assertArrayEquals(new double[] {3, 1}, e.values(), 1e-15);
    double[][] v = e.vectors();
    assertEquals(1 / Math.sqrt(2), Math.abs(v[0][0]), 1e-15);
    assertEquals(v[0][0], v[1][0], 1e-15);
    assertEquals(-v[0][1], v[1][1], 1e-15);
  }

  @Test
  void nnlsOnAKnownProblem() {
    // A = I₃, b = (1, −2, 3): the unconstrained solution is b; the constrained one clips the negative
    assertArrayEquals(new double[] {1, 0, 3},
        Nnls.solve(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, new double[] {1, -2, 3}), 1e-14);
    // A = [[1, 0], [1, 1], [0, 1]], b = (2, 1, 1) → unconstrained x = (1, 0)... check by hand:
    // AᵀA = [[2, 1], [1, 2]], Aᵀb = (3, 2) → x = (4/3, 1/3), both positive so NNLS = LS
    assertArrayEquals(new double[] {4.0 / 3, 1.0 / 3},
        Nnls.solve(new double[][] {{1, 0}, {1, 1}, {0, 1}}, new double[] {2, 1, 1}), 1e-14);
    // b = (2, 1, −1): LS gives AᵀA x = (3, 0) → x = (2, −1); NNLS fixes x₂ = 0, x₁ = argmin (x−2)²+(x−1)² = 1.5
    assertArrayEquals(new double[] {1.5, 0},
        Nnls.solve(new double[][] {{1, 0}, {1, 1}, {0, 1}}, new double[] {2, 1, -1}), 1e-14);
  }

  @Test
  void nnlsSatisfiesTheKktConditionsOnRandomProblems() {
    SplittableRandom r = new SplittableRandom(5);
    for (int trial = 0; trial < 20; trial++) {
      int m = 30;
      int n = 8;
      double[][] a = new double[m][n];
      double[] b = new double[m];
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) a[i][j] = r.nextDouble(-1, 1);
        b[i] = r.nextDouble(-1, 1);
      }
      double[] x = Nnls.solve(a, b);
      for (int j = 0; j < n; j++) {
        double grad = 0; // ∂/∂x_j of ½‖Ax − b‖²
        for (int i = 0; i < m; i++) {
          double res = -b[i];
          for (int k = 0; k < n; k++) res += a[i][k] * x[k];
          grad += a[i][j] * res;
        }
        assertEquals(true, x[j] >= 0);
        if (x[j] > 0) assertEquals(0, grad, 1e-10);
        else assertEquals(true, grad >= -1e-10, "gradient " + grad);
      }
    }
  }

  @Test
  void blockRunnerRunsEveryBlockOnce() {
    try (BlockRunner runner = BlockRunner.open(3)) {
      AtomicIntegerArray seen = new AtomicIntegerArray(100);
      runner.run(100, seen::incrementAndGet);
      for (int i = 0; i < 100; i++) assertEquals(1, seen.get(i));
      assertThrows(IllegalStateException.class, () -> runner.run(10, b -> {
        if (b == 7) throw new IllegalStateException("boom");
      }));
    }
    assertEquals(2, BlockRunner.blocks(BlockRunner.BLOCK_ROWS + 1));
  }
}
