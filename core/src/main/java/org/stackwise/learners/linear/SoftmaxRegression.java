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
   * <p>Two layouts of the same arithmetic, chosen by class count. With many classes the coefficients are
   * held feature-major ({@code thetaT[j][q]}), so that a row's scores and gradient are updated for all
   * classes at once in loops the JIT vectorises (every array read at the same index); with few classes
   * the class-major layout of the L-BFGS vector is used directly. Either way a row visits only its
   * non-zero features (a one-hot block contributes one): adding {@code θ·0 = ±0} never changes a finite
   * sum, so skipping zeros leaves every sum bit-identical. Each score and gradient cell is summed in the
   * same order in both layouts — the bias, then the features in order; the rows in order — so the layout
   * does not change the result.
   */
  private static final class Objective implements Lbfgs.Objective {
    /** From this many score rows (classes) on, the feature-major layout is faster. */
    private static final int TRANSPOSED_FROM = 16;

    private final double[] x;
    private final int n;
    private final int d;
    private final int[] y;
    private final double[] w;
    private final int rows;
    private final double penalty; // 1 / (C · Σw)
    private final double scale;   // 1 / Σw
    private final int blocks;
    private final boolean transposed;
    private final boolean sparse;           // at least a third of x is zero: rows visit their non-zeros only
    private final double[][] blockGrad;     // class-major layout: per block, rows × (d + 1)
    private final double[][][] blockGradT;  // feature-major layout: per block, (d + 1) × rows
    private final double[] blockLoss;
    private final double[][] thetaT;        // feature-major copy of θ for the current evaluation
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
      this.transposed = rows >= TRANSPOSED_FROM;
      long zeros = 0;
      for (double v : x) if (v == 0.0) zeros++;
      this.sparse = zeros * 3 >= x.length;
      this.blockGrad = transposed ? null : new double[blocks][rows * (d + 1)];
      this.blockGradT = transposed ? new double[blocks][d + 1][rows] : null;
      this.thetaT = transposed ? new double[d + 1][rows] : null;
      this.blockLoss = new double[blocks];
    }

    @Override public double valueAndGradient(double[] theta, double[] grad) {
      int stride = d + 1;
      if (transposed) {
        for (int q = 0; q < rows; q++) for (int j = 0; j <= d; j++) thetaT[j][q] = theta[q * stride + j];
        runner.run(blocks, b -> blockTransposed(b));
        for (int q = 0; q < rows; q++) {
          for (int j = 0; j <= d; j++) {
            double v = blockGradT[0][j][q];
            for (int b = 1; b < blocks; b++) v += blockGradT[b][j][q]; // fixed order: independent of the thread count
            grad[q * stride + j] = v;
          }
        }
      } else {
        runner.run(blocks, b -> {
          if (sparse) block(b, theta);
          else denseBlock(b, theta);
        });
        System.arraycopy(blockGrad[0], 0, grad, 0, grad.length);
        for (int b = 1; b < blocks; b++) { // fixed order: independent of the thread count
          double[] g = blockGrad[b];
          for (int i = 0; i < grad.length; i++) grad[i] += g[i];
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

    /**
     * The indices of row {@code i}'s features to visit, in order, into {@code nz}; returns their count:
     * the non-zero ones for sparse data, else all.
     */
    private int nonZeros(int i, int[] nz) {
      int off = i * d;
      int m = 0;
      if (!sparse) {
        for (int j = 0; j < d; j++) nz[j] = j;
        return d;
      }
      for (int j = 0; j < d; j++) if (x[off + j] != 0.0) nz[m++] = j;
      return m;
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

    /**
     * Loss and gradient of one block of dense rows into the block's own slot, class-major layout: the
     * loops of {@link #block} over every feature directly, which the JIT compiles tighter than through an
     * index list.
     */
    private void denseBlock(int b, double[] theta) {
      int from = b * BlockRunner.BLOCK_ROWS;
      int to = Math.min(n, from + BlockRunner.BLOCK_ROWS);
      double[] g = blockGrad[b];
      Arrays.fill(g, 0);
      double loss = 0;
      double[] z = new double[rows];
      int stride = d + 1;
      for (int i = from; i < to; i++) {
        double wi = w[i];
        if (wi == 0) continue;
        int off = i * d;
        int c4 = 0;
        for (; c4 + 4 <= rows; c4 += 4) {
          int t0 = c4 * stride;
          int t1 = t0 + stride;
          int t2 = t1 + stride;
          int t3 = t2 + stride;
          double s0 = theta[t0 + d];
          double s1 = theta[t1 + d];
          double s2 = theta[t2 + d];
          double s3 = theta[t3 + d];
          for (int j = 0; j < d; j++) {
            double xij = x[off + j];
            s0 += theta[t0 + j] * xij;
            s1 += theta[t1 + j] * xij;
            s2 += theta[t2 + j] * xij;
            s3 += theta[t3 + j] * xij;
          }
          z[c4] = s0;
          z[c4 + 1] = s1;
          z[c4 + 2] = s2;
          z[c4 + 3] = s3;
        }
        for (; c4 < rows; c4++) {
          int t0 = c4 * stride;
          double s0 = theta[t0 + d];
          for (int j = 0; j < d; j++) s0 += theta[t0 + j] * x[off + j];
          z[c4] = s0;
        }
        loss += lossAndFactors(z, y[i], wi);
        int c = 0;
        for (; c + 4 <= rows; c += 4) {
          double r0 = z[c];
          double r1 = z[c + 1];
          double r2 = z[c + 2];
          double r3 = z[c + 3];
          int t0 = c * stride;
          int t1 = t0 + stride;
          int t2 = t1 + stride;
          int t3 = t2 + stride;
          for (int j = 0; j < d; j++) {
            double xij = x[off + j];
            g[t0 + j] += r0 * xij;
            g[t1 + j] += r1 * xij;
            g[t2 + j] += r2 * xij;
            g[t3 + j] += r3 * xij;
          }
          g[t0 + d] += r0;
          g[t1 + d] += r1;
          g[t2 + d] += r2;
          g[t3 + d] += r3;
        }
        for (; c < rows; c++) {
          double r = z[c];
          int t = c * stride;
          for (int j = 0; j < d; j++) g[t + j] += r * x[off + j];
          g[t + d] += r;
        }
      }
      blockLoss[b] = loss;
    }

    /** Loss and gradient of one block of sparse rows into the block's own slot, class-major layout. */
    private void block(int b, double[] theta) {
      int from = b * BlockRunner.BLOCK_ROWS;
      int to = Math.min(n, from + BlockRunner.BLOCK_ROWS);
      double[] g = blockGrad[b];
      Arrays.fill(g, 0);
      double loss = 0;
      double[] z = new double[rows];
      int[] nz = new int[d];
      int stride = d + 1;
      for (int i = from; i < to; i++) {
        double wi = w[i];
        if (wi == 0) continue;
        int off = i * d;
        int m = nonZeros(i, nz);
        // four classes at a time: independent sums, each over the features in order
        int c4 = 0;
        for (; c4 + 4 <= rows; c4 += 4) {
          int t0 = c4 * stride;
          int t1 = t0 + stride;
          int t2 = t1 + stride;
          int t3 = t2 + stride;
          double s0 = theta[t0 + d];
          double s1 = theta[t1 + d];
          double s2 = theta[t2 + d];
          double s3 = theta[t3 + d];
          for (int jj = 0; jj < m; jj++) {
            int j = nz[jj];
            double xij = x[off + j];
            s0 += theta[t0 + j] * xij;
            s1 += theta[t1 + j] * xij;
            s2 += theta[t2 + j] * xij;
            s3 += theta[t3 + j] * xij;
          }
          z[c4] = s0;
          z[c4 + 1] = s1;
          z[c4 + 2] = s2;
          z[c4 + 3] = s3;
        }
        for (; c4 < rows; c4++) {
          int t0 = c4 * stride;
          double s0 = theta[t0 + d];
          for (int jj = 0; jj < m; jj++) s0 += theta[t0 + nz[jj]] * x[off + nz[jj]];
          z[c4] = s0;
        }
        loss += lossAndFactors(z, y[i], wi);
        // four classes per pass over the row's non-zeros: four independent updates
        int c = 0;
        for (; c + 4 <= rows; c += 4) {
          double r0 = z[c];
          double r1 = z[c + 1];
          double r2 = z[c + 2];
          double r3 = z[c + 3];
          int t0 = c * stride;
          int t1 = t0 + stride;
          int t2 = t1 + stride;
          int t3 = t2 + stride;
          for (int jj = 0; jj < m; jj++) {
            int j = nz[jj];
            double xij = x[off + j];
            g[t0 + j] += r0 * xij;
            g[t1 + j] += r1 * xij;
            g[t2 + j] += r2 * xij;
            g[t3 + j] += r3 * xij;
          }
          g[t0 + d] += r0;
          g[t1 + d] += r1;
          g[t2 + d] += r2;
          g[t3 + d] += r3;
        }
        for (; c < rows; c++) {
          double r = z[c];
          int t = c * stride;
          for (int jj = 0; jj < m; jj++) g[t + nz[jj]] += r * x[off + nz[jj]];
          g[t + d] += r;
        }
      }
      blockLoss[b] = loss;
    }

    /** Loss and gradient of one block of rows into the block's own slot, feature-major layout. */
    private void blockTransposed(int b) {
      int from = b * BlockRunner.BLOCK_ROWS;
      int to = Math.min(n, from + BlockRunner.BLOCK_ROWS);
      double[][] g = blockGradT[b];
      for (double[] gj : g) Arrays.fill(gj, 0);
      double loss = 0;
      double[] z = new double[rows];
      int[] nz = new int[d];
      double[] bias = thetaT[d];
      double[] gBias = g[d];
      for (int i = from; i < to; i++) {
        double wi = w[i];
        if (wi == 0) continue;
        int off = i * d;
        int m = nonZeros(i, nz);
        System.arraycopy(bias, 0, z, 0, rows);
        for (int jj = 0; jj < m; jj++) {
          int j = nz[jj];
          double xj = x[off + j];
          double[] tj = thetaT[j];
          for (int q = 0; q < rows; q++) z[q] += tj[q] * xj;
        }
        loss += lossAndFactors(z, y[i], wi);
        for (int jj = 0; jj < m; jj++) {
          int j = nz[jj];
          double xj = x[off + j];
          double[] gj = g[j];
          for (int q = 0; q < rows; q++) gj[q] += z[q] * xj;
        }
        for (int q = 0; q < rows; q++) gBias[q] += z[q];
      }
      blockLoss[b] = loss;
    }
  }
}
