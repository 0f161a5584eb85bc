package org.stackwise.moe;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The shape of a small dense network (gate or expert) and its forward and backward passes over a flat
 * parameter array. Layer {@code l} maps {@code sizes[l]} inputs to {@code sizes[l+1]} outputs; its weights
 * are stored output-major ({@code W[j·in + i]}) followed by its biases. Hidden layers use ReLU or tanh;
 * the output layer is linear (the caller applies softmax or reads a mean). Stateless: the parameters
 * and the activation buffers are passed in, so one shape serves training and immutable prediction.
 */
final class Dense {
  final int[] sizes;
  final boolean tanh;
  final int[] wOff;
  final int[] bOff;
  final int count;

  Dense(int[] sizes, boolean tanh) {
    if (sizes.length < 2) throw new IllegalArgumentException("a network needs at least an input and an output layer");
    this.sizes = sizes.clone();
    this.tanh = tanh;
    int layers = sizes.length - 1;
    wOff = new int[layers];
    bOff = new int[layers];
    long o = 0;
    for (int l = 0; l < layers; l++) {
      if (sizes[l] < 1 || sizes[l + 1] < 1) throw new IllegalArgumentException("layer widths must be at least 1");
      wOff[l] = (int) o;
      o += (long) sizes[l] * sizes[l + 1];
      bOff[l] = (int) o;
      o += sizes[l + 1];
      if (o > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("network too large");
    }
    count = (int) o;
  }

  static Dense of(int inputs, List<Integer> hidden, int outputs, boolean tanh) {
    int[] s = new int[hidden.size() + 2];
    s[0] = inputs;
    for (int i = 0; i < hidden.size(); i++) s[i + 1] = hidden.get(i);
    s[s.length - 1] = outputs;
    return new Dense(s, tanh);
  }

  int inputs() { return sizes[0]; }
  int outputs() { return sizes[sizes.length - 1]; }
  int layers() { return sizes.length - 1; }

  /** Whether parameter {@code i} is a weight (penalised) rather than a bias. */
  boolean[] weightMask() {
    boolean[] m = new boolean[count];
    for (int l = 0; l < layers(); l++) {
      for (int i = wOff[l]; i < bOff[l]; i++) m[i] = true;
    }
    return m;
  }

  /**
   * Fresh parameters: uniform weights with He bounds √(6/fan_in) before ReLU, Glorot bounds
   * √(6/(fan_in+fan_out)) otherwise (the output layer, tanh layers); zero biases.
   */
  double[] init(SplittableRandom r, double outputScale) {
    double[] theta = new double[count];
    for (int l = 0; l < layers(); l++) {
      int in = sizes[l];
      int out = sizes[l + 1];
      boolean last = l == layers() - 1;
      double bound = !last && !tanh ? Math.sqrt(6.0 / in) : Math.sqrt(6.0 / (in + out));
      if (last) bound *= outputScale;
      for (int i = wOff[l]; i < bOff[l]; i++) theta[i] = (2 * r.nextDouble() - 1) * bound;
    }
    return theta;
  }

  /** Activation buffers for {@code rows} rows: {@code acts[l]} holds layer {@code l}'s values. */
  double[][] buffers(int rows) {
    double[][] acts = new double[sizes.length][];
    for (int l = 1; l < sizes.length; l++) acts[l] = new double[rows * sizes[l]];
    return acts;
  }

  /**
   * Forward pass of {@code rows} rows stored row-major in {@code x}; fills {@code acts} (from
   * {@link #buffers}, {@code acts[0]} is set to {@code x}) and returns the output layer's values.
   */
  double[] forward(double[] theta, double[] x, int rows, double[][] acts) {
    acts[0] = x;
    for (int l = 0; l < layers(); l++) {
      int in = sizes[l];
      int out = sizes[l + 1];
      double[] a = acts[l];
      double[] z = acts[l + 1];
      boolean hidden = l < layers() - 1;
      for (int r = 0; r < rows; r++) {
        int ai = r * in;
        int zi = r * out;
        for (int j = 0; j < out; j++) {
          int w = wOff[l] + j * in;
          double s = theta[bOff[l] + j];
          for (int i = 0; i < in; i++) s += theta[w + i] * a[ai + i];
          if (hidden) s = tanh ? Math.tanh(s) : (s > 0 ? s : 0.0);
          z[zi + j] = s;
        }
      }
    }
    return acts[layers()];
  }

  /**
   * Backward pass: given ∂loss/∂output for each row in {@code dOut} (overwritten), adds ∂loss/∂θ to
   * {@code grad}. {@code acts} must hold the forward pass of the same rows.
   */
  void backward(double[] theta, double[][] acts, int rows, double[] dOut, double[] grad) {
    double[] delta = dOut;
    for (int l = layers() - 1; l >= 0; l--) {
      int in = sizes[l];
      int out = sizes[l + 1];
      double[] a = acts[l];
      for (int r = 0; r < rows; r++) {
        int ai = r * in;
        int di = r * out;
        for (int j = 0; j < out; j++) {
          double d = delta[di + j];
          if (d == 0) continue;
          int w = wOff[l] + j * in;
          for (int i = 0; i < in; i++) grad[w + i] += d * a[ai + i];
          grad[bOff[l] + j] += d;
        }
      }
      if (l == 0) break;
      double[] prev = new double[rows * in];
      for (int r = 0; r < rows; r++) {
        int ai = r * in;
        int di = r * out;
        for (int j = 0; j < out; j++) {
          double d = delta[di + j];
          if (d == 0) continue;
          int w = wOff[l] + j * in;
          for (int i = 0; i < in; i++) prev[ai + i] += d * theta[w + i];
        }
        for (int i = 0; i < in; i++) {
          double v = a[ai + i];
          prev[ai + i] *= tanh ? 1 - v * v : (v > 0 ? 1.0 : 0.0);
        }
      }
      delta = prev;
    }
  }

  /** The output layer's values for one row. */
  double[] output(double[] theta, double[] x) {
    return forward(theta, x, 1, buffers(1)).clone();
  }
}
