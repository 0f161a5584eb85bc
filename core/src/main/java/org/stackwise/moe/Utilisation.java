package org.stackwise.moe;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.stackwise.io.Json;

/**
 * How much each expert is used on a set of rows, from the gate weights actually applied (after top-k):
 * the mean gate weight, the share of rows where the expert has the largest weight (its "top share"),
 * and the share of rows routed to it at all; plus the mean gate entropy normalised by log K
 * (0 = every row goes to one expert, 1 = every row is spread evenly). A collapsed mixture shows one
 * expert with a top share near 1, or an entropy near 1 with experts that all do the same.
 *
 * @param experts expert names
 * @param meanGate mean gate weight per expert (sums to 1)
 * @param topShare share of rows where the expert has the largest gate weight (sums to 1)
 * @param routedShare share of rows routed to the expert (1 for every expert under dense gating)
 * @param gateEntropy mean normalised gate entropy in [0, 1]
 * @param rows rows measured
 */
public record Utilisation(List<String> experts, double[] meanGate, double[] topShare, double[] routedShare,
                          double gateEntropy, int rows) {
  public Utilisation {
    experts = List.copyOf(experts);
    meanGate = meanGate.clone();
    topShare = topShare.clone();
    routedShare = routedShare.clone();
  }

  @Override public double[] meanGate() { return meanGate.clone(); }
  @Override public double[] topShare() { return topShare.clone(); }
  @Override public double[] routedShare() { return routedShare.clone(); }

  /** From per-row gate weights ({@code [row][expert]}, zeros for experts not routed). */
  static Utilisation of(List<String> names, double[][] gates) {
    int k = names.size();
    double[] mean = new double[k];
    double[] top = new double[k];
    double[] routed = new double[k];
    double entropy = 0;
    for (double[] g : gates) {
      int best = 0;
      double h = 0;
      for (int j = 0; j < k; j++) {
        mean[j] += g[j];
        if (g[j] > 0) {
          routed[j]++;
          h -= g[j] * Math.log(g[j]);
        }
        if (g[j] > g[best]) best = j;
      }
      top[best]++;
      entropy += k > 1 ? h / Math.log(k) : 0;
    }
    int n = Math.max(1, gates.length);
    for (int j = 0; j < k; j++) {
      mean[j] /= n;
      top[j] /= n;
      routed[j] /= n;
    }
    return new Utilisation(names, mean, top, routed, entropy / n, gates.length);
  }

  /** The largest top share. */
  public double maxTopShare() {
    double m = 0;
    for (double v : topShare) m = Math.max(m, v);
    return m;
  }

  /** Warnings for an expert that is the top expert for more than {@code share} of the rows, and for idle experts (top for under 1 %). */
  public List<String> warnings(double share) {
    List<String> w = new ArrayList<>();
    for (int j = 0; j < experts.size(); j++) {
      if (experts.size() > 1 && topShare[j] > share) {
        w.add(String.format(java.util.Locale.ROOT, "expert '%s' is the top expert for %.1f %% of rows (more than %.0f %%): "
            + "the mixture has collapsed onto one expert; try loss 'specialising', a load-balancing term (balance > 0) "
            + "or fewer experts", experts.get(j), 100 * topShare[j], 100 * share));
      }
    }
    int idle = 0;
    for (int j = 0; j < experts.size(); j++) if (topShare[j] < 0.01) idle++;
    if (idle > 0 && experts.size() > 1) {
      w.add(idle + " of " + experts.size() + " experts are the top expert for less than 1 % of rows");
    }
    return w;
  }

  /** The {@code "experts"} table of describe: one object per expert. */
  public ArrayNode toJson() {
    ArrayNode a = Json.array();
    for (int j = 0; j < experts.size(); j++) {
      ObjectNode o = a.addObject();
      o.put("name", experts.get(j));
      o.put("mean_gate", meanGate[j]);
      o.put("top_share", topShare[j]);
      o.put("routed_share", routedShare[j]);
    }
    return a;
  }

  @Override public boolean equals(Object o) {
    return o instanceof Utilisation u && experts.equals(u.experts) && java.util.Arrays.equals(meanGate, u.meanGate)
        && java.util.Arrays.equals(topShare, u.topShare) && java.util.Arrays.equals(routedShare, u.routedShare)
        && Double.compare(gateEntropy, u.gateEntropy) == 0 && rows == u.rows;
  }

  @Override public int hashCode() {
    return java.util.Objects.hash(experts, java.util.Arrays.hashCode(meanGate), java.util.Arrays.hashCode(topShare), rows);
  }

  @Override public String toString() {
    return "Utilisation[experts=" + experts + ", topShare=" + java.util.Arrays.toString(topShare) + ", entropy=" + gateEntropy + "]";
  }
}
