package org.stackwise.learners.linear;

import java.util.Arrays;
import org.stackwise.BadInputException;
import org.stackwise.internal.linalg.BlockRunner;
import org.stackwise.internal.linalg.Lbfgs;

/**
 * L2-regularised multinomial logistic regression on a dense design matrix, minimised with
 * {@link Lbfgs}. This is the numeric core of the {@code logistic} learner, also used to calibrate
 * SVM decision values into probabilities.
 *
 * <p>The objective is scikit-learn's {@code LogisticRegression(C)} with the lbfgs solver:
 * <pre>  Σᵢ wᵢ·ℓ(yᵢ, W·xᵢ + b) + ½·(1/C)·‖W‖²   (the intercepts b are not penalised)</pre>
 * divided by Σᵢ wᵢ (same minimiser; this keeps gradients O(1) so one tolerance suits any row count).
 * With two classes the model is a single sigmoid (one weight vector, as scikit-learn does), not a
 * two-row softmax: a two-row softmax with the same C would be a sigmoid with 2C.
 *
 * <p>Gradients are summed over fixed blocks of {@link BlockRunner#BLOCK_ROWS} rows, each block into its
 * own buffer, and the blocks are added in block order — so the result is bit-identical at any thread
 * count.
 */
public final class SoftmaxRegression {
  private SoftmaxRegression() { }

  /**
   * A fitted coefficient matrix: {@code rows} weight vectors of {@code features + 1} numbers each,
   * the intercept last, with the L-BFGS iteration and function-evaluation counts. {@code rows} is 0 for one class, 1 for two (the sigmoid's logit of the second
   * class), else the number of classes.
   */
  public record Fit(int classes, int features, double[][] coefficients, int iterations, int evaluations,
                    Lbfgs.Status status) {
    public Fit {
      coefficients = deepCopy(coefficients);
    }

    @Override public double[][] coefficients() { return deepCopy(coefficients); }
  }

  /**
   * Fits the model.
   *
   * @param x row-major design matrix, {@code n × d}
   * @param y class index of each row, in [0, k)
   * @param w row weights (≥ 0, not all zero), or null for all ones
   * @param k number of classes (classes without rows get small, finite scores)
   * @param c inverse regularisation strength
   * @param maxIterations L-BFGS iteration limit
   * @param tol stop when the largest gradient component of the weight-normalised objective is ≤ tol
   * @param threads threads for the gradient sums (results do not depend on it)
   * @param cancel polled once per iteration; may throw to cancel
   */
  public static Fit fit(double[] x, int n, int d, int[] y, double[] w, int k, double c, int maxIterations,
                        double tol, int threads, Runnable cancel) {
    if (x.length != (long) n * d) throw new IllegalArgumentException("x has " + x.length + " values, expected " + n + "×" + d);
    if (y.length != n) throw new IllegalArgumentException("y has " + y.length + " rows, x has " + n);
    double[] weights = w == null ? filled(n, 1.0) : w;
    double sw = 0;
    for (double v : weights) sw += v;
    if (!(sw > 0)) throw new BadInputException("weights", "row weights must not all be zero");
    int rows = k <= 1 ? 0 : (k == 2 ? 1 : k);
    if (rows == 0) return new Fit(k, d, new double[0][d + 1], 0, 0, Lbfgs.Status.GRADIENT_TOLERANCE);
    Objective objective = new Objective(x, n, d, y, weights, rows, 1.0 / (c * sw), 1.0 / sw);
    try (BlockRunner runner = BlockRunner.open(threads)) {
      objective.runner = runner;
      Lbfgs.Result r = Lbfgs.defaults().withMaxIterations(maxIterations).withGradientTolerance(tol)
          .minimize(objective, new double[rows * (d + 1)], () -> {
            cancel.run();
            return false;
          });
      double[] theta = r.x();
      double[][] coef = new double[rows][];
      for (int q = 0; q < rows; q++) coef[q] = Arrays.copyOfRange(theta, q * (d + 1), (q + 1) * (d + 1));
      if (rows > 2) { // softmax intercepts are defined up to a common shift: centre them
        double mean = 0;
        for (double[] row : coef) mean += row[d];
        mean /= rows;
        for (double[] row : coef) row[d] -= mean;
      }
      return new Fit(k, d, coef, r.iterations(), r.evaluations(), r.status());
    }
  }

