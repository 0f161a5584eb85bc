package org.stackwise.learners.mlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import org.stackwise.Model;
import org.stackwise.data.Dataset;
import org.stackwise.data.FittedPreprocessing;
import org.stackwise.io.Json;
import org.stackwise.io.ModelReader;
import org.stackwise.io.ModelWriter;

/**
 * The {@code "mlp"} model kind: {@link MlpClassifier} and {@link MlpRegressor} share one file layout —
 * {@code model.json} (task, classes, hyperparameters), {@code preprocessing.json}, and the network's
 * {@code network.json} and {@code weights.bin} (see {@link MlpNetwork}).
 */
public final class MlpModels {
  private MlpModels() { }

  /** The loader registered for kind {@code "mlp"}: rebuilds a classifier or a regressor. */
  public static Model load(ModelReader in) throws IOException {
    JsonNode o = in.json("model.json");
    if (!o.isObject()) throw in.corrupt("model.json", "must be a JSON object");
    String task = o.path("task").asText("");
    FittedPreprocessing pre = FittedPreprocessing.fromJson(in.json("preprocessing.json"), in.path("preprocessing.json"));
    MlpNetwork net = MlpNetwork.read(in);
    if (net.inputs() != pre.width()) {
      throw in.corrupt("network.json", "the network has " + net.inputs() + " inputs but the preprocessing produces "
          + pre.width() + " features");
    }
    switch (task) {
      case "classification" -> {
        List<String> classes = Json.strings(o.get("classes"), in.path("model.json") + " classes");
        if (!net.isClassifier() || classes.size() != net.outputs()) {
          throw in.corrupt("model.json", "a classifier needs a softmax network with one output per class ("
              + classes.size() + " classes, network " + net + ")");
        }
        return new MlpClassifier(pre, classes, net);
      }
      case "regression" -> {
        if (net.isClassifier()) throw in.corrupt("model.json", "a regressor needs a linear-output network, got " + net);
        return new MlpRegressor(pre, net);
      }
      default -> throw in.corrupt("model.json", "task must be classification or regression, got " + o.get("task"));
    }
  }

  static void write(ModelWriter out, String task, List<String> classes, FittedPreprocessing pre, MlpNetwork net)
      throws IOException {
    ObjectNode o = Json.object();
    o.put("format_version", 1);
    o.put("task", task);
    if (classes != null) o.set("classes", Json.stringsToJson(classes));
    out.json("model.json", o);
    out.json("preprocessing.json", pre.toJson());
    net.write(out);
  }

  /** All rows of {@code data} through {@code pre}, row-major. */
  static double[] transform(FittedPreprocessing pre, Dataset data) {
    int w = pre.width();
    int n = data.rows();
    double[] out = new double[n * w];
    double[] raw = new double[data.columns()];
    double[] row = new double[w];
    for (int i = 0; i < n; i++) {
      data.copyRow(i, raw);
      pre.transform(raw, row);
      System.arraycopy(row, 0, out, i * w, w);
    }
    return out;
  }
}
