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
 * by any LightGBM 4 tool. Loading checks the header, the objective, the number of classes and of
 * features against {@code model.json} before LightGBM parses the text; nothing in the file names code.
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
    Schema schema = Json.schemaFromJson(o.get("schema"), in.path("model.json"));
    String task = o.path("task").asText("");
    List<String> classes = null;
    if (task.equals("classification")) {
      classes = Json.strings(o.get("classes"), in.path("model.json") + " classes");
      if (classes.size() < 2) throw in.corrupt("model.json", "a LightGBM classifier needs at least 2 classes");
    } else if (!task.equals("regression")) {
      throw in.corrupt("model.json", "task must be classification or regression, got " + o.get("task"));
    }
    String text = in.text("model.txt");
    int outputs = classes == null || classes.size() == 2 ? 1 : classes.size();
    checkHeader(in, text, schema.size(), outputs, classes == null ? null : classes.size() == 2 ? "binary" : "multiclass");
    LightGbmNative.Booster b;
    try {
      b = LightGbmNative.Booster.load(text);
    } catch (LightGbmNative.LightGbmError e) {
      throw in.corrupt("model.txt", e.getMessage());
    }
    if (b.features() != schema.size() || b.classes() != outputs) {
      throw in.corrupt("model.txt", "LightGBM reads " + b.features() + " features and " + b.classes()
          + " outputs, expected " + schema.size() + " and " + outputs);
    }
    return classes == null ? new LightGbmRegressor(schema, text, b) : new LightGbmClassifier(schema, classes, text, b);
  }

  /**
   * Checks the text model's header lines (up to the first tree) before handing it to LightGBM:
   * {@code tree}, {@code version=v4}, {@code num_class}, {@code max_feature_idx} and the objective.
   */
  private static void checkHeader(ModelReader in, String text, int features, int outputs, String objective) {
    if (!text.startsWith("tree\n") && !text.startsWith("tree\r\n")) {
      throw in.corrupt("model.txt", "not a LightGBM text model (first line must be 'tree')");
    }
    int end = text.indexOf("\nTree=");
    String header = end < 0 ? text : text.substring(0, end);
    String version = null;
    String numClass = null;
    String maxFeature = null;
    String obj = null;
    for (String line : header.split("\r?\n")) {
      if (line.startsWith("version=")) version = line.substring(8);
      else if (line.startsWith("num_class=")) numClass = line.substring(10);
      else if (line.startsWith("max_feature_idx=")) maxFeature = line.substring(16);
      else if (line.startsWith("objective=")) obj = line.substring(10);
    }
    if (version == null || !version.startsWith("v4")) {
      throw in.corrupt("model.txt", "LightGBM model version must be v4, got " + version);
    }
    if (!String.valueOf(outputs).equals(numClass)) {
      throw in.corrupt("model.txt", "num_class must be " + outputs + ", got " + numClass);
    }
    if (!String.valueOf(features - 1).equals(maxFeature)) {
      throw in.corrupt("model.txt", "max_feature_idx must be " + (features - 1) + ", got " + maxFeature);
    }
    if (obj == null) throw in.corrupt("model.txt", "missing objective line");
    String name = obj.split(" ")[0];
    boolean ok = objective == null ? !name.equals("binary") && !name.startsWith("multiclass") : name.equals(objective);
    if (!ok) {
      throw in.corrupt("model.txt", "objective '" + name + "' does not match a "
          + (objective == null ? "regression" : objective + " classification") + " model");
    }
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
}