  /** Class probabilities for one feature vector {@code f} (length d) under coefficients {@code coef}. */
  public static void probabilities(double[][] coef, int k, double[] f, double[] out) {
    if (k == 1) {
      out[0] = 1.0;
      return;
    }
    if (k == 2) {
      double z = score(coef[0], f);
      out[0] = sigmoid(-z);
      out[1] = sigmoid(z);
      return;
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int q = 0; q < k; q++) {
      out[q] = score(coef[q], f);
      max = Math.max(max, out[q]);
    }
    double sum = 0;
    for (int q = 0; q < k; q++) {
      out[q] = Math.exp(out[q] - max);
      sum += out[q];
    }
    for (int q = 0; q < k; q++) out[q] /= sum;
  }

  /** w·f + b for one coefficient row (intercept last). */
  public static double score(double[] row, double[] f) {
    int d = row.length - 1;
    double s = row[d];
    for (int j = 0; j < d; j++) s += row[j] * f[j];
    return s;
  }

  static double sigmoid(double z) {
    return z >= 0 ? 1.0 / (1.0 + Math.exp(-z)) : Math.exp(z) / (1.0 + Math.exp(z));
  }

  /** log(1 + e^z) without overflow. */
  static double softplus(double z) {
    return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
  }

  private static double[] filled(int n, double v) {
    double[] a = new double[n];
    Arrays.fill(a, v);
    return a;
  }

  private static double[][] deepCopy(double[][] m) {
    double[][] out = new double[m.length][];
    for (int i = 0; i < m.length; i++) out[i] = m[i].clone();
    return out;
  }

  /**
   * The normalised penalised log loss and its gradient, block by block.
   *
   * <p>Two kernels for the same arithmetic. Dense data goes column-wise: a block's scores are built one
   * class and four features at a time over all the block's rows ({@code z_q[i] += θ_qj · x_j[i]}, the
   * block's columns copied out once), and the gradient one row at a time over all features
   * ({@code g_q[j] += r_q[i] · x_i[j]}, the row copied out) — loops in which every array is read at the
   * same index, which HotSpot's superword pass vectorises (it does not when arrays are read at different
   * unknown offsets). Sparse data (a third or more zeros, e.g. one-hot blocks) goes row by row and visits
   * only each row's non-zero features: adding {@code θ·0 = ±0} never changes a finite sum. Both kernels
   * sum every score and gradient cell in the same order — the bias, then the features in order; the rows
   * in order — so the choice does not change a bit of the result.
   */
  private static final class Objective implements Lbfgs.Objective {
    /** Dense blocks' columns are kept between evaluations up to this many values (else copied each time). */
    private static final long CACHED_COLUMNS_LIMIT = 8_000_000;

    private final double[] x;
    private final int n;
    private final int d;
    private final int[] y;
    private final double[] w;
    private final int rows;
    private final double penalty; // 1 / (C · Σw)
    private final double scale;   // 1 / Σw
    private final int blocks;
    private final boolean sparse;           // at least a third of x is zero: rows visit their non-zeros only
    private final double[][][] blockGrad;   // per block, per score row: d weights then the bias
    private final double[] blockLoss;
    private final double[][][] columns;     // dense kernel, when cached: per block, per feature, the block's values
    // sparse kernel, when cached: each row's non-zero features (CSR) — found once, not rescanned per evaluation
    private final int[] rowStart;
    private final int[] nonZeroFeature;
    private final double[] nonZeroValue;
    BlockRunner runner;

