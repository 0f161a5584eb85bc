package org.stackwise.lazy.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import org.stackwise.BadInputException;
import org.stackwise.io.Json;
import org.stackwise.lazy.OutputTable;

/**
 * Trajectory discovery, stage 1 of lazy stacking: the member-selection MDP, estimated from labelled
 * rows and solved exactly by backward induction.
 *
 * <h2>The MDP</h2>
 * A state is the set {@code E} of members run so far plus the {@link StateSpec} features of their
 * aggregate (entropy bin {@code h}, predicted class {@code k}, optionally the agreement flag, the
 * top-vote-share bin and, for the LAST aggregate, the member run last). Actions are {@code RUN(j)} for {@code j ∉ E} and
 * {@code STOP}. Running {@code j} costs {@code α · c̃_j} where {@code c̃_ij = c_ij / C̄} is the row's
 * cost normalised by {@code C̄}, the mean cost of running every member, so running everything costs
 * {@code α} on average. {@code STOP} earns {@code 1} if the aggregate's predicted class is right. This
 * is the reward {@code β·1[correct] − Σ c̃} of the LazyStack paper scaled by {@code α = 1/β}: both give
 * the same policy. STOP is not allowed before {@code minMembers} members ran (nor at the start), and
 * is the only action once every member ran.
 *
 * <h2>Estimation</h2>
 * Every fitting row has a state for every set {@code E} (its members' outputs are all known), so the
 * rows in state {@code s} are all rows whose outputs give {@code s}. Then
 * {@code Q(s, RUN j) = mean over rows(s) of [−α c̃_ij + V(s_i(E ∪ {j}))]} and
 * {@code Q(s, STOP) = share of rows(s) whose aggregate predicts their label} — the usual certainty
 * equivalence: transitions and rewards are the empirical ones, and the state is assumed Markov.
 * <b>Back-off</b>: a state with fewer than {@code minStateRows} rows takes its estimates from the
 * rows of its coarser state — first dropping the entropy bin (and agreement flag), keeping the
 * predicted class; then the set alone — while each row's successor keeps its own fine state. States
 * without any row get the decision of their coarser state, so the policy is total.
 *
 * <h2>Optimism</h2>
 * A state's in-sample value is the maximum over actions of estimated Q values, an upward-biased
 * estimate of the chosen action's true value (the "optimizer's curse"), and backward induction
 * compounds it over the levels: the fewer the rows, the more a long cascade of cheap members looks
 * worth it (on RouterBench the root value falls from 0.965 on 462 rows to 0.958 on 1,039, at α 0.03
 * with the vote state). So a policy solved on a cross-fitting fold's rows is systematically more
 * optimistic than one solved on all rows, and their decisions differ. With {@code doubleEstimate}
 * the rows are split in two fixed halves (by a hash of the row index); in every state the action
 * that is best on one half is valued on the other, and the state's value — what the states before it
 * see — is the mean of the two cross-evaluations (van Hasselt's double estimator), while the state's
 * own decision is still the best action on all its rows. A half without rows falls back to the
 * in-sample value.
 *
 * <h2>Solution</h2>
 * {@code E} only grows, so values are computed level by level from the full set down to the empty
 * set: exact backward induction over all {@code 2^m} sets. Time is about
 * {@code 2^m · n · (m + k)}; memory holds two levels of per-row state codes. Ties go to STOP, then to
 * the cheaper member, then to the lower index. At most {@link #MAX_MEMBERS} members.
 *
 * <p>Reference: "LazyStack: Unifying Stacking and Cascading for Efficient Ensemble Inference" (ICML 2026),
 * trajectory discovery; Puterman, "Markov Decision Processes" (1994), §4.5 backward induction.
 */
public final class MdpSolver {
  /** Largest member count the exact solver accepts (2^m member sets). */
  public static final int MAX_MEMBERS = 16;

  private static final double TIE = 1e-12;

  /**
   * Solver parameters.
   *
   * @param alpha cost weight α = 1/β: reward of a correct answer is 1, running every member costs α on average
   * @param spec state features
   * @param minStateRows fewest rows a state needs to be estimated on its own (else back-off)
   * @param minMembers fewest members before STOP is allowed (at least 1)
   * @param doubleEstimate estimate each state's value by cross-evaluation of two halves of its rows
   *     (see <em>Optimism</em> in the class comment) instead of the in-sample maximum
   */
  public record Params(double alpha, StateSpec spec, int minStateRows, int minMembers, boolean doubleEstimate) {
    /** In-sample values (no double estimation). */
    public Params(double alpha, StateSpec spec, int minStateRows, int minMembers) {
      this(alpha, spec, minStateRows, minMembers, false);
    }

