package org.stackwise.learners;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.stackwise.BadInputException;
import org.stackwise.Learner;
import org.stackwise.io.Json;

/**
 * The base-learner catalogue: learner id → hyperparameter record type and its defaults.
 *
 * <p>Each catalogue learner is a record of hyperparameters that implements {@link Learner}, validated in
 * its compact constructor. A spec {@code {"learner": "knn", "params": {"k": 15}}} is bound by overlaying
 * the given params on the defaults, so omitted params keep their defaults and an unknown or mistyped
 * param is an error that names it.
 */
public final class Catalogue {
  /** One catalogue entry. */
  public record Entry<L extends Record & Learner>(String id, Class<L> type, L defaults, String summary) { }

  private static final Map<String, Entry<?>> ENTRIES = new LinkedHashMap<>();

  static {
    // one line per learner id: add(new Entry<>("id", Type.class, Type.defaults(), "summary"));
    add(new Entry<>("logistic", org.stackwise.learners.linear.LogisticLearner.class, org.stackwise.learners.linear.LogisticLearner.defaults(), "multinomial logistic regression, L2, L-BFGS"));
    add(new Entry<>("linear_svm", org.stackwise.learners.svm.LinearSvmLearner.class, org.stackwise.learners.svm.LinearSvmLearner.defaults(), "linear SVM / SVR (liblinear)"));
    add(new Entry<>("ridge", org.stackwise.learners.linear.RidgeLearner.class, org.stackwise.learners.linear.RidgeLearner.defaults(), "ridge regression / classification, closed form, optional LOO alpha, non-negative"));
    add(new Entry<>("svm", org.stackwise.learners.svm.SvmLearner.class, org.stackwise.learners.svm.SvmLearner.defaults(), "kernel SVM / SVR (libsvm), RBF by default"));
    add(new Entry<>("knn", org.stackwise.learners.neighbors.KnnLearner.class, org.stackwise.learners.neighbors.KnnLearner.defaults(), "k-nearest neighbours, exact brute force"));
    add(new Entry<>("naive_bayes", org.stackwise.learners.bayes.NaiveBayesLearner.class, org.stackwise.learners.bayes.NaiveBayesLearner.defaults(), "naive Bayes, Gaussian + categorical"));
    add(new Entry<>("decision_tree", org.stackwise.learners.trees.DecisionTreeLearner.class, org.stackwise.learners.trees.DecisionTreeLearner.defaults(), "single CART decision tree"));
    add(new Entry<>("random_forest", org.stackwise.learners.trees.RandomForestLearner.class, org.stackwise.learners.trees.RandomForestLearner.defaults(), "random forest (bootstrap + random feature subsets)"));
    add(new Entry<>("extra_trees", org.stackwise.learners.trees.ExtraTreesLearner.class, org.stackwise.learners.trees.ExtraTreesLearner.defaults(), "extremely randomised trees"));
    add(new Entry<>("lightgbm", org.stackwise.learners.trees.LightGbmLearner.class, org.stackwise.learners.trees.LightGbmLearner.defaults(), "gradient boosting (LightGBM)"));
    add(new Entry<>("xgboost", org.stackwise.learners.trees.XgBoostLearner.class, org.stackwise.learners.trees.XgBoostLearner.defaults(), "gradient boosting (XGBoost)"));
    add(new Entry<>("mlp", org.stackwise.learners.mlp.MlpLearner.class, org.stackwise.learners.mlp.MlpLearner.defaults(), "multilayer perceptron (own, Adam)"));
  }

  private Catalogue() { }

  private static void add(Entry<?> e) {
    if (ENTRIES.put(e.id(), e) != null) throw new IllegalStateException("duplicate learner id " + e.id());
  }

  /** All entries in catalogue order. */
  public static Map<String, Entry<?>> entries() {
    return java.util.Collections.unmodifiableMap(ENTRIES);
  }

  /** The learner with default hyperparameters. */
  public static Learner defaults(String id) {
    return (Learner) entry(id, "learner").defaults();
  }

  private static Entry<?> entry(String id, String source) {
    Entry<?> e = ENTRIES.get(id);
    if (e == null) {
      throw new BadInputException(source, "unknown learner '" + id + "'; known learners: " + ENTRIES.keySet());
    }
    return e;
  }

  /**
   * Binds {@code params} (a JSON object, or null for defaults) to learner {@code id}.
   *
   * @param source where the spec came from, for error messages (e.g. {@code "spec.json: members.knn"})
   */
  public static Learner bind(String id, JsonNode params, String source) {
    Entry<?> e = entry(id, source);
    if (params == null || params.isNull()) return (Learner) e.defaults();
    if (!params.isObject()) throw new BadInputException(source, "'params' must be a JSON object");
    ObjectNode merged = Json.MAPPER.valueToTree(e.defaults());
    Set<String> known = new TreeSet<>();
    merged.fieldNames().forEachRemaining(known::add);
    for (Iterator<String> it = params.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!known.contains(name)) {
        throw new BadInputException(source, "unknown parameter '" + name + "' for learner '" + id
            + "'; known parameters: " + known);
      }
      merged.set(name, params.get(name));
    }
    try {
      return (Learner) Json.MAPPER.treeToValue(merged, e.type());
    } catch (ValueInstantiationException ex) {
      Throwable cause = ex.getCause();
      if (cause instanceof BadInputException bad) {
        throw new BadInputException(source, bad.rule());
      }
      throw new BadInputException(source, "invalid parameters for learner '" + id + "': "
          + (cause == null ? ex.getOriginalMessage() : cause.getMessage()));
    } catch (UnrecognizedPropertyException ex) {
      throw new BadInputException(source, "unknown parameter '" + ex.getPropertyName() + "' for learner '" + id + "'");
    } catch (MismatchedInputException ex) {
      String field = ex.getPath().isEmpty() ? "?" : ex.getPath().get(0).getFieldName();
      throw new BadInputException(source, "parameter '" + field + "' of learner '" + id + "' has the wrong type: expected "
          + ex.getTargetType().getSimpleName() + ", got " + params.get(field));
    } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
      throw new BadInputException(source, "invalid parameters for learner '" + id + "': " + ex.getOriginalMessage());
    }
  }

  /** The JSON spec of a catalogue learner: {@code {"learner": id, "params": {...}}}. */
  public static ObjectNode toSpec(Learner learner) {
    ObjectNode o = Json.object();
    o.put("learner", learner.id());
    o.set("params", Json.MAPPER.valueToTree(learner.params()));
    return o;
  }
}
