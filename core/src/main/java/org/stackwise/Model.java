package org.stackwise;

import java.io.IOException;
import org.stackwise.data.Schema;
import org.stackwise.io.ModelWriter;

/**
 * A fitted model: immutable and safe to use from many threads at once without locks.
 * A model is either a {@link Classifier} or a {@link Regressor}.
 *
 * <p>Models are saved as data, never with Java serialization: {@link #write} stores the model's state
 * through a {@link ModelWriter} (JSON plus, for library-backed models, the library's own model format),
 * and a loader registered under {@link #kind()} in {@link org.stackwise.io.ModelLoaders} reads it back.
 */
public sealed interface Model permits Classifier, Regressor {
  /** The feature schema the model was fitted on; rows passed to it follow this schema. */
  Schema schema();

  /** Stable identifier of the model's file format, e.g. {@code "lightgbm"}; the loader key. */
  String kind();

  /** Writes everything needed to rebuild this model. */
  void write(ModelWriter out) throws IOException;

  /** The task this model solves. */
  default Task task() {
    return this instanceof Classifier ? Task.CLASSIFICATION : Task.REGRESSION;
  }
}
