package org.stackwise.learners.mlp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.stackwise.BadInputException;
import org.stackwise.FitContext;

/**
 * Trains {@link MlpNetwork}s on plain feature matrices, without a {@link org.stackwise.data.Dataset}:
 * the entry point for code that builds its own inputs (lazy-stacking substackers on meta-features).
 * Inputs are used as given — scale them first if their ranges differ much ({@link MlpLearner} does this
 * for schema data).
 *
 * <h2>Algorithm</h2>
 * Mini-batch Adam (Kingma and Ba, 2015) with scikit-learn's conventions: each batch's loss is the
 * weighted mean loss plus {@code alpha/2 · ‖W‖² / batch rows}; Adam's bias correction is folded into
 * the step size. Weights are initialised uniformly with He bounds √(6/fan_in) for ReLU hidden layers
 * (He et al., 2015) and Glorot bounds √(6/(fan_in+fan_out)) otherwise (Glorot and Bengio, 2010);
 * hidden biases start at zero and a classifier's output biases at the log of the smoothed class prior.
 * Rows are shuffled every epoch.
 *
 * <p>Classification minimises the cross-entropy of a softmax over all {@code numClasses} classes, so a
 * class without training rows is learnt as improbable rather than missing. Regression minimises half the
 * squared error on the target standardised with the training rows' weighted mean and standard
 * deviation; the network un-standardises its predictions.
 *
 * <p>Row weights are rescaled to mean 1 over the training rows and multiply each row's loss, so
 * uniform weights give exactly the unweighted fit.
 *
 * <p>Early stopping holds out {@code validationFraction} of the rows (per class for classification,
 * never a class's last row), monitors the weighted validation loss and keeps the best epoch's weights.
 * When the split leaves no validation row, the training loss is monitored instead.
 *
 * <h2>Determinism</h2>
 * Training is single-threaded; all randomness (split, initialisation, shuffling) comes from one
 * {@link SplittableRandom} seeded with the given seed, so the same inputs and seed give the same bits
 * at any thread count.
 */
public final class MlpTrainer {
  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPSILON = 1e-8;
  /** Pseudo-count (in mean-row-weight units) added to each class when the output biases are initialised. */
  private static final double PRIOR_SMOOTHING = 0.01;

  private MlpTrainer() { }

  /**
   * Fits a classifier network.
   *
   * @param x feature rows, all of the same width, finite
   * @param y class index of each row, in {@code [0, numClasses)}
   * @param numClasses number of outputs; classes without rows get small probabilities
   * @param weights row weights (finite, >= 0, not all zero), or null for equal weights
   * @param params hyperparameters
   * @param seed seed of all randomness
   */
  public static MlpNetwork fitClassifier(double[][] x, int[] y, int numClasses, double[] weights, MlpLearner params,
      long seed) {
    return fitClassifier(x, y, numClasses, weights, params, FitContext.seeded(seed));
  }

  /** As {@link #fitClassifier(double[][], int[], int, double[], MlpLearner, long)}, with the seed,
   *  progress listener and cancellation of {@code context}. */
  public static MlpNetwork fitClassifier(double[][] x, int[] y, int numClasses, double[] weights, MlpLearner params,
      FitContext context) {
    int p = width(x);
    if (y.length != x.length) throw new IllegalArgumentException("x has " + x.length + " rows, y has " + y.length);
    if (numClasses < 1) throw new IllegalArgumentException("numClasses must be at least 1, got " + numClasses);
    for (int i = 0; i < y.length; i++) {
      if (y[i] < 0 || y[i] >= numClasses) {
        throw new IllegalArgumentException("y[" + i + "] = " + y[i] + " is outside 0.." + (numClasses - 1));
      }
    }
    return train(flatten(x, p), x.length, p, y.clone(), numClasses, null, weights, params, context.seed(), context);
  }

  /**
   * Fits a regression network.
   *
   * @param x feature rows, all of the same width, finite
   * @param y finite targets
   * @param weights row weights (finite, >= 0, not all zero), or null for equal weights
   * @param params hyperparameters
   * @param seed seed of all randomness
   */
  public static MlpNetwork fitRegressor(double[][] x, double[] y, double[] weights, MlpLearner params, long seed) {
    return fitRegressor(x, y, weights, params, FitContext.seeded(seed));
  }

