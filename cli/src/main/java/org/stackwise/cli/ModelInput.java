package org.stackwise.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.stackwise.Classifier;
import org.stackwise.data.Dataset;
import org.stackwise.data.read.TableReader;
import org.stackwise.io.ModelFile;

/** A loaded model and data read against its schema (columns by name, classes by name). */
final class ModelInput {
  private ModelInput() { }

  static ModelFile.Loaded load(Path model) throws IOException {
    return ModelFile.load(model);
  }

  /**
   * Reads {@code data} lined up with the model's schema. {@code target} names the label column to read
   * (null: labels are not read, e.g. for prediction).
   */
  static Dataset read(Path data, TableOptions table, ModelFile.Loaded loaded, String target) {
    List<String> classes = loaded.model() instanceof Classifier c ? c.classes() : null;
    return TableReader.readLike(data, table.readOptions(target), loaded.model().schema(), classes);
  }

  /** The target column: {@code --target} if given, else the one the model was trained for. */
  static String target(TableOptions table, ModelFile.Loaded loaded) {
    if (table.target != null) return table.target;
    String t = loaded.target();
    return t == null || t.isEmpty() ? null : t;
  }
}
