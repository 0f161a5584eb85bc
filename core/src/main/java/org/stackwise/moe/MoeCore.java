package org.stackwise.moe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.stackwise.Classifier;
import org.stackwise.Model;
import org.stackwise.Regressor;
import org.stackwise.Task;
import org.stackwise.data.Dataset;
import org.stackwise.data.FittedPreprocessing;
import org.stackwise.data.Schema;
import org.stackwise.internal.linalg.Matrices;
import org.stackwise.io.Json;
import org.stackwise.io.ModelReader;
import org.stackwise.io.ModelWriter;

/**
 * The fitted parts shared by the mixture classifier and regressor: which columns the gate and the
 * experts see, the gate (preprocessing + network), the expert models, top-k and, for regression, each
 * expert's noise variance. Immutable.
 *
 * <p>Prediction routes each row through the gate, keeps its top-k experts and runs only those; the
 * batch path groups rows by expert so each expert predicts its rows in one call. Sums over experts run
 * in expert index order on both paths.
 */
final class MoeCore {
  private static final int CHUNK = 256;

  final Schema schema;
  final Task task;
  final List<String> classes;
  final int[] gateCols;
  final int[] expertCols;
  final FittedPreprocessing gatePre;
  final Dense gate;
  final double[] gateTheta;
  final List<Model> experts;
  final List<String> names;
  final int topK;
  final double[] variances;
  final ObjectNode info;

  MoeCore(Schema schema, Task task, List<String> classes, int[] gateCols, int[] expertCols, FittedPreprocessing gatePre,
          Dense gate, double[] gateTheta, List<Model> experts, int topK, double[] variances, ObjectNode info) {
    this.schema = schema;
    this.task = task;
    this.classes = classes == null ? null : List.copyOf(classes);
    this.gateCols = gateCols.clone();
    this.expertCols = expertCols.clone();
    this.gatePre = gatePre;
    this.gate = gate;
    this.gateTheta = gateTheta.clone();
    this.experts = List.copyOf(experts);
    List<String> n = new ArrayList<>();
    for (int k = 0; k < experts.size(); k++) n.add("expert" + k);
    this.names = List.copyOf(n);
    this.topK = topK;
    this.variances = variances == null ? null : variances.clone();
    this.info = info.deepCopy();
  }

  int size() { return experts.size(); }

  /** Gate logits of one raw row. */
  double[] logits(double[] raw) {
    return gate.output(gateTheta, gatePre.transform(Columns.row(raw, gateCols)));
  }

  /** Gate logits of every row, {@code n × K} row-major. */
  double[] logits(Dataset data) {
    Dataset g = Columns.project(data.featuresOnly(), gateCols);
    int n = g.rows();
    int d = gate.inputs();
    int k = size();
    double[] x = Matrices.transform(gatePre, g);
    double[] out = new double[n * k];
    int c = Math.min(CHUNK, Math.max(1, n));
    double[][] acts = gate.buffers(c);
    double[] chunk = new double[c * d];
    for (int from = 0; from < n; from += CHUNK) {
      int b = Math.min(CHUNK, n - from);
      System.arraycopy(x, from * d, chunk, 0, b * d);
      System.arraycopy(gate.forward(gateTheta, chunk, b, acts), 0, out, from * k, b * k);
    }
    return out;
  }

  /** The gate weights applied to one row: length K, zero for experts not routed. */
  double[] gateWeights(double[] raw) {
    return dense(logits(raw), 0);
  }

  /** The gate weights applied to every row. */
  double[][] gateWeights(Dataset data) {
    double[] l = logits(data);
    double[][] out = new double[data.rows()][];
    for (int i = 0; i < out.length; i++) out[i] = dense(l, i * size());
    return out;
  }

  private double[] dense(double[] logits, int off) {
    int k = size();
    int[] idx = new int[k];
    double[] g = new double[k];
    int m = Routing.route(logits, off, k, topK, idx, g);
    double[] out = new double[k];
    for (int s = 0; s < m; s++) out[idx[s]] = g[s];
    return out;
  }

  double[] predictProba(double[] raw) {
    double[] g = gateWeights(raw);
    double[] sub = Columns.row(raw, expertCols);
    double[] out = new double[classes.size()];
    for (int k = 0; k < size(); k++) {
      if (g[k] == 0) continue;
      double[] p = ((Classifier) experts.get(k)).predictProba(sub);
      for (int c = 0; c < out.length; c++) out[c] += g[k] * p[c];
    }
    return out;
  }

