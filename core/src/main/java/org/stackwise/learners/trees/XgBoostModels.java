package org.stackwise.learners.trees;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.stackwise.Model;
import org.stackwise.data.Dataset;
import org.stackwise.data.FittedPreprocessing;
import org.stackwise.io.Json;
import org.stackwise.io.ModelReader;
import org.stackwise.io.ModelWriter;

/**
 * File layout of the {@code "xgboost"} model kind: {@code model.json} (format version, task, classes,
 * rounds used), {@code preprocessing.json} (the one-hot encoding) and {@code xgboost.json}, XGBoost's own
 * JSON model ({@code Booster.toByteArray("json")}), readable by any XGBoost ≥ 1.0. Loading checks the
 * objective, class and feature counts in the XGBoost JSON against {@code model.json} before XGBoost
 * parses it; nothing in the file names code.
 */
public final class XgBoostModels {
  private static final int VERSION = 1;

  private XgBoostModels() { }

  static void write(ModelWriter out, FittedPreprocessing pre, List<String> classes, byte[] model, int rounds)
      throws IOException {
    ObjectNode o = Json.object();
    o.put("format_version", VERSION);
    o.put("task", classes == null ? "regression" : "classification");
    if (classes != null) o.set("classes", Json.stringsToJson(classes));
    o.put("rounds", rounds);
    out.json("model.json", o);
    out.json("preprocessing.json", pre.toJson());
    out.bytes("xgboost.json", model);
  }

  /** The loader registered for kind {@code "xgboost"}. */
  public static Model load(ModelReader in) throws IOException {
    JsonNode o = in.json("model.json");
    if (!o.isObject()) throw in.corrupt("model.json", "must be a JSON object");
    if (o.path("format_version").asInt(-1) != VERSION) {
      throw in.corrupt("model.json", "format_version must be " + VERSION + ", got " + o.get("format_version"));
    }
    String task = o.path("task").asText("");
    List<String> classes = null;
    if (task.equals("classification")) {
      classes = Json.strings(o.get("classes"), where(in, "model.json") + " classes");
      if (classes.size() < 2) throw in.corrupt("model.json", "an XGBoost classifier needs at least 2 classes");
    } else if (!task.equals("regression")) {
      throw in.corrupt("model.json", "task must be classification or regression, got " + o.get("task"));
    }
    int rounds = o.path("rounds").asInt(0);
    if (rounds < 1) throw in.corrupt("model.json", "rounds must be a positive integer, got " + o.get("rounds"));
    FittedPreprocessing pre = FittedPreprocessing.fromJson(in.json("preprocessing.json"), where(in, "preprocessing.json"));
    byte[] model = in.bytes("xgboost.json");
    JsonNode x = in.json("xgboost.json");
    JsonNode param = x.path("learner").path("learner_model_param");
    String objective = x.path("learner").path("objective").path("name").asText("");
    String expected = classes == null ? "reg:squarederror" : classes.size() == 2 ? "binary:logistic" : "multi:softprob";
    if (!objective.equals(expected)) {
      throw in.corrupt("xgboost.json", "objective must be " + expected + ", got '" + objective + "'");
    }
    int numClass = param.path("num_class").asInt(-1);
    int expectedClass = classes == null || classes.size() == 2 ? 0 : classes.size();
    if (numClass != expectedClass) throw in.corrupt("xgboost.json", "num_class must be " + expectedClass + ", got " + numClass);
    if (param.path("num_feature").asInt(-1) != pre.width()) {
      throw in.corrupt("xgboost.json", "num_feature must be " + pre.width() + ", got " + param.get("num_feature"));
    }
    Booster b;
    try {
      b = loadBooster(model);
      if (b.getNumBoostedRound() < rounds) {
        throw in.corrupt("xgboost.json", "the model has " + b.getNumBoostedRound() + " rounds, model.json uses " + rounds);
      }
    } catch (XGBoostError | IllegalStateException e) {
      throw in.corrupt("xgboost.json", "XGBoost could not load the model: " + e.getMessage());
    }
    return classes == null ? new XgBoostRegressor(pre, model, rounds, b) : new XgBoostClassifier(pre, classes, model, rounds, b);
  }

  /** Loads a booster for prediction, single-threaded (see {@link LightGbmNative} for why). */
  static Booster loadBooster(byte[] model) {
    try {
      Booster b = XGBoost.loadModel(model);
      b.setParam("nthread", 1);
      return b;
    } catch (XGBoostError | IOException e) {
      throw new IllegalStateException("XGBoost could not load the model: " + e.getMessage(), e);
    }
  }

  /** Raw margins for one raw row. */
  static float[] margins(Booster booster, FittedPreprocessing pre, double[] row, int rounds) {
    float[] x = toFloat(pre.transform(row));
    try {
      return booster.inplace_predict(x, 1, x.length, Float.NaN, new int[] {0, rounds}, Booster.PredictionType.kMargin,
          null)[0];
    } catch (XGBoostError e) {
      throw new IllegalStateException("XGBoost prediction failed: " + e.getMessage(), e);
    }
  }

  /** Raw margins for every row of {@code data}. */
  static float[][] margins(Booster booster, FittedPreprocessing pre, Dataset data, int rounds) {
    if (data.rows() == 0) return new float[0][];
    float[] x = toFloat(ForestFitter.transform(pre, data));
    try {
      return booster.inplace_predict(x, data.rows(), pre.width(), Float.NaN, new int[] {0, rounds},
          Booster.PredictionType.kMargin, null);
    } catch (XGBoostError e) {
      throw new IllegalStateException("XGBoost prediction failed: " + e.getMessage(), e);
    }
  }

  static float[] toFloat(double[] x) {
    float[] f = new float[x.length];
    for (int i = 0; i < x.length; i++) f[i] = (float) x[i];
    return f;
  }

  static double[] toDouble(float[] x) {
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) d[i] = x[i];
    return d;
  }

  /** File and entry, for errors raised by shared JSON helpers. */
  static String where(ModelReader in, String entry) {
    return in.source() + ", entry '" + in.path(entry) + "'";
  }
}
