package org.stackwise.learners.bayes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import org.stackwise.Classifier;
import org.stackwise.data.Column;
import org.stackwise.data.Schema;
import org.stackwise.internal.linalg.Matrices;
import org.stackwise.io.Json;
import org.stackwise.io.ModelReader;
import org.stackwise.io.ModelWriter;

/**
 * A fitted {@link NaiveBayesLearner}. Immutable and thread-safe.
 *
 * <p>P(class | x) ∝ prior · Π numeric N(xⱼ; μ, σ²) · Π categorical P(level | class), evaluated in logs
 * and normalised with log-sum-exp. A variance of exactly 0 (all values equal and var_smoothing 0)
 * makes the density a point mass; if every class then has probability 0 the priors are returned.
 *
 * <p>Saved as {@code model.json}: {@code schema}, {@code classes}, {@code log_prior} (null for classes
 * without rows), per class {@code mean} and {@code var} per column (0 for categorical columns) and
 * {@code log_prob}: per class and column the log-probabilities of the levels (empty for numeric columns).
 */
public final class NaiveBayesModel implements Classifier {
  /** The model kind in model files. */
  public static final String KIND = "naive_bayes";
  private static final double LOG_2PI = Math.log(2 * Math.PI);

  private final Schema schema;
  private final List<String> classes;
  private final double[] logPrior;
  private final double[][] mean;
  private final double[][] var;
  private final double[][][] logProb;

  NaiveBayesModel(Schema schema, List<String> classes, double[] logPrior, double[][] mean, double[][] var,
                  double[][][] logProb) {
    this.schema = schema;
    this.classes = List.copyOf(classes);
    this.logPrior = logPrior.clone();
    int k = classes.size();
    int p = schema.size();
    this.mean = new double[k][];
    this.var = new double[k][];
    this.logProb = new double[k][p][];
    for (int c = 0; c < k; c++) {
      this.mean[c] = mean[c].clone();
      this.var[c] = var[c].clone();
      for (int j = 0; j < p; j++) this.logProb[c][j] = logProb[c][j] == null ? new double[0] : logProb[c][j].clone();
    }
  }

  @Override public Schema schema() { return schema; }
  @Override public String kind() { return KIND; }
  @Override public List<String> classes() { return classes; }

  /** Per class joint log-likelihood log P(class) + log P(x | class); −∞ for classes without rows. */
  public double[] jointLogLikelihood(double[] row) {
    int k = classes.size();
    double[] jll = new double[k];
    for (int c = 0; c < k; c++) {
      double s = logPrior[c];
      if (s == Double.NEGATIVE_INFINITY) {
        jll[c] = s;
        continue;
      }
      for (int j = 0; j < schema.size(); j++) {
        double v = row[j];
        if (Double.isNaN(v)) continue;
        if (schema.column(j).isCategorical()) {
          double[] lp = logProb[c][j];
          if (v < 0 || v >= lp.length || v != Math.rint(v)) continue; // unseen level: marginalised
          s += lp[(int) v];
        } else {
          double d = v - mean[c][j];
          double s2 = var[c][j];
          s += s2 > 0 ? -0.5 * (LOG_2PI + Math.log(s2)) - 0.5 * d * d / s2
              : (d == 0 ? 0 : Double.NEGATIVE_INFINITY);
        }
      }
      jll[c] = s;
    }
    return jll;
  }

  @Override public double[] predictProba(double[] row) {
    double[] jll = jointLogLikelihood(row);
    double max = Double.NEGATIVE_INFINITY;
    for (double v : jll) if (v > max) max = v;
    int k = jll.length;
    double[] p = new double[k];
    if (max == Double.NEGATIVE_INFINITY || Double.isNaN(max)) { // no class can explain x: use the priors
      for (int c = 0; c < k; c++) p[c] = Math.exp(logPrior[c]);
    } else {
      for (int c = 0; c < k; c++) p[c] = Math.exp(jll[c] - max);
    }
    double sum = 0;
    for (double v : p) sum += v;
    for (int c = 0; c < k; c++) p[c] /= sum;
    return p;
  }

