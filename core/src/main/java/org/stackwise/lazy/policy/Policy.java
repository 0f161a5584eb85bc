package org.stackwise.lazy.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Arrays;
import org.stackwise.BadInputException;
import org.stackwise.io.Json;
import org.stackwise.io.ModelReader;
import org.stackwise.io.ModelWriter;

/**
 * A solved lazy-stacking policy: for every set of run members, every context (the last member, for
 * the {@link StateSpec.Aggregate#LAST} aggregate) and every fine state code, the optimal
 * {@link Action} and the best member to run when one must go on ({@link #next}). Immutable.
 *
 * <p>Every state has an entry, including states no fitting row reached: those hold the decision of
 * the coarser state they back off to (see {@link MdpSolver}), so a new input never meets a state
 * without a decision.
 *
 * <p>The policy's {@link Action.Stop} ends the <em>trajectory</em> (the member sequence used to pick
 * the prefixes that get their own substacker); the online cascade exits on confidence (θ), and when it
 * goes on past a STOP it runs {@link #next} — the member with the best value among RUN actions.
 */
public final class Policy {
  /** Byte code of STOP / "no member". */
  static final byte NONE = -1;

  private final int m;
  private final int k;
  private final StateSpec spec;
  private final int ctxCount;
  private final int codes;
  private final byte[] best;
  private final byte[] bestRun;
  private final double[] rootValues;
  private final ObjectNode info;

  Policy(int m, int k, StateSpec spec, byte[] best, byte[] bestRun, double[] rootValues, ObjectNode info) {
    this.m = m;
    this.k = k;
    this.spec = spec;
    this.ctxCount = spec.aggregate() == StateSpec.Aggregate.LAST ? m : 1;
    this.codes = spec.fineCodes(k);
    long size = (1L << m) * ctxCount * codes;
    if (best.length != size || bestRun.length != size) {
      throw new IllegalArgumentException("policy tables must have " + size + " entries");
    }
    this.best = best.clone();
    this.bestRun = bestRun.clone();
    this.rootValues = rootValues.clone();
    this.info = info.deepCopy();
  }

  public int memberCount() { return m; }
  public int classCount() { return k; }
  public StateSpec stateSpec() { return spec; }

  /** Number of contexts per set: m for the LAST aggregate (the last member), else 1. */
  public int contexts() { return ctxCount; }

  /** Number of fine state codes per set and context. */
  public int codes() { return codes; }

  private int index(int mask, int ctx, int code) {
    if (mask < 0 || mask >= (1 << m)) throw new IllegalArgumentException("mask out of range: " + mask);
    if (ctx < 0 || ctx >= ctxCount) throw new IllegalArgumentException("context out of range: " + ctx);
    if (code < 0 || code >= codes) throw new IllegalArgumentException("state code out of range: " + code);
    return (mask * ctxCount + ctx) * codes + code;
  }

  /** The optimal action in a state. */
  public Action action(int mask, int ctx, int code) {
    byte b = best[index(mask, ctx, code)];
    return b == NONE ? Action.STOP : new Action.Run(b);
  }

  /** True when the optimal action in a state is STOP. */
  public boolean stops(int mask, int ctx, int code) {
    return best[index(mask, ctx, code)] == NONE;
  }

  /** The member to run next from a state (the best RUN action), or -1 when every member has run. */
  public int next(int mask, int ctx, int code) {
    return bestRun[index(mask, ctx, code)];
  }

  /** The value of the start state (expected reward of the optimal policy on the fitting rows). */
  public double rootValue() {
    double v = Double.NEGATIVE_INFINITY;
    for (double q : rootValues) v = Math.max(v, q);
    return v;
  }

  /** Q(start, RUN j) for every member j. */
  public double[] rootValues() { return rootValues.clone(); }

  /** Solver statistics (states, back-offs, alpha, ...). */
  public ObjectNode info() { return info.deepCopy(); }

  /** A walker that follows this policy for one input (MEAN or LAST aggregate). */
  public PolicyWalker walker() {
    if (spec.aggregate() == StateSpec.Aggregate.MASK) {
      throw new IllegalStateException("a policy on the MASK aggregate needs the MASK combiner: use walker(aggregator)");
    }
    return new PolicyWalker(this, null);
  }

  /** A walker whose state aggregate comes from {@code aggregator} (for the MASK aggregate; ignored otherwise). */
  public PolicyWalker walker(SetAggregator aggregator) {
    if (spec.aggregate() == StateSpec.Aggregate.MASK && aggregator == null) {
      throw new IllegalArgumentException("a policy on the MASK aggregate needs the MASK combiner");
    }
    return new PolicyWalker(this, aggregator);
  }

