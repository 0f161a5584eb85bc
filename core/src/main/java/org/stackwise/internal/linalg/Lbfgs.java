package org.stackwise.internal.linalg;

import java.util.function.BooleanSupplier;

/**
 * Limited-memory BFGS minimisation of a smooth function, with a line search that enforces the strong
 * Wolfe conditions (sufficient decrease with {@code c1 = 1e-4}, curvature with {@code c2 = 0.9}).
 *
 * <p>The search direction comes from the usual two-loop recursion over the last {@code memory}
 * (step, gradient change) pairs, with the initial Hessian scaled by {@code sᵀy / yᵀy}. Pairs with
 * non-positive curvature are skipped so the implicit Hessian stays positive definite. The line search
 * brackets a step and then zooms with safeguarded cubic interpolation (Nocedal &amp; Wright,
 * <em>Numerical Optimization</em>, 2nd ed., Algorithms 3.5, 3.6 and 7.4).
 *
 * <p>Stops when the largest absolute gradient component is at most the gradient tolerance, when the
 * relative decrease of the value over one iteration is at most the value tolerance (the test of
 * SciPy's L-BFGS-B {@code ftol}; a value tolerance of 0 turns this test off), or after
 * {@code maxIterations}. The computation is sequential and
 * deterministic: the same objective and start give bit-identical results.
 *
 * <p>Immutable: {@code withX} methods return modified copies.
 */
public final class Lbfgs {
  /** A differentiable objective. */
  @FunctionalInterface
  public interface Objective {
    /**
     * Returns f(x) and writes ∇f(x) into {@code gradient} (same length as {@code x}). Must not keep or
     * modify {@code x}. May return {@code +Infinity} or NaN where f is not defined; the line search
     * then shortens the step.
     */
    double valueAndGradient(double[] x, double[] gradient);
  }

  /** Why the minimisation stopped. */
  public enum Status {
    /** The largest absolute gradient component fell to the tolerance. */
    GRADIENT_TOLERANCE,
    /** The relative decrease of the value in one iteration fell to the tolerance. */
    VALUE_TOLERANCE,
    /** The iteration limit was reached first. */
    MAX_ITERATIONS,
    /** No step satisfying the Wolfe conditions was found even along the steepest descent direction. */
    LINE_SEARCH_FAILED;

    /** True for the two tolerance stops. */
    public boolean converged() {
      return this == GRADIENT_TOLERANCE || this == VALUE_TOLERANCE;
    }
  }

  /** The outcome: the best point found, its value, the gradient's max-norm and counts. */
  public record Result(double[] x, double value, double gradientMaxNorm, int iterations, int evaluations,
                       Status status) {
    public Result {
      x = x.clone();
    }

    @Override public double[] x() { return x.clone(); }
  }

  private static final double C1 = 1e-4;
  private static final double C2 = 0.9;
  private static final int MAX_LINE_SEARCH = 40;

  private final int memory;
  private final int maxIterations;
  private final double gradientTolerance;
  private final double valueTolerance;

  private Lbfgs(int memory, int maxIterations, double gradientTolerance, double valueTolerance) {
    if (memory < 1) throw new IllegalArgumentException("memory must be at least 1, got " + memory);
    if (maxIterations < 0) throw new IllegalArgumentException("maxIterations must be >= 0, got " + maxIterations);
    if (!(gradientTolerance >= 0)) throw new IllegalArgumentException("gradientTolerance must be >= 0, got " + gradientTolerance);
    if (!(valueTolerance >= 0)) throw new IllegalArgumentException("valueTolerance must be >= 0, got " + valueTolerance);
    this.memory = memory;
    this.maxIterations = maxIterations;
    this.gradientTolerance = gradientTolerance;
    this.valueTolerance = valueTolerance;
  }

  /** Memory 10, 1000 iterations, gradient tolerance 1e-6, value tolerance 64·machine epsilon. */
  public static Lbfgs defaults() {
    return new Lbfgs(10, 1000, 1e-6, 64 * Math.ulp(1.0));
  }

