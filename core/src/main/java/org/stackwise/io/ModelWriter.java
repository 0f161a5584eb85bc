package org.stackwise.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.stackwise.Model;

/**
 * Where a model writes its state: named entries (JSON, text, bytes) inside a directory of a model
 * file. Nested models (ensemble members) are written into sub-directories with {@link #model}.
 * Entry and directory names must be relative, use {@code [A-Za-z0-9_.-]} and {@code /}, and never
 * contain {@code ..}.
 */
public interface ModelWriter {
  void bytes(String name, byte[] content) throws IOException;

  default void text(String name, String content) throws IOException {
    bytes(name, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  default void json(String name, JsonNode content) throws IOException {
    bytes(name, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(content));
  }

  /** Writes doubles as a compact little-endian binary entry (for large arrays such as k-NN data). */
  default void doubles(String name, double[] values) throws IOException {
    java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(values.length * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (double v : values) buf.putDouble(v);
    bytes(name, buf.array());
  }

  /** A writer for a sub-directory. */
  ModelWriter child(String directory);

  /** Writes a nested model into {@code directory}: its kind in {@code directory/kind}, then its state. */
  default void model(String directory, Model model) throws IOException {
    ModelWriter c = child(directory);
    c.text("kind", model.kind());
    model.write(c);
  }
}
