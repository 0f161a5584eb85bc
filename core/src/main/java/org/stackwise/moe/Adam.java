package org.stackwise.moe;

/**
 * Adam (Kingma and Ba, 2015) over one flat parameter array, with an L2 penalty {@code λ·θ} added to
 * the gradient of penalised entries. Bias correction is folded into the step size. Mutable; one per
 * parameter array and training run.
 */
final class Adam {
  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPSILON = 1e-8;

  private final double[] m;
  private final double[] v;
  private final boolean[] penalised;
  private int t;

  Adam(int size, boolean[] penalised) {
    this.m = new double[size];
    this.v = new double[size];
    this.penalised = penalised;
  }

  /** One step on {@code theta} with gradient {@code grad} (which is then cleared). */
  void step(double[] theta, double[] grad, double learningRate, double lambda) {
    t++;
    double lr = learningRate * Math.sqrt(1 - Math.pow(BETA2, t)) / (1 - Math.pow(BETA1, t));
    for (int i = 0; i < theta.length; i++) {
      double g = grad[i];
      if (lambda > 0 && penalised[i]) g += lambda * theta[i];
      m[i] = BETA1 * m[i] + (1 - BETA1) * g;
      v[i] = BETA2 * v[i] + (1 - BETA2) * g * g;
      theta[i] -= lr * m[i] / (Math.sqrt(v[i]) + EPSILON);
      grad[i] = 0;
    }
  }
}
