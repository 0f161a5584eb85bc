package org.stackwise.lazy.substack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.stackwise.io.ModelReader;
import org.stackwise.io.ModelWriter;
import org.stackwise.pool.OpinionPool;

/**
 * A weighted log-linear opinion pool ({@link OpinionPool}) as a substacker: one weight per member and
 * one bias per class. A member that did not run contributes nothing: its zero-filled input is constant
 * across classes and cancels in the softmax, so one pool serves every member set (the MASK role) as well
 * as a fixed one (SUB, full stacker). Inputs are laid out as the SUB / MASK inputs: {@code members × k}
 * values, optionally followed by {@code members} mask bits, which the pool ignores. Immutable.
 */
public final class LogLinearPool implements Combiner {
  private final OpinionPool pool;
  private final boolean maskBits;

  LogLinearPool(OpinionPool pool, boolean maskBits) {
    this.pool = pool;
    this.maskBits = maskBits;
  }

  /** Member weights (copy). */
  public double[] weights() { return pool.weights(); }

  /** Class biases (copy). */
  public double[] biases() { return pool.biases(); }

  @Override public int inputs() { return pool.members() * pool.classes() + (maskBits ? pool.members() : 0); }
  @Override public int outputs() { return pool.classes(); }

  @Override public double[] predictProba(double[] x) {
    if (x.length != inputs()) throw new IllegalArgumentException("expected " + inputs() + " inputs, got " + x.length);
    return pool.predictProba(x);
  }

  /**
   * Fits a pool.
   *
   * @param x inputs ({@code members × k} values, then mask bits when {@code maskBits})
   * @param y class indices
   * @param l2 weight penalty
   */
  public static LogLinearPool fit(double[][] x, int[] y, int members, int k, boolean maskBits, double l2) {
    return new LogLinearPool(OpinionPool.fit(x, y, null, members, k, l2), maskBits);
  }

  @Override public void write(ModelWriter out) throws IOException {
    ObjectNode o = pool.toJson();
    o.put("format_version", 1);
    o.put("mask_bits", maskBits);
    out.json("pool.json", o);
  }

  static LogLinearPool read(ModelReader in) throws IOException {
    JsonNode o = in.json("pool.json");
    if (o.path("format_version").asInt() != 1) throw in.corrupt("pool.json", "unsupported format_version");
    if (o.path("members").asInt(-1) > 64) throw in.corrupt("pool.json", "members must be 1..64 and classes at least 2");
    return new LogLinearPool(OpinionPool.fromJson(o, in.source() + ": entry '" + in.path("pool.json") + "'"),
        o.path("mask_bits").asBoolean());
  }
}
