package org.stackwise.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.stackwise.BadInputException;
import org.stackwise.Learner;
import org.stackwise.Member;
import org.stackwise.ensemble.BaggingLearner;
import org.stackwise.ensemble.BlendingLearner;
import org.stackwise.ensemble.Combiner;
import org.stackwise.ensemble.EnsembleSelection;
import org.stackwise.ensemble.FoldSpec;
import org.stackwise.ensemble.StackMethod;
import org.stackwise.ensemble.StackingLearner;
import org.stackwise.ensemble.VotingLearner;
import org.stackwise.ensemble.Weighting;
import org.stackwise.io.Json;
import org.stackwise.learners.Catalogue;

/** Parses learner and ensemble specs from JSON. */
public final class Specs {
  private static final Set<String> KINDS = Set.of("learner", "stacking", "voting", "blending", "bagging", "moe", "pool");

  private Specs() { }

  /** Reads and parses a spec file. */
  public static Learner read(Path file) throws IOException {
    String source = file.toString();
    try {
      return parse(Json.readTree(Files.readAllBytes(file)), source);
    } catch (NoSuchFileException e) {
      throw new BadInputException(source, "file not found");
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      throw new BadInputException(source, loc == null ? 0 : loc.getLineNr(), loc == null ? 0 : loc.getColumnNr(),
          "invalid JSON: " + e.getOriginalMessage());
    }
  }

  /** Parses a spec given as a JSON string. */
  public static Learner parse(String json, String source) {
    try {
      return parse(Json.MAPPER.readTree(json), source);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      throw new BadInputException(source, loc == null ? 0 : loc.getLineNr(), loc == null ? 0 : loc.getColumnNr(),
          "invalid JSON: " + e.getOriginalMessage());
    }
  }

