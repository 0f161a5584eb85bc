package org.stackwise.lazy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.stackwise.BadInputException;
import org.stackwise.io.Json;

/**
 * How the exit threshold θ is chosen. A cascade exits after a member when at least
 * {@code min_members} ran and the aggregate's top probability is <em>above</em> θ (strictly, so
 * θ = 1 never exits early and reproduces the full stacker; a confidence of exactly 1 exits for any
 * θ < 1).
 * <ul>
 *   <li>{@link Retain}: the smallest θ whose accuracy on the calibration rows is at least
 *       {@code share} × the full stacker's accuracy there, and stays so for every higher candidate
 *       θ (a contiguous run down from the top, so a lucky dip below does not count). When no θ reaches
 *       the target (possible for ablations whose final answer is weaker), the most accurate θ.
 *   <li>{@link Target}: as Retain, for an absolute accuracy (e.g. the validation accuracy of the best
 *       single member, to match it at a lower cost).
 *   <li>{@link Fixed}: θ as given.
 *   <li>{@link Budget}: the largest θ whose mean cost per row on the calibration rows is at most
 *       {@code meanCost} (cost only grows with θ); the cheapest θ when none fits.
 * </ul>
 */
public sealed interface ThetaRule permits ThetaRule.Retain, ThetaRule.Target, ThetaRule.Fixed, ThetaRule.Budget {
  /** Keep {@code share} of the full stacker's accuracy (default 0.97). */
  record Retain(double share) implements ThetaRule {
    public Retain {
      if (!(share > 0 && share <= 1)) throw new BadInputException("params.retain", "retain must be in (0, 1], got " + share);
    }
  }

  /** Reach an absolute accuracy on the calibration rows. */
  record Target(double accuracy) implements ThetaRule {
    public Target {
      if (!(accuracy >= 0 && accuracy <= 1)) throw new BadInputException("params.target", "target accuracy must be in [0, 1], got " + accuracy);
    }
  }

  /** A fixed θ in [0, 1]. */
  record Fixed(double theta) implements ThetaRule {
    public Fixed {
      if (!(theta >= 0 && theta <= 1)) throw new BadInputException("params.theta", "theta must be in [0, 1], got " + theta);
    }
  }

  /** The largest θ whose mean cost per row stays within {@code meanCost} (in the cost unit). */
  record Budget(double meanCost) implements ThetaRule {
    public Budget {
      if (!(meanCost >= 0) || Double.isInfinite(meanCost)) {
        throw new BadInputException("params.budget", "budget must be a finite number >= 0, got " + meanCost);
      }
    }
  }

  /** Retain 97 % of the full stacker's accuracy. */
  static ThetaRule defaults() { return new Retain(0.97); }

  /** Parses {@code retain:0.97}, {@code target:0.95}, {@code fixed:0.9} or {@code budget:0.002}. */
  static ThetaRule parse(String s, String source) {
    int colon = s.indexOf(':');
    if (colon < 0) throw new BadInputException(source, "expected retain:SHARE, target:ACCURACY, fixed:THETA or budget:COST, got '" + s + "'");
    String kind = s.substring(0, colon);
    double v;
    try {
      v = Double.parseDouble(s.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new BadInputException(source, "not a number in '" + s + "'");
    }
    return switch (kind) {
      case "retain" -> new Retain(v);
      case "target" -> new Target(v);
      case "fixed" -> new Fixed(v);
      case "budget" -> new Budget(v);
      default -> throw new BadInputException(source, "expected retain, target, fixed or budget, got '" + kind + "'");
    };
  }

  default ObjectNode toJson() {
    ObjectNode o = Json.object();
    if (this instanceof Retain r) {
      o.put("rule", "retain");
      o.put("value", r.share());
    } else if (this instanceof Target t) {
      o.put("rule", "target");
      o.put("value", t.accuracy());
    } else if (this instanceof Fixed f) {
      o.put("rule", "fixed");
      o.put("value", f.theta());
    } else if (this instanceof Budget b) {
      o.put("rule", "budget");
      o.put("value", b.meanCost());
    }
    return o;
  }

  static ThetaRule fromJson(JsonNode o, String source) {
    return parse(Json.text(o, "rule", source) + ":" + o.path("value").asDouble(Double.NaN), source);
  }
}
