package org.stackwise.lazy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.stackwise.io.Json;
import org.stackwise.lazy.policy.Trajectories;

/**
 * The evaluation harness: runs a fitted lazy stack and every comparison method on the same labelled
 * rows and reports accuracy and cost side by side — the object printed by
 * {@code stackwise lazy evaluate --json}:
 * <pre>
 * {"accuracy", "full_accuracy", "retention", "mean_cost", "full_cost", "speedup", "mean_members_run",
 *  "trajectories_95", "methods": {name: {"accuracy", "mean_cost", "speedup", ...}},
 *  "members": {name: {"accuracy", "mean_cost"}}, "curve": [{"theta", "accuracy", "mean_cost"}, ...], ...}
 * </pre>
 * The top-level numbers are the model's default mode at its θ. {@code full_cost} is the mean cost of
 * running every member; {@code speedup} = full cost / mean cost. {@code trajectories_95} counts the
 * distinct member sequences actually run (up to each exit) that cover 95 % of the rows.
 *
 * <p>Methods: {@code lazystack_sub}, {@code lazystack_mask}, {@code full_stacker}, {@code average} (mean of
 * all members), {@code best_single}, {@code cost_cascade}, {@code abc}, {@code random_order_sub} and
 * {@code policy_order_avg} (the two ablations), {@code oracle} (the cheapest correct member per row; the
 * cheapest member when none is right: a lower bound on cost, an upper bound on accuracy). All use the
 * settings stored in the model; nothing is tuned on the evaluated rows.
 *
 * <p>Costs are the rows' own costs from the table (per-row log costs, or the measured per-member costs).
 * A {@linkplain LazyStackModel#routed() routed} model runs each row on the route of the row's id.
 */
public final class LazyEvaluation {
  private LazyEvaluation() { }

