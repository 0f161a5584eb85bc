package org.stackwise.learners;

import java.util.Map;
import java.util.TreeMap;
import org.stackwise.io.ModelLoader;

/** Model kinds of the base-learner catalogue, for {@link org.stackwise.io.ModelLoaders}. */
public final class CatalogueModels {
  private CatalogueModels() { }

  public static Map<String, ModelLoader> loaders() {
    Map<String, ModelLoader> m = new TreeMap<>();
    // one line per model kind: m.put("kind", SomeModel::load);
    m.put("decision_tree", in -> org.stackwise.learners.trees.ForestModels.load(in, "decision_tree"));
    m.put("random_forest", in -> org.stackwise.learners.trees.ForestModels.load(in, "random_forest"));
    m.put("extra_trees", in -> org.stackwise.learners.trees.ForestModels.load(in, "extra_trees"));
    m.put("lightgbm", org.stackwise.learners.trees.LightGbmModels::load);
    m.put("xgboost", org.stackwise.learners.trees.XgBoostModels::load);
    return m;
  }
}
