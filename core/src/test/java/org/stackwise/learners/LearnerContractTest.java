package org.stackwise.learners;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.stackwise.Classifier;
import org.stackwise.FitContext;
import org.stackwise.Learner;
import org.stackwise.Regressor;
import org.stackwise.Task;
import org.stackwise.data.Dataset;
import org.stackwise.io.Json;
import org.stackwise.testing.RoundTrip;
import org.stackwise.testing.SyntheticData;

/**
 * The contract every catalogue learner passes: fit leaves the spec unchanged; the same seed gives
 * identical predictions; probabilities are finite and sum to 1; save → load gives identical
 * predictions; predicting from 8 threads at once agrees with one thread.
 */
class LearnerContractTest {
  private static final Dataset BINARY = SyntheticData.blobs(240, 4, 2, 11);
  private static final Dataset MULTI = SyntheticData.blobs(300, 5, 3, 12);
  private static final Dataset REG = SyntheticData.linear(240, 4, 0.3, 13);

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (String id : Catalogue.entries().keySet()) {
      out.add(Arguments.of(id, "binary"));
      out.add(Arguments.of(id, "multiclass"));
      out.add(Arguments.of(id, "regression"));
    }
    return out.stream();
  }

  private static Dataset data(String kind) {
    return switch (kind) {
      case "binary" -> BINARY;
      case "multiclass" -> MULTI;
      default -> REG;
    };
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void honoursTheLearnerContract(String id, String kind) throws Exception {
    Learner learner = Catalogue.defaults(id);
    Dataset data = data(kind);
    Assumptions.assumeTrue(learner.supports(data.task()), id + " does not support " + data.task());
    String specBefore = Json.MAPPER.writeValueAsString(Catalogue.toSpec(learner));

    var m1 = learner.fit(data, FitContext.seeded(7).withThreads(2));
    var m2 = learner.fit(data, FitContext.seeded(7).withThreads(1));
    assertEquals(specBefore, Json.MAPPER.writeValueAsString(Catalogue.toSpec(learner)), "fit changed the spec");
    assertEquals(data.schema(), m1.schema());

    double[][] p1 = predictAll(m1, data);
    assertArrayEquals(p1, predictAll(m2, data), "same seed must give identical predictions at 1 and 2 threads");
    assertArrayEquals(p1, predictAll(RoundTrip.of(m1), data), "save → load must give identical predictions");

    if (data.task() == Task.CLASSIFICATION) {
      int k = data.classes().numClasses();
      for (double[] p : p1) {
        assertEquals(k, p.length);
        double sum = 0;
        for (double v : p) {
          assertTrue(Double.isFinite(v) && v >= 0, "probability must be finite and >= 0: " + v);
          sum += v;
        }
        assertEquals(1.0, sum, 1e-9);
      }
      // on these well-separated blobs any real learner beats chance comfortably
      assertTrue(accuracy(p1, data) > 1.0 / k + 0.2, id + " accuracy too low: " + accuracy(p1, data));
    } else {
      for (double[] p : p1) assertTrue(Double.isFinite(p[0]));
    }

    // concurrent prediction agrees with single-threaded prediction, row by row
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<double[][]>> fs = new ArrayList<>();
      for (int t = 0; t < 8; t++) fs.add(pool.submit(() -> predictRowByRow(m1, data)));
      for (Future<double[][]> f : fs) assertArrayEquals(p1, f.get());
    } finally {
      pool.shutdownNow();
    }
  }

  private static double accuracy(double[][] p, Dataset data) {
    int ok = 0;
    for (int i = 0; i < p.length; i++) if (Classifier.argMax(p[i]) == data.classes().get(i)) ok++;
    return ok / (double) p.length;
  }

  private static double[][] predictAll(org.stackwise.Model m, Dataset data) {
    if (m instanceof Classifier c) return c.predictProba(data);
    double[] y = ((Regressor) m).predict(data);
    double[][] out = new double[y.length][];
    for (int i = 0; i < y.length; i++) out[i] = new double[] {y[i]};
    return out;
  }

  private static double[][] predictRowByRow(org.stackwise.Model m, Dataset data) {
    double[][] out = new double[data.rows()][];
    for (int i = 0; i < data.rows(); i++) {
      out[i] = m instanceof Classifier c ? c.predictProba(data.row(i))
          : new double[] {((Regressor) m).predict(data.row(i))};
    }
    return out;
  }
}
