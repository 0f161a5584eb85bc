package org.stackwise.learners.svm;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import java.util.Random;
import org.stackwise.BadInputException;
import org.stackwise.FitContext;
import org.stackwise.Learner;
import org.stackwise.Task;
import org.stackwise.data.Dataset;
import org.stackwise.data.FittedPreprocessing;
import org.stackwise.data.Preprocessing;
import org.stackwise.internal.linalg.Matrices;
import org.stackwise.learners.linear.SoftmaxRegression;

/**
 * Catalogue learner {@code "linear_svm"}: a linear support vector machine from liblinear
 * ({@code de.bwaldvogel:liblinear}, BSD-3). Classification uses the L2-regularised squared-hinge loss
 * solved in the dual ({@code L2R_L2LOSS_SVC_DUAL}, scikit-learn's {@code LinearSVC} default), one
 * vs rest for more than two classes; regression uses L2-regularised L2-loss support vector regression
 * ({@code L2R_L2LOSS_SVR}). liblinear's bias feature (value 1, regularised like the weights, as in
 * {@code LinearSVC}) provides the intercept. Features: {@link Preprocessing#LINEAR}.
 *
 * <p><b>Probabilities</b> come from a multinomial logistic calibration (Platt scaling generalised to
 * k classes; {@link SoftmaxRegression} with C = 1) fitted on the SVM's decision values <em>for its own
 * training rows</em>. Those in-sample margins are larger than on new data, so the probabilities are
 * somewhat over-confident; stack on {@code decision} values where that matters.
 *
 * <p><b>Regression</b> standardises the target internally (mean 0, sd 1), so {@code epsilon} is in
 * target standard deviations and {@code c} does not depend on the target's units.
 *
 * <p><b>Row weights</b>: liblinear has none, so unequal weights are rejected (equal weights are fine;
 * zero-weight rows are dropped). <b>Determinism</b>: liblinear 2.44 takes its random generator from the
 * {@link Parameter} (the static {@code Linear.resetRandom()} is a no-op), so each fit gets its own
 * generator seeded from the {@link FitContext}; no global lock is needed. liblinear's debug output,
 * a global setting, is switched off.
 *
 * @param c regularisation (&gt; 0; larger = less regularisation), default 1.0
 * @param tol liblinear's stopping tolerance {@code eps} (&gt; 0), or null for liblinear's default for the
 *     solver (0.1 for classification, 1e-4 for regression)
 * @param epsilon the SVR insensitive-zone half width {@code p} (≥ 0), in target standard deviations,
 *     default 0.1
 * @param maxIter liblinear's iteration limit (≥ 1), default 1000
 */
public record LinearSvmLearner(double c, Double tol, double epsilon, int maxIter) implements Learner {
  /** Validates the hyperparameters. */
  public LinearSvmLearner {
    if (!(c > 0) || Double.isInfinite(c)) throw new BadInputException("params.c", "c must be a finite number > 0, got " + c);
    if (tol != null && (!(tol > 0) || Double.isInfinite(tol))) {
      throw new BadInputException("params.tol", "tol must be a finite number > 0 or null, got " + tol);
    }
    if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
      throw new BadInputException("params.epsilon", "epsilon must be a finite number >= 0, got " + epsilon);
    }
    if (maxIter < 1) throw new BadInputException("params.max_iter", "max_iter must be at least 1, got " + maxIter);
  }

  /** c = 1, solver-default tol, epsilon = 0.1, max_iter = 1000. */
  public static LinearSvmLearner defaults() {
    return new LinearSvmLearner(1.0, null, 0.1, 1000);
  }

  public LinearSvmLearner withC(double v) { return new LinearSvmLearner(v, tol, epsilon, maxIter); }
  public LinearSvmLearner withTol(Double v) { return new LinearSvmLearner(c, v, epsilon, maxIter); }
  public LinearSvmLearner withEpsilon(double v) { return new LinearSvmLearner(c, tol, v, maxIter); }
  public LinearSvmLearner withMaxIter(int v) { return new LinearSvmLearner(c, tol, epsilon, v); }

  @Override public String id() { return "linear_svm"; }

  @Override public boolean supports(Task task) { return true; }

  @Override public Record params() { return this; }

  @Override public org.stackwise.Model fit(Dataset data, FitContext context) {
    int[] rows = PresentClasses.rowsToTrain(data, id());
    Dataset train = rows.length == data.rows() ? data : data.select(rows);
    FittedPreprocessing pre = Preprocessing.LINEAR.fit(train);
    int n = train.rows();
    int d = pre.width();
    double[] x = Matrices.transform(pre, train);
    Problem problem = new Problem();
    problem.l = n;
    problem.n = d + 1;
    problem.bias = 1.0;
    problem.x = new Feature[n][];
    for (int i = 0; i < n; i++) problem.x[i] = LinearSvmClassifier.features(x, i * d, d, 1.0);
    Linear.disableDebugOutput();
    if (data.task() == Task.REGRESSION) {
      double[] y = train.numericTarget().values();
      double mean = 0;
      for (double v : y) mean += v;
      mean /= n;
      double ss = 0;
      for (double v : y) ss += (v - mean) * (v - mean);
      double sd = Math.sqrt(ss / n);
      if (!(sd > 1e-12) || !Double.isFinite(sd)) sd = 1.0;
      if (!Double.isFinite(mean)) {
        throw new BadInputException("target '" + data.target().name() + "'", "linear_svm needs finite target values");
      }
      problem.y = new double[n];
      for (int i = 0; i < n; i++) problem.y[i] = (y[i] - mean) / sd;
      Parameter p = parameter(SolverType.L2R_L2LOSS_SVR, 1e-4, context);
      p.setP(epsilon);
      Model model = Linear.train(problem, p);
      return new LinearSvmRegressor(pre, model, mean, sd);
    }
    var target = train.classes();
    int k = target.numClasses();
    int[] y = target.indices();
    int[] present = PresentClasses.of(y, train.weights(), k);
    if (present.length < 2) {
      return new LinearSvmClassifier(pre, target.classes(), present, null, null);
    }
    problem.y = new double[n];
    for (int i = 0; i < n; i++) problem.y[i] = y[i];
    Model model = Linear.train(problem, parameter(SolverType.L2R_L2LOSS_SVC_DUAL, 0.1, context));
    // Calibrate: multinomial logistic regression on the training decision values of the present classes
    LinearSvmClassifier raw = new LinearSvmClassifier(pre, target.classes(), present, model, null);
    int m = present.length;
    int width = m == 2 ? 1 : m;
    double[] z = new double[n * width];
    int[] yPresent = new int[n];
    int[] position = new int[k];
    for (int q = 0; q < m; q++) position[present[q]] = q;
    for (int i = 0; i < n; i++) {
      double[] dec = raw.presentDecision(x, i * d);
      System.arraycopy(dec, 0, z, i * width, width);
      yPresent[i] = position[y[i]];
    }
    SoftmaxRegression.Fit cal = SoftmaxRegression.fit(z, n, width, yPresent, null, m, 1.0, 1000, 1e-8,
        context.threads(), context::checkCancelled);
    return new LinearSvmClassifier(pre, target.classes(), present, model, cal.coefficients());
  }

  private Parameter parameter(SolverType type, double defaultTol, FitContext context) {
    Parameter p = new Parameter(type, c, tol == null ? defaultTol : tol, maxIter, 0.1);
    p.setRandom(new Random(context.seed()));
    return p;
  }
}
