package org.stackwise.learners.svm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.bwaldvogel.liblinear.Linear;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import libsvm.svm;
import libsvm.svm_model;
import org.junit.jupiter.api.Test;
import org.stackwise.BadInputException;
import org.stackwise.Classifier;
import org.stackwise.FitContext;
import org.stackwise.Model;
import org.stackwise.Regressor;
import org.stackwise.data.Dataset;
import org.stackwise.data.Target;
import org.stackwise.io.MemoryModelStore;
import org.stackwise.testing.RoundTrip;
import org.stackwise.testing.SyntheticData;

class SvmLearnersTest {
  private static final Dataset BINARY = SyntheticData.blobs(200, 3, 2, 21);
  private static final Dataset MULTI = SyntheticData.blobs(240, 4, 4, 22);
  private static final Dataset REG = SyntheticData.linear(200, 4, 0.2, 23);

  private static MemoryModelStore save(Model m) throws Exception {
    MemoryModelStore store = new MemoryModelStore("test.swm");
    store.writer().model("m", m);
    return store;
  }

  private static String entry(MemoryModelStore store, String name) {
    return new String(store.entries().get("m/" + name), StandardCharsets.UTF_8);
  }

  @Test
  void linearSvmIsSavedInLiblinearsOwnTextFormat() throws Exception {
    LinearSvmClassifier m = (LinearSvmClassifier) LinearSvmLearner.defaults().fit(MULTI, FitContext.seeded(1));
    MemoryModelStore store = save(m);
    String text = entry(store, "liblinear.txt");
    assertTrue(text.startsWith("solver_type L2R_L2LOSS_SVC_DUAL\nnr_class 4\n"), text.substring(0, 60));
    de.bwaldvogel.liblinear.Model native1 = Linear.loadModel(new StringReader(text));
    assertEquals(MULTI.columns() + 2, native1.getNrFeature()); // 4 numeric + 3 one-hot levels
    Classifier back = (Classifier) store.reader().model("m");
    for (int i = 0; i < 20; i++) assertArrayEquals(m.predictProba(MULTI.row(i)), back.predictProba(MULTI.row(i)));

    LinearSvmRegressor r = (LinearSvmRegressor) LinearSvmLearner.defaults().fit(REG, FitContext.seeded(1));
    assertTrue(entry(save(r), "liblinear.txt").startsWith("solver_type L2R_L2LOSS_SVR\n"));
    assertEquals(r.predict(REG.row(3)), RoundTrip.of(r).predict(REG.row(3)));
  }

  @Test
  void kernelSvmIsSavedInLibsvmsOwnTextFormat() throws Exception {
    SvmClassifier m = (SvmClassifier) SvmLearner.defaults().fit(MULTI, FitContext.seeded(1));
    MemoryModelStore store = save(m);
    String text = entry(store, "libsvm.txt");
    assertTrue(text.startsWith("svm_type c_svc\nkernel_type rbf\ngamma "), text.substring(0, 60));
    assertTrue(text.contains("\nprobA "));
    svm_model native1 = svm.svm_load_model(new BufferedReader(new StringReader(text)));
    assertEquals(4, native1.nr_class);
    Classifier back = (Classifier) store.reader().model("m");
    for (int i = 0; i < 20; i++) assertArrayEquals(m.predictProba(MULTI.row(i)), back.predictProba(MULTI.row(i)));

    SvmRegressor r = (SvmRegressor) SvmLearner.defaults().fit(REG, FitContext.seeded(1));
    assertTrue(entry(save(r), "libsvm.txt").startsWith("svm_type epsilon_svr\n"));
    assertEquals(r.predict(REG.row(3)), RoundTrip.of(r).predict(REG.row(3)));
  }

  @Test
  void gammaScaleIsOneOverFeaturesTimesVariance() {
    assertEquals(1.0 / (8 * 0.5), SvmLearner.gammaValue("scale", 8, 0.5));
    assertEquals(1.0 / 8, SvmLearner.gammaValue("auto", 8, 0.5));
    assertEquals(0.25, SvmLearner.gammaValue("0.25", 8, 0.5));
    BadInputException e = assertThrows(BadInputException.class, () -> SvmLearner.defaults().withGamma("wide"));
    assertEquals("params.gamma: gamma must be \"scale\", \"auto\" or a number > 0, got wide", e.getMessage());
  }

  @Test
  void libsvmProbabilitiesAreReproducibleUnderTheGlobalLock() throws Exception {
    Dataset d = SyntheticData.blobs(150, 2, 3, 30); // overlapping enough for the CV to matter
    double[][] first = ((Classifier) SvmLearner.defaults().fit(d, FitContext.seeded(5))).predictProba(d);
    // fits from several threads at once still give the same probabilities for the same seed
    Thread[] threads = new Thread[3];
    double[][][] results = new double[3][][];
    for (int t = 0; t < 3; t++) {
      int slot = t;
      threads[t] = new Thread(() -> results[slot] =
          ((Classifier) SvmLearner.defaults().fit(d, FitContext.seeded(5))).predictProba(d));
      threads[t].start();
    }
    for (Thread t : threads) t.join();
    for (double[][] r : results) assertArrayEquals(first, r);
  }

