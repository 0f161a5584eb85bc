package org.stackwise.moe;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.stackwise.FitContext;

/**
 * Joint training of a gate network and K expert networks by mini-batch Adam on one {@link MoeLoss}.
 *
 * <p>Per batch: the gate's logits route each row to its top {@code kTrain} experts (weights renormalised
 * over those); each expert runs forward and backward only on the rows routed to it; the loss gives
 * ∂/∂(expert outputs) and ∂/∂(gate logits):
 * <ul>
 *   <li>specialising {@code Σ g_k ℓ_k}: expert k's error is weighted by {@code g_k}; the gate logit
 *       gradient is {@code g_k (ℓ_k − Σ_j g_j ℓ_j)} — experts better than the gated average gain weight;
 *   <li>likelihood {@code −log Σ g_k e^{−ℓ_k}}: weights are the posteriors {@code h_k ∝ g_k e^{−ℓ_k}},
 *       gate gradient {@code g_k − h_k};
 *   <li>collapsing {@code L(y, Σ g_k f_k)}: every expert gets the blended output's residual.
 * </ul>
 * The optional load-balancing term adds {@code balance·K·Σ_k f_k P_k} per batch (f_k: share of rows
 * whose largest gate is k, held constant; P_k: mean dense gate probability). Row weights (mean 1)
 * scale each row's terms.
 *
 * <p>Single-threaded and seeded: the shuffling stream is the only randomness, so the result depends on
 * the seed only.
 */
final class JointTrainer {
  /** Training settings. {@code lambdaGate}, {@code lambdaExpert}: L2 on weights per mean row loss. */
  record Config(MoeLoss loss, int kTrain, double balance, double learningRate, int batchSize, int maxEpochs,
                int patience, double tol, double lambdaGate, double lambdaExpert, boolean variance, boolean trainGate) { }

  /** What came out: parameters, epochs run and the mean training loss of each epoch. */
  record Result(double[] gate, double[][] experts, int epochs, double[] lossCurve) { }

  /** Log-variance is clamped to this range so a variance head cannot blow up the loss. */
  static final double MAX_LOG_VAR = 12;

  private JointTrainer() { }