  /**
   * Parses a spec node.
   *
   * @param source the file and path for error messages, e.g. {@code "spec.json"}
   */
  public static Learner parse(JsonNode node, String source) {
    if (node == null || !node.isObject()) throw new BadInputException(source, "a spec must be a JSON object");
    String kind = null;
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (KINDS.contains(f)) {
        if (kind != null) throw new BadInputException(source, "a spec has exactly one of " + KINDS + ", got both '" + kind + "' and '" + f + "'");
        kind = f;
      }
    }
    if (kind == null) {
      throw new BadInputException(source, "a spec needs one of the keys " + KINDS);
    }
    return switch (kind) {
      case "learner" -> {
        allowOnly(node, source, "learner", "params");
        JsonNode id = node.get("learner");
        if (!id.isTextual()) throw new BadInputException(source + ".learner", "must be a learner id string");
        yield Catalogue.bind(id.asText(), node.get("params"), source);
      }
      case "stacking" -> located(path(source, "stacking"), () -> stacking(body(node, "stacking", source), path(source, "stacking")));
      case "voting" -> located(path(source, "voting"), () -> voting(body(node, "voting", source), path(source, "voting")));
      case "blending" -> located(path(source, "blending"), () -> blending(body(node, "blending", source), path(source, "blending")));
      case "bagging" -> located(path(source, "bagging"), () -> bagging(body(node, "bagging", source), path(source, "bagging")));
      case "moe" -> located(path(source, "moe"), () -> org.stackwise.moe.MixtureOfExpertsLearner.fromSpec(body(node, "moe", source), path(source, "moe"), Specs::parse));
      case "pool" -> org.stackwise.pool.OpinionPoolLearner.fromSpec(body(node, "pool", source), path(source, "pool"));
      default -> throw new AssertionError(kind);
    };
  }

  /**
   * Runs a parse step; a validation error from a record constructor, which only knows the parameter
   * name (e.g. {@code folds}), is re-anchored to the spec path.
   */
  private static <T> T located(String src, java.util.function.Supplier<T> step) {
    try {
      return step.get();
    } catch (BadInputException e) {
      if (e.source().contains(": ") || e.source().startsWith(src)) throw e;
      throw new BadInputException(path(src, e.source()), e.line(), e.column(), e.rule());
    }
  }

  private static StackingLearner stacking(JsonNode b, String src) {
    allowOnly(b, src, "members", "layers", "meta", "folds", "fold_kind", "repeats", "stack_method", "logit", "passthrough",
        "refit", "strict", "honest_score", "out_of_bag");
    Learner meta = b.has("meta") ? parse(b.get("meta"), path(src, "meta")) : null;
    FoldSpec folds = new FoldSpec(integer(b, "folds", 5, src), string(b, "fold_kind", "auto", src), integer(b, "repeats", 1, src));
    StackMethod method = StackMethod.parse(string(b, "stack_method", "auto", src), path(src, "stack_method"));
    boolean logit = bool(b, "logit", false, src);
    boolean passthrough = bool(b, "passthrough", false, src);
    boolean refit = bool(b, "refit", true, src);
    boolean strict = bool(b, "strict", false, src);
    boolean honest = bool(b, "honest_score", true, src);
    boolean outOfBag = bool(b, "out_of_bag", false, src);
    if (b.has("members") == b.has("layers")) {
      throw new BadInputException(src, "a stack needs exactly one of 'members' (one layer) or 'layers' (a list of member maps)");
    }
    if (b.has("members")) {
      return new StackingLearner(members(b.get("members"), path(src, "members")), meta, folds, method, logit, passthrough,
          refit, strict, honest, outOfBag);
    }
    JsonNode layers = b.get("layers");
    if (!layers.isArray() || layers.isEmpty()) throw new BadInputException(path(src, "layers"), "must be a non-empty list of member maps");
    // the last layer's meta-learner is `meta`; each earlier layer's meta-learner is the next layer's stack
    Learner next = meta;
    for (int l = layers.size() - 1; l >= 0; l--) {
      List<Member> ms = members(layers.get(l), path(src, "layers[" + l + "]"));
      next = new StackingLearner(ms, next, folds, method, logit, passthrough, refit, strict, honest && l == 0, outOfBag);
    }
    return (StackingLearner) next;
  }

  private static VotingLearner voting(JsonNode b, String src) {
    allowOnly(b, src, "members", "combiner", "weights", "selection_steps", "selection_metric", "folds", "strict");
    List<Member> members = members(b.get("members"), path(src, "members"));
    Combiner combiner = Combiner.parse(string(b, "combiner", "soft", src), path(src, "combiner"));
    JsonNode w = b.get("weights");
    Weighting weighting = Weighting.EQUAL;
    List<Double> weights = List.of();
    if (w != null && w.isArray()) {
      weighting = Weighting.GIVEN;
      List<Double> ws = new ArrayList<>();
      for (JsonNode x : w) {
        if (!x.isNumber()) throw new BadInputException(path(src, "weights"), "weights must be numbers, got " + x);
        ws.add(x.asDouble());
      }
      weights = ws;
    } else if (w != null) {
      if (!w.isTextual()) throw new BadInputException(path(src, "weights"), "must be a list of numbers or one of equal, nnls, selection, bma");
      weighting = Weighting.parse(w.asText(), path(src, "weights"));
      if (weighting == Weighting.GIVEN) throw new BadInputException(path(src, "weights"), "give the weights as a list of numbers");
    }
    EnsembleSelection.Metric metric = b.has("selection_metric")
        ? EnsembleSelection.Metric.parse(string(b, "selection_metric", "", src), path(src, "selection_metric")) : null;
    return new VotingLearner(members, combiner, weighting, weights, integer(b, "selection_steps", 25, src), metric,
        FoldSpec.of(integer(b, "folds", 5, src)), bool(b, "strict", false, src));
  }

  private static BlendingLearner blending(JsonNode b, String src) {
    allowOnly(b, src, "members", "meta", "blend_fraction", "stack_method", "passthrough", "refit_on_all", "strict");
    Learner meta = b.has("meta") ? parse(b.get("meta"), path(src, "meta")) : null;
    return new BlendingLearner(members(b.get("members"), path(src, "members")), meta, number(b, "blend_fraction", 0.25, src),
        StackMethod.parse(string(b, "stack_method", "auto", src), path(src, "stack_method")),
        bool(b, "passthrough", false, src), bool(b, "refit_on_all", false, src), bool(b, "strict", false, src));
  }

  private static BaggingLearner bagging(JsonNode b, String src) {
    allowOnly(b, src, "learner", "estimators", "max_samples", "bootstrap");
    if (!b.has("learner")) throw new BadInputException(src, "bagging needs a 'learner' spec");
    return new BaggingLearner(parse(b.get("learner"), path(src, "learner")), integer(b, "estimators", 10, src),
        number(b, "max_samples", 1.0, src), bool(b, "bootstrap", true, src));
  }

  private static List<Member> members(JsonNode node, String src) {
    if (node == null || !node.isObject() || node.isEmpty()) {
      throw new BadInputException(src, "members must be a non-empty JSON object of name → spec");
    }
    List<Member> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      var e = it.next();
      out.add(new Member(e.getKey(), parse(e.getValue(), path(src, e.getKey()))));
    }
    return out;
  }

  private static JsonNode body(JsonNode node, String key, String source) {
    allowOnly(node, source, key);
    JsonNode b = node.get(key);
    if (!b.isObject()) throw new BadInputException(path(source, key), "must be a JSON object");
    return b;
  }

  private static void allowOnly(JsonNode node, String src, String... allowed) {
    Set<String> ok = Set.of(allowed);
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!ok.contains(f)) {
        throw new BadInputException(src, "unknown key '" + f + "'; allowed keys: " + new java.util.TreeSet<>(ok));
      }
    }
  }

  static String path(String src, String key) {
    return src + (src.contains(": ") ? "." : ": ") + key;
  }

  private static int integer(JsonNode b, String key, int dflt, String src) {
    JsonNode v = b.get(key);
    if (v == null) return dflt;
    if (!v.canConvertToInt() || !v.isIntegralNumber()) throw new BadInputException(path(src, key), key + " must be an integer, got " + v);
    return v.asInt();
  }

  private static double number(JsonNode b, String key, double dflt, String src) {
    JsonNode v = b.get(key);
    if (v == null) return dflt;
    if (!v.isNumber()) throw new BadInputException(path(src, key), key + " must be a number, got " + v);
    return v.asDouble();
  }

  private static boolean bool(JsonNode b, String key, boolean dflt, String src) {
    JsonNode v = b.get(key);
    if (v == null) return dflt;
    if (!v.isBoolean()) throw new BadInputException(path(src, key), key + " must be true or false, got " + v);
    return v.asBoolean();
  }

  private static String string(JsonNode b, String key, String dflt, String src) {
    JsonNode v = b.get(key);
    if (v == null) return dflt;
    if (!v.isTextual()) throw new BadInputException(path(src, key), key + " must be a string, got " + v);
    return v.asText();
  }
}
