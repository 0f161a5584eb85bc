package org.stackwise.learners.svm;

import java.util.List;
import libsvm.svm;
import libsvm.svm_model;
import libsvm.svm_node;
import libsvm.svm_parameter;
import libsvm.svm_problem;
import org.stackwise.BadInputException;
import org.stackwise.FitContext;
import org.stackwise.Learner;
import org.stackwise.Model;
import org.stackwise.Task;
import org.stackwise.data.Dataset;
import org.stackwise.data.FittedPreprocessing;
import org.stackwise.data.Preprocessing;
import org.stackwise.internal.linalg.Matrices;

/**
 * Catalogue learner {@code "svm"}: a kernel support vector machine from libsvm
 * ({@code tw.edu.ntu.csie:libsvm}; licence: libsvm's COPYRIGHT, a BSD-3-clause licence — the jar
 * carries no licence file, its POM names "BSD 3-Clause License" and links the COPYRIGHT file, which
 * binary redistributions must reproduce). C-SVC for classes (one vs one, as libsvm does), epsilon-SVR
 * for numbers. Features: {@link Preprocessing#LINEAR}.
 *
 * <p>Defaults follow scikit-learn's {@code SVC}: RBF kernel, C = 1, {@code gamma = "scale"}, i.e.
 * 1 / (p · var(X)) over all entries of the (standardised, one-hot) feature matrix; {@code "auto"} is
 * 1 / p; a number is used as is. With {@code probability} (default true) libsvm fits Platt's sigmoids
 * on an internal 5-fold cross-validation and couples them (Wu, Lin &amp; Weng 2004) — about 5× the
 * training time; without it, probabilities are the fractions of one-vs-one votes.
 * Regression standardises the target internally, so {@code epsilon} is in target standard deviations.
 *
 * <p><b>Determinism and global state</b>: libsvm shuffles the cross-validation folds with a
 * <em>static</em> {@code java.util.Random} ({@code svm.rand}) and prints progress through a static
 * print function. Every fit therefore runs under one JVM-wide lock that seeds {@code svm.rand} from the
 * {@link FitContext} and silences the output; kernel SVM fits are serialised across threads (prediction
 * is not locked: libsvm's prediction only reads the model). <b>Row weights</b>: libsvm has none, so
 * unequal weights are rejected (equal weights are fine; zero-weight rows are dropped).
 *
 * @param kernel "rbf" (default), "linear", "poly" or "sigmoid"
 * @param c the penalty C (&gt; 0), default 1
 * @param gamma "scale" (default), "auto" or a number &gt; 0
 * @param degree polynomial degree (≥ 1), default 3
 * @param coef0 the constant of the poly and sigmoid kernels, default 0
 * @param tol libsvm's stopping tolerance {@code eps} (&gt; 0), default 1e-3
 * @param epsilon SVR insensitive-zone half width (≥ 0) in target standard deviations, default 0.1
 * @param probability fit libsvm's probability model (classification), default true
 * @param cacheSizeMb kernel cache in MB (≥ 1), default 200
 * @param shrinking use libsvm's shrinking heuristic, default true
 */