    Objective(double[] x, int n, int d, int[] y, double[] w, int rows, double penalty, double scale) {
      this.x = x;
      this.n = n;
      this.d = d;
      this.y = y;
      this.w = w;
      this.rows = rows;
      this.penalty = penalty;
      this.scale = scale;
      this.blocks = BlockRunner.blocks(n);
      long zeros = 0;
      for (double v : x) if (v == 0.0) zeros++;
      this.sparse = zeros * 3 >= x.length;
      this.blockGrad = new double[blocks][rows][d + 1];
      this.blockLoss = new double[blocks];
      this.columns = !sparse && x.length <= CACHED_COLUMNS_LIMIT ? new double[blocks][][] : null;
      if (columns != null) for (int b = 0; b < blocks; b++) columns[b] = columnsOf(b);
      long nonZeros = x.length - zeros;
      if (sparse && nonZeros <= CACHED_COLUMNS_LIMIT) {
        rowStart = new int[n + 1];
        nonZeroFeature = new int[(int) nonZeros];
        nonZeroValue = new double[(int) nonZeros];
        int p = 0;
        for (int i = 0; i < n; i++) {
          rowStart[i] = p;
          for (int j = 0, off = i * d; j < d; j++) {
            if (x[off + j] != 0.0) {
              nonZeroFeature[p] = j;
              nonZeroValue[p++] = x[off + j];
            }
          }
        }
        rowStart[n] = p;
      } else {
        rowStart = null;
        nonZeroFeature = null;
        nonZeroValue = null;
      }
    }

    @Override public double valueAndGradient(double[] theta, double[] grad) {
      int stride = d + 1;
      runner.run(blocks, b -> {
        if (sparse) sparseBlock(b, theta);
        else denseBlock(b, theta);
      });
      for (int q = 0; q < rows; q++) {
        for (int j = 0; j <= d; j++) {
          double v = blockGrad[0][q][j];
          for (int b = 1; b < blocks; b++) v += blockGrad[b][q][j]; // fixed order: independent of the thread count
          grad[q * stride + j] = v;
        }
      }
      double loss = blockLoss[0];
      for (int b = 1; b < blocks; b++) loss += blockLoss[b];
      double reg = 0;
      for (int q = 0; q < rows; q++) {
        for (int j = 0; j < d; j++) {
          double t = theta[q * stride + j];
          reg += t * t;
          grad[q * stride + j] = grad[q * stride + j] * scale + penalty * t;
        }
        grad[q * stride + d] *= scale;
      }
      return loss * scale + 0.5 * penalty * reg;
    }

    /** Block {@code b}'s feature columns: {@code d} arrays of its rows' values. */
    private double[][] columnsOf(int b) {
      int from = b * BlockRunner.BLOCK_ROWS;
      int m = Math.min(n, from + BlockRunner.BLOCK_ROWS) - from;
      double[][] c = new double[d][m];
      for (int i = 0; i < m; i++) {
        int off = (from + i) * d;
        for (int j = 0; j < d; j++) c[j][i] = x[off + j];
      }
      return c;
    }

    /**
     * Turns the scores {@code z} of a row with label {@code yi} and weight {@code wi} into the gradient
     * factors (in place); returns the row's weighted loss.
     */
    private double lossAndFactors(double[] z, int yi, double wi) {
      if (rows == 1) {
        double zi = z[0];
        z[0] = wi * (sigmoid(zi) - (yi == 1 ? 1 : 0));
        return wi * (softplus(zi) - (yi == 1 ? zi : 0));
      }
      double max = Double.NEGATIVE_INFINITY;
      for (int q = 0; q < rows; q++) max = Math.max(max, z[q]);
      double zy = z[yi];
      double sum = 0;
      for (int q = 0; q < rows; q++) {
        z[q] = Math.exp(z[q] - max);
        sum += z[q];
      }
      double f = wi / sum;
      for (int q = 0; q < rows; q++) z[q] *= f;
      z[yi] -= wi;
      return wi * (max + Math.log(sum) - zy);
    }

