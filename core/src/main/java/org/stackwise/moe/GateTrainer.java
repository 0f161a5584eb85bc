package org.stackwise.moe;

import java.util.SplittableRandom;
import org.stackwise.FitContext;

/**
 * Fits a gate network to soft targets (per-row responsibilities): minimises the weighted cross-entropy
 * {@code −Σ_n w_n Σ_k r_nk log g_k(x_n)} by mini-batch Adam, starting from the given parameters. Used to
 * pre-train an MLP gate on the k-means assignment and for the gate's M-step in EM training.
 */
final class GateTrainer {
  private GateTrainer() { }

  /**
   * @param u gate features, {@code n × gate.inputs()}
   * @param targets responsibilities, {@code n × K}, each row summing to 1
   * @param w row weights with mean 1
   * @return the fitted parameters (a new array)
   */
  static double[] fit(double[] u, int n, double[] targets, double[] w, Dense gate, double[] theta, int epochs,
                      double learningRate, int batchSize, double lambda, SplittableRandom rng, FitContext ctx) {
    int experts = gate.outputs();
    int d = gate.inputs();
    int batch = Math.min(batchSize, n);
    double[] t = theta.clone();
    double[] grad = new double[t.length];
    Adam adam = new Adam(t.length, gate.weightMask());
    double[] ub = new double[batch * d];
    double[][] acts = gate.buffers(batch);
    double[] dA = new double[batch * experts];
    double[] g = new double[experts];
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) perm[i] = i;
    for (int e = 0; e < epochs; e++) {
      ctx.checkCancelled();
      for (int i = n - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int s = perm[i];
        perm[i] = perm[j];
        perm[j] = s;
      }
      for (int from = 0; from < n; from += batch) {
        int b = Math.min(batch, n - from);
        for (int r = 0; r < b; r++) System.arraycopy(u, perm[from + r] * d, ub, r * d, d);
        double[] logits = gate.forward(t, ub, b, acts);
        for (int r = 0; r < b; r++) {
          int row = perm[from + r];
          Routing.softmax(logits, r * experts, experts, g);
          double omega = w[row] / b;
          for (int k = 0; k < experts; k++) dA[r * experts + k] = omega * (g[k] - targets[row * experts + k]);
        }
        gate.backward(t, acts, b, dA, grad);
        adam.step(t, grad, learningRate, lambda);
      }
    }
    return t;
  }
}