    public Params {
      if (!(alpha >= 0) || Double.isInfinite(alpha)) throw new BadInputException("params.alpha", "alpha must be a finite number >= 0, got " + alpha);
      if (spec == null) throw new BadInputException("params.state", "state spec must not be null");
      if (minStateRows < 1) throw new BadInputException("params.min_state_rows", "min_state_rows must be at least 1, got " + minStateRows);
      if (minMembers < 1) throw new BadInputException("params.min_members", "min_members must be at least 1, got " + minMembers);
    }
  }

  private MdpSolver() { }

  /** Solves the MDP on all rows of {@code table} (every row must be labelled). */
  public static Policy solve(OutputTable table, Params params) {
    int[] rows = new int[table.rows()];
    for (int i = 0; i < rows.length; i++) rows[i] = i;
    return solve(table, rows, params);
  }

  /** Solves the MDP estimated on the given rows of {@code table}. */
  public static Policy solve(OutputTable table, int[] rows, Params params) {
    return solve(table, rows, params, null);
  }

  /**
   * Solves the MDP; {@code aggregator} gives the state's aggregate for the MASK aggregate (it must be
   * the combiner the policy's walkers will use) and is ignored for MEAN and LAST.
   */
  public static Policy solve(OutputTable table, int[] rows, Params params, SetAggregator aggregator) {
    if (params.spec().aggregate() == StateSpec.Aggregate.MASK && aggregator == null) {
      throw new IllegalArgumentException("the MASK aggregate needs the MASK combiner");
    }
    return new Run(table, rows, params, aggregator).solve();
  }

  /** The mutable state of one solve. */
  private static final class Run {
    final OutputTable t;
    final int[] rows;
    final int n;
    final int m;
    final int k;
    final StateSpec spec;
    final boolean last;
    final int ctxCount;
    final int codes;
    final int mids;
    final double alpha;
    final int minRows;
    final int minMembers;
    final double[] cost;     // normalised cost, n × m
    final int[] vote;        // argmax, n × m
    final int[] own;         // LAST: fine code of the member's own output with agree = false, n × m
    final int[] y;
    final int[] costOrder;
    final int[] rank;
    final SetAggregator aggregator;
    final double[][][] outs;
    final boolean dbl;
    final boolean[] half;      // double estimation: row in half 1
    int[] cntF1;
    int[] corrF1;
    double[] qF1;
    int[] cntG1;
    int[] corrG1;
    double[] qG1;
    double[] q01;
    long statesWithRows;
    long backedOffMid;
    long backedOffCoarse;

    Run(OutputTable t, int[] rows, Params p, SetAggregator aggregator) {
      this.t = t;
      this.rows = rows.clone();
      this.n = rows.length;
      this.m = t.memberCount();
      this.k = t.classCount();
      this.spec = p.spec();
      this.last = spec.aggregate() == StateSpec.Aggregate.LAST;
      this.ctxCount = last ? m : 1;
      this.codes = spec.fineCodes(k);
      this.mids = spec.midCodes(k);
      this.alpha = p.alpha();
      this.minRows = p.minStateRows();
      this.minMembers = Math.min(p.minMembers(), m);
      this.dbl = p.doubleEstimate();
      this.half = new boolean[rows.length];
      for (int r = 0; r < rows.length; r++) half[r] = (mix(rows[r]) & 1L) != 0;
      if (m > MAX_MEMBERS) {
        throw new BadInputException("members", "the exact policy solver handles at most " + MAX_MEMBERS
            + " members (2^m member sets), got " + m);
      }
      if (n == 0) throw new BadInputException("rows", "the policy needs at least one labelled row, got none");
      if ((long) codes * ctxCount > 65535) {
        throw new BadInputException("params.entropy_bins", "too many states per member set (" + (long) codes * ctxCount
            + "); lower entropy_bins or drop state features");
      }
      this.y = new int[n];
      for (int r = 0; r < n; r++) {
        y[r] = t.label(rows[r]);
        if (y[r] < 0) throw new BadInputException("row '" + t.id(rows[r]) + "'", "the policy needs labelled rows; this row has no label");
      }
      double full = 0;
      for (int r = 0; r < n; r++) for (int j = 0; j < m; j++) full += t.cost(rows[r], j);
      full /= n;
      this.cost = new double[n * m];
      this.vote = new int[n * m];
      this.own = last ? new int[n * m] : null;
      double[] meanCost = new double[m];
      for (int r = 0; r < n; r++) {
        for (int j = 0; j < m; j++) {
          double c = full > 0 ? t.cost(rows[r], j) / full : 0;
          cost[r * m + j] = c;
          meanCost[j] += c / n;
          vote[r * m + j] = t.argMax(rows[r], j);
          if (last) own[r * m + j] = spec.fineCode(t.proba(rows[r], j), false);
        }
      }
      Integer[] order = new Integer[m];
      for (int j = 0; j < m; j++) order[j] = j;
      Arrays.sort(order, (a, b) -> meanCost[a] != meanCost[b] ? Double.compare(meanCost[a], meanCost[b]) : Integer.compare(a, b));
      this.costOrder = new int[m];
      for (int j = 0; j < m; j++) costOrder[j] = order[j];
      this.rank = new int[1 << m];
      this.aggregator = spec.aggregate() == StateSpec.Aggregate.MASK ? aggregator : null;
      this.outs = this.aggregator == null ? null : new double[n][][];
      if (outs != null) {
        for (int r = 0; r < n; r++) {
          outs[r] = new double[m][];
          for (int j = 0; j < m; j++) outs[r][j] = t.proba(rows[r], j);
        }
      }
    }

