package org.stackwise.learners.svm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.SolverType;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.stackwise.Classifier;
import org.stackwise.DecisionFunction;
import org.stackwise.data.FittedPreprocessing;
import org.stackwise.data.Schema;
import org.stackwise.internal.linalg.Matrices;
import org.stackwise.io.Json;
import org.stackwise.io.ModelReader;
import org.stackwise.io.ModelWriter;
import org.stackwise.learners.linear.SoftmaxRegression;

/**
 * A fitted {@link LinearSvmLearner} classifier: a liblinear model plus the logistic calibration of its
 * decision values. Immutable and thread-safe (liblinear's prediction only reads the model).
 *
 * <p>Saved as {@code preprocessing.json}, {@code model.json} ({@code classes}, {@code present}: the
 * classes liblinear saw, {@code calibration}: logistic coefficients over the decision values) and
 * {@code liblinear.txt}, liblinear's own text model (its labels are our class indices).
 */
public final class LinearSvmClassifier implements Classifier, DecisionFunction {
  /** The model kind in model files. */
  public static final String KIND = "linear_svm";

  private final FittedPreprocessing pre;
  private final List<String> classes;
  private final int[] present;
  private final Model model;          // null when fewer than two classes had rows
  private final double[][] calibration;
  private final int[] labelPosition;  // liblinear label order → position in present

  LinearSvmClassifier(FittedPreprocessing pre, List<String> classes, int[] present, Model model, double[][] calibration) {
    this.pre = pre;
    this.classes = List.copyOf(classes);
    this.present = present.clone();
    this.model = model;
    this.calibration = calibration == null ? null : deepCopy(calibration);
    if (model != null) {
      int[] labels = model.getLabels();
      labelPosition = new int[labels.length];
      for (int i = 0; i < labels.length; i++) labelPosition[i] = Arrays.binarySearch(this.present, labels[i]);
    } else {
      labelPosition = new int[0];
    }
  }

  /** liblinear's sparse row: the non-zero features (1-based indices) and the bias feature d + 1. */
  static Feature[] features(double[] x, int off, int d, double bias) {
    int nz = 0;
    for (int j = 0; j < d; j++) if (x[off + j] != 0) nz++;
    Feature[] f = new Feature[nz + 1];
    int t = 0;
    for (int j = 0; j < d; j++) if (x[off + j] != 0) f[t++] = new FeatureNode(j + 1, x[off + j]);
    f[t] = new FeatureNode(d + 1, bias);
    return f;
  }

  /** Decision values over the present classes (one value favouring present[1] when there are two). */
  double[] presentDecision(double[] x, int off) {
    int d = pre.width();
    double[] dec = new double[model.getNrClass() == 2 ? 1 : model.getNrClass()];
    Linear.predictValues(model, features(x, off, d, model.getBias()), dec);
    if (present.length == 2) {
      return new double[] {labelPosition[0] == 1 ? dec[0] : -dec[0]};
    }
    double[] out = new double[present.length];
    for (int i = 0; i < dec.length; i++) out[labelPosition[i]] = dec[i];
    return out;
  }

  @Override public Schema schema() { return pre.schema(); }
  @Override public String kind() { return KIND; }
  @Override public List<String> classes() { return classes; }

  /**
   * liblinear's decision values per class (one value, positive favouring the second class, for two
   * classes); classes without training rows get {@value PresentClasses#ABSENT_DECISION}.
   */
  @Override public double[] decision(double[] row) {
    int k = classes.size();
    if (present.length < 2) {
      if (k == 2) return new double[] {present.length == 1 && present[0] == 1 ? 1.0 : -1.0};
      double[] out = new double[k];
      Arrays.fill(out, PresentClasses.ABSENT_DECISION);
      if (present.length == 1) out[present[0]] = 1.0;
      return out;
    }
    double[] z = presentDecision(pre.transform(row), 0);
    if (k == 2) return z;
    double[] out = new double[k];
    Arrays.fill(out, PresentClasses.ABSENT_DECISION);
    if (present.length == 2) {
      out[present[1]] = z[0];
      out[present[0]] = -z[0];
    } else {
      for (int q = 0; q < present.length; q++) out[present[q]] = z[q];
    }
    return out;
  }

  @Override public double[] predictProba(double[] row) {
    double[] p = new double[classes.size()];
    if (present.length < 2) {
      if (present.length == 1) p[present[0]] = 1.0;
      else Arrays.fill(p, 1.0 / p.length);
      return p;
    }
    double[] z = presentDecision(pre.transform(row), 0);
    double[] pm = new double[present.length];
    SoftmaxRegression.probabilities(calibration, present.length, z, pm);
    for (int q = 0; q < present.length; q++) p[present[q]] = pm[q];
    return p;
  }

  @Override public void write(ModelWriter out) throws IOException {
    out.json("preprocessing.json", pre.toJson());
    ObjectNode m = Json.object();
    m.set("classes", Json.stringsToJson(classes));
    ArrayNode pr = m.putArray("present");
    for (int c : present) pr.add(c);
    if (calibration != null) m.set("calibration", Matrices.toJson(calibration));
    out.json("model.json", m);
    if (model != null) {
      StringWriter w = new StringWriter();
      model.save(w);
      out.text("liblinear.txt", w.toString());
    }
  }

  /** Reads a model written by {@link #write}. */
  public static LinearSvmClassifier load(ModelReader in) throws IOException {
    FittedPreprocessing pre = FittedPreprocessing.fromJson(in.json("preprocessing.json"), in.path("preprocessing.json"));
    JsonNode m = in.json("model.json");
    List<String> classes = Json.strings(m.get("classes"), in.path("model.json") + " classes");
    int[] present = SvmFiles.present(m, classes.size(), in);
    if (present.length < 2) return new LinearSvmClassifier(pre, classes, present, null, null);
    int rows = present.length == 2 ? 1 : present.length;
    int width = present.length == 2 ? 1 : present.length;
    double[][] cal = Matrices.matrix(m.get("calibration"), rows, width + 1, in, "model.json", "calibration");
    Model model = SvmFiles.liblinear(in, pre.width(), SolverType.L2R_L2LOSS_SVC_DUAL, present);
    return new LinearSvmClassifier(pre, classes, present, model, cal);
  }

  private static double[][] deepCopy(double[][] a) {
    double[][] out = new double[a.length][];
    for (int i = 0; i < a.length; i++) out[i] = a[i].clone();
    return out;
  }
}