  /** As {@link #fitRegressor(double[][], double[], double[], MlpLearner, long)}, with the seed, progress
   *  listener and cancellation of {@code context}. */
  public static MlpNetwork fitRegressor(double[][] x, double[] y, double[] weights, MlpLearner params,
      FitContext context) {
    int p = width(x);
    if (y.length != x.length) throw new IllegalArgumentException("x has " + x.length + " rows, y has " + y.length);
    return train(flatten(x, p), x.length, p, null, 1, y.clone(), weights, params, context.seed(), context);
  }

  private static int width(double[][] x) {
    if (x.length == 0) throw new BadInputException("learner 'mlp'", "needs at least one training row, got none");
    int p = x[0].length;
    for (int i = 1; i < x.length; i++) {
      if (x[i].length != p) throw new IllegalArgumentException("row " + i + " has " + x[i].length + " values, row 0 has " + p);
    }
    return p;
  }

  private static double[] flatten(double[][] x, int p) {
    double[] flat = new double[x.length * p];
    for (int i = 0; i < x.length; i++) System.arraycopy(x[i], 0, flat, i * p, p);
    return flat;
  }

  /**
   * The training run. {@code x} is row-major {@code n × p} and is not modified; exactly one of
   * {@code yClass} (with {@code k} classes) and {@code yValue} is non-null.
   */
  static MlpNetwork train(double[] x, int n, int p, int[] yClass, int k, double[] yValue, double[] weights,
      MlpLearner prm, long seed, FitContext ctx) {
    return new Run(x, n, p, yClass, k, yValue, weights, prm, seed, ctx).fit();
  }

  /** The mutable state of one training run; never escapes {@link #train} (package-private for tests). */
  static final class Run {
    final double[] x;
    final int n;
    final int p;
    final int[] yClass;
    final double[] yStd;
    final boolean classification;
    final double yMean;
    final double yScale;
    final double[] w;
    final MlpLearner prm;
    final FitContext ctx;
    final Activation act;
    final int[] sizes;
    final int layers;
    final int[] wOff;
    final int[] bOff;
    final double[] theta;
    final double[] grad;
    final double[] m;
    final double[] v;
    final int[] trainRows;
    final int[] valRows;
    final SplittableRandom shuffleRng;
    final int batch;
    // per-batch buffers
    final double[][] a;
    final double[] d1;
    final double[] d2;
    final double[] wt;
    final double[] gt;
    final int[] by;
    final int[] idx;
    final double[] byv;
    final double[] bw;
    double b1Pow = 1;
    double b2Pow = 1;

