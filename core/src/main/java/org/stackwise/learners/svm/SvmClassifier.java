package org.stackwise.learners.svm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import libsvm.svm;
import libsvm.svm_model;
import libsvm.svm_node;
import libsvm.svm_parameter;
import org.stackwise.Classifier;
import org.stackwise.DecisionFunction;
import org.stackwise.data.FittedPreprocessing;
import org.stackwise.data.Schema;
import org.stackwise.io.Json;
import org.stackwise.io.ModelReader;
import org.stackwise.io.ModelWriter;

/**
 * A fitted {@link SvmLearner} classifier (libsvm C-SVC). Immutable and thread-safe: libsvm's
 * prediction functions only read the model and allocate their own work arrays.
 *
 * <p>Saved as {@code preprocessing.json}, {@code model.json} ({@code classes}, {@code present},
 * {@code probability}) and {@code libsvm.txt}, libsvm's own text model (labels are our class indices).
 */
public final class SvmClassifier implements Classifier, DecisionFunction {
  /** The model kind in model files. */
  public static final String KIND = "svm";

  private final FittedPreprocessing pre;
  private final List<String> classes;
  private final int[] present;
  private final svm_model model; // null when fewer than two classes had rows
  private final boolean probability;
  private final int[] labelPosition;

  SvmClassifier(FittedPreprocessing pre, List<String> classes, int[] present, svm_model model, boolean probability) {
    this.pre = pre;
    this.classes = List.copyOf(classes);
    this.present = present.clone();
    this.model = model;
    this.probability = probability;
    if (model != null) {
      labelPosition = new int[model.nr_class];
      for (int i = 0; i < model.nr_class; i++) labelPosition[i] = Arrays.binarySearch(this.present, model.label[i]);
    } else {
      labelPosition = new int[0];
    }
  }

  /** libsvm's sparse row: the non-zero features with 1-based indices. */
  static svm_node[] nodes(double[] x, int off, int d) {
    int nz = 0;
    for (int j = 0; j < d; j++) if (x[off + j] != 0) nz++;
    svm_node[] out = new svm_node[nz];
    int t = 0;
    for (int j = 0; j < d; j++) {
      if (x[off + j] != 0) {
        svm_node node = new svm_node();
        node.index = j + 1;
        node.value = x[off + j];
        out[t++] = node;
      }
    }
    return out;
  }

  @Override public Schema schema() { return pre.schema(); }
  @Override public String kind() { return KIND; }
  @Override public List<String> classes() { return classes; }

  @Override public double[] predictProba(double[] row) {
    int k = classes.size();
    double[] p = new double[k];
    if (model == null) {
      if (present.length == 1) p[present[0]] = 1.0;
      else Arrays.fill(p, 1.0 / k);
      return p;
    }
    svm_node[] x = nodes(pre.transform(row), 0, pre.width());
    int m = model.nr_class;
    if (probability) {
      double[] est = new double[m];
      svm.svm_predict_probability(model, x, est);
      for (int i = 0; i < m; i++) p[present[labelPosition[i]]] = est[i];
      return p;
    }
    // fractions of one-vs-one votes
    double[] dec = new double[m * (m - 1) / 2];
    svm.svm_predict_values(model, x, dec);
    int t = 0;
    for (int i = 0; i < m; i++) {
      for (int j = i + 1; j < m; j++, t++) {
        p[present[labelPosition[dec[t] > 0 ? i : j]]] += 1.0;
      }
    }
    for (int c = 0; c < k; c++) p[c] /= dec.length;
    return p;
  }

  /**
   * For two classes, libsvm's decision value oriented so that positive favours the second class.
   * For more, one value per class built from the one-vs-one values as scikit-learn's
   * {@code decision_function_shape="ovr"} does: the number of votes plus the summed pairwise
   * confidences squashed into (−⅓, ⅓) so they only break ties. Classes without training rows get
   * {@value PresentClasses#ABSENT_DECISION}.
   */
  @Override public double[] decision(double[] row) {
    int k = classes.size();
    if (model == null) {
      if (k == 2) return new double[] {present.length == 1 && present[0] == 1 ? 1.0 : -1.0};
      double[] out = new double[k];
      Arrays.fill(out, PresentClasses.ABSENT_DECISION);
      if (present.length == 1) out[present[0]] = 1.0;
      return out;
    }
    svm_node[] x = nodes(pre.transform(row), 0, pre.width());
    int m = model.nr_class;
    double[] dec = new double[m * (m - 1) / 2];
    svm.svm_predict_values(model, x, dec);
    if (k == 2) return new double[] {present[labelPosition[0]] == 1 ? dec[0] : -dec[0]};
    double[] votes = new double[m];
    double[] conf = new double[m];
    int t = 0;
    for (int i = 0; i < m; i++) {
      for (int j = i + 1; j < m; j++, t++) {
        votes[dec[t] > 0 ? i : j] += 1;
        conf[i] += dec[t];
        conf[j] -= dec[t];
      }
    }
    double[] out = new double[k];
    Arrays.fill(out, PresentClasses.ABSENT_DECISION);
    for (int i = 0; i < m; i++) {
      out[present[labelPosition[i]]] = votes[i] + conf[i] / (3 * (Math.abs(conf[i]) + 1));
    }
    return out;
  }

  @Override public void write(ModelWriter out) throws IOException {
    out.json("preprocessing.json", pre.toJson());
    ObjectNode m = Json.object();
    m.set("classes", Json.stringsToJson(classes));
    ArrayNode pr = m.putArray("present");
    for (int c : present) pr.add(c);
    m.put("probability", probability);
    out.json("model.json", m);
    if (model != null) out.text("libsvm.txt", SvmFiles.libsvmText(model));
  }

  /** Reads a model written by {@link #write}. */
  public static SvmClassifier load(ModelReader in) throws IOException {
    FittedPreprocessing pre = FittedPreprocessing.fromJson(in.json("preprocessing.json"), in.path("preprocessing.json"));
    JsonNode m = in.json("model.json");
    List<String> classes = Json.strings(m.get("classes"), in.path("model.json") + " classes");
    int[] present = SvmFiles.present(m, classes.size(), in);
    boolean probability = m.path("probability").asBoolean();
    if (present.length < 2) return new SvmClassifier(pre, classes, present, null, probability);
    svm_model model = SvmFiles.libsvm(in, pre.width(), svm_parameter.C_SVC, present, probability);
    return new SvmClassifier(pre, classes, present, model, probability);
  }
}