  /**
   * @param u gate features, {@code n × gate.inputs()}, row-major
   * @param v expert features, {@code n × expert.inputs()}, row-major
   * @param yClass class per row (classification) or null
   * @param yValue standardised target (regression) or null
   * @param w row weights with mean 1
   */
  static Result train(double[] u, double[] v, int n, int[] yClass, double[] yValue, double[] w, Dense gate,
                      double[] gateTheta, Dense expert, double[][] expertTheta, Config cfg, SplittableRandom rng,
                      FitContext ctx) {
    int experts = expertTheta.length;
    int kTrain = Math.min(experts, cfg.kTrain());
    int dg = gate.inputs();
    int de = expert.inputs();
    int out = expert.outputs();
    boolean classification = yClass != null;
    int batch = Math.min(cfg.batchSize(), n);

    double[] gTheta = gateTheta.clone();
    double[][] eTheta = new double[experts][];
    for (int k = 0; k < experts; k++) eTheta[k] = expertTheta[k].clone();
    double[] gGrad = new double[gTheta.length];
    double[][] eGrad = new double[experts][expert.count];
    Adam gAdam = new Adam(gTheta.length, gate.weightMask());
    Adam[] eAdam = new Adam[experts];
    boolean[] eMask = expert.weightMask();
    for (int k = 0; k < experts; k++) eAdam[k] = new Adam(expert.count, eMask);

    double[] ub = new double[batch * dg];
    double[][] gActs = gate.buffers(batch);
    double[] dA = new double[batch * experts];
    double[][] vb = new double[experts][batch * de];
    double[][][] eActs = new double[experts][][];
    for (int k = 0; k < experts; k++) eActs[k] = expert.buffers(batch);
    double[][] dOut = new double[experts][batch * out];
    int[] cnt = new int[experts];
    int[][] sel = new int[batch][kTrain];
    double[][] gs = new double[batch][kTrain];
    int[][] pos = new int[batch][kTrain];
    int[][] rowOf = new int[experts][batch];
    double[] full = new double[experts];
    double[][] prob = new double[kTrain][out];
    double[] ell = new double[kTrain];
    double[] dEll = new double[kTrain];
    double[] q = new double[out];

    int[] perm = new int[n];
    for (int i = 0; i < n; i++) perm[i] = i;
    double[] curve = new double[cfg.maxEpochs()];
    double best = Double.POSITIVE_INFINITY;
    int stale = 0;
    int epoch = 0;
    while (epoch < cfg.maxEpochs()) {
      ctx.checkCancelled();
      for (int i = n - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
      double epochLoss = 0;
      for (int from = 0; from < n; from += batch) {
        int b = Math.min(batch, n - from);
        for (int r = 0; r < b; r++) System.arraycopy(u, perm[from + r] * dg, ub, r * dg, dg);
        double[] logits = gate.forward(gTheta, ub, b, gActs);
        Arrays.fill(cnt, 0);
        for (int r = 0; r < b; r++) {
          Routing.route(logits, r * experts, experts, kTrain, sel[r], gs[r]);
          for (int s = 0; s < kTrain; s++) {
            int k = sel[r][s];
            pos[r][s] = cnt[k];
            rowOf[k][cnt[k]] = r;
            System.arraycopy(v, perm[from + r] * de, vb[k], cnt[k] * de, de);
            cnt[k]++;
          }
        }
        double[][] eo = new double[experts][];
        for (int k = 0; k < experts; k++) {
          if (cnt[k] > 0) eo[k] = expert.forward(eTheta[k], vb[k], cnt[k], eActs[k]);
          Arrays.fill(dOut[k], 0, Math.max(cnt[k], 0) * out, 0.0);
        }
        Arrays.fill(dA, 0, b * experts, 0.0);
        double batchLoss = 0;
        for (int r = 0; r < b; r++) {
          int row = perm[from + r];
          double omega = w[row] / b;
          double loss;
          if (classification) {
            int y = yClass[row];
            for (int s = 0; s < kTrain; s++) {
              int k = sel[r][s];
              int o = pos[r][s] * out;
              double max = Double.NEGATIVE_INFINITY;
              for (int c = 0; c < out; c++) max = Math.max(max, eo[k][o + c]);
              double z = 0;
              for (int c = 0; c < out; c++) {
                prob[s][c] = Math.exp(eo[k][o + c] - max);
                z += prob[s][c];
              }
              for (int c = 0; c < out; c++) prob[s][c] /= z;
              ell[s] = max + Math.log(z) - eo[k][o + y];
            }
            if (cfg.loss() == MoeLoss.COLLAPSING) {
              Arrays.fill(q, 0.0);
              for (int s = 0; s < kTrain; s++) for (int c = 0; c < out; c++) q[c] += gs[r][s] * prob[s][c];
              q[y] -= 1;
              loss = 0;
              for (int c = 0; c < out; c++) loss += 0.5 * q[c] * q[c];
              double meanDg = 0;
              for (int s = 0; s < kTrain; s++) {
                double dgk = 0;
                for (int c = 0; c < out; c++) dgk += q[c] * prob[s][c];
                dEll[s] = dgk;
                meanDg += gs[r][s] * dgk;
              }
              for (int s = 0; s < kTrain; s++) {
                int k = sel[r][s];
                int o = pos[r][s] * out;
                // ∂L/∂z = J_softmaxᵀ (g_k·q): p ⊙ (g q − p·(g q))
                double pq = 0;
                for (int c = 0; c < out; c++) pq += prob[s][c] * q[c];
                for (int c = 0; c < out; c++) dOut[k][o + c] = omega * gs[r][s] * prob[s][c] * (q[c] - pq);
                dA[r * experts + k] += omega * gs[r][s] * (dEll[s] - meanDg);
              }
            } else {
              loss = combine(cfg.loss(), gs[r], ell, dEll, kTrain, dA, r * experts, sel[r], omega);
              for (int s = 0; s < kTrain; s++) {
                int k = sel[r][s];
                int o = pos[r][s] * out;
                double c0 = omega * dEll[s];
                for (int c = 0; c < out; c++) dOut[k][o + c] = c0 * prob[s][c];
                dOut[k][o + y] -= c0;
              }
            }
          } else {
            double y = yValue[row];
            if (cfg.loss() == MoeLoss.COLLAPSING) {
              double m = 0;
              for (int s = 0; s < kTrain; s++) m += gs[r][s] * eo[sel[r][s]][pos[r][s] * out];
              double res = m - y;
              loss = 0.5 * res * res;
              double meanDg = 0;
              for (int s = 0; s < kTrain; s++) meanDg += gs[r][s] * res * eo[sel[r][s]][pos[r][s] * out];
              for (int s = 0; s < kTrain; s++) {
                int k = sel[r][s];
                int o = pos[r][s] * out;
                double mu = eo[k][o];
                dOut[k][o] = omega * gs[r][s] * res;
                dA[r * experts + k] += omega * gs[r][s] * (res * mu - meanDg);
              }
            } else {
              for (int s = 0; s < kTrain; s++) {
                int o = pos[r][s] * out;
                double[] e = eo[sel[r][s]];
                double res = y - e[o];
                if (cfg.variance()) {
                  double lv = clamp(e[o + 1]);
                  ell[s] = 0.5 * (lv + res * res * Math.exp(-lv));
                } else {
                  ell[s] = 0.5 * res * res;
                }
              }
              loss = combine(cfg.loss(), gs[r], ell, dEll, kTrain, dA, r * experts, sel[r], omega);
              for (int s = 0; s < kTrain; s++) {
                int k = sel[r][s];
                int o = pos[r][s] * out;
                double[] e = eo[k];
                double res = y - e[o];
                if (cfg.variance()) {
                  double lv = e[o + 1];
                  double ilv = Math.exp(-clamp(lv));
                  dOut[k][o] = omega * dEll[s] * (-res * ilv);
                  // the clamp is flat outside its range: no gradient there
                  dOut[k][o + 1] = Math.abs(lv) < MAX_LOG_VAR ? omega * dEll[s] * 0.5 * (1 - res * res * ilv) : 0.0;
                } else {
                  dOut[k][o] = omega * dEll[s] * (-res);
                }
              }
            }
          }
          batchLoss += w[row] * loss;
        }
        if (cfg.balance() > 0) batchLoss += b * balance(cfg.balance(), logits, b, experts, full, dA);
        epochLoss += batchLoss;
        for (int k = 0; k < experts; k++) {
          if (cnt[k] == 0) continue;
          expert.backward(eTheta[k], eActs[k], cnt[k], dOut[k], eGrad[k]);
          eAdam[k].step(eTheta[k], eGrad[k], cfg.learningRate(), cfg.lambdaExpert());
        }
        if (cfg.trainGate()) {
          gate.backward(gTheta, gActs, b, dA, gGrad);
          gAdam.step(gTheta, gGrad, cfg.learningRate(), cfg.lambdaGate());
        }
      }
      double mean = epochLoss / n;
      curve[epoch++] = mean;
      if (!Double.isFinite(mean)) throw new IllegalStateException("mixture-of-experts training diverged (loss " + mean
          + "); lower learning_rate");
      if (mean < best - cfg.tol()) {
        best = mean;
        stale = 0;
      } else if (++stale >= cfg.patience()) {
        break;
      }
    }
    return new Result(gTheta, eTheta, epoch, Arrays.copyOf(curve, epoch));
  }

  /**
   * Specialising or likelihood combination of per-slot losses {@code ell}: writes ∂L/∂ℓ_s (times nothing)
   * into {@code dEll}, adds ω·∂L/∂logit to {@code dA}, returns the row's loss.
   */
  private static double combine(MoeLoss loss, double[] g, double[] ell, double[] dEll, int m, double[] dA, int off,
                                int[] sel, double omega) {
    if (loss == MoeLoss.SPECIALISING) {
      double mean = 0;
      for (int s = 0; s < m; s++) mean += g[s] * ell[s];
      for (int s = 0; s < m; s++) {
        dEll[s] = g[s];
        dA[off + sel[s]] += omega * g[s] * (ell[s] - mean);
      }
      return mean;
    }
    // likelihood: L = −log Σ g_s e^{−ℓ_s}, computed in log space
    double max = Double.NEGATIVE_INFINITY;
    for (int s = 0; s < m; s++) {
      dEll[s] = g[s] > 0 ? Math.log(g[s]) - ell[s] : Double.NEGATIVE_INFINITY;
      max = Math.max(max, dEll[s]);
    }
    double sum = 0;
    for (int s = 0; s < m; s++) sum += Math.exp(dEll[s] - max);
    double l = -(max + Math.log(sum));
    for (int s = 0; s < m; s++) {
      double h = Math.exp(dEll[s] + l);
      dEll[s] = h;
      dA[off + sel[s]] += omega * (g[s] - h);
    }
    return l;
  }

  /**
   * Adds the load-balancing gradient to {@code dA}; returns the term's value for this batch. {@code f_k} is
   * the share of the batch's rows whose largest gate is expert k (held constant, as in the Switch
   * Transformer); {@code P_k} is the mean dense gate probability, through which the gradient flows.
   */
  private static double balance(double alpha, double[] logits, int b, int experts, double[] full, double[] dA) {
    double[] f = new double[experts];
    for (int r = 0; r < b; r++) {
      int top = 0;
      for (int k = 1; k < experts; k++) if (logits[r * experts + k] > logits[r * experts + top]) top = k;
      f[top] += 1.0 / b;
    }
    double[] c = new double[experts];
    for (int k = 0; k < experts; k++) c[k] = alpha * experts * f[k] / b;
    double value = 0;
    for (int r = 0; r < b; r++) {
      Routing.softmax(logits, r * experts, experts, full);
      double mean = 0;
      for (int k = 0; k < experts; k++) {
        mean += full[k] * c[k];
        value += full[k] * c[k];
      }
      for (int k = 0; k < experts; k++) dA[r * experts + k] += full[k] * (c[k] - mean);
    }
    return value;
  }

  static double clamp(double lv) {
    return Math.max(-MAX_LOG_VAR, Math.min(MAX_LOG_VAR, lv));
  }
}