    Run(double[] x, int n, int p, int[] yClass, int k, double[] yValue, double[] weights, MlpLearner prm, long seed,
        FitContext ctx) {
      this.x = x;
      this.n = n;
      this.p = p;
      this.prm = prm;
      this.ctx = ctx;
      this.act = prm.activationFunction();
      this.classification = yClass != null;
      this.yClass = yClass;
      if (n == 0) throw new BadInputException("learner 'mlp'", "needs at least one training row, got none");
      for (int i = 0; i < x.length; i++) {
        if (!Double.isFinite(x[i])) {
          throw new BadInputException("learner 'mlp'", "feature values must be finite; row " + (i / p + 1)
              + ", feature " + (i % p + 1) + " is " + x[i]);
        }
      }
      double[] wIn = weights == null ? null : weights.clone();
      if (wIn != null) {
        if (wIn.length != n) throw new IllegalArgumentException("weights have " + wIn.length + " rows, x has " + n);
        for (int i = 0; i < n; i++) {
          if (!(wIn[i] >= 0) || Double.isInfinite(wIn[i])) {
            throw new BadInputException("weights", "row weights must be finite and >= 0, got " + wIn[i] + " in row " + (i + 1));
          }
        }
      }

      SplittableRandom root = new SplittableRandom(seed);
      SplittableRandom splitRng = root.split();
      SplittableRandom initRng = root.split();
      this.shuffleRng = root.split();

      int[][] parts = prm.earlyStopping() ? split(yClass, k, n, prm.validationFraction(), splitRng) : null;
      int[] tr = parts == null ? identity(n) : parts[0];
      int[] va = parts == null ? new int[0] : parts[1];
      double trainSum = 0;
      double valSum = 0;
      for (int i : tr) trainSum += wIn == null ? 1 : wIn[i];
      for (int i : va) valSum += wIn == null ? 1 : wIn[i];
      if (va.length > 0 && !(valSum > 0)) {
        // a validation split without weight cannot measure anything: train on all rows instead
        tr = identity(n);
        va = new int[0];
        trainSum += valSum;
      }
      if (!(trainSum > 0)) throw new BadInputException("weights", "mlp needs at least one row with a positive weight");
      this.trainRows = tr;
      this.valRows = va;
      // rescale weights to mean 1 over the training rows, so unit weights reproduce the unweighted fit
      this.w = new double[n];
      double scale = tr.length / trainSum;
      for (int i = 0; i < n; i++) w[i] = (wIn == null ? 1 : wIn[i]) * scale;

      if (classification) {
        this.yStd = null;
        this.yMean = 0;
        this.yScale = 1;
      } else {
        double sw = 0;
        double mean = 0;
        for (int i = 0; i < n; i++) {
          if (!Double.isFinite(yValue[i])) {
            throw new BadInputException("learner 'mlp'", "target values must be finite; row " + (i + 1) + " is " + yValue[i]);
          }
        }
        for (int i : trainRows) {
          sw += w[i];
          mean += w[i] * yValue[i];
        }
        mean /= sw;
        double var = 0;
        for (int i : trainRows) var += w[i] * (yValue[i] - mean) * (yValue[i] - mean);
        double sd = Math.sqrt(var / sw);
        this.yMean = mean;
        this.yScale = sd > 1e-12 * Math.max(1, Math.abs(mean)) ? sd : 1.0;
        this.yStd = new double[n];
        for (int i = 0; i < n; i++) yStd[i] = (yValue[i] - yMean) / yScale;
      }

      List<Integer> hidden = prm.hidden();
      this.sizes = new int[hidden.size() + 2];
      sizes[0] = p;
      for (int l = 0; l < hidden.size(); l++) sizes[l + 1] = hidden.get(l);
      sizes[sizes.length - 1] = classification ? k : 1;
      this.layers = sizes.length - 1;
      this.wOff = new int[layers];
      this.bOff = new int[layers];
      long count = MlpNetwork.layout(sizes, wOff, bOff);
      if (count > Integer.MAX_VALUE - 16) throw new BadInputException("params.hidden", "network too large: " + count + " parameters");
      this.theta = new double[(int) count];
      this.grad = new double[theta.length];
      this.m = new double[theta.length];
      this.v = new double[theta.length];
      for (int l = 0; l < layers; l++) {
        int in = sizes[l];
        int out = sizes[l + 1];
        boolean heInit = act == Activation.RELU && l + 1 < layers;
        double bound = heInit ? Math.sqrt(6.0 / in) : Math.sqrt(6.0 / (in + out));
        for (int i = 0; i < in * out; i++) theta[wOff[l] + i] = (2 * initRng.nextDouble() - 1) * bound;
      }
      if (classification) {
        // output biases start at the log of the smoothed (weighted) class prior: the network starts from
        // the base rates, and a class without training rows starts — and, receiving almost no gradient,
        // stays — improbable everywhere instead of keeping a random share of the probability
        double[] prior = new double[k];
        for (int i : trainRows) prior[yClass[i]] += w[i];
        double total = trainRows.length;
        for (int c = 0; c < k; c++) theta[bOff[layers - 1] + c] = Math.log((prior[c] + PRIOR_SMOOTHING) / (total + k * PRIOR_SMOOTHING));
      }

      this.batch = Math.min(prm.batchSize(), trainRows.length);
      int maxWidth = Arrays.stream(sizes).max().getAsInt();
      this.a = new double[layers + 1][];
      for (int l = 0; l <= layers; l++) a[l] = new double[batch * sizes[l]];
      this.d1 = new double[batch * maxWidth];
      this.d2 = new double[batch * maxWidth];
      int maxBlock = 0;
      for (int l = 1; l < layers; l++) maxBlock = Math.max(maxBlock, sizes[l] * sizes[l + 1]);
      this.wt = new double[maxBlock];
      int maxAny = 0;
      for (int l = 0; l < layers; l++) maxAny = Math.max(maxAny, sizes[l] * sizes[l + 1]);
      this.gt = new double[maxAny];
      this.by = new int[batch];
      this.idx = new int[maxWidth];
      this.byv = new double[batch];
      this.bw = new double[batch];
    }