  public Lbfgs withMemory(int m) { return new Lbfgs(m, maxIterations, gradientTolerance, valueTolerance); }
  public Lbfgs withMaxIterations(int n) { return new Lbfgs(memory, n, gradientTolerance, valueTolerance); }
  public Lbfgs withGradientTolerance(double t) { return new Lbfgs(memory, maxIterations, t, valueTolerance); }
  public Lbfgs withValueTolerance(double t) { return new Lbfgs(memory, maxIterations, gradientTolerance, t); }

  /** Minimises {@code f} from {@code start} (not modified). */
  public Result minimize(Objective f, double[] start) {
    return minimize(f, start, () -> false);
  }

  /**
   * Minimises {@code f} from {@code start}; {@code stop} is polled once per iteration (a cancellation
   * hook: it may throw).
   *
   * @throws IllegalArgumentException if f or its gradient is not finite at {@code start}
   */
  public Result minimize(Objective f, double[] start, BooleanSupplier stop) {
    final int n = start.length;
    double[] x = start.clone();
    double[] g = new double[n];
    double fx = f.valueAndGradient(x, g);
    int evaluations = 1;
    if (!Double.isFinite(fx) || !allFinite(g)) {
      throw new IllegalArgumentException("objective or gradient is not finite at the starting point: " + fx);
    }
    double gmax = maxAbs(g);
    if (gmax <= gradientTolerance) return new Result(x, fx, gmax, 0, evaluations, Status.GRADIENT_TOLERANCE);

    double[][] s = new double[memory][n];
    double[][] y = new double[memory][n];
    double[] rho = new double[memory];
    double[] alpha = new double[memory];
    int stored = 0;
    int newest = -1;

    double[] d = new double[n];
    LineSearch ls = new LineSearch(n);
    Status status = Status.MAX_ITERATIONS;
    int iter = 0;
    boolean freshDirection = true; // steepest descent: no curvature information yet
    while (iter < maxIterations) {
      if (stop.getAsBoolean()) break;
      // direction d = -H g by the two-loop recursion
      for (int i = 0; i < n; i++) d[i] = -g[i];
      if (stored > 0) {
        int idx = newest;
        for (int k = 0; k < stored; k++) {
          alpha[idx] = rho[idx] * dot(s[idx], d);
          axpy(-alpha[idx], y[idx], d);
          idx = (idx - 1 + memory) % memory;
        }
        double gamma = dot(s[newest], y[newest]) / dot(y[newest], y[newest]);
        for (int i = 0; i < n; i++) d[i] *= gamma;
        idx = (newest - stored + 1 + memory) % memory;
        for (int k = 0; k < stored; k++) {
          double beta = rho[idx] * dot(y[idx], d);
          axpy(alpha[idx] - beta, s[idx], d);
          idx = (idx + 1) % memory;
        }
      }
      double slope = dot(g, d);
      if (!(slope < 0)) { // not a descent direction (round-off): restart from steepest descent
        stored = 0;
        freshDirection = true;
        for (int i = 0; i < n; i++) d[i] = -g[i];
        slope = -dot(g, g);
      }
      double step0 = freshDirection ? Math.min(1.0, 1.0 / Math.sqrt(-slope)) : 1.0;
      boolean ok = ls.search(f, x, fx, g, d, slope, step0);
      evaluations += ls.evaluations;
      if (!ok) {
        if (!freshDirection) { // drop the curvature memory and retry along -g once
          stored = 0;
          freshDirection = true;
          continue;
        }
        status = Status.LINE_SEARCH_FAILED;
        break;
      }
      iter++;
      double fPrev = fx;
      int slot = (newest + 1) % memory;
      double[] sNew = s[slot];
      double[] yNew = y[slot];
      for (int i = 0; i < n; i++) {
        sNew[i] = ls.x[i] - x[i];
        yNew[i] = ls.g[i] - g[i];
      }
      System.arraycopy(ls.x, 0, x, 0, n);
      System.arraycopy(ls.g, 0, g, 0, n);
      fx = ls.f;
      double sy = dot(sNew, yNew);
      if (sy > 1e-12 * Math.sqrt(dot(sNew, sNew) * dot(yNew, yNew)) && sy > 0) {
        rho[slot] = 1.0 / sy;
        newest = slot;
        stored = Math.min(stored + 1, memory);
        freshDirection = false;
      }
      gmax = maxAbs(g);
      if (gmax <= gradientTolerance) {
        status = Status.GRADIENT_TOLERANCE;
        break;
      }
      if (valueTolerance > 0 && fPrev - fx <= valueTolerance * Math.max(Math.max(Math.abs(fPrev), Math.abs(fx)), 1.0)) {
        status = Status.VALUE_TOLERANCE;
        break;
      }
    }
    return new Result(x, fx, maxAbs(g), iter, evaluations, status);
  }

