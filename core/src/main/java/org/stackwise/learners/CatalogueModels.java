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
    m.put("mlp", org.stackwise.learners.mlp.MlpModels::load);
    return m;
  }
}