    MlpNetwork fit() {
      boolean validate = valRows.length > 0;
      double[] best = validate ? theta.clone() : null;
      double bestLoss = Double.POSITIVE_INFINITY;
      int bestEpoch = 0;
      int stale = 0;
      boolean stoppedEarly = false;
      List<Double> lossCurve = new ArrayList<>();
      List<Double> valCurve = new ArrayList<>();
      int[] order = trainRows.clone();
      int epoch = 0;
      while (epoch < prm.maxEpochs()) {
        ctx.checkCancelled();
        epoch++;
        shuffle(order);
        double lossSum = 0;
        for (int start = 0; start < order.length; start += batch) {
          int bs = Math.min(batch, order.length - start);
          lossSum += step(order, start, bs);
        }
        double trainLoss = lossSum / order.length + 0.5 * prm.alpha() * squaredWeights() / batch;
        lossCurve.add(trainLoss);
        double monitored = trainLoss;
        if (validate) {
          monitored = validationLoss();
          valCurve.add(monitored);
        }
        if (!Double.isFinite(monitored)) {
          if (!validate || bestEpoch == 0) {
            throw new BadInputException("learner 'mlp'", "training diverged (loss " + monitored + " in epoch " + epoch
                + "); lower learning_rate");
          }
          stoppedEarly = true;
          break;
        }
        if (monitored > bestLoss - prm.tol()) stale++;
        else stale = 0;
        if (monitored < bestLoss) {
          bestLoss = monitored;
          bestEpoch = epoch;
          if (validate) System.arraycopy(theta, 0, best, 0, theta.length);
        }
        ctx.progress().update("mlp epochs", epoch, prm.maxEpochs());
        if (stale >= prm.patience()) {
          stoppedEarly = true;
          break;
        }
      }
      double[] finalTheta = validate ? best : theta;
      if (!validate) bestEpoch = epoch;
      MlpNetwork.Training training = new MlpNetwork.Training(epoch, bestEpoch, stoppedEarly, toArray(lossCurve),
          toArray(valCurve));
      return new MlpNetwork(sizes, act, classification, yMean, yScale, finalTheta, training);
    }

    /** One Adam step on rows {@code order[start .. start+bs)}; returns the batch's weighted loss sum. */
    double step(int[] order, int start, int bs) {
      double loss = gradient(order, start, bs);
      adam();
      return loss;
    }

    /**
     * Fills {@link #grad} with the gradient of the batch objective — weighted mean loss of rows
     * {@code order[start .. start+bs)} plus {@code alpha/2 · ‖W‖² / bs} — and returns the batch's
     * weighted loss sum (without the penalty).
     */
    double gradient(int[] order, int start, int bs) {
      double[] in = a[0];
      for (int i = 0; i < bs; i++) {
        int r = order[start + i];
        System.arraycopy(x, r * p, in, i * p, p);
        bw[i] = w[r];
        if (classification) by[i] = yClass[r];
        else byv[i] = yStd[r];
      }
      forward(bs);
      double loss = outputDelta(bs, d1, true);
      Arrays.fill(grad, 0.0);
      double[] d = d1;
      double[] other = d2;
      for (int l = layers - 1; l >= 0; l--) {
        Kernels.weightGradient(a[l], bs, sizes[l], d, sizes[l + 1], grad, wOff[l], bOff[l], gt);
        if (l > 0) {
          Kernels.transpose(theta, wOff[l], sizes[l], sizes[l + 1], wt);
          Kernels.backprop(d, bs, sizes[l + 1], wt, sizes[l], a[l], act, other, idx);
          double[] t = d;
          d = other;
          other = t;
        }
      }
      double l2 = prm.alpha() / bs;
      if (l2 > 0) {
        for (int l = 0; l < layers; l++) {
          int from = wOff[l];
          int to = bOff[l];
          for (int i = from; i < to; i++) grad[i] += l2 * theta[i];
        }
      }
      return loss;
    }

    /** Forward pass of the first {@code bs} rows of {@code a[0]}; output-layer values end in {@code a[layers]}. */
    void forward(int bs) {
      for (int l = 0; l < layers; l++) {
        Kernels.affine(a[l], 0, bs, sizes[l], theta, wOff[l], bOff[l], sizes[l + 1], a[l + 1], idx);
        if (l + 1 < layers) Kernels.activate(act, a[l + 1], bs * sizes[l + 1]);
      }
    }

    /**
     * The weighted loss sum of the batch from the output layer's values; when {@code withDelta}, also
     * writes the gradient of the batch's mean loss with respect to the output values into {@code d}.
     */
    double outputDelta(int bs, double[] d, boolean withDelta) {
      double[] z = a[layers];
      double loss = 0;
      if (classification) {
        int k = sizes[layers];
        for (int i = 0; i < bs; i++) {
          int o = i * k;
          double max = z[o];
          for (int j = 1; j < k; j++) if (z[o + j] > max) max = z[o + j];
          double sum = 0;
          for (int j = 0; j < k; j++) {
            double e = Math.exp(z[o + j] - max);
            d[o + j] = e;
            sum += e;
          }
          int y = by[i];
          loss += bw[i] * (Math.log(sum) + max - z[o + y]);
          if (withDelta) {
            double f = bw[i] / bs;
            for (int j = 0; j < k; j++) d[o + j] = d[o + j] / sum * f;
            d[o + y] -= f;
          }
        }
      } else {
        for (int i = 0; i < bs; i++) {
          double r = z[i] - byv[i];
          loss += bw[i] * 0.5 * r * r;
          if (withDelta) d[i] = r * bw[i] / bs;
        }
      }
      return loss;
    }

