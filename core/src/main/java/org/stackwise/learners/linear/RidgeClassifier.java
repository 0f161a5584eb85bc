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
 * A fitted {@link RidgeLearner} for a class target (scikit-learn's {@code RidgeClassifier}):
 * one-vs-rest least-squares decision values; probabilities are their softmax (uncalibrated, see
 * {@link RidgeLearner}). Immutable and thread-safe. Saved as {@code preprocessing.json} and
 * {@code model.json} ({@code classes}, {@code coefficients}, {@code alpha}).
 */
public final class RidgeClassifier implements Classifier, DecisionFunction, org.stackwise.FeatureImportance {
  /** The model kind in model files. */
  public static final String KIND = "ridge_classifier";

  private final FittedPreprocessing pre;
  private final List<String> classes;
  private final double[][] coef;
  private final double alpha;

  RidgeClassifier(FittedPreprocessing pre, List<String> classes, double[][] coef, double alpha) {
    this.pre = pre;
    this.classes = List.copyOf(classes);
    this.coef = new double[coef.length][];
    for (int q = 0; q < coef.length; q++) this.coef[q] = coef[q].clone();
    this.alpha = alpha;
  }

  @Override public Schema schema() { return pre.schema(); }
  @Override public String kind() { return KIND; }
  @Override public List<String> classes() { return classes; }

  /** |weight| per raw column (summed over its one-hot features), per score row. */
  @Override public double[][] featureImportance() {
    return pre.rawImportance(coef);
  }

  /** Per-class decision values; one value (positive favours the second class) for two classes. */
  @Override public double[] decision(double[] row) {
    if (coef.length == 0) return new double[] {0.0};
    double[] f = pre.transform(row);
    double[] z = new double[coef.length];
    for (int q = 0; q < coef.length; q++) z[q] = SoftmaxRegression.score(coef[q], f);
    return z;
  }

  @Override public double[] predictProba(double[] row) {
    int k = classes.size();
    if (k == 1) return new double[] {1.0};
    double[] z = decision(row);
    if (k == 2) return new double[] {SoftmaxRegression.sigmoid(-2 * z[0]), SoftmaxRegression.sigmoid(2 * z[0])};
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) max = Math.max(max, v);
    double sum = 0;
    for (int q = 0; q < k; q++) {
      z[q] = Math.exp(z[q] - max);
      sum += z[q];
    }
    for (int q = 0; q < k; q++) z[q] /= sum;
    return z;
  }

  /** The penalty used (the selected one when the learner had {@code alphas}). */
  public double alpha() { return alpha; }

  /** Weights per decision row and transformed feature. */
  public double[][] coefficients() {
    double[][] out = new double[coef.length][];
    for (int q = 0; q < coef.length; q++) out[q] = java.util.Arrays.copyOf(coef[q], pre.width());
    return out;
  }

  @Override public void write(ModelWriter out) throws IOException {
    out.json("preprocessing.json", pre.toJson());
    ObjectNode m = Json.object();
    m.set("classes", Json.stringsToJson(classes));
    m.set("coefficients", Matrices.toJson(coef));
    m.put("alpha", alpha);
    out.json("model.json", m);
  }

  /** Reads a model written by {@link #write}. */
  public static RidgeClassifier load(ModelReader in) throws IOException {
    FittedPreprocessing pre = FittedPreprocessing.fromJson(in.json("preprocessing.json"), in.path("preprocessing.json"));
    JsonNode m = in.json("model.json");
    List<String> classes = Json.strings(m.get("classes"), in.path("model.json") + " classes");
    if (classes.isEmpty()) throw in.corrupt("model.json", "'classes' must not be empty");
    int k = classes.size();
    int rows = k == 1 ? 0 : (k == 2 ? 1 : k);
    double[][] coef = Matrices.matrix(m.get("coefficients"), rows, pre.width() + 1, in, "model.json", "coefficients");
    return new RidgeClassifier(pre, classes, coef, Matrices.number(m, "alpha", in, "model.json"));
  }
}
