package org.stackwise.lazy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import org.stackwise.BadInputException;
import org.stackwise.lazy.policy.Policy;
import org.stackwise.lazy.policy.Trajectories;
import org.stackwise.lazy.substack.Substackers;

/**
 * A fitted lazy stack: runs members one at a time in the learned order, aggregates what ran after each
 * with a substacker, and stops as soon as the aggregate is confident. Immutable and thread-safe: any
 * number of threads may call {@link #predict} at once (each call keeps its own state).
 *
 * <h2>The online loop</h2>
 * <ol>
 *   <li>Ask the policy which member to run next (for the members run so far and their mean output's
 *       state); run it through the {@link MemberInvoker}.
 *   <li>Aggregate every output so far: in {@link Mode#SUB} with the set's SUB network (MASK network
 *       for sets without one), in {@link Mode#MASK} with the MASK network. Once every member ran, the
 *       answer is the full stacker's, in both modes.
 *   <li>Exit when at least {@code minMembers} ran and the aggregate's top probability is above θ
 *       (strictly; θ = 1 never exits early), or — when {@link #exitOnPolicyStop()} — the policy says STOP
 *       (and θ < 1). Otherwise continue, also past the policy's own STOP.
 * </ol>
 * A member that fails (throws, or returns an invalid distribution) ends the cascade with the best
 * answer so far: the aggregate of the members that ran; if none had, the next members in cost order
 * are tried until one answers. The {@link CascadeTrace} records each call, cost and failure.
 *
 * <h2>Routed models</h2>
 * A model fitted with {@code final_policy = routed} deploys the cross-fitting folds' own policies and
 * substackers ({@link #routed()}): each input goes to one of them, chosen by a hash of a routing key, so
 * the deployed cascade is — in expectation over inputs — exactly the out-of-fold cascade that θ was
 * calibrated on, and a cost budget met out of fold is met in deployment too (a refitted policy can
 * behave differently: docs/bench-results/lazy.md, "Routed fold cores"). The key is the caller's
 * ({@link #predict(Object, MemberInvoker, String)}, e.g. a request or row id) or, when none is given,
 * derived from the input's value ({@link #routingKey(Object)}); either way the same key always takes
 * the same route, at any thread count.
 */
public final class LazyStackModel {
  /** Which aggregator answers for a proper subset of members. */
  public enum Mode {
    /** One SUB network per kept prefix, MASK for the others (LazyStack-SUB). */
    SUB,
    /** The shared MASK network everywhere (LazyStack-MASK). */
    MASK;

    public String id() { return name().toLowerCase(); }

    public static Mode parse(String s, String source) {
      for (Mode m : values()) if (m.id().equals(s)) return m;
      throw new BadInputException(source, "mode must be sub or mask, got '" + s + "'");
    }
  }

  private final List<String> members;
  private final List<String> classes;
  private final CostModel costs;
  private final Mode mode;
  private final Thresholds thetaSub;
  private final Thresholds thetaMask;
  private final int minMembers;
  private final boolean policyExit;
  private final Baselines baselines;
  private final List<Trajectories.Trajectory> trajectories;
  private final ObjectNode info;
  private final Route primary;
  private final List<Route> routes;

  /**
   * One deployable core: a policy with its substackers (and the random-order ablation's). A routed model
   * holds one per cross-fitting fold; every model has its primary one (the refitted or bagged core).
   */
  record Route(Policy policy, Substackers subs, Substackers randomSubs) {
    Route {
      Objects.requireNonNull(policy);
      Objects.requireNonNull(subs);
      Objects.requireNonNull(randomSubs);
    }
  }

  LazyStackModel(List<String> members, List<String> classes, CostModel costs, Policy policy, Substackers subs,
      Substackers randomSubs, Mode mode, Thresholds thetaSub, Thresholds thetaMask, int minMembers, boolean policyExit,
      Baselines baselines, List<Trajectories.Trajectory> trajectories, ObjectNode info) {
    this(members, classes, costs, policy, subs, randomSubs, mode, thetaSub, thetaMask, minMembers, policyExit, baselines,
        trajectories, info, List.of());
  }

