package org.stackwise.lazy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.stackwise.BadInputException;
import org.stackwise.io.Json;

/**
 * Exit thresholds of a cascade: one global θ, optionally overridden for particular member sets
 * (<em>per-prefix thresholds</em>): after the members of set {@code E} ran, the cascade exits when the
 * aggregate's confidence is above {@code perSet(E)} if present, else above the global θ. Immutable.
 */
public record Thresholds(double global, Map<Integer, Double> perSet) {
  public Thresholds {
    check(global);
    perSet = Collections.unmodifiableMap(new TreeMap<>(perSet));
    for (var e : perSet.entrySet()) {
      if (e.getKey() <= 0) throw new IllegalArgumentException("member sets are positive bit masks, got " + e.getKey());
      check(e.getValue());
    }
  }

  private static void check(double t) {
    if (!(t >= 0 && t <= 1)) throw new BadInputException("theta", "theta must be in [0, 1], got " + t);
  }

  /** One θ for every member set. */
  public static Thresholds uniform(double theta) {
    return new Thresholds(theta, Map.of());
  }

  /** The threshold after the members of {@code set} ran. */
  public double at(int set) {
    Double t = perSet.get(set);
    return t == null ? global : t;
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("global", global);
    ObjectNode p = o.putObject("per_set");
    for (var e : perSet.entrySet()) p.put(Integer.toString(e.getKey()), e.getValue());
    return o;
  }

  public static Thresholds fromJson(JsonNode o, int m, String source) {
    if (o == null || !o.isObject()) throw new BadInputException(source, "thresholds must be an object");
    JsonNode g = o.get("global");
    if (g == null || !g.isNumber()) throw new BadInputException(source, "thresholds.global must be a number");
    Map<Integer, Double> per = new TreeMap<>();
    JsonNode p = o.path("per_set");
    for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
      var e = it.next();
      int set;
      try {
        set = Integer.parseInt(e.getKey());
      } catch (NumberFormatException ex) {
        throw new BadInputException(source, "thresholds.per_set keys must be member-set integers, got '" + e.getKey() + "'");
      }
      if (set <= 0 || set >= (1 << m)) throw new BadInputException(source, "thresholds.per_set: bad member set " + set);
      if (!e.getValue().isNumber()) throw new BadInputException(source, "thresholds.per_set values must be numbers");
      per.put(set, e.getValue().asDouble());
    }
    return new Thresholds(g.asDouble(), per);
  }
}
