package org.stackwise.lazy.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.stackwise.BadInputException;
import org.stackwise.io.Json;
import org.stackwise.lazy.OutputTable;

/**
 * The policy rolled out on rows: each row's full member order (the policy's actions, continued past
 * its first STOP by {@link Policy#next}) and the position of that first STOP. The <em>trajectory</em>
 * of a row is its order up to the STOP; trajectories are counted, and those covering at least a given
 * share of the rows are kept (their prefixes get their own substackers). Immutable.
 */
public final class Trajectories {
  /** One distinct trajectory: its members in order and how many rows followed it. */
  public record Trajectory(List<Integer> members, int rows, double coverage) {
    public Trajectory {
      members = List.copyOf(members);
    }

    /** The set of the first {@code length} members as a bit mask. */
    public int prefixMask(int length) {
      int mask = 0;
      for (int i = 0; i < length; i++) mask |= 1 << members.get(i);
      return mask;
    }
  }

  private final int m;
  private final int[][] orders;
  private final int[] stops;
  private final List<Trajectory> all;

  private Trajectories(int m, int[][] orders, int[] stops) {
    this.m = m;
    this.orders = orders;
    this.stops = stops;
    Map<List<Integer>, Integer> counts = new HashMap<>();
    for (int r = 0; r < orders.length; r++) {
      List<Integer> key = new ArrayList<>();
      for (int i = 0; i < stops[r]; i++) key.add(orders[r][i]);
      counts.merge(key, 1, Integer::sum);
    }
    List<Trajectory> list = new ArrayList<>();
    for (var e : counts.entrySet()) list.add(new Trajectory(e.getKey(), e.getValue(), (double) e.getValue() / orders.length));
    list.sort(Comparator.comparingInt(Trajectory::rows).reversed().thenComparing(Trajectory::members, Trajectories::compare));
    this.all = List.copyOf(list);
  }

  private static int compare(List<Integer> a, List<Integer> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = Integer.compare(a.get(i), b.get(i));
      if (c != 0) return c;
    }
    return Integer.compare(a.size(), b.size());
  }

  /** Rolls {@code policy} out on the given rows of {@code table}, whose outputs are all known. */
  public static Trajectories rollout(Policy policy, OutputTable table, int[] rows) {
    return rollout(policy, table, rows, null);
  }

  /** As {@link #rollout(Policy, OutputTable, int[])}, with the aggregator of a MASK-aggregate policy. */
  public static Trajectories rollout(Policy policy, OutputTable table, int[] rows, SetAggregator aggregator) {
    int m = table.memberCount();
    int[][] orders = new int[rows.length][m];
    int[] stops = new int[rows.length];
    for (int r = 0; r < rows.length; r++) {
      PolicyWalker w = policy.walker(aggregator);
      int stop = -1;
      for (int step = 0; step < m; step++) {
        if (stop < 0 && w.policyStops()) stop = step;
        int j = w.next();
        orders[r][step] = j;
        w.observe(j, table.proba(rows[r], j));
      }
      stops[r] = stop < 0 ? m : stop;
    }
    return new Trajectories(m, orders, stops);
  }

  /** Number of rows rolled out. */
  public int rows() { return orders.length; }

  /** Row {@code r}'s full member order (copy). */
  public int[] order(int r) { return orders[r].clone(); }

  /** How many members row {@code r}'s trajectory runs before the policy's first STOP. */
  public int stop(int r) { return stops[r]; }

  /** Every distinct trajectory, most frequent first. */
  public List<Trajectory> all() { return all; }

  /** The trajectories followed by at least {@code minCoverage} of the rows, most frequent first. */
  public List<Trajectory> kept(double minCoverage) {
    return all.stream().filter(t -> t.coverage() >= minCoverage - 1e-12).toList();
  }

  /** Fewest trajectories that together cover at least {@code share} of the rows. */
  public int coverCount(double share) {
    return coverCount(all.stream().mapToInt(Trajectory::rows).toArray(), orders.length, share);
  }

  /** Fewest of the given (descending) counts whose sum reaches {@code share · total}. */
  public static int coverCount(int[] descendingCounts, int total, double share) {
    int[] c = descendingCounts.clone();
    Arrays.sort(c);
    long sum = 0;
    int used = 0;
    for (int i = c.length - 1; i >= 0 && sum < Math.ceil(share * total - 1e-9); i--) {
      sum += c[i];
      used++;
    }
    return used;
  }

  /** Mean trajectory length (members before the policy's STOP). */
  public double meanLength() {
    double s = 0;
    for (int v : stops) s += v;
    return orders.length == 0 ? 0 : s / orders.length;
  }

  /** The distinct non-full prefix sets of the kept trajectories, as bit masks in ascending order. */
  public int[] keptPrefixMasks(double minCoverage) {
    java.util.TreeSet<Integer> masks = new java.util.TreeSet<>();
    int full = (1 << m) - 1;
    for (Trajectory t : kept(minCoverage)) {
      for (int len = 1; len <= t.members().size(); len++) {
        int mask = t.prefixMask(len);
        if (mask != full) masks.add(mask);
      }
    }
    return masks.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Trajectories as JSON: {@code [{"members": [names], "rows": n, "coverage": share}, ...]}. */
  public static ArrayNode toJson(List<Trajectory> list, List<String> names) {
    ArrayNode a = Json.array();
    for (Trajectory t : list) {
      var o = a.addObject();
      ArrayNode mem = o.putArray("members");
      for (int j : t.members()) mem.add(names.get(j));
      o.put("rows", t.rows());
      o.put("coverage", t.coverage());
    }
    return a;
  }

  /** Reads the JSON of {@link #toJson}. */
  public static List<Trajectory> fromJson(JsonNode a, List<String> names, String source) {
    if (a == null || !a.isArray()) throw new BadInputException(source, "trajectories must be a JSON array");
    List<Trajectory> out = new ArrayList<>();
    for (JsonNode o : a) {
      List<Integer> mem = new ArrayList<>();
      for (String s : Json.strings(o.get("members"), source)) {
        int j = names.indexOf(s);
        if (j < 0) throw new BadInputException(source, "trajectory names unknown member '" + s + "'");
        mem.add(j);
      }
      out.add(new Trajectory(mem, o.path("rows").asInt(), o.path("coverage").asDouble()));
    }
    return out;
  }
}
