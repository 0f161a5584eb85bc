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
   * row-major at {@code theta[wOff]}, {@code b} at {@code theta[bOff]}. {@code idx} is scratch space of
   * at least {@code in} ints. Each row is computed on its own, so its result does not depend on its batch.
   */
  static void affine(double[] a, int aOff, int n, int in, double[] theta, int wOff, int bOff, int out, double[] z,
      int[] idx) {
    for (int i = 0; i < n; i++) {
      int zo = i * out;
      System.arraycopy(theta, bOff, z, zo, out);
      accumulateRow(a, aOff + i * in, in, theta, wOff, out, z, zo, idx);
    }
  }

  /**
   * {@code acc[accOff .. +out) += Σ_k v[vOff + k] · M[k, :]} with {@code M} ({@code in × out}, row-major)
   * at {@code m[mOff]}. Zero coefficients (ReLU units that are off, one-hot zeros, masked deltas) are
   * skipped; the rest are taken four at a time so that each pass over {@code acc} does four
   * multiply-adds per load and store. The sum is still formed strictly left to right, coefficient by
   * coefficient, so the result is the same as the plain loop's.
   */
  static void accumulateRow(double[] v, int vOff, int in, double[] m, int mOff, int out, double[] acc, int accOff,
      int[] idx) {
    int nz = 0;
    for (int k = 0; k < in; k++) if (v[vOff + k] != 0.0) idx[nz++] = k;
    int t = 0;
    for (; t + 4 <= nz; t += 4) {
      int k0 = idx[t];
      int k1 = idx[t + 1];
      int k2 = idx[t + 2];
      int k3 = idx[t + 3];
      double a0 = v[vOff + k0];
      double a1 = v[vOff + k1];
      double a2 = v[vOff + k2];
      double a3 = v[vOff + k3];
      int m0 = mOff + k0 * out;
      int m1 = mOff + k1 * out;
      int m2 = mOff + k2 * out;
      int m3 = mOff + k3 * out;
      for (int j = 0; j < out; j++) {
        acc[accOff + j] = acc[accOff + j] + a0 * m[m0 + j] + a1 * m[m1 + j] + a2 * m[m2 + j] + a3 * m[m3 + j];
      }
    }
    for (; t < nz; t++) {
      int k = idx[t];
      double a0 = v[vOff + k];
      int m0 = mOff + k * out;
      for (int j = 0; j < out; j++) acc[accOff + j] += a0 * m[m0 + j];
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
   * Rows are taken four at a time so each gradient row is loaded and stored once per four rows. For
   * narrow layers ({@code out < in}, such as a softmax over a few classes) the transposed gradient is
   * accumulated in {@code gt} (scratch of {@code in × out} doubles) so the innermost loop runs over the
   * longer dimension, then added to {@code G}.
   */
  static void weightGradient(double[] a, int n, int in, double[] d, int out, double[] grad, int wOff, int bOff,
      double[] gt) {
    if (out < in) {
      java.util.Arrays.fill(gt, 0, in * out, 0.0);
      transposedGradient(a, n, in, d, out, gt);
      for (int k = 0; k < in; k++) {
        int go = wOff + k * out;
        for (int j = 0; j < out; j++) grad[go + j] += gt[j * in + k];
      }
      for (int i = 0; i < n; i++) {
        int dOff = i * out;
        for (int j = 0; j < out; j++) grad[bOff + j] += d[dOff + j];
      }
      return;
    }
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      int a0 = i * in;
      int a1 = a0 + in;
      int a2 = a1 + in;
      int a3 = a2 + in;
      int d0 = i * out;
      int d1 = d0 + out;
      int d2 = d1 + out;
      int d3 = d2 + out;
      for (int k = 0; k < in; k++) {
        double v0 = a[a0 + k];
        double v1 = a[a1 + k];
        double v2 = a[a2 + k];
        double v3 = a[a3 + k];
        if (v0 == 0.0 && v1 == 0.0 && v2 == 0.0 && v3 == 0.0) continue;
        int go = wOff + k * out;
        for (int j = 0; j < out; j++) {
          grad[go + j] = grad[go + j] + v0 * d[d0 + j] + v1 * d[d1 + j] + v2 * d[d2 + j] + v3 * d[d3 + j];
        }
      }
      for (int j = 0; j < out; j++) {
        grad[bOff + j] = grad[bOff + j] + d[d0 + j] + d[d1 + j] + d[d2 + j] + d[d3 + j];
      }
    }
    for (; i < n; i++) {
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

  /** {@code Gᵀ[j, :] += Σ_i d[i, j] · a[i, :]}, four rows at a time. */
  private static void transposedGradient(double[] a, int n, int in, double[] d, int out, double[] gt) {
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      int a0 = i * in;
      int a1 = a0 + in;
      int a2 = a1 + in;
      int a3 = a2 + in;
      int d0 = i * out;
      for (int j = 0; j < out; j++) {
        double v0 = d[d0 + j];
        double v1 = d[d0 + out + j];
        double v2 = d[d0 + 2 * out + j];
        double v3 = d[d0 + 3 * out + j];
        int g = j * in;
        for (int k = 0; k < in; k++) {
          gt[g + k] = gt[g + k] + v0 * a[a0 + k] + v1 * a[a1 + k] + v2 * a[a2 + k] + v3 * a[a3 + k];
        }
      }
    }
    for (; i < n; i++) {
      int ao = i * in;
      for (int j = 0; j < out; j++) {
        double v = d[i * out + j];
        if (v == 0.0) continue;
        int g = j * in;
        for (int k = 0; k < in; k++) gt[g + k] += v * a[ao + k];
      }
    }
  }

  /**
   * Back-propagates through a layer: {@code da[i, :] = Σ_j d[i, j] · Wᵀ[j, :]}, with {@code Wᵀ} the
   * transposed weights ({@code out × in}), then multiplies by the activation's derivative, computed
   * from the layer's post-activation values {@code h}. {@code idx} is scratch of at least {@code out} ints.
   */
  static void backprop(double[] d, int n, int out, double[] wt, int in, double[] h, Activation act, double[] da,
      int[] idx) {
    for (int i = 0; i < n; i++) {
      int ao = i * in;
      java.util.Arrays.fill(da, ao, ao + in, 0.0);
      accumulateRow(d, i * out, out, wt, 0, in, da, ao, idx);
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
