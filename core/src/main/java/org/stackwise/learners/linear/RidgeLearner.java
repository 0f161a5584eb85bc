package org.stackwise.learners.linear;

import java.util.List;
import org.stackwise.BadInputException;
import org.stackwise.FitContext;
import org.stackwise.Learner;
import org.stackwise.Model;
import org.stackwise.Task;
import org.stackwise.data.Dataset;
import org.stackwise.data.FittedPreprocessing;
import org.stackwise.data.Preprocessing;
import org.stackwise.data.Target;
import org.stackwise.internal.linalg.Matrices;

/**
 * Catalogue learner {@code "ridge"}: ridge least squares in closed form (Cholesky of
 * {@code XᵀWX + αI} on centred, {@link Preprocessing#LINEAR standardised} features; the intercept is
 * not penalised), for regression and — as scikit-learn's {@code RidgeClassifier} — classification.
 *
 * <p><b>Classification</b>: one-vs-rest targets of ±1 (one column for two classes), decision values
 * {@code Bx + b}; probabilities are the softmax of the per-class decision values (for two classes,
 * of {@code (−d, d)}, i.e. {@code σ(2d)}). These are monotone in the decision values but <em>not</em>
 * calibrated; stack on decision values, or calibrate, when probabilities matter.
 *
 * <p><b>Built-in CV</b>: when {@code alphas} is non-empty, {@code alpha} is ignored and the penalty
 * is the one among {@code alphas} with the smallest exact leave-one-out squared error, computed for all
 * of them from one eigendecomposition (as scikit-learn's {@code RidgeCV}). {@link #withBuiltInCv()}
 * gives the recommended grid; this is the default regression meta-learner.
 *
 * <p><b>Non-negative and convex weights</b> (for stacking): {@code positive} constrains every weight
 * to be ≥ 0 (Lawson–Hanson NNLS on the centred normal equations; the intercept stays free; since
 * standardising divides by positive scales, signs are those of the raw features). {@code convex}
 * (regression only) fits weights ≥ 0 that sum to 1 and <em>no</em> intercept, on unstandardised
 * features ({@link Preprocessing#ENCODED}): a convex combination of the input columns, e.g. of member
 * predictions. Neither can be combined with {@code alphas}.
 *
 * @param alpha penalty α ≥ 0 (in standardised feature units), default 1.0
 * @param alphas candidate penalties for leave-one-out selection (each ≥ 0); empty = use {@code alpha}
 * @param positive constrain the weights to be non-negative
 * @param convex constrain the weights to be non-negative and sum to 1, no intercept (regression only)
 */
public record RidgeLearner(double alpha, List<Double> alphas, boolean positive, boolean convex) implements Learner {
  /** The penalty grid of {@link #withBuiltInCv()}: 10⁻³ … 10³ in steps of √10. */
  public static final List<Double> DEFAULT_ALPHAS = List.of(1e-3, 3.1622776601683795e-3, 1e-2, 3.1622776601683794e-2,
      0.1, 0.31622776601683794, 1.0, 3.1622776601683795, 10.0, 31.622776601683793, 100.0, 316.22776601683796, 1000.0);

  /** Validates the hyperparameters. */
  public RidgeLearner {
    if (!(alpha >= 0) || Double.isInfinite(alpha)) {
      throw new BadInputException("params.alpha", "alpha must be a finite number >= 0, got " + alpha);
    }
    if (alphas == null) throw new BadInputException("params.alphas", "alphas must be a list of numbers, got null");
    for (Double a : alphas) {
      if (a == null || !(a >= 0) || Double.isInfinite(a)) {
        throw new BadInputException("params.alphas", "alphas must be finite numbers >= 0, got " + alphas);
      }
    }
    alphas = List.copyOf(alphas);
    if (!alphas.isEmpty() && (positive || convex)) {
      throw new BadInputException("params.alphas", "alphas (leave-one-out selection) cannot be combined with positive or convex");
    }
  }