public record SvmLearner(String kernel, double c, String gamma, int degree, double coef0, double tol, double epsilon,
                         boolean probability, int cacheSizeMb, boolean shrinking) implements Learner {
  private static final List<String> KERNELS = List.of("rbf", "linear", "poly", "sigmoid");
  /** Guards libsvm's static random generator and print function. */
  private static final Object LIBSVM_LOCK = new Object();

  /** Validates the hyperparameters. */
  public SvmLearner {
    if (kernel == null || !KERNELS.contains(kernel)) {
      throw new BadInputException("params.kernel", "kernel must be one of " + KERNELS + ", got " + kernel);
    }
    if (!(c > 0) || Double.isInfinite(c)) throw new BadInputException("params.c", "c must be a finite number > 0, got " + c);
    gammaValue(gamma, 1, 1.0); // validates
    if (degree < 1) throw new BadInputException("params.degree", "degree must be at least 1, got " + degree);
    if (!Double.isFinite(coef0)) throw new BadInputException("params.coef0", "coef0 must be a finite number, got " + coef0);
    if (!(tol > 0) || Double.isInfinite(tol)) throw new BadInputException("params.tol", "tol must be a finite number > 0, got " + tol);
    if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
      throw new BadInputException("params.epsilon", "epsilon must be a finite number >= 0, got " + epsilon);
    }
    if (cacheSizeMb < 1) throw new BadInputException("params.cache_size_mb", "cache_size_mb must be at least 1, got " + cacheSizeMb);
  }

  /** RBF, C = 1, gamma "scale", probability outputs. */
  public static SvmLearner defaults() {
    return new SvmLearner("rbf", 1.0, "scale", 3, 0.0, 1e-3, 0.1, true, 200, true);
  }

  public SvmLearner withKernel(String v) { return new SvmLearner(v, c, gamma, degree, coef0, tol, epsilon, probability, cacheSizeMb, shrinking); }
  public SvmLearner withC(double v) { return new SvmLearner(kernel, v, gamma, degree, coef0, tol, epsilon, probability, cacheSizeMb, shrinking); }
  public SvmLearner withGamma(String v) { return new SvmLearner(kernel, c, v, degree, coef0, tol, epsilon, probability, cacheSizeMb, shrinking); }
  public SvmLearner withProbability(boolean v) { return new SvmLearner(kernel, c, gamma, degree, coef0, tol, epsilon, v, cacheSizeMb, shrinking); }
  public SvmLearner withEpsilon(double v) { return new SvmLearner(kernel, c, gamma, degree, coef0, tol, v, probability, cacheSizeMb, shrinking); }

  @Override public String id() { return "svm"; }

  @Override public boolean supports(Task task) { return true; }

  @Override public Record params() { return this; }

  /** The numeric gamma: "scale" → 1/(p·var), "auto" → 1/p, else the number. */
  static double gammaValue(String gamma, int p, double variance) {
    if ("scale".equals(gamma)) return variance > 0 ? 1.0 / (p * variance) : 1.0;
    if ("auto".equals(gamma)) return 1.0 / Math.max(p, 1);
    double g;
    try {
      g = gamma == null ? Double.NaN : Double.parseDouble(gamma);
    } catch (NumberFormatException e) {
      g = Double.NaN;
    }
    if (!(g > 0) || Double.isInfinite(g)) {
      throw new BadInputException("params.gamma", "gamma must be \"scale\", \"auto\" or a number > 0, got " + gamma);
    }
    return g;
  }

  @Override public Model fit(Dataset data, FitContext context) {
    int[] rows = PresentClasses.rowsToTrain(data, id());
    Dataset train = rows.length == data.rows() ? data : data.select(rows);
    FittedPreprocessing pre = Preprocessing.LINEAR.fit(train);
    int n = train.rows();
    int d = pre.width();
    double[] x = Matrices.transform(pre, train);
    double mean = 0;
    for (double v : x) mean += v;
    mean /= Math.max(1, x.length);
    double var = 0;
    for (double v : x) var += (v - mean) * (v - mean);
    var /= Math.max(1, x.length);

    svm_parameter param = new svm_parameter();
    param.kernel_type = switch (kernel) {
      case "linear" -> svm_parameter.LINEAR;
      case "poly" -> svm_parameter.POLY;
      case "sigmoid" -> svm_parameter.SIGMOID;
      default -> svm_parameter.RBF;
    };
    param.gamma = gammaValue(gamma, d, var);
    param.degree = degree;
    param.coef0 = coef0;
    param.C = c;
    param.eps = tol;
    param.p = epsilon;
    param.cache_size = cacheSizeMb;
    param.shrinking = shrinking ? 1 : 0;
    param.nr_weight = 0;
    param.weight_label = new int[0];
    param.weight = new double[0];
    param.nu = 0.5;

    svm_problem problem = new svm_problem();
    problem.l = n;
    problem.x = new svm_node[n][];
    for (int i = 0; i < n; i++) problem.x[i] = SvmClassifier.nodes(x, i * d, d);
    problem.y = new double[n];

    if (data.task() == Task.REGRESSION) {
      double[] y = train.numericTarget().values();
      double ym = 0;
      for (double v : y) ym += v;
      ym /= n;
      double ss = 0;
      for (double v : y) ss += (v - ym) * (v - ym);
      double sd = Math.sqrt(ss / n);
      if (!Double.isFinite(ym) || !Double.isFinite(sd)) {
        throw new BadInputException("target '" + data.target().name() + "'", "svm needs finite target values");
      }
      if (!(sd > 1e-12)) sd = 1.0;
      for (int i = 0; i < n; i++) problem.y[i] = (y[i] - ym) / sd;
      param.svm_type = svm_parameter.EPSILON_SVR;
      param.probability = 0;
      return new SvmRegressor(pre, train(problem, param, context), ym, sd);
    }
    var target = train.classes();
    int[] y = target.indices();
    int[] present = PresentClasses.of(y, train.weights(), target.numClasses());
    if (present.length < 2) return new SvmClassifier(pre, target.classes(), present, null, false);
    for (int i = 0; i < n; i++) problem.y[i] = y[i];
    param.svm_type = svm_parameter.C_SVC;
    param.probability = probability ? 1 : 0;
    return new SvmClassifier(pre, target.classes(), present, train(problem, param, context), probability);
  }

  private static svm_model train(svm_problem problem, svm_parameter param, FitContext context) {
    String error = svm.svm_check_parameter(problem, param);
    if (error != null) throw new BadInputException("learner 'svm'", "libsvm rejected the parameters: " + error);
    context.checkCancelled();
    synchronized (LIBSVM_LOCK) {
      svm.svm_set_print_string_function(s -> { });
      svm.rand.setSeed(context.seed());
      return svm.svm_train(problem, param);
    }
  }
}
