package org.stackwise.spec;

import java.util.LinkedHashMap;
import java.util.Map;
import org.stackwise.BadInputException;
import org.stackwise.Learner;

/**
 * Named specs: {@code default} (a diverse stack that does well on typical tabular data), {@code fast}
 * (fewer, cheaper members and 3 folds) and {@code best} (more members, slower).
 */
public final class Presets {
  private static final Map<String, String> PRESETS = new LinkedHashMap<>();

  static {
    PRESETS.put("default", """
        {"stacking": {"members": {
            "lightgbm": {"learner": "lightgbm"},
            "random_forest": {"learner": "random_forest"},
            "knn": {"learner": "knn", "params": {"k": 15}},
            "logistic": {"learner": "logistic"},
            "naive_bayes": {"learner": "naive_bayes"}},
          "folds": 5}}""");
    PRESETS.put("fast", """
        {"stacking": {"members": {
            "lightgbm": {"learner": "lightgbm"},
            "logistic": {"learner": "logistic"},
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
            "logistic": {"learner": "logistic"},
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

  /** The preset as a learner. Presets containing classifier-only members are adjusted for regression by the caller. */
  public static Learner learner(String name) {
    return Specs.parse(json(name), "preset '" + name + "'");
  }
}