  /** Evaluates {@code model} on every row of {@code table} (labelled; members and classes are matched by name). */
  public static ObjectNode evaluate(LazyStackModel model, OutputTable table) {
    OutputTable t = table.alignedTo(model.members(), model.classes());
    if (!t.labelled()) throw new org.stackwise.BadInputException("rows", "evaluation needs labelled rows; some rows have no label");
    int n = t.rows();
    int m = t.memberCount();
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) rows[i] = i;
    MethodTables mt = new MethodTables(n, m, t.labels());
    Baselines b = model.baselines();
    for (int i = 0; i < n; i++) {
      // a routed model runs each row on the core its id routes to, as predict does with the row id as key
      LazyStackModel.Route r = model.route(t.id(i));
      mt.fill(i, t, i, r.policy(), model.exitOnPolicyStop(), r.subs(), r.randomSubs(), b.randomOrder(), b.costOrder());
    }
    ObjectNode out = report(model, t, rows, mt, mt.fullPreds());
    ObjectNode v = model.info().path("validation") instanceof ObjectNode vo ? vo : null;
    if (v != null) out.set("validation", v);
    if (model.info().has("data_use")) {
      ObjectNode use = (ObjectNode) model.info().get("data_use").deepCopy();
      use.remove("fold_of_row");
      out.set("data_use", use);
    }
    return out;
  }

  /** The report for rows whose step tables are filled (out-of-fold ones at fit time, the final model's at test time). */
  static ObjectNode report(LazyStackModel model, OutputTable t, int[] rows, MethodTables mt, int[] fullPred) {
    int n = rows.length;
    int m = t.memberCount();
    int k = t.classCount();
    int[] y = new int[n];
    double fullCost = 0;
    for (int r = 0; r < n; r++) {
      y[r] = t.label(rows[r]);
      for (int j = 0; j < m; j++) fullCost += t.cost(rows[r], j);
    }
    fullCost = n == 0 ? 0 : fullCost / n;
    double fullAcc = LazyStackLearner.accuracy(fullPred, y);
    Baselines b = model.baselines();
    int minM = model.minMembers();

    ObjectNode methods = Json.object();
    StepTable.Result sub = mt.sub.evaluate(model.thresholds(LazyStackModel.Mode.SUB), minM);
    StepTable.Result mask = mt.mask.evaluate(model.thresholds(LazyStackModel.Mode.MASK), minM);
    thetas(put(methods, "lazystack_sub", sub, fullCost, fullAcc), model.thresholds(LazyStackModel.Mode.SUB));
    thetas(put(methods, "lazystack_mask", mask, fullCost, fullAcc), model.thresholds(LazyStackModel.Mode.MASK));
    put(methods, "full_stacker", new StepTable.Result(fullAcc, fullCost, m), fullCost, fullAcc);
    int avgCorrect = 0;
    for (int r = 0; r < n; r++) {
      double[] s = new double[k];
      for (int j = 0; j < m; j++) t.addProba(rows[r], j, s);
      if (Cascade.argMax(s) == y[r]) avgCorrect++;
    }
    put(methods, "average", new StepTable.Result(ratio(avgCorrect, n), fullCost, m), fullCost, fullAcc);
    int bj = b.bestSingle();
    put(methods, "best_single", memberResult(t, rows, bj), fullCost, fullAcc).put("member", t.members().get(bj));
    put(methods, "cost_cascade", mt.cost.evaluate(b.costThresholds(), 1), fullCost, fullAcc);
    StepTable abc = MethodTables.abc(t, rows, b.costOrder(), b.abcTierEnds(), fullPred);
    put(methods, "abc", abc.evaluate(0.5, 1), fullCost, fullAcc).put("tiers", b.abcTierEnds().length + 1);
    thetas(put(methods, "random_order_sub", mt.random.evaluate(b.thetaRandom(), minM), fullCost, fullAcc), b.thetaRandom());
    thetas(put(methods, "policy_order_avg", mt.avg.evaluate(b.thetaAverage(), minM), fullCost, fullAcc), b.thetaAverage());
    int oracleCorrect = 0;
    double oracleCost = 0;
    int[] costOrder = b.costOrder();
    for (int r = 0; r < n; r++) {
      int i = rows[r];
      double best = Double.POSITIVE_INFINITY;
      double cheapest = Double.POSITIVE_INFINITY;
      for (int j : costOrder) {
        cheapest = Math.min(cheapest, t.cost(i, j));
        if (t.argMax(i, j) == y[r]) best = Math.min(best, t.cost(i, j));
      }
      if (best < Double.POSITIVE_INFINITY) {
        oracleCorrect++;
        oracleCost += best;
      } else {
        oracleCost += cheapest;
      }
    }
    put(methods, "oracle", new StepTable.Result(ratio(oracleCorrect, n), n == 0 ? 0 : oracleCost / n, 1), fullCost, fullAcc);

    ObjectNode membersOut = Json.object();
    for (int j = 0; j < m; j++) {
      StepTable.Result r = memberResult(t, rows, j);
      ObjectNode o = membersOut.putObject(t.members().get(j));
      o.put("accuracy", r.accuracy());
      o.put("mean_cost", r.meanCost());
    }

    LazyStackModel.Mode mode = model.mode();
    StepTable main = mode == LazyStackModel.Mode.SUB ? mt.sub : mt.mask;
    Thresholds theta = model.thresholds(mode);
    StepTable.Result res = mode == LazyStackModel.Mode.SUB ? sub : mask;
    ObjectNode out = Json.object();
    out.put("rows", n);
    out.put("cost_unit", t.costUnit());
    out.put("mode", mode.id());
    out.put("theta", theta.global());
    out.put("per_set_thresholds", theta.perSet().size());
    out.put("accuracy", res.accuracy());
    out.put("full_accuracy", fullAcc);
    out.put("retention", fullAcc > 0 ? res.accuracy() / fullAcc : 0);
    out.put("mean_cost", res.meanCost());
    out.put("full_cost", fullCost);
    out.put("speedup", res.meanCost() > 0 ? fullCost / res.meanCost() : 0);
    out.put("mean_members_run", res.meanMembers());
    out.put("trajectories_95", executedCover(main, theta, minM, 0.95));
    out.put("distinct_executed_sequences", executedCover(main, theta, minM, 1.0));
    out.set("methods", methods);
    out.set("members", membersOut);
    out.set("curve", curve(main, minM, theta.global()));
    return out;
  }

  private static void thetas(ObjectNode o, Thresholds th) {
    o.put("theta", th.global());
    if (!th.perSet().isEmpty()) o.put("per_set_thresholds", th.perSet().size());
  }

  private static double ratio(int a, int n) {
    return n == 0 ? 0 : (double) a / n;
  }

  private static StepTable.Result memberResult(OutputTable t, int[] rows, int j) {
    int c = 0;
    double cost = 0;
    for (int i : rows) {
      if (t.argMax(i, j) == t.label(i)) c++;
      cost += t.cost(i, j);
    }
    return new StepTable.Result(ratio(c, rows.length), rows.length == 0 ? 0 : cost / rows.length, 1);
  }

  private static ObjectNode put(ObjectNode methods, String name, StepTable.Result r, double fullCost, double fullAcc) {
    ObjectNode o = methods.putObject(name);
    o.put("accuracy", r.accuracy());
    o.put("mean_cost", r.meanCost());
    o.put("speedup", r.meanCost() > 0 ? fullCost / r.meanCost() : 0);
    o.put("mean_members", r.meanMembers());
    o.put("retention", fullAcc > 0 ? r.accuracy() / fullAcc : 0);
    return o;
  }

  /** Fewest distinct executed member sequences (up to each row's exit) covering {@code share} of the rows. */
  static int executedCover(StepTable st, Thresholds th, int minSteps, double share) {
    Map<List<Integer>, Integer> counts = new HashMap<>();
    for (int i = 0; i < st.n; i++) {
      int t = st.exitStep(i, th, minSteps);
      List<Integer> seq = new ArrayList<>(t);
      for (int s = 0; s < t; s++) seq.add(st.member[i * st.m + s]);
      counts.merge(seq, 1, Integer::sum);
    }
    int[] c = counts.values().stream().mapToInt(Integer::intValue).toArray();
    return Trajectories.coverCount(c, st.n, share);
  }

  /** Accuracy and mean cost on a grid of uniform θ (0 to 1 by 0.01, finer near 1, and the model's global θ). */
  static ArrayNode curve(StepTable st, int minSteps, double modelTheta) {
    TreeSet<Double> grid = new TreeSet<>();
    for (int i = 0; i <= 100; i++) grid.add(i / 100.0);
    for (double d : new double[] {0.991, 0.992, 0.993, 0.994, 0.995, 0.996, 0.997, 0.998, 0.999, 0.9995, 0.9999}) grid.add(d);
    grid.add(modelTheta);
    ArrayNode a = Json.array();
    for (double theta : grid) {
      StepTable.Result r = st.evaluate(theta, minSteps);
      ObjectNode o = a.addObject();
      o.put("theta", theta);
      o.put("accuracy", r.accuracy());
      o.put("mean_cost", r.meanCost());
      o.put("mean_members", r.meanMembers());
    }
    return a;
  }
}
