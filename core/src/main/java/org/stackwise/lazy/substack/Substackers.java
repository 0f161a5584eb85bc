package org.stackwise.lazy.substack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.stackwise.io.Json;
import org.stackwise.io.ModelReader;
import org.stackwise.io.ModelWriter;

/**
 * The fitted aggregators of lazy stacking (stage 2, prefix meta-learning), each a {@link Combiner}
 * (a small MLP by default, or a {@link LogLinearPool}). Immutable, thread-safe.
 * <ul>
 *   <li><b>SUB</b>: one small MLP per member set {@code E} (a prefix of a kept trajectory) on the
 *       concatenated distributions of {@code E}'s members, in ascending member order;
 *   <li><b>MASK</b>: one shared MLP on every member's distribution, zero-filled for members not run,
 *       followed by the binary mask of run members; the fallback for sets without a SUB network;
 *   <li><b>full stacker</b>: an MLP (or, without hidden layers, multinomial logistic regression) on
 *       all members' distributions: the answer whenever every member has run, in either mode.
 * </ul>
 * Outputs of members not run are passed as null and never read.
 */
public final class Substackers {
  private final int m;
  private final int k;
  private final Features features;
  private final Map<Integer, Combiner> subs;
  private final Combiner mask;
  private final Combiner full;

  /** SUB combiners without MASK and full combiners: only a carrier for {@link #withSubsOf}. */
  static Substackers subsOnly(int m, int k, Features features, Map<Integer, Combiner> subs) {
    return new Substackers(m, k, features, subs, null, null);
  }

  /** This object's MASK and full combiners with the SUB combiners of {@code sets} taken from {@code other}. */
  public Substackers withSubsOf(Substackers other, int[] sets) {
    Map<Integer, Combiner> keep = new TreeMap<>();
    for (int s : sets) {
      Combiner c = other.subs.get(s);
      if (c == null) throw new IllegalArgumentException("no SUB combiner for member set " + s);
      keep.put(s, c);
    }
    return new Substackers(m, k, features, keep, mask, full);
  }

  /**
   * @param m members
   * @param k classes
   * @param features input transform
   * @param subs SUB networks by member-set bit mask (never the full set)
   * @param mask the MASK network
   * @param full the full stacker
   */
  public Substackers(int m, int k, Features features, Map<Integer, Combiner> subs, Combiner mask, Combiner full) {
    this.m = m;
    this.k = k;
    this.features = features;
    this.subs = Collections.unmodifiableMap(new TreeMap<>(subs));
    this.mask = mask;
    this.full = full;
    int fullMask = (1 << m) - 1;
    for (var e : this.subs.entrySet()) {
      int s = e.getKey();
      if (s <= 0 || s >= fullMask) throw new IllegalArgumentException("SUB networks are for proper non-empty member sets, got " + s);
      checkWidth(e.getValue(), Integer.bitCount(s) * k, "SUB network for set " + s);
    }
    if (mask != null) checkWidth(mask, m * k + m, "MASK network");
    if (full != null) checkWidth(full, m * k, "full stacker");
  }

  private void checkWidth(Combiner net, int width, String what) {
    if (net.inputs() != width || net.outputs() != k) {
      throw new IllegalArgumentException(what + " must take " + width + " inputs and give " + k + " probabilities, got " + net);
    }
  }

  public int memberCount() { return m; }
  public int classCount() { return k; }
  public Features features() { return features; }

  /** The member sets that have a SUB network, ascending. */
  public int[] subMasks() { return subs.keySet().stream().mapToInt(Integer::intValue).toArray(); }

  public boolean hasSub(int set) { return subs.containsKey(set); }

  /** The same MASK and full networks with only the SUB networks of {@code sets} (each must exist). */
  public Substackers restrictedTo(int[] sets) {
    Map<Integer, Combiner> keep = new TreeMap<>();
    for (int s : sets) {
      Combiner net = subs.get(s);
      if (net == null) throw new IllegalArgumentException("no SUB network for member set " + s);
      keep.put(s, net);
    }
    return new Substackers(m, k, features, keep, mask, full);
  }

  /** Writes only the SUB networks (for a second set of SUB networks sharing MASK and full networks). */
  public void writeSubs(ModelWriter out) throws IOException {
    ObjectNode o = Json.object();
    ArrayNode a = o.putArray("sub_sets");
    for (int s : subs.keySet()) a.add(s);
    out.json("subs.json", o);
    for (var e : subs.entrySet()) e.getValue().write(out.child("sub/" + e.getKey()));
  }