    /** Loss and gradient of one block of dense rows into the block's own slots, column-wise. */
    private void denseBlock(int b, double[] theta) {
      int from = b * BlockRunner.BLOCK_ROWS;
      int to = Math.min(n, from + BlockRunner.BLOCK_ROWS);
      int m = to - from;
      int stride = d + 1;
      double[][] cols = columns != null ? columns[b] : columnsOf(b);
      double[][] z = new double[rows][m];
      for (int q = 0; q < rows; q++) {
        double[] zq = z[q];
        int t = q * stride;
        Arrays.fill(zq, theta[t + d]);
        // four features per pass: each score still sums its features in order
        int j = 0;
        for (; j + 4 <= d; j += 4) {
          double t0 = theta[t + j];
          double t1 = theta[t + j + 1];
          double t2 = theta[t + j + 2];
          double t3 = theta[t + j + 3];
          double[] c0 = cols[j];
          double[] c1 = cols[j + 1];
          double[] c2 = cols[j + 2];
          double[] c3 = cols[j + 3];
          for (int i = 0; i < m; i++) {
            double v = zq[i];
            v += t0 * c0[i];
            v += t1 * c1[i];
            v += t2 * c2[i];
            v += t3 * c3[i];
            zq[i] = v;
          }
        }
        for (; j < d; j++) {
          double tj = theta[t + j];
          double[] c = cols[j];
          for (int i = 0; i < m; i++) zq[i] += tj * c[i];
        }
      }
      double[][] g = blockGrad[b];
      for (double[] gq : g) Arrays.fill(gq, 0);
      double loss = 0;
      double[] zi = new double[rows];
      double[] xi = new double[d];
      for (int i = 0; i < m; i++) {
        double wi = w[from + i];
        if (wi == 0) continue;
        for (int q = 0; q < rows; q++) zi[q] = z[q][i];
        loss += lossAndFactors(zi, y[from + i], wi);
        System.arraycopy(x, (from + i) * d, xi, 0, d);
        for (int q = 0; q < rows; q++) {
          double r = zi[q];
          double[] gq = g[q];
          for (int j = 0; j < d; j++) gq[j] += r * xi[j];
          gq[d] += r;
        }
      }
      blockLoss[b] = loss;
    }

    /** Loss and gradient of one block of sparse rows into the block's own slots, row by row. */
    private void sparseBlock(int b, double[] theta) {
      int from = b * BlockRunner.BLOCK_ROWS;
      int to = Math.min(n, from + BlockRunner.BLOCK_ROWS);
      double[][] g = blockGrad[b];
      for (double[] gq : g) Arrays.fill(gq, 0);
      double loss = 0;
      double[] z = new double[rows];
      int[] nz = new int[d];
      int stride = d + 1;
      double[] nzValue = new double[d];
      for (int i = from; i < to; i++) {
        double wi = w[i];
        if (wi == 0) continue;
        int[] feature;
        double[] value;
        int p0;
        int m;
        if (rowStart != null) {
          feature = nonZeroFeature;
          value = nonZeroValue;
          p0 = rowStart[i];
          m = rowStart[i + 1] - p0;
        } else {
          int off = i * d;
          m = 0;
          for (int j = 0; j < d; j++) {
            if (x[off + j] != 0.0) {
              nz[m] = j;
              nzValue[m++] = x[off + j];
            }
          }
          feature = nz;
          value = nzValue;
          p0 = 0;
        }
        for (int q = 0; q < rows; q++) {
          int t = q * stride;
          double s = theta[t + d];
          for (int p = p0; p < p0 + m; p++) s += theta[t + feature[p]] * value[p];
          z[q] = s;
        }
        loss += lossAndFactors(z, y[i], wi);
        for (int q = 0; q < rows; q++) {
          double r = z[q];
          double[] gq = g[q];
          for (int p = p0; p < p0 + m; p++) gq[feature[p]] += r * value[p];
          gq[d] += r;
        }
      }
      blockLoss[b] = loss;
    }
  }
}