    Policy solve() {
      int full = (1 << m) - 1;
      int[][] levels = new int[m + 1][];
      int[] fill = new int[m + 1];
      for (int mask = 0; mask <= full; mask++) fill[Integer.bitCount(mask)]++;
      for (int l = 0; l <= m; l++) levels[l] = new int[fill[l]];
      Arrays.fill(fill, 0);
      for (int mask = 0; mask <= full; mask++) {
        int l = Integer.bitCount(mask);
        rank[mask] = fill[l];
        levels[l][fill[l]++] = mask;
      }
      int size = (1 << m) * ctxCount * codes;
      byte[] best = new byte[size];
      byte[] bestRun = new byte[size];
      double[] rootQ = new double[m];

      double[][] vNext = null;
      char[][] statesNext = null;
      // per-set scratch
      int[] code = new int[n];
      boolean[] correct = new boolean[n];
      int[] cntF = new int[codes];
      int[] corrF = new int[codes];
      double[] qF = new double[codes * m];
      int[] cntG = new int[mids];
      int[] corrG = new int[mids];
      double[] qG = new double[mids * m];
      double[] q0 = new double[m];
      double[] agg = new double[k];
      boolean[] agreeRow = new boolean[n];

      for (int level = m; level >= 0; level--) {
        int[] sets = levels[level];
        double[][] vCur = new double[sets.length][ctxCount * codes];
        char[][] statesCur = last ? null : new char[sets.length][];
        for (int s = 0; s < sets.length; s++) {
          int mask = sets[s];
          // agreement of each row's votes over the set (needed by both aggregates)
          for (int r = 0; r < n; r++) agreeRow[r] = agreement(r, mask);
          if (!last) {
            char[] st = new char[n];
            for (int r = 0; r < n; r++) {
              if (level == 0) {
                code[r] = 0;
                correct[r] = false;
              } else {
                meanOf(r, mask, level, agg);
                code[r] = spec.fineCode(agg, agreeRow[r], spec.votesInState() ? topShare(r, mask, level) : 1.0);
                correct[r] = StateSpec.argMax(agg) == y[r];
              }
              st[r] = (char) code[r];
            }
            statesCur[s] = st;
            decide(mask, level, 0, code, correct, agreeRow, vNext, statesNext, vCur[s], best, bestRun, rootQ,
                cntF, corrF, qF, cntG, corrG, qG, q0);
          } else if (level == 0) {
            Arrays.fill(code, 0);
            Arrays.fill(correct, false);
            decide(mask, 0, 0, code, correct, agreeRow, vNext, null, vCur[s], best, bestRun, rootQ,
                cntF, corrF, qF, cntG, corrG, qG, q0);
          } else {
            for (int ctx = 0; ctx < m; ctx++) {
              if ((mask & (1 << ctx)) == 0) continue;
              for (int r = 0; r < n; r++) {
                code[r] = own[r * m + ctx] + (spec.agreementInState() && agreeRow[r] ? 1 : 0);
                correct[r] = vote[r * m + ctx] == y[r];
              }
              decide(mask, level, ctx, code, correct, agreeRow, vNext, null, vCur[s], best, bestRun, rootQ,
                  cntF, corrF, qF, cntG, corrG, qG, q0);
            }
          }
        }
        vNext = vCur;
        statesNext = statesCur;
      }
      ObjectNode info = Json.object();
      info.put("alpha", alpha);
      info.put("rows", n);
      info.put("min_state_rows", minRows);
      info.put("min_members", minMembers);
      info.put("double_estimate", dbl);
      info.put("states_with_rows", statesWithRows);
      info.put("states_backed_off_to_class", backedOffMid);
      info.put("states_backed_off_to_set", backedOffCoarse);
      return new Policy(m, k, spec, best, bestRun, rootQ, info);
    }