  @Override public void write(ModelWriter out) throws IOException {
    ObjectNode m = Json.object();
    m.set("schema", Json.schemaToJson(schema));
    m.set("classes", Json.stringsToJson(classes));
    ArrayNode lp = m.putArray("log_prior");
    for (double v : logPrior) {
      if (v == Double.NEGATIVE_INFINITY) lp.addNull();
      else lp.add(v);
    }
    m.set("mean", Matrices.toJson(mean));
    m.set("var", Matrices.toJson(var));
    ArrayNode probs = m.putArray("log_prob");
    for (double[][] perClass : logProb) probs.add(Matrices.toJson(perClass));
    out.json("model.json", m);
  }

  /** Reads a model written by {@link #write}. */
  public static NaiveBayesModel load(ModelReader in) throws IOException {
    JsonNode m = in.json("model.json");
    String e = "model.json";
    Schema schema = Json.schemaFromJson(m.get("schema"), in.path(e));
    List<String> classes = Json.strings(m.get("classes"), in.path(e) + " classes");
    int k = classes.size();
    int p = schema.size();
    if (k == 0) throw in.corrupt(e, "'classes' must not be empty");
    JsonNode lpNode = m.get("log_prior");
    if (lpNode == null || !lpNode.isArray() || lpNode.size() != k) throw in.corrupt(e, "'log_prior' must have " + k + " entries");
    double[] logPrior = new double[k];
    boolean any = false;
    for (int c = 0; c < k; c++) {
      JsonNode v = lpNode.get(c);
      if (v.isNull()) {
        logPrior[c] = Double.NEGATIVE_INFINITY;
      } else if (v.isNumber() && v.asDouble() <= 0 && Double.isFinite(v.asDouble())) {
        logPrior[c] = v.asDouble();
        any = true;
      } else {
        throw in.corrupt(e, "'log_prior' entries must be null or finite numbers <= 0");
      }
    }
    if (!any) throw in.corrupt(e, "at least one class must have a prior");
    double[][] mean = Matrices.matrix(m.get("mean"), k, p, in, e, "mean");
    double[][] var = Matrices.matrix(m.get("var"), k, p, in, e, "var");
    JsonNode probs = m.get("log_prob");
    if (probs == null || !probs.isArray() || probs.size() != k) throw in.corrupt(e, "'log_prob' must have " + k + " entries");
    double[][][] logProb = new double[k][p][];
    for (int c = 0; c < k; c++) {
      JsonNode perClass = probs.get(c);
      if (perClass == null || !perClass.isArray() || perClass.size() != p) throw in.corrupt(e, "'log_prob' rows must have " + p + " columns");
      for (int j = 0; j < p; j++) {
        Column col = schema.column(j);
        if (!(var[c][j] >= 0)) throw in.corrupt(e, "variances must be >= 0");
        JsonNode levels = perClass.get(j);
        if (col.isCategorical()) {
          logProb[c][j] = new double[col.levels().size()];
          if (levels == null || !levels.isArray() || levels.size() != logProb[c][j].length) {
            throw in.corrupt(e, "'log_prob' of column '" + col.name() + "' must have one entry per level");
          }
          for (int l = 0; l < logProb[c][j].length; l++) {
            JsonNode v = levels.get(l);
            // log 0 = −∞ is written as null by Jackson's handling of non-finite numbers, or as a string
            logProb[c][j][l] = v.isNumber() && v.asDouble() <= 0 ? v.asDouble()
                : (v.isNull() || v.asText().equals("-Infinity")) ? Double.NEGATIVE_INFINITY : failLevel(in, e);
          }
        } else {
          logProb[c][j] = new double[0];
        }
      }
    }
    return new NaiveBayesModel(schema, classes, logPrior, mean, var, logProb);
  }

  private static double failLevel(ModelReader in, String e) {
    throw in.corrupt(e, "'log_prob' entries must be numbers <= 0");
  }
}
