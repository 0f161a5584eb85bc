package org.stackwise.learners.svm;

import com.fasterxml.jackson.databind.JsonNode;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.SolverType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import libsvm.svm;
import libsvm.svm_model;
import libsvm.svm_node;
import org.stackwise.io.ModelReader;

/**
 * Reading and writing the libraries' own text model formats, with the checks that keep a damaged or
 * hostile file from producing a model that fails later: shapes, labels and feature indices are
 * verified against the model's own JSON and preprocessing.
 */
final class SvmFiles {
  private SvmFiles() { }

  static int[] present(JsonNode m, int k, ModelReader in) {
    JsonNode node = m.get("present");
    if (node == null || !node.isArray() || node.size() > k) {
      throw in.corrupt("model.json", "'present' must be an array of at most " + k + " class indices");
    }
    int[] p = new int[node.size()];
    for (int i = 0; i < p.length; i++) {
      JsonNode e = node.get(i);
      if (!e.isIntegralNumber() || e.asInt() < 0 || e.asInt() >= k || (i > 0 && e.asInt() <= p[i - 1])) {
        throw in.corrupt("model.json", "'present' must be increasing class indices in [0, " + k + ")");
      }
      p[i] = e.asInt();
    }
    return p;
  }

  /** Parses and checks {@code liblinear.txt}. */
  static Model liblinear(ModelReader in, int d, SolverType solver, int[] present) throws IOException {
    String text = in.text("liblinear.txt");
    Model model;
    try {
      model = Model.load(new StringReader(text));
    } catch (IOException | RuntimeException e) {
      throw in.corrupt("liblinear.txt", "not a readable liblinear model: " + e.getMessage());
    }
    if (model.getSolverType() != solver) {
      throw in.corrupt("liblinear.txt", "solver must be " + solver + ", got " + model.getSolverType());
    }
    if (model.getNrFeature() != d) {
      throw in.corrupt("liblinear.txt", "nr_feature must be " + d + " (the preprocessing width), got " + model.getNrFeature());
    }
    if (model.getBias() != 1.0) throw in.corrupt("liblinear.txt", "bias must be 1, got " + model.getBias());
    int nrW = 1;
    if (present != null) {
      int[] labels = model.getLabels();
      if (model.getNrClass() != present.length || labels == null || labels.length != present.length) {
        throw in.corrupt("liblinear.txt", "nr_class must be " + present.length);
      }
      int[] sorted = labels.clone();
      Arrays.sort(sorted);
      if (!Arrays.equals(sorted, present)) {
        throw in.corrupt("liblinear.txt", "labels " + Arrays.toString(labels) + " do not match the present classes "
            + Arrays.toString(present));
      }
      nrW = present.length == 2 ? 1 : present.length;
    }
    double[] w = model.getFeatureWeights();
    if (w == null || w.length != (d + 1) * nrW) {
      throw in.corrupt("liblinear.txt", "expected " + (d + 1) * nrW + " weights");
    }
    for (double v : w) if (!Double.isFinite(v)) throw in.corrupt("liblinear.txt", "weights must be finite");
    return model;
  }

  /** libsvm writes models only to a named file: write to a temporary file and read it back. */
  static String libsvmText(svm_model model) throws IOException {
    Path tmp = Files.createTempFile("stackwise-libsvm", ".txt");
    try {
      svm.svm_save_model(tmp.toString(), model);
      return Files.readString(tmp, StandardCharsets.ISO_8859_1);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Parses and checks {@code libsvm.txt}. */
  static svm_model libsvm(ModelReader in, int d, int svmType, int[] present, boolean probability) throws IOException {
    String text = in.text("libsvm.txt");
    svm_model model;
    try {
      model = svm.svm_load_model(new BufferedReader(new StringReader(text)));
    } catch (IOException | RuntimeException e) {
      throw in.corrupt("libsvm.txt", "not a readable libsvm model: " + e);
    }
    if (model == null || model.param == null) throw in.corrupt("libsvm.txt", "not a readable libsvm model");
    if (model.param.svm_type != svmType) {
      throw in.corrupt("libsvm.txt", "svm_type must be " + svmType + ", got " + model.param.svm_type);
    }
    if (!(model.param.gamma >= 0) || !Double.isFinite(model.param.gamma)) {
      throw in.corrupt("libsvm.txt", "gamma must be a finite number >= 0");
    }
    int nrClass = present == null ? 2 : present.length;
    if (model.nr_class != nrClass || model.rho == null || model.rho.length != nrClass * (nrClass - 1) / 2) {
      throw in.corrupt("libsvm.txt", "nr_class must be " + nrClass + " with " + nrClass * (nrClass - 1) / 2 + " rho values");
    }
    if (present != null) {
      if (model.label == null || model.nSV == null || model.label.length != nrClass || model.nSV.length != nrClass) {
        throw in.corrupt("libsvm.txt", "label and nr_sv must have " + nrClass + " entries");
      }
      int[] sorted = model.label.clone();
      Arrays.sort(sorted);
      if (!Arrays.equals(sorted, present)) {
        throw in.corrupt("libsvm.txt", "labels " + Arrays.toString(model.label) + " do not match the present classes "
            + Arrays.toString(present));
      }
      int total = 0;
      for (int v : model.nSV) {
        if (v < 0) throw in.corrupt("libsvm.txt", "nr_sv must be >= 0");
        total += v;
      }
      if (total != model.l) throw in.corrupt("libsvm.txt", "nr_sv must add up to total_sv " + model.l);
      if (probability && (model.probA == null || model.probB == null
          || model.probA.length != model.rho.length || model.probB.length != model.rho.length)) {
        throw in.corrupt("libsvm.txt", "probA and probB are required for a probability model");
      }
    }
    if (model.SV == null || model.SV.length != model.l || model.sv_coef == null || model.sv_coef.length != nrClass - 1) {
      throw in.corrupt("libsvm.txt", "support vectors and coefficients do not match total_sv " + model.l);
    }
    for (double[] coef : model.sv_coef) {
      if (coef == null || coef.length != model.l) throw in.corrupt("libsvm.txt", "sv_coef must have total_sv columns");
    }
    for (svm_node[] sv : model.SV) {
      int last = 0;
      for (svm_node node : sv) {
        if (node.index <= last || node.index > d || !Double.isFinite(node.value)) {
          throw in.corrupt("libsvm.txt", "support vector features must be increasing indices in 1.." + d + " with finite values");
        }
        last = node.index;
      }
    }
    return model;
  }
}