    /** SplitMix64 finaliser: a fixed pseudo-random bit per table row for the halves. */
    static long mix(long z) {
      z += 0x9E3779B97F4A7C15L;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      return z ^ (z >>> 31);
    }

    boolean agreement(int r, int mask) {
      int v = -1;
      for (int j = 0; j < m; j++) {
        if ((mask & (1 << j)) == 0) continue;
        int x = vote[r * m + j];
        if (v < 0) v = x;
        else if (x != v) return false;
      }
      return true;
    }

    /** The share of the set's members that vote for the most voted class on row r. */
    double topShare(int r, int mask, int count) {
      int[] v = new int[count];
      int i = 0;
      for (int j = 0; j < m; j++) if ((mask & (1 << j)) != 0) v[i++] = vote[r * m + j];
      return StateSpec.topShare(v, count, k);
    }

    void meanOf(int r, int mask, int count, double[] agg) {
      if (aggregator != null) {
        double[][] sub = new double[m][];
        for (int j = 0; j < m; j++) if ((mask & (1 << j)) != 0) sub[j] = outs[r][j];
        System.arraycopy(aggregator.of(mask, sub), 0, agg, 0, k);
        return;
      }
      Arrays.fill(agg, 0);
      int i = rows[r];
      for (int j = 0; j < m; j++) if ((mask & (1 << j)) != 0) t.addProba(i, j, agg);
      for (int c = 0; c < k; c++) agg[c] /= count;
    }

    /** Value of row r's successor state after running j from set {@code mask}. */
    double successor(int r, int mask, int j, boolean agreeNow, double[][] vNext, char[][] statesNext) {
      int next = mask | (1 << j);
      if (!last) return vNext[rank[next]][statesNext[rank[next]][r]];
      boolean agree = agreeNow && (mask == 0 || vote[r * m + j] == vote[r * m + Integer.numberOfTrailingZeros(mask)]);
      int c = own[r * m + j] + (spec.agreementInState() && agree ? 1 : 0);
      return vNext[rank[next]][j * codes + c];
    }

    /** Q of RUN j on one half (half 1: the {@code q1} sums; half 0: all minus half 1), divided by its rows. */
    private double qHalf(int j, int cntH, double[] q, double[] q1, int qOff, boolean one) {
      return (one ? q1[qOff + j] : q[qOff + j] - q1[qOff + j]) / cntH;
    }

    /** The best action on one half: -1 for STOP, else the member (same tie rules as the full decision). */
    private int bestOnHalf(int mask, boolean stopAllowed, int cntH, int corrH, double[] q, double[] q1, int qOff, boolean one) {
      int full = (1 << m) - 1;
      double stopQ = stopAllowed ? (double) corrH / cntH : Double.NEGATIVE_INFINITY;
      int run = -1;
      double runQ = Double.NEGATIVE_INFINITY;
      if (mask != full) {
        for (int j : costOrder) {
          if ((mask & (1 << j)) != 0) continue;
          double v = qHalf(j, cntH, q, q1, qOff, one);
          if (run < 0 || v > runQ + TIE) {
            run = j;
            runQ = v;
          }
        }
      }
      return mask == full || (stopAllowed && stopQ >= runQ - TIE) ? -1 : run;
    }

    /** The value of an action ({@code -1} = STOP) on one half. */
    private double valueOnHalf(int a, int cntH, int corrH, double[] q, double[] q1, int qOff, boolean one) {
      return a < 0 ? (double) corrH / cntH : qHalf(a, cntH, q, q1, qOff, one);
    }