  double[][] predictProba(Dataset data) {
    double[][] g = gateWeights(data);
    int n = data.rows();
    double[][] out = new double[n][classes.size()];
    for (int k = 0; k < size(); k++) {
      int[] rows = routed(g, k);
      if (rows.length == 0) continue;
      double[][] p = ((Classifier) experts.get(k)).predictProba(expertRows(data, rows));
      for (int j = 0; j < rows.length; j++) {
        double gk = g[rows[j]][k];
        double[] o = out[rows[j]];
        for (int c = 0; c < o.length; c++) o[c] += gk * p[j][c];
      }
    }
    return out;
  }

  /** Mixture mean and variance of one row: {@code {mean, variance}}. */
  double[] meanAndVariance(double[] raw) {
    double[] g = gateWeights(raw);
    double[] sub = Columns.row(raw, expertCols);
    double mean = 0;
    double second = 0;
    for (int k = 0; k < size(); k++) {
      if (g[k] == 0) continue;
      double[] mv = expertMeanVar(k, sub);
      mean += g[k] * mv[0];
      second += g[k] * (mv[1] + mv[0] * mv[0]);
    }
    return new double[] {mean, Math.max(0, second - mean * mean)};
  }

  /** Mixture means and variances of every row: {@code [row] = {mean, variance}}. */
  double[][] meanAndVariance(Dataset data) {
    double[][] g = gateWeights(data);
    int n = data.rows();
    double[] mean = new double[n];
    double[] second = new double[n];
    for (int k = 0; k < size(); k++) {
      int[] rows = routed(g, k);
      if (rows.length == 0) continue;
      Dataset sub = expertRows(data, rows);
      Model m = experts.get(k);
      double[][] mv;
      if (m instanceof NetExpert.NetRegressor nr && nr.hasVarianceHead()) {
        mv = nr.meanAndVariance(sub);
      } else {
        double[] mu = ((Regressor) m).predict(sub);
        mv = new double[mu.length][];
        for (int j = 0; j < mu.length; j++) mv[j] = new double[] {mu[j], variances[k]};
      }
      for (int j = 0; j < rows.length; j++) {
        double gk = g[rows[j]][k];
        mean[rows[j]] += gk * mv[j][0];
        second[rows[j]] += gk * (mv[j][1] + mv[j][0] * mv[j][0]);
      }
    }
    double[][] out = new double[n][];
    for (int i = 0; i < n; i++) out[i] = new double[] {mean[i], Math.max(0, second[i] - mean[i] * mean[i])};
    return out;
  }

  private double[] expertMeanVar(int k, double[] sub) {
    Model m = experts.get(k);
    if (m instanceof NetExpert.NetRegressor nr && nr.hasVarianceHead()) return nr.meanAndVariance(sub);
    return new double[] {((Regressor) m).predict(sub), variances[k]};
  }

  double predict(double[] raw) {
    double[] g = gateWeights(raw);
    double[] sub = Columns.row(raw, expertCols);
    double mean = 0;
    for (int k = 0; k < size(); k++) {
      if (g[k] != 0) mean += g[k] * ((Regressor) experts.get(k)).predict(sub);
    }
    return mean;
  }

  double[] predict(Dataset data) {
    double[][] g = gateWeights(data);
    double[] out = new double[data.rows()];
    for (int k = 0; k < size(); k++) {
      int[] rows = routed(g, k);
      if (rows.length == 0) continue;
      double[] mu = ((Regressor) experts.get(k)).predict(expertRows(data, rows));
      for (int j = 0; j < rows.length; j++) out[rows[j]] += g[rows[j]][k] * mu[j];
    }
    return out;
  }

  private static int[] routed(double[][] g, int k) {
    int c = 0;
    for (double[] r : g) if (r[k] != 0) c++;
    int[] rows = new int[c];
    c = 0;
    for (int i = 0; i < g.length; i++) if (g[i][k] != 0) rows[c++] = i;
    return rows;
  }

  private Dataset expertRows(Dataset data, int[] rows) {
    Dataset sub = rows.length == data.rows() ? data.featuresOnly() : data.featuresOnly().select(rows);
    return Columns.project(sub, expertCols);
  }

  Utilisation utilisation(Dataset data) {
    return Utilisation.of(names, gateWeights(data));
  }

  Model expert(String name) {
    int k = names.indexOf(name);
    return k < 0 ? null : experts.get(k);
  }

