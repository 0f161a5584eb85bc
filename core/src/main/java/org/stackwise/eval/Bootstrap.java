package org.stackwise.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.stackwise.io.Json;

/**
 * Percentile bootstrap confidence intervals for any metric (Efron and Tibshirani, 1993, ch. 13):
 * rows are resampled uniformly with replacement {@code resamples} times, the metric is computed on each
 * resample, and the interval is the {@code (1 − level)/2} and {@code (1 + level)/2} quantiles of those
 * values (linear interpolation between order statistics, as numpy's default percentile). Row weights
 * travel with their rows. Resamples on which the metric is undefined (NaN, e.g. ROC AUC of a resample
 * without positives) are left out and counted in {@link Interval#valid()}.
 *
 * <p>Immutable; seeded, single-threaded and therefore reproducible: the same seed gives the same
 * interval.
 */
public final class Bootstrap {
  /** Default number of resamples. */
  public static final int DEFAULT_RESAMPLES = 1000;
  /** Default confidence level. */
  public static final double DEFAULT_LEVEL = 0.95;

  private final long seed;
  private final int resamples;
  private final double level;

  private Bootstrap(long seed, int resamples, double level) {
    if (resamples < 1) throw new IllegalArgumentException("resamples must be at least 1, got " + resamples);
    if (!(level > 0 && level < 1)) throw new IllegalArgumentException("level must be > 0 and < 1, got " + level);
    this.seed = seed;
    this.resamples = resamples;
    this.level = level;
  }

  /** 1000 resamples, 95 % intervals, the given seed. */
  public static Bootstrap seeded(long seed) {
    return new Bootstrap(seed, DEFAULT_RESAMPLES, DEFAULT_LEVEL);
  }

  public Bootstrap withResamples(int b) { return new Bootstrap(seed, b, level); }

  public Bootstrap withLevel(double l) { return new Bootstrap(seed, resamples, l); }

  public long seed() { return seed; }
  public int resamples() { return resamples; }
  public double level() { return level; }

  /**
   * A metric's value on all rows and its bootstrap interval.
   *
   * @param estimate the metric on the original rows
   * @param resamples resamples drawn
   * @param valid resamples on which the metric was defined (the interval uses these)
   */
  public record Interval(double estimate, double lower, double upper, double level, int resamples, int valid) {
    /** Whether {@code v} lies in {@code [lower, upper]}. */
    public boolean contains(double v) { return v >= lower && v <= upper; }

    /** {@code {"estimate", "lower", "upper", "level", "resamples", "valid"}}; NaN as null. */
    public ObjectNode toJson() {
      ObjectNode o = Json.object();
      ClassificationReport.put(o, "estimate", estimate);
      ClassificationReport.put(o, "lower", lower);
      ClassificationReport.put(o, "upper", upper);
      o.put("level", level);
      o.put("resamples", resamples);
      o.put("valid", valid);
      return o;
    }
  }

  /**
   * The interval of a statistic of {@code n} rows. {@code statistic} receives {@code n} row indices
   * (a resample, with repetitions; for the estimate, {@code 0..n-1} in order) and returns the metric
   * on those rows, or NaN when it is undefined there.
   */
  public Interval interval(int n, ToDoubleFunction<int[]> statistic) {
    if (n < 1) throw new IllegalArgumentException("no rows to resample");
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) rows[i] = i;
    double estimate = statistic.applyAsDouble(rows);
    SplittableRandom rng = new SplittableRandom(seed);
    double[] values = new double[resamples];
    int valid = 0;
    for (int b = 0; b < resamples; b++) {
      for (int i = 0; i < n; i++) rows[i] = rng.nextInt(n);
      double v = statistic.applyAsDouble(rows);
      if (!Double.isNaN(v)) values[valid++] = v;
    }
    if (valid == 0) return new Interval(estimate, Double.NaN, Double.NaN, level, resamples, 0);
    Arrays.sort(values, 0, valid);
    double q = (1 - level) / 2;
    return new Interval(estimate, quantile(values, valid, q), quantile(values, valid, 1 - q), level, resamples, valid);
  }

  /** The interval of a classification metric of probability predictions; {@code weights} may be null. */
  public Interval interval(ClassificationMetric metric, int[] y, double[][] proba, double[] weights) {
    Metrics.checkProba(y, proba);
    Metrics.checkWeights(weights, y.length);
    int n = y.length;
    int[] ys = new int[n];
    double[][] ps = new double[n][];
    double[] ws = weights == null ? null : new double[n];
    return interval(n, rows -> {
      double total = 0;
      for (int i = 0; i < n; i++) {
        int r = rows[i];
        ys[i] = y[r];
        ps[i] = proba[r];
        if (ws != null) total += ws[i] = weights[r];
      }
      if (ws != null && !(total > 0)) return Double.NaN;
      return metric.compute(ys, ps, ws);
    });
  }

  /** The interval of a regression metric; {@code weights} may be null. */
  public Interval interval(RegressionMetric metric, double[] y, double[] predicted, double[] weights) {
    if (y.length != predicted.length) {
      throw new IllegalArgumentException("y has " + y.length + " rows, predictions have " + predicted.length);
    }
    Metrics.checkWeights(weights, y.length);
    int n = y.length;
    double[] ys = new double[n];
    double[] ps = new double[n];
    double[] ws = weights == null ? null : new double[n];
    return interval(n, rows -> {
      double total = 0;
      for (int i = 0; i < n; i++) {
        int r = rows[i];
        ys[i] = y[r];
        ps[i] = predicted[r];
        if (ws != null) total += ws[i] = weights[r];
      }
      if (ws != null && !(total > 0)) return Double.NaN;
      return metric.compute(ys, ps, ws);
    });
  }

  /** numpy's default ("linear") quantile of the first {@code m} sorted values. */
  static double quantile(double[] sorted, int m, double q) {
    double pos = q * (m - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, m - 1);
    double frac = pos - lo;
    return sorted[lo] + frac * (sorted[hi] - sorted[lo]);
  }
}
