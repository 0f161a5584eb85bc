package org.stackwise.io;

import java.io.IOException;
import org.stackwise.Model;

/** Rebuilds one kind of model from the entries its {@link Model#write} produced. */
@FunctionalInterface
public interface ModelLoader {
  Model load(ModelReader in) throws IOException;
}