  void write(ModelWriter out) throws IOException {
    ObjectNode o = Json.object();
    o.put("format_version", 1);
    o.put("task", task == Task.CLASSIFICATION ? "classification" : "regression");
    if (classes != null) o.set("classes", Json.stringsToJson(classes));
    o.put("experts", size());
    o.put("top_k", topK);
    ArrayNode gc = o.putArray("gate_columns");
    for (int c : gateCols) gc.add(c);
    ArrayNode ec = o.putArray("expert_columns");
    for (int c : expertCols) ec.add(c);
    ObjectNode g = o.putObject("gate");
    ArrayNode s = g.putArray("sizes");
    for (int v : gate.sizes) s.add(v);
    g.put("activation", gate.tanh ? "tanh" : "relu");
    if (variances != null) o.set("variances", Json.doublesToJson(variances));
    o.set("info", info);
    out.json("moe.json", o);
    out.json("schema.json", Json.schemaToJson(schema));
    out.json("gate_preprocessing.json", gatePre.toJson());
    out.doubles("gate_weights.bin", gateTheta);
    for (int k = 0; k < size(); k++) out.model("experts/" + k, experts.get(k));
  }

  static MoeCore read(ModelReader in) throws IOException {
    String e = "moe.json";
    JsonNode o = in.json(e);
    if (!o.isObject() || o.path("format_version").asInt() != 1) throw in.corrupt(e, "unsupported or missing format_version");
    Schema schema = Json.schemaFromJson(in.json("schema.json"), in.source());
    String t = o.path("task").asText("");
    if (!t.equals("classification") && !t.equals("regression")) throw in.corrupt(e, "task must be classification or regression");
    Task task = t.equals("classification") ? Task.CLASSIFICATION : Task.REGRESSION;
    List<String> classes = task == Task.CLASSIFICATION ? Json.strings(o.get("classes"), in.path(e)) : null;
    if (classes != null && classes.isEmpty()) throw in.corrupt(e, "classes must not be empty");
    int k = o.path("experts").asInt(0);
    if (k < 1 || k > MixtureOfExpertsLearner.MAX_EXPERTS) throw in.corrupt(e, "experts must be 1.." + MixtureOfExpertsLearner.MAX_EXPERTS);
    int topK = o.path("top_k").asInt(-1);
    if (topK < 0 || topK > k) throw in.corrupt(e, "top_k must be 0.." + k);
    int[] gateCols = columns(in, e, o.get("gate_columns"), schema.size());
    int[] expertCols = columns(in, e, o.get("expert_columns"), schema.size());
    FittedPreprocessing pre = FittedPreprocessing.fromJson(in.json("gate_preprocessing.json"), in.path("gate_preprocessing.json"));
    if (!pre.schema().equals(Columns.schema(schema, gateCols))) throw in.corrupt("gate_preprocessing.json", "schema differs from the gate columns");
    Dense gate = NetExpert.readShape(in, e, o.path("gate"));
    if (gate.inputs() != pre.width() || gate.outputs() != k) throw in.corrupt(e, "gate network must map " + pre.width() + " inputs to " + k + " experts");
    double[] theta = NetExpert.readWeights(in, "gate_weights.bin", gate);
    Schema expertSchema = Columns.schema(schema, expertCols);
    List<Model> experts = new ArrayList<>();
    for (int j = 0; j < k; j++) {
      Model m = in.model("experts/" + j);
      if (!m.schema().equals(expertSchema)) throw in.corrupt("experts/" + j, "expert schema differs from the expert columns");
      if (m.task() != task) throw in.corrupt("experts/" + j, "expert task differs from the mixture's");
      if (m instanceof Classifier c && !c.classes().equals(classes)) throw in.corrupt("experts/" + j, "expert classes differ from the mixture's");
      experts.add(m);
    }
    double[] variances = null;
    if (task == Task.REGRESSION) {
      variances = Json.doubles(o.get("variances"), in.path(e));
      if (variances.length != k) throw in.corrupt(e, "one variance per expert is required");
      for (double v : variances) if (!(v >= 0) || Double.isInfinite(v)) throw in.corrupt(e, "variances must be finite and >= 0");
    }
    JsonNode info = o.path("info");
    return new MoeCore(schema, task, classes, gateCols, expertCols, pre, gate, theta, experts, topK, variances,
        info.isObject() ? (ObjectNode) info : Json.object());
  }

  private static int[] columns(ModelReader in, String e, JsonNode a, int width) {
    if (a == null || !a.isArray() || a.isEmpty()) throw in.corrupt(e, "column lists must be non-empty arrays");
    int[] c = new int[a.size()];
    boolean[] seen = new boolean[width];
    for (int i = 0; i < c.length; i++) {
      JsonNode v = a.get(i);
      if (!v.isIntegralNumber() || v.asInt() < 0 || v.asInt() >= width || seen[v.asInt()]) {
        throw in.corrupt(e, "column indices must be distinct integers in 0.." + (width - 1) + ", got " + v);
      }
      c[i] = v.asInt();
      seen[c[i]] = true;
    }
    return c;
  }
}
