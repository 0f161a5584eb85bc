package org.stackwise.moe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.stackwise.Classifier;
import org.stackwise.FitContext;
import org.stackwise.Learner;
import org.stackwise.Model;
import org.stackwise.Regressor;
import org.stackwise.data.Dataset;
import org.stackwise.internal.Parallel;

/**
 * EM-style training for experts that are any catalogue learner (Jordan and Jacobs 1994, "Hierarchical
 * mixtures of experts and the EM algorithm"), maximising the mixture likelihood:
 * <ol>
 *   <li>M-step, experts: expert k is refitted on the rows with weights {@code w_n·r_nk} (rows whose
 *       responsibility is below {@link #MIN_RESPONSIBILITY} are left out, which keeps specialised experts cheap);
 *       regression experts get the weighted residual variance as their noise variance;
 *   <li>M-step, gate: the gate is refitted to the responsibilities ({@link GateTrainer});
 *   <li>E-step: {@code r_nk ∝ g_k(x_n)·p_k(y_n|x_n)} (class probability, or Gaussian density for numbers).
 * </ol>
 * The first responsibilities are the soft k-means assignment of the gate features. Stops after
 * {@code iterations} or when the mean log-likelihood improves by less than {@code tol} (relative).
 * Experts of one iteration are fitted in parallel, each from its own child seed, so the result does not
 * depend on the thread count.
 */
final class EmTrainer {
  static final double MIN_RESPONSIBILITY = 1e-3;
  private static final double MIN_PROB = 1e-12;

  /** Settings. */
  record Config(int iterations, double tol, int gateEpochs, double learningRate, int batchSize, double lambdaGate) { }

  /** Fitted experts, gate parameters, noise variances (regression) and the log-likelihood per iteration. */
  record Result(List<Model> experts, double[] gate, double[] variances, int iterations, double[] logLikelihood) { }

  private EmTrainer() { }

