package org.stackwise.lazy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import org.stackwise.BadInputException;
import org.stackwise.io.Json;

/**
 * The tuned settings of the comparison methods, chosen on the same calibration rows and with the same
 * target as LazyStack's θ, and stored in the lazy model so {@code lazy evaluate} runs them beside it:
 * <ul>
 *   <li>policy order + plain averaging (ablation): θ {@code thetaAverage};
 *   <li>random order + substackers (ablation): a seeded random member order, θ {@code thetaRandom};
 *   <li>cost cascade: members cheapest first, each answering alone; exit after step {@code t} when its
 *       top probability exceeds {@code costThresholds[t-1]} (tuned per step by coordinate descent);
 *       the full stacker answers when every member ran;
 *   <li>ABC (agreement-based cascade): the cost order cut into tiers ending at {@code abcTierEnds};
 *       exit after a tier whose members all vote for the same class; the full stacker answers last;
 *   <li>best single member (by calibration accuracy).
 * </ul>
 */
record Baselines(int[] randomOrder, Thresholds thetaRandom, Thresholds thetaAverage, int[] costOrder, double[] costThresholds,
    int[] abcTierEnds, int bestSingle) {

  Baselines {
    randomOrder = randomOrder.clone();
    costOrder = costOrder.clone();
    costThresholds = costThresholds.clone();
    abcTierEnds = abcTierEnds.clone();
  }

  @Override public int[] randomOrder() { return randomOrder.clone(); }
  @Override public int[] costOrder() { return costOrder.clone(); }
  @Override public double[] costThresholds() { return costThresholds.clone(); }
  @Override public int[] abcTierEnds() { return abcTierEnds.clone(); }

  ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.set("random_order", ints(randomOrder));
    o.set("theta_random", thetaRandom.toJson());
    o.set("theta_average", thetaAverage.toJson());
    o.set("cost_order", ints(costOrder));
    o.set("cost_thresholds", Json.doublesToJson(costThresholds));
    o.set("abc_tier_ends", ints(abcTierEnds));
    o.put("best_single", bestSingle);
    return o;
  }

  private static ArrayNode ints(int[] v) {
    ArrayNode a = Json.array();
    for (int x : v) a.add(x);
    return a;
  }

  static Baselines fromJson(JsonNode o, int m, String source) {
    int[] random = perm(o.get("random_order"), m, source, "random_order");
    int[] cost = perm(o.get("cost_order"), m, source, "cost_order");
    double[] th = Json.doubles(o.get("cost_thresholds"), source);
    if (th.length != m) throw new BadInputException(source, "cost_thresholds must have " + m + " values");
    int[] ends = intArray(o.get("abc_tier_ends"), source, "abc_tier_ends");
    for (int i = 0; i < ends.length; i++) {
      if (ends[i] < 1 || ends[i] >= m || (i > 0 && ends[i] <= ends[i - 1])) {
        throw new BadInputException(source, "abc_tier_ends must increase within 1.." + (m - 1));
      }
    }
    int best = o.path("best_single").asInt(-1);
    if (best < 0 || best >= m) throw new BadInputException(source, "best_single must be a member index");
    return new Baselines(random, Thresholds.fromJson(o.get("theta_random"), m, source),
        Thresholds.fromJson(o.get("theta_average"), m, source), cost, th, ends, best);
  }

  private static int[] intArray(JsonNode a, String source, String field) {
    if (a == null || !a.isArray()) throw new BadInputException(source, field + " must be an array of integers");
    int[] v = new int[a.size()];
    for (int i = 0; i < v.length; i++) {
      if (!a.get(i).isInt()) throw new BadInputException(source, field + " must be an array of integers");
      v[i] = a.get(i).asInt();
    }
    return v;
  }

  private static int[] perm(JsonNode a, int m, String source, String field) {
    int[] v = intArray(a, source, field);
    int[] sorted = v.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < m; i++) {
      if (sorted.length != m || sorted[i] != i) throw new BadInputException(source, field + " must be a permutation of 0.." + (m - 1));
    }
    return v;
  }
}