  /** alpha = 1, no CV, unconstrained. */
  public static RidgeLearner defaults() {
    return new RidgeLearner(1.0, List.of(), false, false);
  }

  /** Ridge with leave-one-out selection of α over {@link #DEFAULT_ALPHAS}. */
  public static RidgeLearner withBuiltInCv() {
    return new RidgeLearner(1.0, DEFAULT_ALPHAS, false, false);
  }

  /** Non-negative weights with a tiny penalty: the usual NNLS stacker. */
  public static RidgeLearner nonNegative() {
    return new RidgeLearner(1e-6, List.of(), true, false);
  }

  public RidgeLearner withAlpha(double v) { return new RidgeLearner(v, alphas, positive, convex); }
  public RidgeLearner withAlphas(List<Double> v) { return new RidgeLearner(alpha, v, positive, convex); }
  public RidgeLearner withPositive(boolean v) { return new RidgeLearner(alpha, alphas, v, convex); }
  public RidgeLearner withConvex(boolean v) { return new RidgeLearner(alpha, alphas, positive, v); }

  @Override public String id() { return "ridge"; }

  @Override public boolean supports(Task task) { return true; }

  @Override public Record params() { return this; }

  @Override public Model fit(Dataset data, FitContext context) {
    double[] w = data.weights();
    double sw = 0;
    for (double v : w) sw += v;
    if (!(sw > 0)) throw new BadInputException("weights", "row weights must not all be zero");
    int n = data.rows();
    if (data.task() == Task.REGRESSION) {
      double[] yv = data.numericTarget().values();
      for (int i = 0; i < n; i++) {
        if (!Double.isFinite(yv[i])) {
          throw new BadInputException("target '" + data.target().name() + "'", i + 1, 0, "ridge needs finite target values, got " + yv[i]);
        }
      }
      if (convex) {
        FittedPreprocessing pre = Preprocessing.ENCODED.fit(data);
        double[] x = Matrices.transform(pre, data);
        double[] beta = RidgeSolver.convex(x, n, pre.width(), yv, w, alpha);
        double[] row = java.util.Arrays.copyOf(beta, pre.width() + 1);
        return new RidgeRegressor(pre, row, alpha);
      }
      FittedPreprocessing pre = Preprocessing.LINEAR.fit(data);
      double[] x = Matrices.transform(pre, data);
      double[][] y = new double[n][1];
      for (int i = 0; i < n; i++) y[i][0] = yv[i];
      RidgeSolver.Solution s = RidgeSolver.solve(x, n, pre.width(), y, w, alpha, toArray(alphas), positive);
      return new RidgeRegressor(pre, s.coefficients()[0], s.alpha());
    }
    if (convex) {
      throw new BadInputException("params.convex", "convex applies to regression targets only, got a class target");
    }
    Target.Classes target = data.classes();
    int k = target.numClasses();
    FittedPreprocessing pre = Preprocessing.LINEAR.fit(data);
    if (k == 1) return new RidgeClassifier(pre, target.classes(), new double[0][pre.width() + 1], alpha);
    double[] x = Matrices.transform(pre, data);
    int cols = k == 2 ? 1 : k;
    double[][] y = new double[n][cols];
    for (int i = 0; i < n; i++) {
      int yi = target.get(i);
      if (k == 2) {
        y[i][0] = yi == 1 ? 1 : -1;
      } else {
        for (int c = 0; c < k; c++) y[i][c] = c == yi ? 1 : -1;
      }
    }
    RidgeSolver.Solution s = RidgeSolver.solve(x, n, pre.width(), y, w, alpha, toArray(alphas), positive);
    return new RidgeClassifier(pre, target.classes(), s.coefficients(), s.alpha());
  }

  private static double[] toArray(List<Double> list) {
    double[] a = new double[list.size()];
    for (int i = 0; i < a.length; i++) a[i] = list.get(i);
    return a;
  }
}
