package org.stackwise.lazy;

import org.stackwise.lazy.policy.Policy;
import org.stackwise.lazy.policy.PolicyWalker;
import org.stackwise.lazy.substack.Substackers;

/**
 * One ordered cascade: where the member order comes from (the policy, or a fixed order) and how the
 * outputs seen so far are combined after each step. The same code runs a cascade online
 * ({@link LazyStackModel#predict}) and fills {@link StepTable}s for calibration and evaluation, so
 * simulated and online answers agree exactly. Immutable; {@link Walk} is the per-input state.
 */
final class Cascade {
  /** How the outputs of a proper subset of members are combined. */
  enum Combine {
    /** The set's SUB network when it has one, else the MASK network (LazyStack-SUB). */
    SUB_OR_MASK,
    /** The MASK network (LazyStack-MASK). */
    MASK,
    /** The plain mean of the outputs (ablation: policy order + averaging). */
    MEAN,
    /** The last member's own output (cost cascade). */
    OWN
  }

  private final Policy policy;
  private final int[] order;
  private final Combine combine;
  private final boolean finalFull;
  private final boolean policyExit;
  private final Substackers subs;
  private final int m;
  private final int k;

  private Cascade(Policy policy, int[] order, Combine combine, boolean finalFull, boolean policyExit, Substackers subs,
      int m, int k) {
    this.policy = policy;
    this.policyExit = policyExit;
    this.order = order == null ? null : order.clone();
    this.combine = combine;
    this.finalFull = finalFull;
    this.subs = subs;
    this.m = m;
    this.k = k;
  }

  /**
   * A cascade in the policy's order; with {@code finalFull}, the full stacker answers once all ran, else
   * the mean; with {@code policyExit}, the policy's STOP is also an exit (for any θ < 1).
   */
  static Cascade byPolicy(Policy policy, Combine combine, boolean finalFull, boolean policyExit, Substackers subs) {
    return new Cascade(policy, null, combine, finalFull, policyExit, subs, policy.memberCount(), policy.classCount());
  }

  /** A cascade in a fixed member order. */
  static Cascade fixed(int[] order, Combine combine, boolean finalFull, Substackers subs, int m, int k) {
    return new Cascade(null, order, combine, finalFull, false, subs, m, k);
  }

  int members() { return m; }

  /** The answer distribution after the members of {@code set} ran, {@code last} the latest. */
  double[] aggregate(int set, int last, double[][] outputs) {
    if (set == (1 << m) - 1) return finalFull ? subs.full(outputs) : Substackers.mean(set, outputs, k);
    return switch (combine) {
      case SUB_OR_MASK -> subs.subOrMask(set, outputs);
      case MASK -> subs.mask(set, outputs);
      case MEAN -> Substackers.mean(set, outputs, k);
      case OWN -> outputs[last].clone();
    };
  }

  Walk walk() { return new Walk(); }

  /** One input's progress through the cascade. Mutable, single-threaded. */
  final class Walk {
    private final PolicyWalker walker = policy == null ? null : policy.walker(subs::mask);
    private final double[][] outputs = new double[m][];
    private int set;
    private int steps;
    private int last = -1;

    /** The member to run next, or -1 when all ran. */
    int next() {
      if (steps == m) return -1;
      return walker != null ? walker.next() : order[steps];
    }

    /** Records member {@code j}'s output and returns the aggregate after it. */
    double[] observe(int j, double[] p) {
      if (walker != null) walker.observe(j, p);
      outputs[j] = p.clone();
      set |= 1 << j;
      last = j;
      steps++;
      return aggregate(set, last, outputs);
    }

    /** The aggregate of what ran so far (after a failure: members that did not run are absent). */
    double[] current() {
      return aggregate(set, last, outputs);
    }

    /** True when exits on the policy's STOP are on and the policy stops in the current state. */
    boolean policyStops() {
      return policyExit && walker != null && walker.policyStops();
    }

    int set() { return set; }
    int steps() { return steps; }
  }

  /** Runs every step for table row {@code row} and stores it as row {@code r} of {@code st}. */
  void fill(StepTable st, int r, OutputTable t, int row) {
    Walk w = walk();
    double spent = 0;
    for (int step = 0; step < m; step++) {
      int j = w.next();
      double[] agg = w.observe(j, t.proba(row, j));
      spent += t.cost(row, j);
      int c = argMax(agg);
      st.conf[r * m + step] = w.policyStops() ? StepTable.POLICY_EXIT : agg[c];
      st.pred[r * m + step] = c;
      st.cum[r * m + step] = spent;
      st.member[r * m + step] = j;
      st.set[r * m + step] = w.set();
    }
  }

  /** Fills a step table for the given rows of {@code t}. */
  StepTable table(OutputTable t, int[] rows) {
    int[] y = new int[rows.length];
    for (int r = 0; r < rows.length; r++) y[r] = t.label(rows[r]);
    StepTable st = new StepTable(rows.length, m, y);
    for (int r = 0; r < rows.length; r++) fill(st, r, t, rows[r]);
    return st;
  }

  static int argMax(double[] p) {
    int best = 0;
    for (int c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
    return best;
  }
}