    /** Adam update of all parameters from {@link #grad}, with the bias correction in the step size. */
    void adam() {
      b1Pow *= BETA1;
      b2Pow *= BETA2;
      double lr = prm.learningRate() * Math.sqrt(1 - b2Pow) / (1 - b1Pow);
      for (int i = 0; i < theta.length; i++) {
        double g = grad[i];
        double mi = BETA1 * m[i] + (1 - BETA1) * g;
        double vi = BETA2 * v[i] + (1 - BETA2) * g * g;
        m[i] = mi;
        v[i] = vi;
        theta[i] -= lr * mi / (Math.sqrt(vi) + EPSILON);
      }
    }

    /** Weighted mean loss over the validation rows, in batches through the training buffers. */
    double validationLoss() {
      double loss = 0;
      double wsum = 0;
      for (int start = 0; start < valRows.length; start += batch) {
        int bs = Math.min(batch, valRows.length - start);
        for (int i = 0; i < bs; i++) {
          int r = valRows[start + i];
          System.arraycopy(x, r * p, a[0], i * p, p);
          bw[i] = w[r];
          wsum += w[r];
          if (classification) by[i] = yClass[r];
          else byv[i] = yStd[r];
        }
        forward(bs);
        loss += outputDelta(bs, d1, false);
      }
      return loss / wsum;
    }

    double squaredWeights() {
      double s = 0;
      for (int l = 0; l < layers; l++) {
        for (int i = wOff[l]; i < bOff[l]; i++) s += theta[i] * theta[i];
      }
      return s;
    }

    void shuffle(int[] order) {
      for (int i = order.length - 1; i > 0; i--) {
        int j = shuffleRng.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
  }

  /**
   * Splits rows 0..n-1 into {training, validation} (both ascending). Classification: within each class,
   * a random round(fraction · count) rows, but never the class's last row; regression: a random
   * round(fraction · n) rows, but never all of them.
   */
  static int[][] split(int[] yClass, int k, int n, double fraction, SplittableRandom rng) {
    boolean[] val = new boolean[n];
    if (yClass != null) {
      int[][] byClass = new int[k][];
      int[] counts = new int[k];
      for (int y : yClass) counts[y]++;
      for (int c = 0; c < k; c++) byClass[c] = new int[counts[c]];
      int[] fill = new int[k];
      for (int i = 0; i < n; i++) byClass[yClass[i]][fill[yClass[i]]++] = i;
      for (int c = 0; c < k; c++) {
        int[] rows = byClass[c];
        int take = (int) Math.min(Math.round(fraction * rows.length), Math.max(0, rows.length - 1));
        partialShuffle(rows, take, rng);
        for (int i = 0; i < take; i++) val[rows[i]] = true;
      }
    } else {
      int[] rows = identity(n);
      int take = (int) Math.min(Math.round(fraction * n), Math.max(0, n - 1));
      partialShuffle(rows, take, rng);
      for (int i = 0; i < take; i++) val[rows[i]] = true;
    }
    int nv = 0;
    for (boolean b : val) if (b) nv++;
    int[] tr = new int[n - nv];
    int[] va = new int[nv];
    int ti = 0;
    int vi = 0;
    for (int i = 0; i < n; i++) {
      if (val[i]) va[vi++] = i;
      else tr[ti++] = i;
    }
    return new int[][] {tr, va};
  }

  /** Moves a uniformly random {@code take}-subset of {@code rows} to its front (partial Fisher–Yates). */
  private static void partialShuffle(int[] rows, int take, SplittableRandom rng) {
    for (int i = 0; i < take; i++) {
      int j = i + rng.nextInt(rows.length - i);
      int t = rows[i];
      rows[i] = rows[j];
      rows[j] = t;
    }
  }

  private static int[] identity(int n) {
    int[] r = new int[n];
    for (int i = 0; i < n; i++) r[i] = i;
    return r;
  }

  private static double[] toArray(List<Double> values) {
    double[] out = new double[values.size()];
    for (int i = 0; i < out.length; i++) out[i] = values.get(i);
    return out;
  }
}
