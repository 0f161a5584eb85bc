package org.stackwise.lazy.substack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.stackwise.BadInputException;
import org.stackwise.internal.linalg.Lbfgs;
import org.stackwise.io.Json;
import org.stackwise.io.ModelReader;
import org.stackwise.io.ModelWriter;

/**
 * Weighted log-linear opinion pooling (a product of experts): for members {@code j} with
 * distributions {@code p_j}, {@code P(c) ∝ exp(b_c + Σ_j w_j · log max(p_jc, floor))}. One weight per
 * member and one bias per class — far fewer parameters than an MLP on the concatenated distributions,
 * and the same weight for every class (class-symmetric), which suits members whose classes are
 * interchangeable labels (multiple-choice letters) and small calibration sets. A member that did not
 * run contributes nothing: its zero-filled input is constant across classes and cancels in the softmax,
 * so one pool serves every member set (the MASK role) as well as a fixed one (SUB, full stacker).
 *
 * <p>Fitted by L-BFGS on the mean negative log-likelihood plus {@code l2 · Σ w_j²} (and
 * {@code 1e-4 · Σ b_c²} so classes without rows stay finite). Deterministic. Inputs are laid out as the
 * SUB / MASK inputs: {@code members × k} values, optionally followed by {@code members} mask bits,
 * which the pool ignores. Immutable.
 *
 * <p>Reference: Genest and Zidek, "Combining probability distributions: a critique and an annotated
 * bibliography", Statistical Science 1986 (logarithmic opinion pools); Hinton, "Training products of
 * experts by minimizing contrastive divergence", Neural Computation 2002.
 */
public final class LogLinearPool implements Combiner {
  /** Smallest probability before the log. */
  public static final double FLOOR = 1e-4;

  private final int members;
  private final int k;
  private final boolean maskBits;
  private final double[] w;
  private final double[] b;

  LogLinearPool(int members, int k, boolean maskBits, double[] w, double[] b) {
    if (w.length != members || b.length != k) throw new IllegalArgumentException("expected " + members + " weights and " + k + " biases");
    this.members = members;
    this.k = k;
    this.maskBits = maskBits;
    this.w = w.clone();
    this.b = b.clone();
  }

  /** Member weights (copy). */
  public double[] weights() { return w.clone(); }

  /** Class biases (copy). */
  public double[] biases() { return b.clone(); }

  @Override public int inputs() { return members * k + (maskBits ? members : 0); }
  @Override public int outputs() { return k; }

  @Override public double[] predictProba(double[] x) {
    if (x.length != inputs()) throw new IllegalArgumentException("expected " + inputs() + " inputs, got " + x.length);
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
   * @param x inputs ({@code members × k} values, then mask bits when {@code maskBits})
   * @param y class indices
   * @param l2 weight penalty
   */
  public static LogLinearPool fit(double[][] x, int[] y, int members, int k, boolean maskBits, double l2) {
    int n = x.length;
    if (n == 0) throw new BadInputException("substacker", "needs at least one training row");
    // log features once: z[i][j*k + c]
    double[][] z = new double[n][members * k];
    for (int i = 0; i < n; i++) {
      for (int q = 0; q < members * k; q++) z[i][q] = Math.log(Math.max(x[i][q], FLOOR));
    }
    Lbfgs.Objective f = (p, g) -> {
      java.util.Arrays.fill(g, 0);
      double loss = 0;
      double[] s = new double[k];
      for (int i = 0; i < n; i++) {
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
        loss += lse - s[y[i]];
        for (int c = 0; c < k; c++) {
          double d = Math.exp(s[c] - lse) - (c == y[i] ? 1 : 0);
          g[members + c] += d;
          for (int j = 0; j < members; j++) g[j] += d * z[i][j * k + c];
        }
      }
      for (int q = 0; q < g.length; q++) g[q] /= n;
      loss /= n;
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
    Lbfgs.Result r = Lbfgs.defaults().withMaxIterations(500).minimize(f, start);
    double[] p = r.x();
    double[] w = java.util.Arrays.copyOfRange(p, 0, members);
    double[] b = java.util.Arrays.copyOfRange(p, members, members + k);
    return new LogLinearPool(members, k, maskBits, w, b);
  }

  @Override public void write(ModelWriter out) throws IOException {
    ObjectNode o = Json.object();
    o.put("format_version", 1);
    o.put("members", members);
    o.put("classes", k);
    o.put("mask_bits", maskBits);
    o.set("weights", Json.doublesToJson(w));
    o.set("biases", Json.doublesToJson(b));
    out.json("pool.json", o);
  }

  static LogLinearPool read(ModelReader in) throws IOException {
    JsonNode o = in.json("pool.json");
    if (o.path("format_version").asInt() != 1) throw in.corrupt("pool.json", "unsupported format_version");
    int m = o.path("members").asInt(-1);
    int k = o.path("classes").asInt(-1);
    if (m < 1 || m > 64 || k < 2) throw in.corrupt("pool.json", "members must be 1..64 and classes at least 2");
    double[] w = Json.doubles(o.get("weights"), in.path("pool.json"));
    double[] b = Json.doubles(o.get("biases"), in.path("pool.json"));
    if (w.length != m || b.length != k) throw in.corrupt("pool.json", "expected " + m + " weights and " + k + " biases");
    for (double v : w) if (!Double.isFinite(v)) throw in.corrupt("pool.json", "weights must be finite");
    for (double v : b) if (!Double.isFinite(v)) throw in.corrupt("pool.json", "biases must be finite");
    return new LogLinearPool(m, k, o.path("mask_bits").asBoolean(), w, b);
  }
}
