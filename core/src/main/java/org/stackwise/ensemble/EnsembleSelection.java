package org.stackwise.ensemble;

import java.util.Locale;
import org.stackwise.BadInputException;

/**
 * Greedy forward ensemble selection with replacement (Caruana, Niculescu-Mizil, Crew, Ksikes 2004,
 * "Ensemble selection from libraries of models"): start from an empty ensemble; at each step add the
 * member (possibly again) whose addition gives the best metric of the averaged outputs; weights are the
 * number of times each member was picked divided by the number of steps. Ties go to the earlier member.
 */
public final class EnsembleSelection {
  /** The metric optimised. */
  public enum Metric {
    LOG_LOSS, ACCURACY, BRIER, RMSE, MAE;

    public static Metric parse(String s, String source) {
      try {
        return valueOf(s.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new BadInputException(source, "selection_metric must be one of log_loss, accuracy, brier, rmse, mae, got '" + s + "'");
      }
    }
  }

  private EnsembleSelection() { }

  /**
   * Selection over class distributions.
   *
   * @param p {@code p[member][row][class]} out-of-fold distributions
   * @param y true class per row
   * @return weights per member, summing to 1
   */
  public static double[] classification(double[][][] p, int[] y, Metric metric, int steps) {
    if (metric == Metric.RMSE || metric == Metric.MAE) {
      throw new BadInputException("selection_metric", metric.name().toLowerCase(Locale.ROOT) + " is for regression; use log_loss, accuracy or brier");
    }
    int m = p.length;
    int n = y.length;
    int k = p[0][0].length;
    double[][] sum = new double[n][k];
    int[] picks = new int[m];
    for (int t = 1; t <= steps; t++) {
      int best = -1;
      double bestLoss = Double.POSITIVE_INFINITY;
      for (int j = 0; j < m; j++) {
        double loss = 0;
        for (int i = 0; i < n; i++) loss += rowLoss(sum[i], p[j][i], t, y[i], metric);
        if (loss < bestLoss - 1e-12) {
          bestLoss = loss;
          best = j;
        }
      }
      picks[best]++;
      for (int i = 0; i < n; i++) for (int c = 0; c < k; c++) sum[i][c] += p[best][i][c];
    }
    return normalise(picks, steps);
  }

  /** Selection over regression predictions {@code f[member][row]}. */
  public static double[] regression(double[][] f, double[] y, Metric metric, int steps) {
    if (metric != Metric.RMSE && metric != Metric.MAE) {
      throw new BadInputException("selection_metric", "regression selection optimises rmse or mae, got " + metric.name().toLowerCase(Locale.ROOT));
    }
    int m = f.length;
    int n = y.length;
    double[] sum = new double[n];
    int[] picks = new int[m];
    for (int t = 1; t <= steps; t++) {
      int best = -1;
      double bestLoss = Double.POSITIVE_INFINITY;
      for (int j = 0; j < m; j++) {
        double loss = 0;
        for (int i = 0; i < n; i++) {
          double e = (sum[i] + f[j][i]) / t - y[i];
          loss += metric == Metric.RMSE ? e * e : Math.abs(e);
        }
        if (loss < bestLoss - 1e-12) {
          bestLoss = loss;
          best = j;
        }
      }
      picks[best]++;
      for (int i = 0; i < n; i++) sum[i] += f[best][i];
    }
    return normalise(picks, steps);
  }

  private static double rowLoss(double[] sum, double[] add, int t, int y, Metric metric) {
    switch (metric) {
      case LOG_LOSS -> {
        double q = (sum[y] + add[y]) / t;
        return -Math.log(Math.max(1e-15, q));
      }
      case ACCURACY -> {
        int best = 0;
        double bv = sum[0] + add[0];
        for (int c = 1; c < sum.length; c++) {
          double v = sum[c] + add[c];
          if (v > bv) {
            bv = v;
            best = c;
          }
        }
        return best == y ? 0 : 1;
      }
      case BRIER -> {
        double s = 0;
        for (int c = 0; c < sum.length; c++) {
          double e = (sum[c] + add[c]) / t - (c == y ? 1 : 0);
          s += e * e;
        }
        return s;
      }
      default -> throw new AssertionError(metric);
    }
  }

  private static double[] normalise(int[] picks, int steps) {
    double[] w = new double[picks.length];
    for (int j = 0; j < w.length; j++) w[j] = picks[j] / (double) steps;
    return w;
  }
}
