package org.stackwise.io;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.stackwise.BadInputException;

/**
 * The closed table of model kinds a model file may contain. A kind read from a file is only ever
 * used as a key into this table — never as a class name — so a file cannot make Stackwise load or
 * instantiate arbitrary code.
 */
public final class ModelLoaders {
  private static final Map<String, ModelLoader> LOADERS;

  static {
    Map<String, ModelLoader> m = new TreeMap<>();
    addAll(m, org.stackwise.learners.CatalogueModels.loaders());
    addAll(m, org.stackwise.ensemble.EnsembleModels.loaders());
    LOADERS = Collections.unmodifiableMap(m);
  }

  private ModelLoaders() { }

  private static void addAll(Map<String, ModelLoader> into, Map<String, ModelLoader> from) {
    for (var e : from.entrySet()) {
      if (into.put(e.getKey(), e.getValue()) != null) throw new IllegalStateException("duplicate model kind " + e.getKey());
    }
  }

  /** The loader for {@code kind}, or a {@link BadInputException} naming the file and entry. */
  public static ModelLoader loader(String kind, String source, String entry) {
    ModelLoader l = LOADERS.get(kind);
    if (l == null) {
      throw new BadInputException(source, "entry '" + entry + "': unknown model kind '" + kind
          + "' (this version knows " + LOADERS.keySet() + ")");
    }
    return l;
  }

  public static java.util.Set<String> kinds() { return LOADERS.keySet(); }
}