  /** Strong-Wolfe line search along d from x; on success the accepted point is in x, f, g. */
  private static final class LineSearch {
    final double[] x;
    final double[] g;
    double f;
    int evaluations;
    // trial point buffers and the "low" end of the bracket
    private final double[] xt;
    private final double[] gt;
    private final double[] xLo;
    private final double[] gLo;

    LineSearch(int n) {
      x = new double[n];
      g = new double[n];
      xt = new double[n];
      gt = new double[n];
      xLo = new double[n];
      gLo = new double[n];
    }

    boolean search(Objective fn, double[] x0, double f0, double[] g0, double[] d, double slope0, double step0) {
      evaluations = 0;
      double aPrev = 0;
      double fPrev = f0;
      double dPrev = slope0;
      // the bracket's low end starts at the current point
      System.arraycopy(x0, 0, xLo, 0, x0.length);
      System.arraycopy(g0, 0, gLo, 0, g0.length);
      double a = step0;
      for (int i = 0; i < MAX_LINE_SEARCH; i++) {
        double ft = evaluate(fn, x0, d, a);
        double dt = Double.isFinite(ft) ? dot(gt, d) : Double.NaN;
        if (!Double.isFinite(ft) || !sufficientDecrease(f0, slope0, a, ft, dt)
            || (i > 0 && ft >= fPrev && !inNoise(f0, ft))) {
          return zoom(fn, x0, f0, d, slope0, aPrev, fPrev, dPrev, a, ft, dt, MAX_LINE_SEARCH - i - 1);
        }
        if (Math.abs(dt) <= -C2 * slope0) return accept(ft);
        if (dt >= 0) {
          saveLo();
          return zoom(fn, x0, f0, d, slope0, a, ft, dt, aPrev, fPrev, dPrev, MAX_LINE_SEARCH - i - 1);
        }
        saveLo();
        aPrev = a;
        fPrev = ft;
        dPrev = dt;
        a *= 2;
      }
      return acceptLoIfDecrease(fPrev, f0);
    }

    private boolean zoom(Objective fn, double[] x0, double f0, double[] d, double slope0,
                         double aLo, double fLo, double dLo, double aHi, double fHi, double dHi, int budget) {
      for (int j = 0; j < budget; j++) {
        double width = aHi - aLo;
        double a = cubicMinimizer(aLo, fLo, dLo, aHi, fHi, dHi);
        double lo = Math.min(aLo, aHi);
        double hi = Math.max(aLo, aHi);
        double margin = 0.1 * (hi - lo);
        if (!Double.isFinite(a) || a < lo + margin || a > hi - margin) a = aLo + 0.5 * width;
        if (a == aLo || a == aHi) break; // the interval collapsed in floating point
        double ft = evaluate(fn, x0, d, a);
        double dt = Double.isFinite(ft) ? dot(gt, d) : Double.NaN;
        if (!Double.isFinite(ft) || !sufficientDecrease(f0, slope0, a, ft, dt) || (ft >= fLo && !inNoise(f0, ft))) {
          aHi = a;
          fHi = ft;
          dHi = dt;
        } else {
          if (Math.abs(dt) <= -C2 * slope0) return accept(ft);
          if (dt * (aHi - aLo) >= 0) {
            aHi = aLo;
            fHi = fLo;
            dHi = dLo;
          }
          aLo = a;
          fLo = ft;
          dLo = dt;
          saveLo();
        }
      }
      // no strong-Wolfe point: keep the low end when it at least decreased f (Armijo holds there)
      return acceptLoIfDecrease(fLo, f0);
    }

