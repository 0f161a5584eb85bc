package org.stackwise.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.stackwise.data.Column;
import org.stackwise.data.Dataset;
import org.stackwise.data.Schema;
import org.stackwise.data.read.DataSplits;
import org.stackwise.io.Json;

/**
 * Writes the exact train/test split the Java side uses, after Stackwise's own parsing, for the
 * scikit-learn reference script: {@code meta.json}, {@code X_train.f64}, {@code y_train.i32},
 * {@code X_test.f64}, {@code y_test.i32} (row-major, little-endian). scikit-learn needs numbers, so
 * categorical columns are one-hot encoded over the training schema's levels; a missing or unseen level
 * (NaN) is all zeros. Numeric values, including NaN, are written unchanged. Class labels are the
 * indices of the shared class list.
 */
final class ReferenceData {
  private ReferenceData() { }

  /** Writes the split into {@code dir} and returns the number of encoded feature columns. */
  static int write(DataSplits.Split split, String name, Path dir) throws IOException {
    Files.createDirectories(dir);
    Schema schema = split.train().schema();
    List<String> names = encodedNames(schema);
    ObjectNode meta = Json.object();
    meta.put("name", name);
    meta.put("n_train", split.train().rows());
    meta.put("n_test", split.test().rows());
    meta.put("n_features", names.size());
    ArrayNode classes = meta.putArray("classes");
    split.train().classes().classes().forEach(classes::add);
    ArrayNode features = meta.putArray("feature_names");
    names.forEach(features::add);
    Files.writeString(dir.resolve("meta.json"), Json.MAPPER.writeValueAsString(meta));
    writeMatrix(split.train(), names.size(), dir.resolve("X_train.f64"));
    writeMatrix(split.test(), names.size(), dir.resolve("X_test.f64"));
    writeLabels(split.train().classes().indices(), dir.resolve("y_train.i32"));
    writeLabels(split.test().classes().indices(), dir.resolve("y_test.i32"));
    return names.size();
  }

  static List<String> encodedNames(Schema schema) {
    List<String> out = new ArrayList<>();
    for (Column c : schema.columns()) {
      if (c.isCategorical()) {
        for (String level : c.levels()) out.add(c.name() + "=" + level);
      } else {
        out.add(c.name());
      }
    }
    return out;
  }

  private static void writeMatrix(Dataset d, int width, Path file) throws IOException {
    Schema schema = d.schema();
    ByteBuffer buf = ByteBuffer.allocate(width * 8).order(ByteOrder.LITTLE_ENDIAN);
    double[] row = new double[d.columns()];
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      for (int i = 0; i < d.rows(); i++) {
        d.copyRow(i, row);
        buf.clear();
        for (int j = 0; j < row.length; j++) {
          Column c = schema.column(j);
          if (c.isCategorical()) {
            for (int k = 0; k < c.levels().size(); k++) buf.putDouble(!Double.isNaN(row[j]) && (int) row[j] == k ? 1.0 : 0.0);
          } else {
            buf.putDouble(row[j]);
          }
        }
        buf.flip();
        while (buf.hasRemaining()) ch.write(buf);
      }
    }
  }

  private static void writeLabels(int[] y, Path file) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(y.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : y) buf.putInt(v);
    buf.flip();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      while (buf.hasRemaining()) ch.write(buf);
    }
  }
}
