package org.stackwise.moe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import org.stackwise.Classifier;
import org.stackwise.Model;
import org.stackwise.Regressor;
import org.stackwise.data.Dataset;
import org.stackwise.data.FittedPreprocessing;
import org.stackwise.data.Schema;
import org.stackwise.internal.linalg.Matrices;
import org.stackwise.io.Json;
import org.stackwise.io.ModelReader;
import org.stackwise.io.ModelWriter;

/**
 * A jointly trained expert as a stand-alone model (model kind {@code "moe_expert"}): preprocessing, a
 * {@link Dense} network and its parameters. Classifier experts output a softmax over the classes;
 * regression experts a mean on the target's scale and optionally a variance. Immutable, thread-safe.
 */
final class NetExpert {
  static final String KIND = "moe_expert";
  private static final int CHUNK = 256;

  private NetExpert() { }

  /** The shared parts. */
  record Parts(FittedPreprocessing pre, Dense shape, double[] theta) {
    Parts {
      theta = theta.clone();
    }

    /** Raw network outputs for every row of {@code data}, row-major. */
    double[] outputs(Dataset data) {
      int n = data.rows();
      int d = shape.inputs();
      int k = shape.outputs();
      double[] x = Matrices.transform(pre, data);
      double[] out = new double[n * k];
      double[][] acts = shape.buffers(Math.min(CHUNK, Math.max(1, n)));
      double[] chunk = new double[Math.min(CHUNK, Math.max(1, n)) * d];
      for (int from = 0; from < n; from += CHUNK) {
        int b = Math.min(CHUNK, n - from);
        System.arraycopy(x, from * d, chunk, 0, b * d);
        double[] o = shape.forward(theta, chunk, b, acts);
        System.arraycopy(o, 0, out, from * k, b * k);
      }
      return out;
    }

    double[] output(double[] raw) {
      return shape.output(theta, pre.transform(raw));
    }

    void write(ModelWriter out, ObjectNode head) throws IOException {
      head.put("format_version", 1);
      ArrayNode s = head.putArray("sizes");
      for (int v : shape.sizes) s.add(v);
      head.put("activation", shape.tanh ? "tanh" : "relu");
      out.json("expert.json", head);
      out.json("preprocessing.json", pre.toJson());
      out.doubles("weights.bin", theta);
    }
  }

  /** A classifier expert. */
  static final class NetClassifier implements Classifier {
    private final Parts parts;
    private final List<String> classes;

    NetClassifier(Parts parts, List<String> classes) {
      this.parts = parts;
      this.classes = List.copyOf(classes);
    }

    Parts parts() { return parts; }
    @Override public Schema schema() { return parts.pre.schema(); }
    @Override public String kind() { return KIND; }
    @Override public List<String> classes() { return classes; }

    @Override public double[] predictProba(double[] row) {
      double[] z = parts.output(row);
      softmax(z, 0, z.length);
      return z;
    }

    @Override public double[][] predictProba(Dataset data) {
      int k = classes.size();
      double[] z = parts.outputs(data);
      double[][] out = new double[data.rows()][];
      for (int i = 0; i < out.length; i++) {
        softmax(z, i * k, k);
        out[i] = java.util.Arrays.copyOfRange(z, i * k, i * k + k);
      }
      return out;
    }

    @Override public void write(ModelWriter out) throws IOException {
      ObjectNode head = Json.object();
      head.put("task", "classification");
      head.set("classes", Json.stringsToJson(classes));
      parts.write(out, head);
    }
  }

  /** A regression expert: mean on the target's scale, and a variance when it has a variance head. */
  static final class NetRegressor implements Regressor {
    private final Parts parts;
    private final double yMean;
    private final double yScale;
    private final boolean varianceHead;

    NetRegressor(Parts parts, double yMean, double yScale, boolean varianceHead) {
      this.parts = parts;
      this.yMean = yMean;
      this.yScale = yScale;
      this.varianceHead = varianceHead;
    }

    Parts parts() { return parts; }
    boolean hasVarianceHead() { return varianceHead; }
    @Override public Schema schema() { return parts.pre.schema(); }
    @Override public String kind() { return KIND; }

    @Override public double predict(double[] row) {
      return parts.output(row)[0] * yScale + yMean;
    }

    @Override public double[] predict(Dataset data) {
      int k = parts.shape.outputs();
      double[] z = parts.outputs(data);
      double[] out = new double[data.rows()];
      for (int i = 0; i < out.length; i++) out[i] = z[i * k] * yScale + yMean;
      return out;
    }