  @Test
  void binaryDecisionValuesArePositiveForTheSecondClass() {
    LinearSvmClassifier lin = (LinearSvmClassifier) LinearSvmLearner.defaults().fit(BINARY, FitContext.seeded(1));
    SvmClassifier ker = (SvmClassifier) SvmLearner.defaults().withProbability(false).fit(BINARY, FitContext.seeded(1));
    int agree = 0;
    for (int i = 0; i < BINARY.rows(); i++) {
      double[] row = BINARY.row(i);
      assertEquals(1, lin.decision(row).length);
      // the calibration is monotone in the decision value, so both views predict the same class
      assertEquals(lin.decision(row)[0] > 0 ? 1 : 0, lin.predict(row), "row " + i);
      assertEquals(ker.decision(row)[0] > 0 ? 1 : 0, ker.predict(row), "row " + i);
      if (ker.predict(row) == BINARY.classes().get(i)) agree++;
    }
    assertTrue(agree > 0.9 * BINARY.rows());
  }

  @Test
  void classesWithoutRowsGetZeroProbability() {
    int[] y = MULTI.classes().indices();
    for (int i = 0; i < y.length; i++) if (y[i] == 2) y[i] = 0; // class 2 has no rows
    Dataset d = MULTI.withTarget(new Target.Classes("label", MULTI.classes().classes(), y));
    for (Classifier m : List.of((Classifier) LinearSvmLearner.defaults().fit(d, FitContext.seeded(1)),
        (Classifier) SvmLearner.defaults().fit(d, FitContext.seeded(1)))) {
      double[] p = m.predictProba(d.row(0));
      assertEquals(4, p.length);
      assertEquals(0.0, p[2]);
      assertEquals(1.0, Arrays.stream(p).sum(), 1e-9);
      assertEquals(PresentClasses.ABSENT_DECISION, ((org.stackwise.DecisionFunction) m).decision(d.row(0))[2]);
      assertArrayEquals(p, RoundTrip.of(m).predictProba(d.row(0)));
    }
    // a single class: constant model
    int[] one = new int[y.length];
    Dataset single = MULTI.withTarget(new Target.Classes("label", MULTI.classes().classes(), one));
    Classifier c = (Classifier) SvmLearner.defaults().fit(single, FitContext.seeded(1));
    assertArrayEquals(new double[] {1, 0, 0, 0}, c.predictProba(single.row(0)));
  }

  @Test
  void unequalRowWeightsAreRejectedAndEqualOnesAccepted() {
    double[] w = new double[BINARY.rows()];
    Arrays.fill(w, 2.0);
    LinearSvmLearner.defaults().fit(BINARY.withWeights(w), FitContext.seeded(1));
    w[3] = 0; // dropped
    SvmLearner.defaults().fit(BINARY.withWeights(w), FitContext.seeded(1));
    w[4] = 1;
    BadInputException e = assertThrows(BadInputException.class,
        () -> LinearSvmLearner.defaults().fit(BINARY.withWeights(w), FitContext.seeded(1)));
    assertTrue(e.getMessage().contains("does not support unequal row weights"), e.getMessage());
  }

  @Test
  void regressionFollowsTheLinearSignal() {
    for (Regressor r : List.of((Regressor) LinearSvmLearner.defaults().fit(REG, FitContext.seeded(1)),
        (Regressor) SvmLearner.defaults().fit(REG, FitContext.seeded(1)))) {
      double sse = 0;
      double sst = 0;
      double[] y = REG.numericTarget().values();
      double mean = Arrays.stream(y).average().orElseThrow();
      for (int i = 0; i < REG.rows(); i++) {
        double e = r.predict(REG.row(i)) - y[i];
        sse += e * e;
        sst += (y[i] - mean) * (y[i] - mean);
      }
      assertTrue(1 - sse / sst > 0.9, r.kind() + " R² " + (1 - sse / sst));
    }
  }

  @Test
  void corruptNativeModelsAreRejectedWithTheEntryName() throws Exception {
    MemoryModelStore store = save(LinearSvmLearner.defaults().fit(MULTI, FitContext.seeded(1)));
    var entries = new java.util.LinkedHashMap<>(store.entries());
    String text = entry(store, "liblinear.txt").replace("nr_feature 7", "nr_feature 9");
    MemoryModelStore bad = new MemoryModelStore("bad.swm");
    for (var e : entries.entrySet()) {
      byte[] v = e.getKey().equals("m/liblinear.txt") ? text.getBytes(StandardCharsets.UTF_8) : e.getValue();
      bad.writer().bytes(e.getKey(), v);
    }
    BadInputException ex = assertThrows(BadInputException.class, () -> bad.reader().model("m"));
    assertTrue(ex.getMessage().contains("m/liblinear.txt"), ex.getMessage());

    MemoryModelStore svmStore = save(SvmLearner.defaults().fit(MULTI, FitContext.seeded(1)));
    MemoryModelStore bad2 = new MemoryModelStore("bad2.swm");
    for (var e : svmStore.entries().entrySet()) {
      byte[] v = e.getKey().equals("m/libsvm.txt") ? "svm_type c_svc\nkernel_type rbf\nnr_class x\n".getBytes(StandardCharsets.UTF_8) : e.getValue();
      bad2.writer().bytes(e.getKey(), v);
    }
    ex = assertThrows(BadInputException.class, () -> bad2.reader().model("m"));
    assertTrue(ex.getMessage().contains("m/libsvm.txt"), ex.getMessage());
  }
}
