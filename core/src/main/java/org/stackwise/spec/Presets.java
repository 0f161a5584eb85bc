package org.stackwise.spec;

import java.util.LinkedHashMap;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.stackwise.BadInputException;
import org.stackwise.Learner;
import org.stackwise.Task;
import org.stackwise.io.Json;

/**
 * Named specs: {@code default} (a diverse stack that does well on typical tabular data), {@code fast}
 * (fewer, cheaper members and 3 folds) and {@code best} (more members, slower).
 *
 * <p>The presets' logistic members stop L-BFGS at gradient tolerance 1e-4 instead of the learner's
 * 1e-6: on eight data sets their out-of-fold accuracy and log loss are the same (within 0.15 points and
 * 0.0005) at 1.5–4× less fit time, and on NSL-KDD the logistic member was half the stack's fit CPU
 * (bench/notes/logistic-member-tolerance.md, measured on training rows only).
 *
 * <p>The default's trees are split into 150 of a random forest and 150 extremely randomised trees rather
 * than 300 of one kind: cross-validated on the eight benchmark training files the split set is 0.23 points
 * more accurate with lower log loss, and at the same tree count it keeps Table 2's fit-time and throughput
 * targets (bench/notes/meta-choice.md, third run and "Revisiting forest-150-extra-150").
 */
public final class Presets {
  private static final Map<String, String> PRESETS = new LinkedHashMap<>();

  static {
    PRESETS.put("default", """
        {"stacking": {"members": {
            "lightgbm": {"learner": "lightgbm"},
            "random_forest": {"learner": "random_forest", "params": {"num_trees": 150}},
            "extra_trees": {"learner": "extra_trees", "params": {"num_trees": 150}},
            "knn": {"learner": "knn", "params": {"k": 15}},
            "logistic": {"learner": "logistic", "params": {"tol": 1e-4}},
            "naive_bayes": {"learner": "naive_bayes"}},
          "folds": 5}}""");
    PRESETS.put("fast", """
        {"stacking": {"members": {
            "lightgbm": {"learner": "lightgbm"},
            "logistic": {"learner": "logistic", "params": {"tol": 1e-4}},
            "naive_bayes": {"learner": "naive_bayes"}},
          "folds": 3}}""");
    PRESETS.put("best", """
        {"stacking": {"members": {
            "lightgbm": {"learner": "lightgbm"},
            "xgboost": {"learner": "xgboost"},
            "random_forest": {"learner": "random_forest"},
            "extra_trees": {"learner": "extra_trees"},
            "knn": {"learner": "knn", "params": {"k": 15}},
            "mlp": {"learner": "mlp"},
            "logistic": {"learner": "logistic", "params": {"tol": 1e-4}},
            "naive_bayes": {"learner": "naive_bayes"}},
          "folds": 5}}""");
  }

  private Presets() { }

  public static Map<String, String> all() { return java.util.Collections.unmodifiableMap(PRESETS); }

  /** The preset's JSON text. */
  public static String json(String name) {
    String s = PRESETS.get(name);
    if (s == null) throw new BadInputException("--preset", "unknown preset '" + name + "'; known presets: " + PRESETS.keySet());
    return s;
  }

  /** The preset as a learner, as written (its classifier-only members make it a classification spec). */
  public static Learner learner(String name) {
    return Specs.parse(json(name), "preset '" + name + "'");
  }

  /**
   * The preset adapted to {@code task}. For regression the classifier-only members are adapted: a
   * {@code logistic} member becomes a {@code ridge} member (named {@code ridge}) and {@code naive_bayes}
   * members are dropped; everything else is kept as written.
   */
  public static Learner learner(String name, Task task) {
    String source = "preset '" + name + "'";
    if (task == Task.CLASSIFICATION) return learner(name);
    try {
      ObjectNode root = (ObjectNode) Json.MAPPER.readTree(json(name));
      JsonNode body = root.path("stacking");
      if (body.get("members") instanceof ObjectNode members) {
        ObjectNode adapted = Json.object();
        for (var it = members.fields(); it.hasNext(); ) {
          var e = it.next();
          String id = e.getValue().path("learner").asText();
          if (id.equals("naive_bayes")) continue;
          if (id.equals("logistic")) {
            ObjectNode ridge = Json.object();
            ridge.put("learner", "ridge");
            adapted.set(e.getKey().equals("logistic") ? "ridge" : e.getKey(), ridge);
          } else {
            adapted.set(e.getKey(), e.getValue());
          }
        }
        ((ObjectNode) body).set("members", adapted);
      }
      return Specs.parse(root, source);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(source + " is not valid JSON", e);
    }
  }
}