    void decide(int mask, int level, int ctx, int[] code, boolean[] correct, boolean[] agreeRow, double[][] vNext,
        char[][] statesNext, double[] vOut, byte[] best, byte[] bestRun, double[] rootQ,
        int[] cntF, int[] corrF, double[] qF, int[] cntG, int[] corrG, double[] qG, double[] q0) {
      Arrays.fill(cntF, 0);
      Arrays.fill(corrF, 0);
      Arrays.fill(qF, 0);
      Arrays.fill(cntG, 0);
      Arrays.fill(corrG, 0);
      Arrays.fill(qG, 0);
      Arrays.fill(q0, 0);
      int corr0 = 0;
      int cnt01 = 0;
      int corr01 = 0;
      if (dbl) {
        if (cntF1 == null) {
          cntF1 = new int[cntF.length];
          corrF1 = new int[corrF.length];
          qF1 = new double[qF.length];
          cntG1 = new int[cntG.length];
          corrG1 = new int[corrG.length];
          qG1 = new double[qG.length];
          q01 = new double[q0.length];
        }
        Arrays.fill(cntF1, 0);
        Arrays.fill(corrF1, 0);
        Arrays.fill(qF1, 0);
        Arrays.fill(cntG1, 0);
        Arrays.fill(corrG1, 0);
        Arrays.fill(qG1, 0);
        Arrays.fill(q01, 0);
      }
      int full = (1 << m) - 1;
      for (int r = 0; r < n; r++) {
        int f = code[r];
        int g = spec.midCode(f, k);
        boolean h1 = dbl && half[r];
        cntF[f]++;
        cntG[g]++;
        if (h1) {
          cntF1[f]++;
          cntG1[g]++;
          cnt01++;
        }
        if (correct[r]) {
          corrF[f]++;
          corrG[g]++;
          corr0++;
          if (h1) {
            corrF1[f]++;
            corrG1[g]++;
            corr01++;
          }
        }
        if (mask != full) {
          for (int j = 0; j < m; j++) {
            if ((mask & (1 << j)) != 0) continue;
            double v = -alpha * cost[r * m + j] + successor(r, mask, j, agreeRow[r], vNext, statesNext);
            qF[f * m + j] += v;
            qG[g * m + j] += v;
            q0[j] += v;
            if (h1) {
              qF1[f * m + j] += v;
              qG1[g * m + j] += v;
              q01[j] += v;
            }
          }
        }
      }
      boolean stopAllowed = level >= minMembers && level >= 1;
      int base = (mask * ctxCount + ctx) * codes;
      for (int f = 0; f < codes; f++) {
        int g = spec.midCode(f, k);
        int cnt;
        int corr;
        double[] q;
        int qOff;
        int cnt1 = 0;
        int corr1 = 0;
        double[] q1 = null;
        if (cntF[f] > 0) statesWithRows++;
        if (cntF[f] >= minRows) {
          cnt = cntF[f];
          corr = corrF[f];
          q = qF;
          qOff = f * m;
          if (dbl) {
            cnt1 = cntF1[f];
            corr1 = corrF1[f];
            q1 = qF1;
          }
        } else if (cntG[g] >= minRows) {
          cnt = cntG[g];
          corr = corrG[g];
          q = qG;
          qOff = g * m;
          if (dbl) {
            cnt1 = cntG1[g];
            corr1 = corrG1[g];
            q1 = qG1;
          }
          if (cntF[f] > 0) backedOffMid++;
        } else {
          cnt = n;
          corr = corr0;
          q = q0;
          qOff = 0;
          if (dbl) {
            cnt1 = cnt01;
            corr1 = corr01;
            q1 = q01;
          }
          if (cntF[f] > 0) backedOffCoarse++;
        }
        double stopQ = stopAllowed ? (double) corr / cnt : Double.NEGATIVE_INFINITY;
        int run = -1;
        double runQ = Double.NEGATIVE_INFINITY;
        if (mask != full) {
          for (int j : costOrder) {
            if ((mask & (1 << j)) != 0) continue;
            double v = q[qOff + j] / cnt;
            if (run < 0 || v > runQ + TIE) {
              run = j;
              runQ = v;
            }
          }
        }
        if (level == 0 && f == 0) {
          for (int j = 0; j < m; j++) rootQ[j] = q[qOff + j] / cnt;
        }
        boolean stop = mask == full || (stopAllowed && stopQ >= runQ - TIE);
        best[base + f] = stop ? Policy.NONE : (byte) run;
        bestRun[base + f] = run < 0 ? Policy.NONE : (byte) run;
        double value = stop ? stopQ : runQ;
        if (dbl && cnt1 > 0 && cnt1 < cnt) {
          // the action best on half 0 valued on half 1, and the other way round
          int cnt0h = cnt - cnt1;
          int a0 = bestOnHalf(mask, stopAllowed, cnt0h, corr - corr1, q, q1, qOff, false);
          int a1 = bestOnHalf(mask, stopAllowed, cnt1, corr1, q, q1, qOff, true);
          value = 0.5 * (valueOnHalf(a0, cnt1, corr1, q, q1, qOff, true) + valueOnHalf(a1, cnt0h, corr - corr1, q, q1, qOff, false));
        }
        vOut[ctx * codes + f] = value;
      }
    }
  }
}
