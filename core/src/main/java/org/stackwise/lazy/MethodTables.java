package org.stackwise.lazy;

import org.stackwise.lazy.policy.Policy;
import org.stackwise.lazy.substack.Substackers;

/**
 * The step tables of every ordered cascade method for one set of rows: LazyStack-SUB, LazyStack-MASK,
 * policy order + averaging, random order + SUB, and the cost cascade. Rows may be filled by different
 * fitted parts (one per cross-fitting fold), which is how out-of-fold calibration tables are built.
 */
final class MethodTables {
  final int n;
  final int m;
  final StepTable sub;
  final StepTable mask;
  final StepTable avg;
  final StepTable random;
  final StepTable cost;

  MethodTables(int n, int m, int[] labels) {
    this.n = n;
    this.m = m;
    this.sub = new StepTable(n, m, labels);
    this.mask = new StepTable(n, m, labels);
    this.avg = new StepTable(n, m, labels);
    this.random = new StepTable(n, m, labels);
    this.cost = new StepTable(n, m, labels);
  }

  /** Fills row {@code r} from table row {@code row} with the given fitted parts. */
  void fill(int r, OutputTable t, int row, Policy policy, boolean policyExit, Substackers subs, Substackers randomSubs,
      int[] randomOrder, int[] costOrder) {
    int k = t.classCount();
    Cascade.byPolicy(policy, Cascade.Combine.SUB_OR_MASK, true, policyExit, subs).fill(sub, r, t, row);
    Cascade.byPolicy(policy, Cascade.Combine.MASK, true, policyExit, subs).fill(mask, r, t, row);
    Cascade.byPolicy(policy, Cascade.Combine.MEAN, false, policyExit, subs).fill(avg, r, t, row);
    Cascade.fixed(randomOrder, Cascade.Combine.SUB_OR_MASK, true, randomSubs, m, k).fill(random, r, t, row);
    Cascade.fixed(costOrder, Cascade.Combine.OWN, true, subs, m, k).fill(cost, r, t, row);
  }

  /** The full stacker's class for row {@code r} (the last step of the SUB cascade). */
  int fullPred(int r) {
    return sub.pred[r * m + m - 1];
  }

  int[] fullPreds() {
    int[] out = new int[n];
    for (int r = 0; r < n; r++) out[r] = fullPred(r);
    return out;
  }

  /**
   * The ABC cascade as a step table: members in cost order, tiers ending at {@code tierEnds}; after a
   * tier whose members all vote for one class the confidence is 1 and the answer that class, elsewhere
   * the confidence is 0; the last step answers with the full stacker. Evaluate with θ = 0.5, min steps 1.
   */
  static StepTable abc(OutputTable t, int[] rows, int[] costOrder, int[] tierEnds, int[] fullPred) {
    int m = t.memberCount();
    int[] y = new int[rows.length];
    for (int r = 0; r < rows.length; r++) y[r] = t.label(rows[r]);
    StepTable st = new StepTable(rows.length, m, y);
    for (int r = 0; r < rows.length; r++) {
      int i = rows[r];
      double spent = 0;
      int tier = 0;
      int start = 0;
      for (int step = 0; step < m; step++) {
        int j = costOrder[step];
        spent += t.cost(i, j);
        st.cum[r * m + step] = spent;
        st.member[r * m + step] = j;
        st.set[r * m + step] = (step == 0 ? 0 : st.set[r * m + step - 1]) | (1 << j);
        if (step == m - 1) {
          st.conf[r * m + step] = 1;
          st.pred[r * m + step] = fullPred[r];
        } else if (tier < tierEnds.length && step + 1 == tierEnds[tier]) {
          int vote = t.argMax(i, costOrder[start]);
          boolean same = true;
          for (int s = start + 1; s <= step; s++) same &= t.argMax(i, costOrder[s]) == vote;
          st.conf[r * m + step] = same ? 1 : 0;
          st.pred[r * m + step] = vote;
          tier++;
          start = step + 1;
        } else {
          st.conf[r * m + step] = 0;
          st.pred[r * m + step] = t.argMax(i, j);
        }
      }
    }
    return st;
  }

  /** Tier ends for tiers of {@code size} members along {@code m} members (the last tier may be smaller). */
  static int[] tierEnds(int m, int size) {
    int count = 0;
    for (int e = size; e < m; e += size) count++;
    int[] ends = new int[count];
    for (int i = 0; i < count; i++) ends[i] = (i + 1) * size;
    return ends;
  }
}