  LazyStackModel(List<String> members, List<String> classes, CostModel costs, Policy policy, Substackers subs,
      Substackers randomSubs, Mode mode, Thresholds thetaSub, Thresholds thetaMask, int minMembers, boolean policyExit,
      Baselines baselines, List<Trajectories.Trajectory> trajectories, ObjectNode info, List<Route> routes) {
    this.policyExit = policyExit;
    this.members = List.copyOf(members);
    this.classes = List.copyOf(classes);
    this.costs = Objects.requireNonNull(costs);
    this.mode = Objects.requireNonNull(mode);
    this.thetaSub = Objects.requireNonNull(thetaSub);
    this.thetaMask = Objects.requireNonNull(thetaMask);
    this.minMembers = minMembers;
    this.baselines = Objects.requireNonNull(baselines);
    this.trajectories = List.copyOf(trajectories);
    this.info = info.deepCopy();
    int m = members.size();
    if (costs.members().size() != m) throw new IllegalArgumentException("the cost model must have " + m + " members");
    if (minMembers < 1 || minMembers > m) throw new IllegalArgumentException("min_members must be in 1.." + m);
    this.primary = new Route(policy, subs, randomSubs);
    this.routes = List.copyOf(routes);
    if (this.routes.size() == 1) throw new IllegalArgumentException("a routed model needs at least 2 routes");
    for (Route r : concat(primary, this.routes)) {
      if (r.policy().memberCount() != m || r.subs().memberCount() != m) {
        throw new IllegalArgumentException("policy and substackers must have " + m + " members");
      }
      if (r.policy().classCount() != classes.size() || r.subs().classCount() != classes.size()) {
        throw new IllegalArgumentException("policy and substackers must have " + classes.size() + " classes");
      }
    }
  }

  private static List<Route> concat(Route first, List<Route> rest) {
    List<Route> all = new java.util.ArrayList<>(rest.size() + 1);
    all.add(first);
    all.addAll(rest);
    return all;
  }

  private static double checkTheta(double t) {
    if (!(t >= 0 && t <= 1)) throw new BadInputException("theta", "theta must be in [0, 1], got " + t);
    return t;
  }

  public List<String> members() { return members; }
  public List<String> classes() { return classes; }
  public CostModel costModel() { return costs; }
  public Policy policy() { return primary.policy(); }
  public Substackers substackers() { return primary.subs(); }
  public Mode mode() { return mode; }
  public int minMembers() { return minMembers; }

  /** Whether the policy's STOP is an exit too (for any θ < 1), besides confidence above θ. */
  public boolean exitOnPolicyStop() { return policyExit; }

  /** The calibrated thresholds of a mode (a global θ, and per-set ones when tuned). */
  public Thresholds thresholds(Mode m) { return m == Mode.SUB ? thetaSub : thetaMask; }

  /** The calibrated global θ of a mode. */
  public double theta(Mode m) { return thresholds(m).global(); }

  /** The global θ of the default mode. */
  public double theta() { return theta(mode); }

  /** The trajectories kept at fit time (their prefixes have SUB networks), most frequent first. */
  public List<Trajectories.Trajectory> trajectories() { return trajectories; }

  /** Fit-time information: parameters, validation report, data use, trajectory statistics. */
  public ObjectNode info() { return info.deepCopy(); }

  Substackers randomSubstackers() { return primary.randomSubs(); }
  Baselines baselines() { return baselines; }

  /** True when inputs are routed to the cross-fitting folds' cores (see the class comment). */
  public boolean routed() { return !routes.isEmpty(); }

  /** How many routes a routed model has (its cross-fitting folds); 0 when not routed. */
  public int routeCount() { return routes.size(); }

  /** The routes of a routed model (empty when not routed). */
  List<Route> routes() { return routes; }

  /**
   * The route (0 .. {@link #routeCount()} − 1) that inputs with routing key {@code key} take; 0 when not
   * routed. A fixed function of the key: {@link String#hashCode} (specified by the JDK) through a 64-bit
   * mixer, so keys that differ in one character spread evenly over the routes.
   */
  public int routeOf(String key) {
    return routes.isEmpty() ? 0 : routeIndex(key, routes.size());
  }

