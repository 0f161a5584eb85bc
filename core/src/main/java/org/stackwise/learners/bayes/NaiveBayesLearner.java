package org.stackwise.learners.bayes;

import org.stackwise.BadInputException;
import org.stackwise.FitContext;
import org.stackwise.Learner;
import org.stackwise.Task;
import org.stackwise.data.Column;
import org.stackwise.data.Dataset;
import org.stackwise.data.Schema;
import org.stackwise.data.Target;

/**
 * Catalogue learner {@code "naive_bayes"}: a mixed naive Bayes classifier on raw features —
 * Gaussian class-conditional densities for numeric columns (as scikit-learn's {@code GaussianNB}) and
 * Laplace-smoothed categorical frequencies for categorical columns (as {@code CategoricalNB}), with
 * class priors from the (weighted) class counts. Classification only.
 *
 * <p>Numeric columns: per class, the weighted mean and (population) variance of the non-missing
 * values, plus {@code varSmoothing} × the largest column variance (scikit-learn's {@code epsilon_}).
 * A class with no observed value in a column uses the column's overall mean and variance there.
 * Categorical columns: P(level | class) = (weighted count + α) / (class total + α·levels).
 * Missing values (NaN) and unseen levels are left out of the product — the column is marginalised —
 * at fit and at prediction. A class without rows gets prior 0 and so probability 0.
 *
 * @param varSmoothing share of the largest variance added to every variance (≥ 0), default 1e-9
 * @param alpha Laplace smoothing of categorical frequencies (≥ 0), default 1
 */
public record NaiveBayesLearner(double varSmoothing, double alpha) implements Learner {
  /** Validates the hyperparameters. */
  public NaiveBayesLearner {
    if (!(varSmoothing >= 0) || Double.isInfinite(varSmoothing)) {
      throw new BadInputException("params.var_smoothing", "var_smoothing must be a finite number >= 0, got " + varSmoothing);
    }
    if (!(alpha >= 0) || Double.isInfinite(alpha)) {
      throw new BadInputException("params.alpha", "alpha must be a finite number >= 0, got " + alpha);
    }
  }

  /** var_smoothing = 1e-9, alpha = 1. */
  public static NaiveBayesLearner defaults() {
    return new NaiveBayesLearner(1e-9, 1.0);
  }

  public NaiveBayesLearner withVarSmoothing(double v) { return new NaiveBayesLearner(v, alpha); }
  public NaiveBayesLearner withAlpha(double v) { return new NaiveBayesLearner(varSmoothing, v); }

  @Override public String id() { return "naive_bayes"; }

  @Override public boolean supports(Task task) { return task == Task.CLASSIFICATION; }

  @Override public Record params() { return this; }

  @Override public NaiveBayesModel fit(Dataset data, FitContext context) {
    if (data.task() != Task.CLASSIFICATION) {
      throw new BadInputException("learner 'naive_bayes'", "does not support regression");
    }
    Schema schema = data.schema();
    Target.Classes target = data.classes();
    int k = target.numClasses();
    int n = data.rows();
    int p = schema.size();
    double[] w = data.weights();
    int[] y = target.indices();
    double[] classWeight = new double[k];
    double total = 0;
    for (int i = 0; i < n; i++) {
      classWeight[y[i]] += w[i];
      total += w[i];
    }
    if (!(total > 0)) throw new BadInputException("weights", "row weights must not all be zero");
    double[] logPrior = new double[k];
    for (int c = 0; c < k; c++) logPrior[c] = classWeight[c] > 0 ? Math.log(classWeight[c] / total) : Double.NEGATIVE_INFINITY;

    // epsilon: var_smoothing × the largest (unweighted) variance of a numeric column, as scikit-learn
    double maxVar = 0;
    double[] colMean = new double[p];
    double[] colVar = new double[p];
    for (int j = 0; j < p; j++) {
      if (schema.column(j).isCategorical()) continue;
      double s = 0;
      int m = 0;
      for (int i = 0; i < n; i++) {
        double v = data.get(i, j);
        if (!Double.isNaN(v)) {
          s += v;
          m++;
        }
      }
      double mean = m == 0 ? 0 : s / m;
      double ss = 0;
      for (int i = 0; i < n; i++) {
        double v = data.get(i, j);
        if (!Double.isNaN(v)) ss += (v - mean) * (v - mean);
      }
      colMean[j] = mean;
      colVar[j] = m == 0 ? 0 : ss / m;
      maxVar = Math.max(maxVar, colVar[j]);
    }
    double epsilon = varSmoothing * maxVar;

    double[][] mean = new double[k][p];
    double[][] var = new double[k][p];
    double[][][] logProb = new double[k][p][];
    for (int j = 0; j < p; j++) {
      Column col = schema.column(j);
      if (col.isCategorical()) {
        int levels = col.levels().size();
        double[][] counts = new double[k][levels];
        double[] totals = new double[k];
        for (int i = 0; i < n; i++) {
          double v = data.get(i, j);
          if (Double.isNaN(v) || v < 0 || v >= levels || v != Math.rint(v)) continue;
          counts[y[i]][(int) v] += w[i];
          totals[y[i]] += w[i];
        }
        for (int c = 0; c < k; c++) {
          logProb[c][j] = new double[levels];
          double den = totals[c] + alpha * levels;
          for (int l = 0; l < levels; l++) {
            // with alpha = 0 an unseen level has probability 0; a class with no values is uniform
            logProb[c][j][l] = den > 0 ? Math.log((counts[c][l] + alpha) / den) : -Math.log(levels);
          }
        }
      } else {
        double[] sw = new double[k];
        double[] s = new double[k];
        for (int i = 0; i < n; i++) {
          double v = data.get(i, j);
          if (Double.isNaN(v) || w[i] == 0) continue;
          sw[y[i]] += w[i];
          s[y[i]] += w[i] * v;
        }
        double[] ss = new double[k];
        for (int c = 0; c < k; c++) mean[c][j] = sw[c] > 0 ? s[c] / sw[c] : colMean[j];
        for (int i = 0; i < n; i++) {
          double v = data.get(i, j);
          if (Double.isNaN(v) || w[i] == 0) continue;
          double dv = v - mean[y[i]][j];
          ss[y[i]] += w[i] * dv * dv;
        }
        for (int c = 0; c < k; c++) var[c][j] = (sw[c] > 0 ? ss[c] / sw[c] : colVar[j]) + epsilon;
      }
    }
    return new NaiveBayesModel(schema, target.classes(), logPrior, mean, var, logProb);
  }
}