  static Result train(Dataset data, double[] u, double[] w, Learner expert, int experts, Dense gate, double[] gateTheta,
                      double[] r0, Config cfg, SplittableRandom rng, FitContext ctx) {
    int n = data.rows();
    boolean classification = data.task() == org.stackwise.Task.CLASSIFICATION;
    int[] yc = classification ? data.classes().indices() : null;
    double[] yv = classification ? null : data.numericTarget().values();
    double yVar = classification ? 1 : weightedVariance(yv, w);
    double[] r = r0.clone();
    double[] gTheta = gateTheta.clone();
    List<Model> models = new ArrayList<>();
    for (int k = 0; k < experts; k++) models.add(null);
    double[] variances = classification ? null : new double[experts];
    double[] curve = new double[cfg.iterations()];
    double prev = Double.NEGATIVE_INFINITY;
    int it = 0;
    Dataset features = data;
    while (it < cfg.iterations()) {
      ctx.checkCancelled();
      final double[] resp = r;
      final int iter = it;
      List<Callable<Model>> tasks = new ArrayList<>();
      for (int k = 0; k < experts; k++) {
        final int kk = k;
        final Model previous = models.get(k);
        tasks.add(() -> fitExpert(features, w, resp, experts, kk, expert, previous,
            child(ctx, "em" + iter + "/expert" + kk)));
      }
      List<Model> fitted = Parallel.run(tasks, ctx.threads());
      models = new ArrayList<>(fitted);
      gTheta = GateTrainer.fit(u, n, r, w, gate, gTheta, cfg.gateEpochs(), cfg.learningRate(), cfg.batchSize(),
          cfg.lambdaGate(), rng, ctx);

      // E-step: log p_k(y_n | x_n) for every expert
      double[] logLik = new double[n * experts];
      Dataset x = data.featuresOnly();
      for (int k = 0; k < experts; k++) {
        if (classification) {
          double[][] p = ((Classifier) models.get(k)).predictProba(x);
          for (int i = 0; i < n; i++) logLik[i * experts + k] = Math.log(Math.max(MIN_PROB, p[i][yc[i]]));
        } else {
          double[] mu = ((Regressor) models.get(k)).predict(x);
          double num = 0;
          double den = 0;
          for (int i = 0; i < n; i++) {
            double rw = w[i] * resp[i * experts + k];
            num += rw * (yv[i] - mu[i]) * (yv[i] - mu[i]);
            den += rw;
          }
          double var = Math.max(den > 0 ? num / den : yVar, 1e-9 * yVar + Double.MIN_NORMAL);
          variances[k] = var;
          for (int i = 0; i < n; i++) {
            double res = yv[i] - mu[i];
            logLik[i * experts + k] = -0.5 * Math.log(2 * Math.PI * var) - res * res / (2 * var);
          }
        }
      }
      double[] logits = gateLogits(u, n, gate, gTheta);
      double[] g = new double[experts];
      double ll = 0;
      double wsum = 0;
      double[] next = new double[n * experts];
      for (int i = 0; i < n; i++) {
        Routing.softmax(logits, i * experts, experts, g);
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < experts; k++) {
          double a = Math.log(Math.max(g[k], Double.MIN_NORMAL)) + logLik[i * experts + k];
          next[i * experts + k] = a;
          max = Math.max(max, a);
        }
        double sum = 0;
        for (int k = 0; k < experts; k++) sum += Math.exp(next[i * experts + k] - max);
        double lse = max + Math.log(sum);
        for (int k = 0; k < experts; k++) next[i * experts + k] = Math.exp(next[i * experts + k] - lse);
        ll += w[i] * lse;
        wsum += w[i];
      }
      r = next;
      double mean = ll / wsum;
      curve[it++] = mean;
      if (Double.isFinite(prev) && Math.abs(mean - prev) <= cfg.tol() * Math.max(1e-12, Math.abs(prev))) break;
      prev = mean;
    }
    return new Result(models, gTheta, variances, it, Arrays.copyOf(curve, it));
  }

  private static FitContext child(FitContext ctx, String name) {
    return ctx.threads() > 1 ? ctx.singleThreadedChild(name) : ctx.child(name);
  }

  /** Refits expert {@code k} on its responsibility-weighted rows; keeps {@code previous} when it has none. */
  private static Model fitExpert(Dataset data, double[] w, double[] r, int experts, int k, Learner expert, Model previous,
                                 FitContext ctx) {
    int n = data.rows();
    int count = 0;
    for (int i = 0; i < n; i++) if (r[i * experts + k] >= MIN_RESPONSIBILITY && w[i] > 0) count++;
    if (count == 0) {
      if (previous != null) return previous;
      return expert.fit(data, ctx);
    }
    int[] rows = new int[count];
    double[] ws = new double[count];
    count = 0;
    for (int i = 0; i < n; i++) {
      double rw = r[i * experts + k];
      if (rw >= MIN_RESPONSIBILITY && w[i] > 0) {
        rows[count] = i;
        ws[count++] = w[i] * rw;
      }
    }
    return expert.fit(data.select(rows).withWeights(ws), ctx);
  }

  static double[] gateLogits(double[] u, int n, Dense gate, double[] theta) {
    int d = gate.inputs();
    int k = gate.outputs();
    double[] out = new double[n * k];
    int c = Math.min(256, Math.max(1, n));
    double[][] acts = gate.buffers(c);
    double[] chunk = new double[c * d];
    for (int from = 0; from < n; from += 256) {
      int b = Math.min(256, n - from);
      System.arraycopy(u, from * d, chunk, 0, b * d);
      System.arraycopy(gate.forward(theta, chunk, b, acts), 0, out, from * k, b * k);
    }
    return out;
  }

  static double weightedVariance(double[] y, double[] w) {
    double s = 0;
    double sw = 0;
    for (int i = 0; i < y.length; i++) {
      s += w[i] * y[i];
      sw += w[i];
    }
    double m = s / sw;
    double v = 0;
    for (int i = 0; i < y.length; i++) v += w[i] * (y[i] - m) * (y[i] - m);
    v /= sw;
    return v > 0 ? v : 1.0;
  }
}
