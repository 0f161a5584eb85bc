package org.stackwise.learners.linear;

import org.stackwise.BadInputException;
import org.stackwise.FitContext;
import org.stackwise.Learner;
import org.stackwise.Task;
import org.stackwise.data.Dataset;
import org.stackwise.data.FittedPreprocessing;
import org.stackwise.data.Preprocessing;
import org.stackwise.internal.linalg.Matrices;

/**
 * Catalogue learner {@code "logistic"}: multinomial logistic regression with an L2 penalty, fitted by
 * our own L-BFGS ({@link SoftmaxRegression}). The objective is scikit-learn's
 * {@code LogisticRegression(C=c, solver="lbfgs")}: the sum of (row-weighted) log losses plus
 * {@code ½·(1/c)·‖W‖²}, intercepts unpenalised; two classes use a single sigmoid as scikit-learn does.
 * Features are prepared with {@link Preprocessing#LINEAR} (one-hot, mean imputation, standardisation),
 * so coefficients are per standardised feature and the penalty is scale-free.
 *
 * <p>Classification only. The fit is exact and deterministic (bit-identical at any thread count), and
 * fast enough to be the default stacking meta-learner.
 *
 * @param c inverse regularisation strength (&gt; 0), default 1.0
 * @param maxIter L-BFGS iteration limit (≥ 1), default 1000
 * @param tol stop when every component of the gradient of the weight-normalised objective is at most
 *     {@code tol} in absolute value (&gt; 0), default 1e-6
 */
public record LogisticLearner(double c, int maxIter, double tol) implements Learner {
  /** Validates the hyperparameters. */
  public LogisticLearner {
    if (!(c > 0) || Double.isInfinite(c)) throw new BadInputException("params.c", "c must be a finite number > 0, got " + c);
    if (maxIter < 1) throw new BadInputException("params.max_iter", "max_iter must be at least 1, got " + maxIter);
    if (!(tol > 0) || Double.isInfinite(tol)) throw new BadInputException("params.tol", "tol must be a finite number > 0, got " + tol);
  }

  /** c = 1, max_iter = 1000, tol = 1e-6. */
  public static LogisticLearner defaults() {
    return new LogisticLearner(1.0, 1000, 1e-6);
  }

  public LogisticLearner withC(double v) { return new LogisticLearner(v, maxIter, tol); }
  public LogisticLearner withMaxIter(int v) { return new LogisticLearner(c, v, tol); }
  public LogisticLearner withTol(double v) { return new LogisticLearner(c, maxIter, v); }

  @Override public String id() { return "logistic"; }

  @Override public boolean supports(Task task) { return task == Task.CLASSIFICATION; }

  @Override public Record params() { return this; }

  @Override public LogisticModel fit(Dataset data, FitContext context) {
    if (data.task() != Task.CLASSIFICATION) {
      throw new BadInputException("learner 'logistic'", "does not support regression (use 'ridge' or 'linear_svm')");
    }
    FittedPreprocessing pre = Preprocessing.LINEAR.fit(data);
    int n = data.rows();
    int d = pre.width();
    double[] x = Matrices.transform(pre, data);
    var target = data.classes();
    SoftmaxRegression.Fit fit = SoftmaxRegression.fit(x, n, d, target.indices(), data.weights(), target.numClasses(),
        c, maxIter, tol, context.threads(), context::checkCancelled);
    return new LogisticModel(pre, target.classes(), fit.coefficients(), fit.iterations(), fit.status().converged());
  }
}
