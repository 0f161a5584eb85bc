package org.stackwise.pool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import org.stackwise.BadInputException;
import org.stackwise.internal.linalg.Lbfgs;
import org.stackwise.io.Json;

/**
 * Weighted log-linear opinion pooling (a product of experts): for members {@code j} with distributions
 * {@code p_j}, {@code P(c) ∝ exp(b_c + Σ_j w_j · log max(p_jc, floor))}. One weight per member and one
 * bias per class — far fewer parameters than a logistic regression on the concatenated distributions
 * ({@code members + k} against {@code k · (members · k + 1)}), and the same weight for every class. That
 * suits many-class stacks, where a full logistic meta-learner has thousands of coefficients to fit on
 * collinear probability columns, and members whose classes are interchangeable labels. A member whose
 * input is constant across classes (zero-filled because it did not run) cancels in the softmax.
 *
 * <p>Fitted by L-BFGS on the (row-weighted) mean negative log-likelihood plus {@code l2 · Σ w_j²} (and
 * {@code 1e-4 · Σ b_c²} so classes without rows stay finite). Deterministic. Inputs are
 * {@code members × k} probabilities, member by member. Immutable and thread-safe.
 *
 * <p>Reference: Genest and Zidek, "Combining probability distributions: a critique and an annotated
 * bibliography", Statistical Science 1986 (logarithmic opinion pools); Hinton, "Training products of
 * experts by minimizing contrastive divergence", Neural Computation 2002.
 */
public final class OpinionPool {
  /** Smallest probability before the log, so a member's zero never decides a class alone. */
  public static final double FLOOR = 1e-4;

  private final int members;
  private final int k;
  private final double[] w;
  private final double[] b;

  /**
   * A pool with the given parameters.
   *
   * @param w one weight per member
   * @param b one bias per class
   */
  public OpinionPool(double[] w, double[] b) {
    if (w.length < 1 || b.length < 2) throw new IllegalArgumentException("a pool needs at least one member and two classes");
    for (double v : w) if (!Double.isFinite(v)) throw new IllegalArgumentException("weights must be finite");
    for (double v : b) if (!Double.isFinite(v)) throw new IllegalArgumentException("biases must be finite");
    this.members = w.length;
    this.k = b.length;
    this.w = w.clone();
    this.b = b.clone();
  }

  /** Number of members. */
  public int members() { return members; }

  /** Number of classes. */
  public int classes() { return k; }

  /** Member weights (copy). */
  public double[] weights() { return w.clone(); }

  /** Class biases (copy). */
  public double[] biases() { return b.clone(); }

  /** Class probabilities for {@code members × k} member probabilities (extra trailing values are ignored). */
  public double[] predictProba(double[] x) {
    if (x.length < members * k) throw new IllegalArgumentException("expected " + members * k + " inputs, got " + x.length);
    double[] s = b.clone();
    for (int j = 0; j < members; j++) {
      if (w[j] == 0) continue;
      for (int c = 0; c < k; c++) s[c] += w[j] * Math.log(Math.max(x[j * k + c], FLOOR));
    }
    return softmax(s);
  }

  private static double[] softmax(double[] s) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : s) max = Math.max(max, v);
    double sum = 0;
    for (int c = 0; c < s.length; c++) {
      s[c] = Math.exp(s[c] - max);
      sum += s[c];
    }
    for (int c = 0; c < s.length; c++) s[c] /= sum;
    return s;
  }

  /**
   * Fits a pool.
   *
   * @param x per row, {@code members × k} probabilities (extra trailing values, such as mask bits, are ignored)
   * @param y class indices
   * @param rowWeights non-negative row weights, or null for equal weights
   * @param l2 weight penalty
   */
  public static OpinionPool fit(double[][] x, int[] y, double[] rowWeights, int members, int k, double l2) {
    int n = x.length;
    if (n == 0) throw new BadInputException("opinion pool", "needs at least one training row");
    double total = n;
    if (rowWeights != null) {
      total = 0;
      for (double v : rowWeights) total += v;
      if (!(total > 0)) throw new BadInputException("opinion pool", "row weights must have a positive sum");
    }
    final double totalWeight = total;
    // log features once: z[i][j*k + c]
    double[][] z = new double[n][members * k];
    for (int i = 0; i < n; i++) {
      for (int q = 0; q < members * k; q++) z[i][q] = Math.log(Math.max(x[i][q], FLOOR));
    }
    Lbfgs.Objective f = (p, g) -> {
      Arrays.fill(g, 0);
      double loss = 0;
      double[] s = new double[k];
      for (int i = 0; i < n; i++) {
        double wi = rowWeights == null ? 1 : rowWeights[i];
        if (wi == 0) continue;
        for (int c = 0; c < k; c++) {
          double v = p[members + c];
          for (int j = 0; j < members; j++) v += p[j] * z[i][j * k + c];
          s[c] = v;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double v : s) max = Math.max(max, v);
        double sum = 0;
        for (int c = 0; c < k; c++) sum += Math.exp(s[c] - max);
        double lse = max + Math.log(sum);
        loss += wi * (lse - s[y[i]]);
        for (int c = 0; c < k; c++) {
          double d = wi * (Math.exp(s[c] - lse) - (c == y[i] ? 1 : 0));
          g[members + c] += d;
          for (int j = 0; j < members; j++) g[j] += d * z[i][j * k + c];
        }
      }
      for (int q = 0; q < g.length; q++) g[q] /= totalWeight;
      loss /= totalWeight;
      for (int j = 0; j < members; j++) {
        loss += l2 * p[j] * p[j];
        g[j] += 2 * l2 * p[j];
      }
      for (int c = 0; c < k; c++) {
        loss += 1e-4 * p[members + c] * p[members + c];
        g[members + c] += 2e-4 * p[members + c];
      }
      return loss;
    };
    double[] start = new double[members + k];
    double[] p = Lbfgs.defaults().withMaxIterations(500).minimize(f, start).x();
    return new OpinionPool(Arrays.copyOfRange(p, 0, members), Arrays.copyOfRange(p, members, members + k));
  }

  /** The parameters as JSON: {@code members}, {@code classes}, {@code weights}, {@code biases}. */
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("members", members);
    o.put("classes", k);
    o.set("weights", Json.doublesToJson(w));
    o.set("biases", Json.doublesToJson(b));
    return o;
  }

  /**
   * Reads parameters written by {@link #toJson}.
   *
   * @param source the file and entry, for error messages
   */
  public static OpinionPool fromJson(JsonNode o, String source) {
    int m = o.path("members").asInt(-1);
    int k = o.path("classes").asInt(-1);
    if (m < 1 || m > 10_000 || k < 2) throw new BadInputException(source, "members must be 1..10000 and classes at least 2");
    double[] w = Json.doubles(o.get("weights"), source);
    double[] b = Json.doubles(o.get("biases"), source);
    if (w.length != m || b.length != k) throw new BadInputException(source, "expected " + m + " weights and " + k + " biases");
    for (double v : w) if (!Double.isFinite(v)) throw new BadInputException(source, "weights must be finite");
    for (double v : b) if (!Double.isFinite(v)) throw new BadInputException(source, "biases must be finite");
    return new OpinionPool(w, b);
  }
}