  /**
   * The bagged policy of policies solved on different rows with the same state features (e.g. the
   * cross-fitting folds' policies): in every state the action most of them take, and as the next member
   * the RUN action most of them take. Ties go to STOP, then to the member earlier in {@code preference}
   * (e.g. cheapest first) — the solver's own tie order. Bagging several policies of the same one gives
   * that policy back. Why: the exit threshold is calibrated on the fold policies' out-of-fold cascades,
   * so the deployed policy should act like them, not like one refitted on all rows (which may make other
   * choices where a state's action sits on a boundary).
   *
   * @param policies at least one policy, all with the same members, classes and state features
   * @param preference every member once, in tie-break order
   */
  public static Policy vote(java.util.List<Policy> policies, int[] preference) {
    if (policies.isEmpty()) throw new IllegalArgumentException("no policies to bag");
    Policy p0 = policies.get(0);
    for (Policy p : policies) {
      if (p.m != p0.m || p.k != p0.k || !p.spec.equals(p0.spec)) {
        throw new IllegalArgumentException("bagged policies must share members, classes and state features");
      }
    }
    int m = p0.m;
    if (preference.length != m) throw new IllegalArgumentException("preference must list all " + m + " members");
    int[] rankOf = new int[m];
    Arrays.fill(rankOf, -1);
    for (int i = 0; i < m; i++) {
      if (rankOf[preference[i]] >= 0) throw new IllegalArgumentException("member listed twice in preference");
      rankOf[preference[i]] = i;
    }
    int size = p0.best.length;
    byte[] best = new byte[size];
    byte[] run = new byte[size];
    int[] votes = new int[m + 1];      // index m = STOP / none
    int[] runVotes = new int[m + 1];
    long unanimous = 0;
    for (int i = 0; i < size; i++) {
      Arrays.fill(votes, 0);
      Arrays.fill(runVotes, 0);
      for (Policy p : policies) {
        votes[p.best[i] == NONE ? m : p.best[i]]++;
        runVotes[p.bestRun[i] == NONE ? m : p.bestRun[i]]++;
      }
      if (votes[p0.best[i] == NONE ? m : p0.best[i]] == policies.size()) unanimous++;
      best[i] = majority(votes, preference, m);
      run[i] = majority(runVotes, preference, m);
    }
    double[] root = new double[m];
    for (Policy p : policies) for (int j = 0; j < m; j++) root[j] += p.rootValues[j] / policies.size();
    ObjectNode info = Json.object();
    info.put("bagged_policies", policies.size());
    info.put("states", size);
    info.put("unanimous_states", unanimous);
    var parts = info.putArray("parts");
    for (Policy p : policies) parts.add(p.info);
    return new Policy(m, p0.k, p0.spec, best, run, root, info);
  }

  /** The most voted action ({@code votes[m]} = STOP / none); ties: STOP, then {@code preference} order. */
  private static byte majority(int[] votes, int[] preference, int m) {
    int bestCount = votes[m];
    int pick = m;
    for (int j : preference) {
      if (votes[j] > bestCount) {
        bestCount = votes[j];
        pick = j;
      }
    }
    return pick == m ? NONE : (byte) pick;
  }

  /** Writes {@code policy.json} and {@code policy.bin} (best actions, then best RUN actions). */
  public void write(ModelWriter out) throws IOException {
    ObjectNode o = Json.object();
    o.put("format_version", 1);
    o.put("members", m);
    o.put("classes", k);
    o.set("state", spec.toJson());
    o.set("root_values", Json.doublesToJson(rootValues));
    o.set("info", info);
    out.json("policy.json", o);
    byte[] b = new byte[best.length * 2];
    System.arraycopy(best, 0, b, 0, best.length);
    System.arraycopy(bestRun, 0, b, best.length, bestRun.length);
    out.bytes("policy.bin", b);
  }

  /** Reads a policy written by {@link #write}, checking every entry. */
  public static Policy read(ModelReader in) throws IOException {
    JsonNode o = in.json("policy.json");
    if (o.path("format_version").asInt() != 1) throw in.corrupt("policy.json", "unsupported format_version");
    int m = o.path("members").asInt(-1);
    int k = o.path("classes").asInt(-1);
    if (m < 1 || m > MdpSolver.MAX_MEMBERS) throw in.corrupt("policy.json", "members must be 1.." + MdpSolver.MAX_MEMBERS);
    if (k < 2 || k > 100_000) throw in.corrupt("policy.json", "classes must be at least 2");
    StateSpec spec;
    try {
      spec = StateSpec.fromJson(o.path("state"), in.path("policy.json"));
    } catch (BadInputException e) {
      throw in.corrupt("policy.json", e.rule());
    }
    int ctx = spec.aggregate() == StateSpec.Aggregate.LAST ? m : 1;
    long size = (1L << m) * ctx * spec.fineCodes(k);
    if (size > 200_000_000L) throw in.corrupt("policy.json", "policy table too large (" + size + " states)");
    byte[] b = in.bytes("policy.bin");
    if (b.length != 2 * size) throw in.corrupt("policy.bin", "expected " + 2 * size + " bytes, got " + b.length);
    byte[] best = Arrays.copyOfRange(b, 0, (int) size);
    byte[] run = Arrays.copyOfRange(b, (int) size, (int) (2 * size));
    int codes = spec.fineCodes(k);
    int full = (1 << m) - 1;
    for (int mask = 0; mask <= full; mask++) {
      for (int c = 0; c < ctx * codes; c++) {
        int i = mask * ctx * codes + c;
        int a = best[i];
        int r = run[i];
        if (a != NONE && (a < 0 || a >= m || (mask & (1 << a)) != 0)) {
          throw in.corrupt("policy.bin", "invalid action " + a + " for member set " + mask);
        }
        if (mask == full ? r != NONE : (r < 0 || r >= m || (mask & (1 << r)) != 0)) {
          throw in.corrupt("policy.bin", "invalid next member " + r + " for member set " + mask);
        }
      }
    }
    double[] root = Json.doubles(o.get("root_values"), in.path("policy.json"));
    if (root.length != m) throw in.corrupt("policy.json", "root_values must have " + m + " entries");
    JsonNode info = o.path("info");
    return new Policy(m, k, spec, best, run, root, info.isObject() ? (ObjectNode) info : Json.object());
  }
}
