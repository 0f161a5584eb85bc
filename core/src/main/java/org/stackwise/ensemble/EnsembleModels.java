package org.stackwise.ensemble;

import java.util.Map;
import java.util.TreeMap;
import org.stackwise.io.ModelLoader;

/** Model kinds of the ensemble package, for {@link org.stackwise.io.ModelLoaders}. */
public final class EnsembleModels {
  private EnsembleModels() { }

  public static Map<String, ModelLoader> loaders() {
    Map<String, ModelLoader> m = new TreeMap<>();
    return m;
  }
}