    /**
     * Armijo's condition, or — when f(a) differs from f(0) only at round-off level, so that values can
     * no longer rank steps — the derivative form of it from the approximate Wolfe conditions of Hager
     * &amp; Zhang (SIAM J. Optim. 16, 2005): φ'(a) ≤ (2δ − 1)·φ'(0) with δ = 0.1. This lets the search
     * finish converging to tight gradient tolerances.
     */
    private static boolean sufficientDecrease(double f0, double slope0, double a, double ft, double dt) {
      if (ft <= f0 + C1 * a * slope0) return true;
      return inNoise(f0, ft) && dt <= -0.8 * slope0;
    }

    private static boolean inNoise(double f0, double ft) {
      return Math.abs(ft - f0) <= 1e-12 * Math.max(1.0, Math.abs(f0));
    }

    private boolean acceptLoIfDecrease(double fLo, double f0) {
      if (fLo < f0) {
        System.arraycopy(xLo, 0, x, 0, x.length);
        System.arraycopy(gLo, 0, g, 0, g.length);
        f = fLo;
        return true;
      }
      return false;
    }

    private double evaluate(Objective fn, double[] x0, double[] d, double a) {
      for (int i = 0; i < xt.length; i++) xt[i] = x0[i] + a * d[i];
      evaluations++;
      double v = fn.valueAndGradient(xt, gt);
      return Double.isFinite(v) && allFinite(gt) ? v : Double.POSITIVE_INFINITY;
    }

    private void saveLo() {
      System.arraycopy(xt, 0, xLo, 0, xt.length);
      System.arraycopy(gt, 0, gLo, 0, gt.length);
    }

    private boolean accept(double ft) {
      System.arraycopy(xt, 0, x, 0, x.length);
      System.arraycopy(gt, 0, g, 0, g.length);
      f = ft;
      return true;
    }
  }

  /** Minimiser of the cubic through (a, fa, da) and (b, fb, db); NaN when it does not exist. */
  static double cubicMinimizer(double a, double fa, double da, double b, double fb, double db) {
    if (!Double.isFinite(fa) || !Double.isFinite(fb) || !Double.isFinite(da) || !Double.isFinite(db)) return Double.NaN;
    double d1 = da + db - 3 * (fa - fb) / (a - b);
    double disc = d1 * d1 - da * db;
    if (disc < 0) return Double.NaN;
    double d2 = Math.copySign(Math.sqrt(disc), b - a);
    double denom = db - da + 2 * d2;
    if (denom == 0) return Double.NaN;
    return b - (b - a) * (db + d2 - d1) / denom;
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }

  private static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) y[i] += a * x[i];
  }

  private static double maxAbs(double[] v) {
    double m = 0;
    for (double e : v) m = Math.max(m, Math.abs(e));
    return m;
  }

  private static boolean allFinite(double[] v) {
    for (double e : v) if (!Double.isFinite(e)) return false;
    return true;
  }

  @Override public String toString() {
    return "Lbfgs[memory=" + memory + ", maxIterations=" + maxIterations + ", gradientTolerance="
        + gradientTolerance + ", valueTolerance=" + valueTolerance + "]";
  }
}
