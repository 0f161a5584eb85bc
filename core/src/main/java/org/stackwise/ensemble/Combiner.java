package org.stackwise.ensemble;

import java.util.Arrays;
import java.util.Locale;
import org.stackwise.BadInputException;

/**
 * A fixed rule that combines members' outputs with weights: a small stateless strategy.
 * For classifiers the inputs are class distributions and the result is a distribution; for regressors
 * the inputs are single predictions.
 */
public enum Combiner {
  /** Weighted majority vote; the result is the weighted share of votes per class. */
  HARD,
  /** Weighted mean of probabilities (soft vote) or of predictions. */
  MEAN,
  /** Per-class weighted median of probabilities (renormalised), or weighted median prediction. */
  MEDIAN,
  /** Weighted geometric mean of probabilities (renormalised); for regressors, of positive predictions. */
  GEOMETRIC;

  public static Combiner parse(String s, String source) {
    String v = s.toLowerCase(Locale.ROOT);
    if (v.equals("soft") || v.equals("mean") || v.equals("average") || v.equals("weighted_mean")) return MEAN;
    if (v.equals("hard") || v.equals("vote")) return HARD;
    if (v.equals("median")) return MEDIAN;
    if (v.equals("geometric") || v.equals("geometric_mean")) return GEOMETRIC;
    throw new BadInputException(source, "combiner must be one of hard, soft (mean), median, geometric, got '" + s + "'");
  }

  public String id() { return name().toLowerCase(Locale.ROOT); }

  /** Combines class distributions {@code p[member][class]} with non-negative weights summing to 1. */
  public double[] combineProba(double[][] p, double[] w) {
    int k = p[0].length;
    double[] out = new double[k];
    switch (this) {
      case HARD -> {
        for (int m = 0; m < p.length; m++) out[argMax(p[m])] += w[m];
      }
      case MEAN -> {
        for (int m = 0; m < p.length; m++) for (int c = 0; c < k; c++) out[c] += w[m] * p[m][c];
      }
      case MEDIAN -> {
        double[] col = new double[p.length];
        for (int c = 0; c < k; c++) {
          for (int m = 0; m < p.length; m++) col[m] = p[m][c];
          out[c] = weightedMedian(col, w);
        }
      }
      case GEOMETRIC -> {
        for (int c = 0; c < k; c++) {
          double s = 0;
          for (int m = 0; m < p.length; m++) if (w[m] > 0) s += w[m] * Math.log(Math.max(1e-15, p[m][c]));
          out[c] = s;
        }
        double max = Arrays.stream(out).max().orElse(0);
        for (int c = 0; c < k; c++) out[c] = Math.exp(out[c] - max);
      }
      default -> throw new AssertionError(this);
    }
    double s = 0;
    for (double v : out) s += v;
    if (s <= 0) {
      Arrays.fill(out, 1.0 / k);
    } else {
      for (int c = 0; c < k; c++) out[c] /= s;
    }
    return out;
  }

  /** Combines predictions {@code y[member]} with non-negative weights summing to 1. */
  public double combineValue(double[] y, double[] w) {
    switch (this) {
      case MEAN, HARD -> {
        double s = 0;
        for (int m = 0; m < y.length; m++) s += w[m] * y[m];
        return s;
      }
      case MEDIAN -> {
        return weightedMedian(y, w);
      }
      case GEOMETRIC -> {
        double s = 0;
        for (int m = 0; m < y.length; m++) {
          if (w[m] == 0) continue;
          if (!(y[m] > 0)) throw new IllegalStateException("geometric mean needs positive predictions, got " + y[m]);
          s += w[m] * Math.log(y[m]);
        }
        return Math.exp(s);
      }
      default -> throw new AssertionError(this);
    }
  }

  /** The smallest value at which the cumulative weight reaches half the total (lower weighted median). */
  static double weightedMedian(double[] v, double[] w) {
    Integer[] idx = new Integer[v.length];
    for (int i = 0; i < idx.length; i++) idx[i] = i;
    Arrays.sort(idx, (a, b) -> Double.compare(v[a], v[b]));
    double total = 0;
    for (double x : w) total += x;
    double cum = 0;
    for (int i = 0; i < idx.length; i++) {
      cum += w[idx[i]];
      if (cum >= total / 2 - 1e-12) {
        // exactly half: average with the next positive-weight value, like the ordinary median of an even count
        if (Math.abs(cum - total / 2) < 1e-12) {
          for (int j = i + 1; j < idx.length; j++) if (w[idx[j]] > 0) return (v[idx[i]] + v[idx[j]]) / 2;
        }
        return v[idx[i]];
      }
    }
    return v[idx[idx.length - 1]];
  }

  private static int argMax(double[] p) {
    int best = 0;
    for (int k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
    return best;
  }
}
