package org.stackwise.ensemble;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.stackwise.Task;
import org.stackwise.data.Dataset;
import org.stackwise.data.Target;

/** Learns voting weights from out-of-fold outputs. */
final class WeightLearning {
  private WeightLearning() { }

  static double[] learn(Weighting weighting, OofPredictions oof, List<String> members, Dataset data, int steps,
                        EnsembleSelection.Metric metric) {
    int[] rows = oof.coveredRows();
    boolean classes = data.task() == Task.CLASSIFICATION;
    int k = classes ? data.classes().numClasses() : 1;
    double[][][] p = new double[members.size()][rows.length][];
    for (int j = 0; j < members.size(); j++) {
      double[][] block = oof.block(members.get(j));
      for (int i = 0; i < rows.length; i++) {
        p[j][i] = classes ? Scoring.distribution(block[rows[i]], k, false) : block[rows[i]];
      }
    }
    return switch (weighting) {
      case SELECTION -> classes
          ? EnsembleSelection.classification(p, VotingLearner.classTargets(data, rows),
              metric == null ? EnsembleSelection.Metric.LOG_LOSS : metric, steps)
          : EnsembleSelection.regression(column(p), numericTargets(data, rows),
              metric == null ? EnsembleSelection.Metric.RMSE : metric, steps);
      case BMA -> bma(p, classes ? VotingLearner.classTargets(data, rows) : null, classes ? null : numericTargets(data, rows));
      case NNLS -> nnls(p, classes ? VotingLearner.classTargets(data, rows) : null, classes ? null : numericTargets(data, rows));
      default -> throw new IllegalArgumentException(weighting + " is not learned");
    };
  }

  /** Pseudo-BMA: w ∝ exp(log-likelihood); regression uses a Gaussian likelihood with the member's own MSE. */
  static double[] bma(double[][][] p, int[] y, double[] yNum) {
    int m = p.length;
    double[] ll = new double[m];
    for (int j = 0; j < m; j++) {
      if (y != null) {
        for (int i = 0; i < y.length; i++) ll[j] += Math.log(Math.max(1e-15, p[j][i][y[i]]));
      } else {
        double mse = 0;
        for (int i = 0; i < yNum.length; i++) mse += sq(p[j][i][0] - yNum[i]);
        mse = Math.max(mse / yNum.length, 1e-300);
        ll[j] = -0.5 * yNum.length * (Math.log(2 * Math.PI * mse) + 1);
      }
    }
    double max = Double.NEGATIVE_INFINITY;
    for (double v : ll) max = Math.max(max, v);
    double[] w = new double[m];
    double s = 0;
    for (int j = 0; j < m; j++) {
      w[j] = Math.exp(ll[j] - max);
      s += w[j];
    }
    for (int j = 0; j < m; j++) w[j] /= s;
    return w;
  }

  /** Non-negative least squares of the stacked outputs on the (one-hot) target, normalised to sum 1. */
  static double[] nnls(double[][][] p, int[] y, double[] yNum) {
    int m = p.length;
    int n = p[0].length;
    int k = p[0][0].length;
    // normal equations over all (row, class) cells: A = Σ p_j p_l, b = Σ p_j t
    double[][] a = new double[m][m];
    double[] b = new double[m];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < k; c++) {
        double t = y != null ? (y[i] == c ? 1 : 0) : yNum[i];
        for (int j = 0; j < m; j++) {
          double pj = p[j][i][c];
          b[j] += pj * t;
          for (int l = j; l < m; l++) a[j][l] += pj * p[l][i][c];
        }
      }
    }
    for (int j = 0; j < m; j++) for (int l = 0; l < j; l++) a[j][l] = a[l][j];
    double[] w = org.stackwise.internal.linalg.Nnls.solveGram(a, b);
    double s = 0;
    for (double v : w) s += v;
    if (s <= 0) {
      java.util.Arrays.fill(w, 1.0 / m);
    } else {
      for (int j = 0; j < m; j++) w[j] /= s;
    }
    return w;
  }

  /** The combination's score on the out-of-fold outputs. */
  static ObjectNode scoreCombination(Combiner combiner, double[] w, OofPredictions oof, List<String> members, Dataset data) {
    int[] rows = oof.coveredRows();
    boolean classes = data.task() == Task.CLASSIFICATION;
    int k = classes ? data.classes().numClasses() : 1;
    double[][][] blocks = new double[members.size()][][];
    for (int j = 0; j < members.size(); j++) blocks[j] = oof.block(members.get(j));
    double[][] preds = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      if (classes) {
        double[][] p = new double[members.size()][];
        for (int j = 0; j < p.length; j++) p[j] = Scoring.distribution(blocks[j][rows[i]], k, false);
        preds[i] = combiner.combineProba(p, w);
      } else {
        double[] f = new double[members.size()];
        for (int j = 0; j < f.length; j++) f[j] = blocks[j][rows[i]][0];
        preds[i] = new double[] {combiner.combineValue(f, w)};
      }
    }
    return Scoring.score(data.target(), rows, preds);
  }

  private static double[][] column(double[][][] p) {
    double[][] f = new double[p.length][p[0].length];
    for (int j = 0; j < p.length; j++) for (int i = 0; i < p[j].length; i++) f[j][i] = p[j][i][0];
    return f;
  }

  private static double[] numericTargets(Dataset data, int[] rows) {
    Target.Numeric t = data.numericTarget();
    double[] y = new double[rows.length];
    for (int i = 0; i < rows.length; i++) y[i] = t.get(rows[i]);
    return y;
  }

  private static double sq(double v) { return v * v; }
}
