package org.stackwise.learners.neighbors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.stackwise.BadInputException;
import org.stackwise.Classifier;
import org.stackwise.FitContext;
import org.stackwise.data.Dataset;
import org.stackwise.data.Schema;
import org.stackwise.data.Target;
import org.stackwise.io.MemoryModelStore;
import org.stackwise.testing.RoundTrip;
import org.stackwise.testing.SyntheticData;

class KnnLearnerTest {
  private static final FitContext CTX = FitContext.seeded(1);

  private static Dataset random(int n, int p, int k, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] rows = new double[n][p];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < p; j++) rows[i][j] = r.nextDouble(-1, 1);
      y[i] = r.nextInt(k);
    }
    List<String> classes = IntStream.range(0, k).mapToObj(c -> "c" + c).toList();
    return Dataset.of(Schema.numeric("x", p), rows, new Target.Classes("y", classes, y));
  }

  @Test
  void oneNeighbourRecallsEveryTrainingRow() {
    Dataset d = random(3000, 7, 5, 1); // random labels: only memorisation gets them right
    Classifier m = KnnLearner.defaults().withK(1).fitClassifier(d, CTX);
    double[][] p = m.predictProba(d);
    for (int i = 0; i < d.rows(); i++) assertEquals(1.0, p[i][d.classes().get(i)], "row " + i);
  }

  @Test
  void neighboursMatchANaiveSearch() {
    Dataset train = random(500, 5, 3, 2);
    Dataset test = random(200, 5, 3, 3);
    int k = 7;
    KnnClassifier m = (KnnClassifier) KnnLearner.defaults().withK(k).fitClassifier(train, CTX);
    // the preprocessing standardises; redo it by hand for the naive search
    double[][] tr = train.toRowArrays();
    double[] mean = new double[5];
    double[] sd = new double[5];
    for (int j = 0; j < 5; j++) {
      for (double[] r : tr) mean[j] += r[j] / tr.length;
      for (double[] r : tr) sd[j] += (r[j] - mean[j]) * (r[j] - mean[j]) / tr.length;
      sd[j] = Math.sqrt(sd[j]);
    }
    double[][] p = m.predictProba(test);
    for (int i = 0; i < test.rows(); i++) {
      double[] q = test.row(i);
      Integer[] order = new Integer[tr.length];
      double[] dist = new double[tr.length];
      for (int t = 0; t < tr.length; t++) {
        order[t] = t;
        for (int j = 0; j < 5; j++) {
          double diff = (q[j] - tr[t][j]) / sd[j];
          dist[t] += diff * diff;
        }
      }
      Arrays.sort(order, Comparator.comparingDouble(t -> dist[t]));
      double[] expected = new double[3];
      for (int r = 0; r < k; r++) expected[train.classes().get(order[r])] += 1.0 / k;
      assertArrayEquals(expected, p[i], 1e-12, "query " + i);
    }
  }

  @Test
  void batchAndRowByRowAgreeBitForBit() {
    Dataset d = SyntheticData.blobs(1000, 6, 4, 4);
    Classifier m = KnnLearner.defaults().fitClassifier(d.slice(0, 700), CTX);
    Dataset test = d.slice(700, 1000);
    double[][] batch = m.predictProba(test);
    for (int i = 0; i < test.rows(); i++) assertArrayEquals(batch[i], m.predictProba(test.row(i)));
  }

  @Test
  void distanceWeightsAndExactMatches() {
    // 1-D points 0, 1, 3 with classes a, b, b; query 0.5 with k = 3:
    // uniform: a 1/3, b 2/3; distance: weights 1/0.5, 1/0.5, 1/2.5 (in standardised units the ratios are the same)
    Dataset d = Dataset.of(Schema.numeric("x", 1), new double[][] {{0}, {1}, {3}},
        new Target.Classes("y", List.of("a", "b"), new int[] {0, 1, 1}));
    Classifier uniform = KnnLearner.defaults().withK(3).fitClassifier(d, CTX);
    assertArrayEquals(new double[] {1.0 / 3, 2.0 / 3}, uniform.predictProba(new double[] {0.5}), 1e-15);
    Classifier dist = KnnLearner.defaults().withK(3).withWeights("distance").fitClassifier(d, CTX);
    double wa = 2;
    double wb = 2 + 1 / 2.5;
    assertArrayEquals(new double[] {wa / (wa + wb), wb / (wa + wb)}, dist.predictProba(new double[] {0.5}), 1e-12);
    // a query on a training point: only that point votes
    assertArrayEquals(new double[] {0, 1}, dist.predictProba(new double[] {3}), 0);
    // k larger than the data: all rows vote
    assertArrayEquals(new double[] {1.0 / 3, 2.0 / 3}, KnnLearner.defaults().withK(50).fitClassifier(d, CTX)
        .predictProba(new double[] {100}), 1e-15);
  }

  @Test
  void rowWeightsMultiplyVotesAndZeroWeightRowsAreDropped() {
    Dataset d = Dataset.of(Schema.numeric("x", 1), new double[][] {{0}, {1}, {2}, {3}},
        new Target.Classes("y", List.of("a", "b"), new int[] {0, 1, 1, 0})).withWeights(new double[] {3, 1, 1, 0});
    Classifier m = KnnLearner.defaults().withK(3).fitClassifier(d, CTX);
    // neighbours of 2.9 among the kept rows {0, 1, 2}: all three; votes a = 3, b = 2
    assertArrayEquals(new double[] {0.6, 0.4}, m.predictProba(new double[] {2.9}), 1e-15);
  }

  @Test
  void regressionAveragesTheNeighbours() {
    Dataset d = Dataset.of(Schema.numeric("x", 1), new double[][] {{0}, {1}, {2}, {10}},
        new Target.Numeric("y", new double[] {1, 2, 6, 100}));
    var m = (KnnRegressor) KnnLearner.defaults().withK(3).fitRegressor(d, CTX);
    assertEquals(3.0, m.predict(new double[] {1}), 1e-15);
    assertEquals(3.0, RoundTrip.of(m).predict(new double[] {1}), 1e-15);
  }

  @Test
  void trainingRowsAreStoredAsBinaryDoubles() throws Exception {
    Dataset d = SyntheticData.blobs(100, 3, 2, 5); // 3 numeric + 3 one-hot
    Classifier m = KnnLearner.defaults().fitClassifier(d, CTX);
    MemoryModelStore store = new MemoryModelStore("knn.swm");
    store.writer().model("m", m);
    assertEquals(100 * 6 * 8, store.entries().get("m/train_x.bin").length);
    assertEquals(100 * 8, store.entries().get("m/train_y.bin").length);
    Classifier back = (Classifier) store.reader().model("m");
    assertArrayEquals(m.predictProba(d), back.predictProba(d));
  }

  @Test
  void badParameters() {
    BadInputException e = assertThrows(BadInputException.class, () -> KnnLearner.defaults().withK(0));
    assertEquals("params.k: k must be at least 1, got 0", e.getMessage());
    assertThrows(BadInputException.class, () -> KnnLearner.defaults().withWeights("gaussian"));
  }

  @Test
  void predictsLetterSizedBatchesQuickly() {
    Dataset d = random(20_000, 16, 26, 7);
    Classifier m = KnnLearner.defaults().fitClassifier(d.slice(0, 16_000), CTX);
    long t0 = System.nanoTime();
    m.predictProba(d.slice(16_000, 20_000));
    double secs = (System.nanoTime() - t0) / 1e9;
    assertTrue(secs < 15, "4000 × 16000 queries took " + secs + " s");
  }
}