    /** Mean and variance (target scale) for every row: {@code [row] = {mean, variance}}; variance NaN without a head. */
    double[][] meanAndVariance(Dataset data) {
      int k = parts.shape.outputs();
      double[] z = parts.outputs(data);
      double[][] out = new double[data.rows()][];
      for (int i = 0; i < out.length; i++) {
        double var = varianceHead ? Math.exp(JointTrainer.clamp(z[i * k + 1])) * yScale * yScale : Double.NaN;
        out[i] = new double[] {z[i * k] * yScale + yMean, var};
      }
      return out;
    }

    double[] meanAndVariance(double[] row) {
      double[] z = parts.output(row);
      double var = varianceHead ? Math.exp(JointTrainer.clamp(z[1])) * yScale * yScale : Double.NaN;
      return new double[] {z[0] * yScale + yMean, var};
    }

    @Override public void write(ModelWriter out) throws IOException {
      ObjectNode head = Json.object();
      head.put("task", "regression");
      head.put("y_mean", yMean);
      head.put("y_scale", yScale);
      head.put("variance", varianceHead);
      parts.write(out, head);
    }
  }

  static void softmax(double[] z, int off, int k) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < k; c++) max = Math.max(max, z[off + c]);
    double sum = 0;
    for (int c = 0; c < k; c++) {
      z[off + c] = Math.exp(z[off + c] - max);
      sum += z[off + c];
    }
    for (int c = 0; c < k; c++) z[off + c] /= sum;
  }

  /** Loads an expert written by {@code write}; malformed entries raise a bad-file error. */
  static Model load(ModelReader in) throws IOException {
    JsonNode o = in.json("expert.json");
    if (!o.isObject() || o.path("format_version").asInt() != 1) throw in.corrupt("expert.json", "unsupported or missing format_version");
    FittedPreprocessing pre = FittedPreprocessing.fromJson(in.json("preprocessing.json"), in.path("preprocessing.json"));
    Dense shape = readShape(in, "expert.json", o);
    if (shape.inputs() != pre.width()) throw in.corrupt("expert.json", "network inputs (" + shape.inputs()
        + ") differ from the preprocessed width (" + pre.width() + ")");
    double[] theta = readWeights(in, "weights.bin", shape);
    Parts parts = new Parts(pre, shape, theta);
    String task = o.path("task").asText("");
    if (task.equals("classification")) {
      List<String> classes = Json.strings(o.get("classes"), in.path("expert.json"));
      if (classes.size() != shape.outputs() || classes.isEmpty()) throw in.corrupt("expert.json", "one output per class is required");
      return new NetClassifier(parts, classes);
    }
    if (!task.equals("regression")) throw in.corrupt("expert.json", "task must be classification or regression, got '" + task + "'");
    boolean var = o.path("variance").asBoolean();
    if (shape.outputs() != (var ? 2 : 1)) throw in.corrupt("expert.json", "a regression expert has " + (var ? 2 : 1) + " outputs");
    double mean = finite(in, "expert.json", o, "y_mean");
    double scale = finite(in, "expert.json", o, "y_scale");
    if (!(scale > 0)) throw in.corrupt("expert.json", "y_scale must be > 0");
    return new NetRegressor(parts, mean, scale, var);
  }

  static Dense readShape(ModelReader in, String entry, JsonNode o) {
    JsonNode s = o.get("sizes");
    if (s == null || !s.isArray() || s.size() < 2 || s.size() > 16) throw in.corrupt(entry, "sizes must list 2 to 16 layer widths");
    int[] sizes = new int[s.size()];
    for (int i = 0; i < sizes.length; i++) {
      JsonNode v = s.get(i);
      if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1 || v.asInt() > (1 << 20)) {
        throw in.corrupt(entry, "layer widths must be integers between 1 and " + (1 << 20) + ", got " + v);
      }
      sizes[i] = v.asInt();
    }
    String act = o.path("activation").asText("");
    if (!act.equals("relu") && !act.equals("tanh")) throw in.corrupt(entry, "activation must be relu or tanh, got '" + act + "'");
    try {
      return new Dense(sizes, act.equals("tanh"));
    } catch (IllegalArgumentException e) {
      throw in.corrupt(entry, e.getMessage());
    }
  }

  static double[] readWeights(ModelReader in, String entry, Dense shape) throws IOException {
    double[] theta = in.doubles(entry);
    if (theta.length != shape.count) throw in.corrupt(entry, "expected " + shape.count + " parameters, got " + theta.length);
    for (int i = 0; i < theta.length; i++) if (!Double.isFinite(theta[i])) throw in.corrupt(entry, "parameter " + i + " is not finite");
    return theta;
  }

  static double finite(ModelReader in, String entry, JsonNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || !v.isNumber() || !Double.isFinite(v.asDouble())) throw in.corrupt(entry, field + " must be a finite number, got " + v);
    return v.asDouble();
  }
}
