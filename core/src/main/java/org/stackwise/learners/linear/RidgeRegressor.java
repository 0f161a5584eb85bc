package org.stackwise.learners.linear;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import org.stackwise.Regressor;
import org.stackwise.data.FittedPreprocessing;
import org.stackwise.data.Schema;
import org.stackwise.internal.linalg.Matrices;
import org.stackwise.io.Json;
import org.stackwise.io.ModelReader;
import org.stackwise.io.ModelWriter;

/**
 * A fitted {@link RidgeLearner} for a numeric target: {@code y = βᵀf(x) + b} on the learner's
 * transformed features. Immutable and thread-safe. Saved as {@code preprocessing.json} and
 * {@code model.json} ({@code coefficients}: weights then intercept; {@code alpha}: the penalty used).
 */
public final class RidgeRegressor implements Regressor, org.stackwise.FeatureImportance {
  /** The model kind in model files. */
  public static final String KIND = "ridge";

  private final FittedPreprocessing pre;
  private final double[] coef;
  private final double alpha;

  RidgeRegressor(FittedPreprocessing pre, double[] coef, double alpha) {
    this.pre = pre;
    this.coef = coef.clone();
    this.alpha = alpha;
  }

  @Override public Schema schema() { return pre.schema(); }
  @Override public String kind() { return KIND; }

  @Override public double predict(double[] row) {
    return SoftmaxRegression.score(coef, pre.transform(row));
  }

  /** Weights per transformed feature (see {@link #featureNames()}). */
  public double[] coefficients() { return java.util.Arrays.copyOf(coef, pre.width()); }

  /** |weight| per raw column (summed over its one-hot features). */
  @Override public double[][] featureImportance() {
    return pre.rawImportance(new double[][] {coef});
  }

  public double intercept() { return coef[pre.width()]; }

  /** The penalty used (the selected one when the learner had {@code alphas}). */
  public double alpha() { return alpha; }

  public List<String> featureNames() { return pre.outputNames(); }

  @Override public void write(ModelWriter out) throws IOException {
    out.json("preprocessing.json", pre.toJson());
    ObjectNode m = Json.object();
    m.set("coefficients", Json.doublesToJson(coef));
    m.put("alpha", alpha);
    out.json("model.json", m);
  }

  /** Reads a model written by {@link #write}. */
  public static RidgeRegressor load(ModelReader in) throws IOException {
    FittedPreprocessing pre = FittedPreprocessing.fromJson(in.json("preprocessing.json"), in.path("preprocessing.json"));
    JsonNode m = in.json("model.json");
    double[] coef = Matrices.vector(m.get("coefficients"), pre.width() + 1, in, "model.json", "coefficients");
    return new RidgeRegressor(pre, coef, Matrices.number(m, "alpha", in, "model.json"));
  }
}