  /** Reads SUB networks written by {@link #writeSubs} and pairs them with this object's MASK and full networks. */
  public Substackers readSubs(ModelReader in) throws IOException {
    Map<Integer, Combiner> other = readSubMap(in, in.json("subs.json"), "subs.json", m);
    try {
      return new Substackers(m, k, features, other, mask, full);
    } catch (IllegalArgumentException e) {
      throw in.corrupt("subs.json", e.getMessage());
    }
  }

  private static Map<Integer, Combiner> readSubMap(ModelReader in, JsonNode o, String entry, int m) throws IOException {
    Map<Integer, Combiner> subs = new TreeMap<>();
    JsonNode a = o.path("sub_sets");
    if (!a.isArray()) throw in.corrupt(entry, "sub_sets must be an array");
    for (JsonNode s : a) {
      if (!s.isInt() || s.asInt() <= 0 || s.asInt() >= (1 << m) - 1) throw in.corrupt(entry, "bad member set " + s);
      subs.put(s.asInt(), Combiner.read(in.child("sub/" + s.asInt())));
    }
    return subs;
  }

  /** The SUB input of set {@code set}: its members' features in ascending member order. */
  public static double[] subInput(int set, double[][] outputs, int k, Features features) {
    double[] x = new double[Integer.bitCount(set) * k];
    int o = 0;
    for (int j = 0; j < outputs.length; j++) {
      if ((set & (1 << j)) == 0) continue;
      features.write(outputs[j], x, o);
      o += k;
    }
    return x;
  }

  /** The MASK input: every member's features (zeros for members not in {@code set}), then the mask bits. */
  public static double[] maskInput(int set, double[][] outputs, int m, int k, Features features) {
    double[] x = new double[m * k + m];
    for (int j = 0; j < m; j++) {
      if ((set & (1 << j)) == 0) continue;
      features.write(outputs[j], x, j * k);
      x[m * k + j] = 1;
    }
    return x;
  }

  /** SUB aggregate of set {@code set}; throws when the set has no SUB network. */
  public double[] sub(int set, double[][] outputs) {
    Combiner net = subs.get(set);
    if (net == null) throw new IllegalArgumentException("no SUB network for member set " + set);
    return net.predictProba(subInput(set, outputs, k, features));
  }

  /** MASK aggregate of set {@code set}. */
  public double[] mask(int set, double[][] outputs) {
    return mask.predictProba(maskInput(set, outputs, m, k, features));
  }

  /** The full stacker's distribution (every output must be present). */
  public double[] full(double[][] outputs) {
    return full.predictProba(subInput((1 << m) - 1, outputs, k, features));
  }

  /** SUB if the set has one, else MASK; the full stacker for the full set. */
  public double[] subOrMask(int set, double[][] outputs) {
    if (set == (1 << m) - 1) return full(outputs);
    return subs.containsKey(set) ? sub(set, outputs) : mask(set, outputs);
  }

  /** The mean of the outputs of the members in {@code set}, summed in ascending member order. */
  public static double[] mean(int set, double[][] outputs, int k) {
    double[] s = new double[k];
    int n = 0;
    for (int j = 0; j < outputs.length; j++) {
      if ((set & (1 << j)) == 0) continue;
      for (int c = 0; c < k; c++) s[c] += outputs[j][c];
      n++;
    }
    for (int c = 0; c < k; c++) s[c] /= n;
    return s;
  }

  /** Writes {@code substackers.json} and one directory per network. */
  public void write(ModelWriter out) throws IOException {
    ObjectNode o = Json.object();
    o.put("members", m);
    o.put("classes", k);
    o.put("features", features.id());
    ArrayNode a = o.putArray("sub_sets");
    for (int s : subs.keySet()) a.add(s);
    out.json("substackers.json", o);
    for (var e : subs.entrySet()) e.getValue().write(out.child("sub/" + e.getKey()));
    mask.write(out.child("mask"));
    full.write(out.child("full"));
  }

  /** Reads what {@link #write} wrote, checking every network's shape. */
  public static Substackers read(ModelReader in, int m, int k) throws IOException {
    JsonNode o = in.json("substackers.json");
    if (o.path("members").asInt() != m || o.path("classes").asInt() != k) {
      throw in.corrupt("substackers.json", "members/classes differ from the model's (" + m + ", " + k + ")");
    }
    Features f = Features.parse(o.path("features").asText(), in.path("substackers.json"));
    Map<Integer, Combiner> subs = readSubMap(in, o, "substackers.json", m);
    Combiner mask = Combiner.read(in.child("mask"));
    Combiner full = Combiner.read(in.child("full"));
    try {
      return new Substackers(m, k, f, subs, mask, full);
    } catch (IllegalArgumentException e) {
      throw in.corrupt("substackers.json", e.getMessage());
    }
  }
}
