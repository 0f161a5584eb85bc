package org.stackwise.learners.linear;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import org.stackwise.Classifier;
import org.stackwise.DecisionFunction;
import org.stackwise.data.FittedPreprocessing;
import org.stackwise.data.Schema;
import org.stackwise.internal.linalg.Matrices;
import org.stackwise.io.Json;
import org.stackwise.io.ModelReader;
import org.stackwise.io.ModelWriter;

/**
 * A fitted {@link LogisticLearner}: preprocessing plus one weight vector and intercept per class
 * (a single one, for the second class, when there are two classes). Immutable and thread-safe.
 *
 * <p>Saved as {@code preprocessing.json} and {@code model.json}
 * ({@code classes}, {@code coefficients}: rows of weights with the intercept last, {@code iterations},
 * {@code converged}).
 */
public final class LogisticModel implements Classifier, DecisionFunction, org.stackwise.FeatureImportance {
  /** The model kind in model files. */
  public static final String KIND = "logistic";

  private final FittedPreprocessing pre;
  private final List<String> classes;
  private final double[][] coef;
  private final int iterations;
  private final boolean converged;

  LogisticModel(FittedPreprocessing pre, List<String> classes, double[][] coef, int iterations, boolean converged) {
    this.pre = pre;
    this.classes = List.copyOf(classes);
    this.coef = new double[coef.length][];
    for (int q = 0; q < coef.length; q++) this.coef[q] = coef[q].clone();
    this.iterations = iterations;
    this.converged = converged;
  }

  @Override public Schema schema() { return pre.schema(); }
  @Override public String kind() { return KIND; }
  @Override public List<String> classes() { return classes; }

  @Override public double[] predictProba(double[] row) {
    double[] f = pre.transform(row);
    double[] p = new double[classes.size()];
    SoftmaxRegression.probabilities(coef, classes.size(), f, p);
    return p;
  }

  /** One linear score per class; for two classes the single logit of the second class. */
  @Override public double[] decision(double[] row) {
    if (coef.length == 0) return new double[] {0.0};
    double[] f = pre.transform(row);
    double[] z = new double[coef.length];
    for (int q = 0; q < coef.length; q++) z[q] = SoftmaxRegression.score(coef[q], f);
    return z;
  }

  /** Weights per score row and transformed (standardised, one-hot) feature; see {@link #featureNames()}. */
  public double[][] coefficients() {
    double[][] out = new double[coef.length][];
    for (int q = 0; q < coef.length; q++) out[q] = java.util.Arrays.copyOf(coef[q], pre.width());
    return out;
  }

  /** |weight| per raw column (summed over its one-hot features), per score row. */
  @Override public double[][] featureImportance() {
    return pre.rawImportance(coef);
  }

  /** Intercept per score row. */
  public double[] intercepts() {
    double[] b = new double[coef.length];
    for (int q = 0; q < coef.length; q++) b[q] = coef[q][pre.width()];
    return b;
  }

  /** Names of the transformed features the coefficients refer to. */
  public List<String> featureNames() { return pre.outputNames(); }

  /** L-BFGS iterations used. */
  public int iterations() { return iterations; }

  /** Whether L-BFGS met its tolerance before the iteration limit. */
  public boolean converged() { return converged; }

  @Override public void write(ModelWriter out) throws IOException {
    out.json("preprocessing.json", pre.toJson());
    ObjectNode m = Json.object();
    m.set("classes", Json.stringsToJson(classes));
    m.set("coefficients", Matrices.toJson(coef));
    m.put("iterations", iterations);
    m.put("converged", converged);
    out.json("model.json", m);
  }

  /** Reads a model written by {@link #write}. */
  public static LogisticModel load(ModelReader in) throws IOException {
    FittedPreprocessing pre = FittedPreprocessing.fromJson(in.json("preprocessing.json"), in.path("preprocessing.json"));
    JsonNode m = in.json("model.json");
    List<String> classes = Json.strings(m.get("classes"), in.path("model.json") + " classes");
    if (classes.isEmpty()) throw in.corrupt("model.json", "'classes' must not be empty");
    int k = classes.size();
    int rows = k == 1 ? 0 : (k == 2 ? 1 : k);
    double[][] coef = Matrices.matrix(m.get("coefficients"), rows, pre.width() + 1, in, "model.json", "coefficients");
    int iterations = Matrices.integer(m, "iterations", 0, Integer.MAX_VALUE, in, "model.json");
    return new LogisticModel(pre, classes, coef, iterations, m.path("converged").asBoolean());
  }
}
