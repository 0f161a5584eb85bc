package org.stackwise.learners.mlp;

/**
 * The dense kernels of the network, on flat row-major arrays. Every loop runs over a contiguous
 * innermost index (an "axpy" over the output units), which the JIT vectorises; no kernel allocates.
 *
 * <p>Training and prediction use the same {@link #affine} kernel, so a row's prediction is computed by
 * exactly the same sequence of floating-point operations whether it is predicted alone or in a batch.
 */
final class Kernels {
  private Kernels() { }

  /**
   * {@code z[i, :] = b + Σ_k a[i, k] · W[k, :]} for {@code n} rows; {@code W} is {@code in × out}
   * row-major at {@code theta[wOff]}, {@code b} at {@code theta[bOff]}. Zero inputs (ReLU units that
   * are off, one-hot zeros) are skipped, which is exact.
   */
  static void affine(double[] a, int aOff, int n, int in, double[] theta, int wOff, int bOff, int out, double[] z) {
    for (int i = 0; i < n; i++) {
      int zo = i * out;
      System.arraycopy(theta, bOff, z, zo, out);
      int ao = aOff + i * in;
      for (int k = 0; k < in; k++) {
        double v = a[ao + k];
        if (v == 0.0) continue;
        int wo = wOff + k * out;
        for (int j = 0; j < out; j++) z[zo + j] += v * theta[wo + j];
      }
    }
  }

  /** Applies the hidden activation in place to the first {@code len} values. */
  static void activate(Activation act, double[] z, int len) {
    if (act == Activation.RELU) {
      for (int i = 0; i < len; i++) z[i] = z[i] > 0.0 ? z[i] : 0.0;
    } else {
      for (int i = 0; i < len; i++) z[i] = tanh(z[i]);
    }
  }

  /**
   * tanh from {@link Math#exp} (a JIT intrinsic, unlike {@link Math#tanh} which calls into fdlibm);
   * absolute error about 1e-16, which is all a network needs.
   */
  static double tanh(double x) {
    if (x > 20) return 1.0;
    if (x < -20) return -1.0;
    double e = Math.exp(2 * x);
    return (e - 1) / (e + 1);
  }

  /**
   * Row-wise softmax in place over {@code n} rows of width {@code k}; returns nothing. Uses the
   * max-shift so large logits do not overflow.
   */
  static void softmax(double[] z, int n, int k) {
    for (int i = 0; i < n; i++) {
      int o = i * k;
      double max = z[o];
      for (int j = 1; j < k; j++) if (z[o + j] > max) max = z[o + j];
      double sum = 0;
      for (int j = 0; j < k; j++) {
        double e = Math.exp(z[o + j] - max);
        z[o + j] = e;
        sum += e;
      }
      for (int j = 0; j < k; j++) z[o + j] /= sum;
    }
  }

  /**
   * Accumulates the weight gradient {@code G[k, :] += Σ_i a[i, k] · d[i, :]} and the bias gradient
   * {@code g_b += Σ_i d[i, :]} (G at {@code grad[wOff]}, {@code in × out}; g_b at {@code grad[bOff]}).
   */
  static void weightGradient(double[] a, int n, int in, double[] d, int out, double[] grad, int wOff, int bOff) {
    for (int i = 0; i < n; i++) {
      int ao = i * in;
      int dOff = i * out;
      for (int k = 0; k < in; k++) {
        double v = a[ao + k];
        if (v == 0.0) continue;
        int go = wOff + k * out;
        for (int j = 0; j < out; j++) grad[go + j] += v * d[dOff + j];
      }
      for (int j = 0; j < out; j++) grad[bOff + j] += d[dOff + j];
    }
  }

  /**
   * Back-propagates through a layer: {@code da[i, :] = Σ_j d[i, j] · Wᵀ[j, :]}, with {@code Wᵀ} the
   * transposed weights ({@code out × in}), then multiplies by the activation's derivative, computed
   * from the layer's post-activation values {@code h}.
   */
  static void backprop(double[] d, int n, int out, double[] wt, int in, double[] h, Activation act, double[] da) {
    for (int i = 0; i < n; i++) {
      int ao = i * in;
      java.util.Arrays.fill(da, ao, ao + in, 0.0);
      int dOff = i * out;
      for (int j = 0; j < out; j++) {
        double v = d[dOff + j];
        if (v == 0.0) continue;
        int to = j * in;
        for (int k = 0; k < in; k++) da[ao + k] += v * wt[to + k];
      }
    }
    int len = n * in;
    if (act == Activation.RELU) {
      for (int i = 0; i < len; i++) if (!(h[i] > 0.0)) da[i] = 0.0;
    } else {
      for (int i = 0; i < len; i++) da[i] *= 1.0 - h[i] * h[i];
    }
  }

  /** {@code wt[j, k] = W[k, j]}: the transposed copy of an {@code in × out} weight block. */
  static void transpose(double[] theta, int wOff, int in, int out, double[] wt) {
    for (int k = 0; k < in; k++) {
      int wo = wOff + k * out;
      for (int j = 0; j < out; j++) wt[j * in + k] = theta[wo + j];
    }
  }
}