  /** The route of {@code key} among {@code count} routes (see {@link #routeOf}). */
  static int routeIndex(String key, int count) {
    long z = Objects.requireNonNull(key, "routing key").hashCode() * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z ^= z >>> 31;
    return (int) Math.floorMod(z, (long) count);
  }

  /**
   * The routing key of an input when the caller gives none: its value as text — strings, boxed numbers
   * and {@code double[]}/{@code float[]}/{@code int[]}/{@code long[]} arrays by content, other objects by
   * {@link String#valueOf} (value-based for records and standard collections; for a type without its own
   * {@code toString} the text holds an identity hash, so pass a key to route such inputs reproducibly).
   */
  public static String routingKey(Object input) {
    if (input instanceof double[] a) return java.util.Arrays.toString(a);
    if (input instanceof float[] a) return java.util.Arrays.toString(a);
    if (input instanceof int[] a) return java.util.Arrays.toString(a);
    if (input instanceof long[] a) return java.util.Arrays.toString(a);
    return String.valueOf(input);
  }

  /** The core that serves routing key {@code key}: its route's when routed, else the primary one. */
  Route route(String key) {
    return routes.isEmpty() ? primary : routes.get(routeOf(key));
  }

  /** The same model answering in mode {@code m} by default. */
  public LazyStackModel withMode(Mode m) {
    return new LazyStackModel(members, classes, costs, primary.policy(), primary.subs(), primary.randomSubs(), m, thetaSub, thetaMask, minMembers,
        policyExit, baselines, trajectories, info, routes);
  }

  /** The same model with its fit-time information replaced (e.g. to record where its inputs came from). */
  public LazyStackModel withInfo(ObjectNode newInfo) {
    return new LazyStackModel(members, classes, costs, primary.policy(), primary.subs(), primary.randomSubs(), mode, thetaSub, thetaMask, minMembers,
        policyExit, baselines, trajectories, newInfo, routes);
  }

  /** The same model with the thresholds of mode {@code m} replaced (e.g. to trade accuracy for cost by hand). */
  public LazyStackModel withThresholds(Mode m, Thresholds th) {
    return new LazyStackModel(members, classes, costs, primary.policy(), primary.subs(), primary.randomSubs(), mode, m == Mode.SUB ? th : thetaSub,
        m == Mode.MASK ? th : thetaMask, minMembers, policyExit, baselines, trajectories, info, routes);
  }

  /** The cascade of a mode on the primary core. */
  Cascade cascade(Mode m) {
    return cascade(m, primary);
  }

  /** The cascade of a mode on one core. */
  Cascade cascade(Mode m, Route r) {
    return Cascade.byPolicy(r.policy(), m == Mode.SUB ? Cascade.Combine.SUB_OR_MASK : Cascade.Combine.MASK, true, policyExit, r.subs());
  }

  /** Predicts {@code input} in the default mode with its calibrated thresholds, running members through {@code invoker}. */
  public <I> LazyPrediction predict(I input, MemberInvoker<I> invoker) {
    return predict(input, invoker, mode, thresholds(mode));
  }

  /**
   * As {@link #predict(Object, MemberInvoker)}, routed by the caller's {@code routingKey} (e.g. a request
   * or row id) rather than by the input's value; the key matters only for a {@link #routed()} model.
   */
  public <I> LazyPrediction predict(I input, MemberInvoker<I> invoker, String routingKey) {
    return predict(input, invoker, mode, thresholds(mode), routingKey);
  }

  /** Predicts {@code input} in mode {@code m} with one threshold {@code theta} for every member set. */
  public <I> LazyPrediction predict(I input, MemberInvoker<I> invoker, Mode m, double theta) {
    return predict(input, invoker, m, Thresholds.uniform(checkTheta(theta)));
  }

  /**
   * Predicts {@code input} in mode {@code m} with thresholds {@code th}.
   *
   * @throws IllegalStateException when every member fails (the message lists the failures)
   */
  public <I> LazyPrediction predict(I input, MemberInvoker<I> invoker, Mode m, Thresholds th) {
    return predict(input, invoker, m, th, routed() ? routingKey(input) : "");
  }

