package org.stackwise.learners.svm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import libsvm.svm;
import libsvm.svm_model;
import libsvm.svm_parameter;
import org.stackwise.Regressor;
import org.stackwise.data.FittedPreprocessing;
import org.stackwise.data.Schema;
import org.stackwise.internal.linalg.Matrices;
import org.stackwise.io.Json;
import org.stackwise.io.ModelReader;
import org.stackwise.io.ModelWriter;

/**
 * A fitted {@link SvmLearner} regressor (libsvm epsilon-SVR on the standardised target). Immutable and
 * thread-safe. Saved as {@code preprocessing.json}, {@code model.json} ({@code y_mean}, {@code y_sd})
 * and {@code libsvm.txt}.
 */
public final class SvmRegressor implements Regressor {
  /** The model kind in model files. */
  public static final String KIND = "svr";

  private final FittedPreprocessing pre;
  private final svm_model model;
  private final double yMean;
  private final double ySd;

  SvmRegressor(FittedPreprocessing pre, svm_model model, double yMean, double ySd) {
    this.pre = pre;
    this.model = model;
    this.yMean = yMean;
    this.ySd = ySd;
  }

  @Override public Schema schema() { return pre.schema(); }
  @Override public String kind() { return KIND; }

  @Override public double predict(double[] row) {
    double[] dec = new double[1];
    svm.svm_predict_values(model, SvmClassifier.nodes(pre.transform(row), 0, pre.width()), dec);
    return yMean + ySd * dec[0];
  }

  @Override public void write(ModelWriter out) throws IOException {
    out.json("preprocessing.json", pre.toJson());
    ObjectNode m = Json.object();
    m.put("y_mean", yMean);
    m.put("y_sd", ySd);
    out.json("model.json", m);
    out.text("libsvm.txt", SvmFiles.libsvmText(model));
  }

  /** Reads a model written by {@link #write}. */
  public static SvmRegressor load(ModelReader in) throws IOException {
    FittedPreprocessing pre = FittedPreprocessing.fromJson(in.json("preprocessing.json"), in.path("preprocessing.json"));
    JsonNode m = in.json("model.json");
    double mean = Matrices.number(m, "y_mean", in, "model.json");
    double sd = Matrices.number(m, "y_sd", in, "model.json");
    if (!(sd > 0)) throw in.corrupt("model.json", "'y_sd' must be > 0");
    return new SvmRegressor(pre, SvmFiles.libsvm(in, pre.width(), svm_parameter.EPSILON_SVR, null, false), mean, sd);
  }
}
