package org.stackwise.learners.svm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.SolverType;
import java.io.IOException;
import java.io.StringWriter;
import org.stackwise.Regressor;
import org.stackwise.data.FittedPreprocessing;
import org.stackwise.data.Schema;
import org.stackwise.internal.linalg.Matrices;
import org.stackwise.io.Json;
import org.stackwise.io.ModelReader;
import org.stackwise.io.ModelWriter;

/**
 * A fitted {@link LinearSvmLearner} regressor (liblinear L2-loss SVR on the standardised target).
 * Immutable and thread-safe. Saved as {@code preprocessing.json}, {@code model.json}
 * ({@code y_mean}, {@code y_sd}: the target scaling) and {@code liblinear.txt}.
 */
public final class LinearSvmRegressor implements Regressor {
  /** The model kind in model files. */
  public static final String KIND = "linear_svr";

  private final FittedPreprocessing pre;
  private final Model model;
  private final double yMean;
  private final double ySd;

  LinearSvmRegressor(FittedPreprocessing pre, Model model, double yMean, double ySd) {
    this.pre = pre;
    this.model = model;
    this.yMean = yMean;
    this.ySd = ySd;
  }

  @Override public Schema schema() { return pre.schema(); }
  @Override public String kind() { return KIND; }

  @Override public double predict(double[] row) {
    double[] f = pre.transform(row);
    double[] dec = new double[1];
    Linear.predictValues(model, LinearSvmClassifier.features(f, 0, f.length, model.getBias()), dec);
    return yMean + ySd * dec[0];
  }

  @Override public void write(ModelWriter out) throws IOException {
    out.json("preprocessing.json", pre.toJson());
    ObjectNode m = Json.object();
    m.put("y_mean", yMean);
    m.put("y_sd", ySd);
    out.json("model.json", m);
    StringWriter w = new StringWriter();
    model.save(w);
    out.text("liblinear.txt", w.toString());
  }

  /** Reads a model written by {@link #write}. */
  public static LinearSvmRegressor load(ModelReader in) throws IOException {
    FittedPreprocessing pre = FittedPreprocessing.fromJson(in.json("preprocessing.json"), in.path("preprocessing.json"));
    JsonNode m = in.json("model.json");
    double mean = Matrices.number(m, "y_mean", in, "model.json");
    double sd = Matrices.number(m, "y_sd", in, "model.json");
    if (!(sd > 0)) throw in.corrupt("model.json", "'y_sd' must be > 0");
    Model model = SvmFiles.liblinear(in, pre.width(), SolverType.L2R_L2LOSS_SVR, null);
    return new LinearSvmRegressor(pre, model, mean, sd);
  }
}