  /** As {@link #predict(Object, MemberInvoker, Mode, Thresholds)}, routed by {@code routingKey}. */
  public <I> LazyPrediction predict(I input, MemberInvoker<I> invoker, Mode m, Thresholds th, String routingKey) {
    Walk w = start(m, th, routingKey);
    while (!w.done()) {
      int j = w.next();
      MemberOutput out;
      try {
        out = invoker.invoke(j, members.get(j), input);
        if (out == null) throw new IllegalStateException("member returned no output");
        w.check(j, out.proba());
      } catch (Exception e) {
        w.trace.failed(members.get(j), j, costs.mean(j), String.valueOf(e.getMessage()));
        return afterFailure(input, invoker, w, j, e);
      }
      w.offer(j, out.proba(), out.cost());
    }
    return w.result();
  }

  /**
   * Starts a step-by-step cascade in the default mode with its calibrated thresholds (see {@link Walk}).
   *
   * @throws IllegalStateException for a {@link #routed()} model, whose walks need a key: {@link #start(String)}
   */
  public Walk start() {
    return start(mode, thresholds(mode));
  }

  /** Starts a step-by-step cascade in the default mode on the route of {@code routingKey} (see {@link Walk}). */
  public Walk start(String routingKey) {
    return start(mode, thresholds(mode), routingKey);
  }

  /**
   * Starts a step-by-step cascade in mode {@code m} with thresholds {@code th} (see {@link Walk}).
   *
   * @throws IllegalStateException for a {@link #routed()} model, whose walks need a key
   */
  public Walk start(Mode m, Thresholds th) {
    if (routed()) {
      throw new IllegalStateException("this lazy model routes inputs to " + routes.size()
          + " cross-fitted cores: start the walk with a routing key, start(key)");
    }
    return start(m, th, "");
  }

  /** Starts a step-by-step cascade in mode {@code m} with thresholds {@code th} on the route of {@code routingKey}. */
  public Walk start(Mode m, Thresholds th, String routingKey) {
    return new Walk(m, Objects.requireNonNull(th), route(routingKey));
  }

  /**
   * One input's cascade driven by the caller, one member at a time — for callers that cannot hand
   * over a blocking {@link MemberInvoker}: batch engines that run a member on many rows at once (Spark),
   * asynchronous clients, queues. Loop: {@link #next()} names the member to run, the caller runs it and
   * {@link #offer}s its output; when {@link #done()}, {@link #result()} is the prediction. Decisions are
   * exactly those of {@link LazyStackModel#predict} for the same outputs (predict is built on it).
   * A walk is mutable and single-threaded; the model stays shared and thread-safe, and starting a
   * walk is cheap (one per input).
   *
   * <pre>{@code
   * LazyStackModel.Walk w = model.start();
   * while (!w.done()) {
   *   int j = w.next();                        // member index, see model.members()
   *   double[] p = callMember(model.members().get(j), input);
   *   w.offer(j, p, Double.NaN);               // NaN: charge the cost model's mean cost
   * }
   * LazyPrediction answer = w.result();        // answer.trace(): members run, costs, exit reason
   * }</pre>
   */
  public final class Walk {
    private final Cascade.Walk w;
    private final Thresholds th;
    private final CascadeTrace.Builder trace;
    private double[] agg;
    private boolean done;

    private Walk(Mode m, Thresholds th, Route r) {
      this.w = cascade(m, r).walk();
      this.th = th;
      this.trace = CascadeTrace.builder(th.global(), m.id());
    }

    /** True once the cascade has exited (confident, policy STOP, or every member ran). */
    public boolean done() { return done; }

    /** The member (index into {@link LazyStackModel#members()}) to run next; -1 when done. */
    public int next() {
      return done ? -1 : w.next();
    }

    /** The members that ran so far, as a bit set over member indices. */
    public int executed() { return w.set(); }

    /** How many members ran so far. */
    public int steps() { return w.steps(); }

