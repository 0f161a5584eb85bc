package org.stackwise.lazy.policy;

import java.util.Arrays;

/**
 * Follows a {@link Policy} for one input: tracks the set of members run, their outputs and the
 * current state code, and says which member to run next. Mutable and single-threaded — make one per
 * input ({@link Policy#walker()}, or {@link Policy#walker(SetAggregator)} for the MASK aggregate).
 *
 * <p>The mean aggregate is always summed in ascending member order, exactly as {@link MdpSolver}
 * sums it, so a walker reaches bit-for-bit the states the policy was solved on.
 */
public final class PolicyWalker {
  private final Policy policy;
  private final StateSpec spec;
  private final int m;
  private final int k;
  private final double[][] outputs;
  private final SetAggregator aggregator;
  private int mask;
  private int last = -1;
  private int count;
  private int code;

  PolicyWalker(Policy policy, SetAggregator aggregator) {
    this.policy = policy;
    this.aggregator = aggregator;
    this.spec = policy.stateSpec();
    this.m = policy.memberCount();
    this.k = policy.classCount();
    this.outputs = new double[m][];
  }

  /** The set of members observed so far, as a bit mask. */
  public int mask() { return mask; }

  /** Number of members observed so far. */
  public int count() { return count; }

  /** The member observed last, or -1. */
  public int last() { return last; }

  /** True when every member has been observed. */
  public boolean done() { return count == m; }

  /** The current fine state code. */
  public int code() { return code; }

  /** The current context (the last member for the LAST aggregate, else 0). */
  public int context() {
    return spec.aggregate() == StateSpec.Aggregate.LAST && last >= 0 ? last : 0;
  }

  /** True when the policy's optimal action in the current state is STOP. */
  public boolean policyStops() {
    return count > 0 && policy.stops(mask, context(), code);
  }

  /** The member the policy runs next (its best RUN action; past a STOP, the continuation), or -1 when done. */
  public int next() {
    if (done()) return -1;
    return policy.next(mask, context(), code);
  }

  /** Records member {@code j}'s distribution (copied) and moves to the new state. */
  public void observe(int j, double[] p) {
    if (j < 0 || j >= m) throw new IllegalArgumentException("member index out of range: " + j);
    if ((mask & (1 << j)) != 0) throw new IllegalStateException("member " + j + " observed twice");
    if (p.length != k) throw new IllegalArgumentException("expected " + k + " probabilities, got " + p.length);
    outputs[j] = p.clone();
    mask |= 1 << j;
    last = j;
    count++;
    double share = spec.votesInState() ? topShare() : 1.0;
    code = switch (spec.aggregate()) {
      case MEAN -> spec.fineCode(mean(), agree(), share);
      case LAST -> spec.fineCode(outputs[j], agree(), share);
      case MASK -> spec.fineCode(aggregator.of(mask, outputs), agree(), share);
    };
  }

  /** The mean of the observed distributions (summed in ascending member order). */
  public double[] mean() {
    double[] s = new double[k];
    for (int j = 0; j < m; j++) {
      if (outputs[j] == null) continue;
      for (int c = 0; c < k; c++) s[c] += outputs[j][c];
    }
    for (int c = 0; c < k; c++) s[c] /= count;
    return s;
  }

  /** The observed distribution of member {@code j}, or null. */
  public double[] output(int j) {
    return outputs[j] == null ? null : outputs[j].clone();
  }

  /** The share of the observed members that vote for the most voted class (1 before any member). */
  public double topShare() {
    int[] v = new int[count];
    int i = 0;
    for (int j = 0; j < m; j++) if (outputs[j] != null) v[i++] = StateSpec.argMax(outputs[j]);
    return StateSpec.topShare(v, count, k);
  }

  /** True when every observed member votes for the same class. */
  public boolean agree() {
    int vote = -1;
    for (int j = 0; j < m; j++) {
      if (outputs[j] == null) continue;
      int v = StateSpec.argMax(outputs[j]);
      if (vote < 0) vote = v;
      else if (v != vote) return false;
    }
    return true;
  }

  @Override public String toString() {
    return "PolicyWalker[mask=" + Integer.toBinaryString(mask) + ", code=" + code + ", outputs="
        + Arrays.deepToString(outputs) + "]";
  }
}
