package org.stackwise.learners.trees;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import org.stackwise.Model;
import org.stackwise.data.Dataset;
import org.stackwise.data.Schema;
import org.stackwise.io.Json;
import org.stackwise.io.ModelReader;
import org.stackwise.io.ModelWriter;

/**
 * File layout of the {@code "lightgbm"} model kind: {@code model.json} (format version, task, classes,
 * feature schema) and {@code model.txt}, LightGBM's own text model ({@code saveModelToString}), readable
 * by any LightGBM 4 tool. Loading checks the text's header against {@code model.json} and the structure of
 * every tree ({@link LightGbmText}) and reads the trees into Java ({@link LightGbmTrees}); the native
 * library is not involved, and nothing in the file names code.
 */
public final class LightGbmModels {
  private static final int VERSION = 1;

  private LightGbmModels() { }

  static void write(ModelWriter out, Schema schema, List<String> classes, String text) throws IOException {
    ObjectNode o = Json.object();
    o.put("format_version", VERSION);
    o.put("task", classes == null ? "regression" : "classification");
    if (classes != null) o.set("classes", Json.stringsToJson(classes));
    o.set("schema", Json.schemaToJson(schema));
    out.json("model.json", o);
    out.text("model.txt", text);
  }

  /** The loader registered for kind {@code "lightgbm"}. */
  public static Model load(ModelReader in) throws IOException {
    JsonNode o = in.json("model.json");
    if (!o.isObject()) throw in.corrupt("model.json", "must be a JSON object");
    if (o.path("format_version").asInt(-1) != VERSION) {
      throw in.corrupt("model.json", "format_version must be " + VERSION + ", got " + o.get("format_version"));
    }
    Schema schema = Json.schemaFromJson(o.get("schema"), where(in, "model.json"));
    String task = o.path("task").asText("");
    List<String> classes = null;
    if (task.equals("classification")) {
      classes = Json.strings(o.get("classes"), where(in, "model.json") + " classes");
      if (classes.size() < 2) throw in.corrupt("model.json", "a LightGBM classifier needs at least 2 classes");
    } else if (!task.equals("regression")) {
      throw in.corrupt("model.json", "task must be classification or regression, got " + o.get("task"));
    }
    String text = in.text("model.txt");
    LightGbmTrees trees;
    try {
      trees = parse(text, schema.size(), classes == null ? 0 : classes.size());
    } catch (LightGbmText.Invalid e) {
      throw in.corrupt("model.txt", e.getMessage());
    }
    return classes == null ? new LightGbmRegressor(schema, text, trees) : new LightGbmClassifier(schema, classes, text, trees);
  }

  /** The trees of a model text for {@code features} inputs and {@code classes} classes (0: regression). */
  static LightGbmTrees parse(String text, int features, int classes) throws LightGbmText.Invalid {
    int outputs = classes == 0 || classes == 2 ? 1 : classes;
    return LightGbmText.parse(text, features, outputs, classes == 0 ? null : classes == 2 ? "binary" : "multiclass");
  }

  static void checkRow(Schema schema, double[] row) {
    // LightGBM reads exactly this many values from native memory: a short row must never reach it
    if (row.length < schema.size()) {
      throw new IllegalArgumentException("row has " + row.length + " values, the model expects " + schema.size());
    }
  }

  static void checkColumns(Schema schema, Dataset data) {
    if (data.columns() != schema.size()) {
      throw new IllegalArgumentException("data has " + data.columns() + " columns, the model expects " + schema.size());
    }
  }

  /** File and entry, for errors raised by shared JSON helpers. */
  static String where(ModelReader in, String entry) {
    return in.source() + ", entry '" + in.path(entry) + "'";
  }
}