    /** The aggregate after the members that ran (null before the first). */
    public double[] current() { return agg == null ? null : agg.clone(); }

    private void check(int j, double[] p) {
      if (p == null) throw new IllegalArgumentException("member '" + members.get(j) + "' gave no distribution");
      if (p.length != classes.size()) throw new IllegalArgumentException("expected " + classes.size() + " probabilities, got " + p.length);
      OutputTable.checkDistribution("member '" + members.get(j) + "'", p);
    }

    /**
     * Records member {@code member}'s class distribution (over the model's classes, in order) and the
     * cost of the call ({@link Double#NaN}: the cost model's mean), and decides whether to exit.
     *
     * @return true when the cascade is done (then see {@link #result()})
     * @throws IllegalStateException when the walk is done or {@code member} is not {@link #next()}
     * @throws IllegalArgumentException or {@link BadInputException} when the distribution is invalid (the walk is unchanged)
     */
    public boolean offer(int member, double[] proba, double cost) {
      if (done) throw new IllegalStateException("the cascade is done");
      int j = w.next();
      if (member != j) throw new IllegalStateException("expected the output of member " + j + " (" + members.get(j) + "), got " + member);
      check(j, proba);
      agg = w.observe(j, proba);
      int c = Cascade.argMax(agg);
      trace.ran(members.get(j), j, Double.isNaN(cost) ? costs.mean(j) : cost, agg[c], c);
      if (w.steps() == members.size()) {
        trace.exit(CascadeTrace.ExitReason.ALL_MEMBERS_RUN);
        done = true;
      } else {
        double theta = th.at(w.set());
        if (w.steps() >= minMembers && theta < 1 && (agg[c] > theta || w.policyStops())) {
          trace.exit(CascadeTrace.ExitReason.CONFIDENT);
          done = true;
        }
      }
      return done;
    }

    /**
     * The cascade's prediction and trace (for the best answer before the end, see {@link #current()}).
     *
     * @throws IllegalStateException when the cascade is not done
     */
    public LazyPrediction result() {
      if (!done) throw new IllegalStateException("the cascade is not done: run member " + w.next() + " next");
      int c = Cascade.argMax(agg);
      return new LazyPrediction(agg, c, classes.get(c), trace.snapshot());
    }
  }

  private <I> LazyPrediction afterFailure(I input, MemberInvoker<I> invoker, Walk walk, int failed, Exception first) {
    Cascade.Walk w = walk.w;
    CascadeTrace.Builder trace = walk.trace;
    trace.exit(CascadeTrace.ExitReason.MEMBER_FAILED);
    if (w.steps() > 0) {
      double[] agg = w.current();
      int c = Cascade.argMax(agg);
      return new LazyPrediction(agg, c, classes.get(c), trace.snapshot());
    }
    // nothing ran yet: try the remaining members, cheapest first, until one answers
    StringBuilder failures = new StringBuilder(members.get(failed) + ": " + first.getMessage());
    for (int j : baselines.costOrder()) {
      if (j == failed) continue;
      try {
        MemberOutput out = invoker.invoke(j, members.get(j), input);
        if (out == null) throw new IllegalStateException("member returned no output");
        double[] p = out.proba();
        walk.check(j, p);
        double[] agg = w.observe(j, p);
        int c = Cascade.argMax(agg);
        trace.ran(members.get(j), j, Double.isNaN(out.cost()) ? costs.mean(j) : out.cost(), agg[c], c);
        return new LazyPrediction(agg, c, classes.get(c), trace.snapshot());
      } catch (Exception e) {
        trace.failed(members.get(j), j, costs.mean(j), String.valueOf(e.getMessage()));
        failures.append("; ").append(members.get(j)).append(": ").append(e.getMessage());
      }
    }
    throw new IllegalStateException("every member failed: " + failures);
  }

  @Override public String toString() {
    return "LazyStackModel[" + members.size() + " members, " + classes.size() + " classes, mode " + mode.id()
        + ", θ " + theta() + ", " + trajectories.size() + " kept trajectories"
        + (routed() ? ", " + routes.size() + " routes" : "") + "]";
  }
}
