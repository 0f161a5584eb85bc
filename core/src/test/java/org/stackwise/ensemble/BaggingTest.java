package org.stackwise.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.stackwise.BadInputException;
import org.stackwise.Classifier;
import org.stackwise.FitContext;
import org.stackwise.Learner;
import org.stackwise.Member;
import org.stackwise.OutOfBagLearner.OutOfBagFit;
import org.stackwise.Regressor;
import org.stackwise.data.Dataset;
import org.stackwise.data.Schema;
import org.stackwise.data.Target;
import org.stackwise.learners.Catalogue;
import org.stackwise.spec.Specs;
import org.stackwise.testing.RoundTrip;
import org.stackwise.testing.SyntheticData;

/** Bagging of any learner: the mean of seeded bootstrap replicas, its file, and its out-of-bag predictions. */
class BaggingTest {
  private static final Learner ONE_NN = Catalogue.bind("knn", json("{\"k\": 1}"), "test");

  @Test
  void theBagIsTheMeanOfItsEstimatorsAndRoundTrips() {
    Dataset data = SyntheticData.blobs(200, 3, 3, 4);
    BaggingLearner bag = (BaggingLearner) Specs.parse("""
        {"bagging": {"learner": {"learner": "naive_bayes"}, "estimators": 4, "max_samples": 0.5, "bootstrap": false}}""", "spec");
    assertEquals(4, bag.estimators());
    Classifier model = bag.fitClassifier(data, FitContext.seeded(3));
    double[][] p = model.predictProba(data);
    for (double[] row : p) assertEquals(1.0, row[0] + row[1] + row[2], 1e-12);
    double[][] again = RoundTrip.of(model).predictProba(data);
    for (int i = 0; i < p.length; i++) assertArrayEquals(p[i], again[i], 0.0);
    double[][] fourThreads = bag.fitClassifier(data, FitContext.seeded(3).withThreads(4)).predictProba(data);
    for (int i = 0; i < p.length; i++) assertArrayEquals(p[i], fourThreads[i], 0.0);
    assertThrows(BadInputException.class, () -> Specs.parse("{\"bagging\": {\"estimators\": 3}}", "spec"));
  }

  /** 1-NN remembers every row it was fitted on; out of bag it can only guess random labels. */
  @Test
  void outOfBagPredictionsNeverComeFromAnEstimatorThatSawTheRow() {
    SplittableRandom r = new SplittableRandom(8);
    int n = 400;
    double[][] x = new double[n][4];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 4; j++) x[i][j] = SyntheticData.gaussian(r);
      y[i] = r.nextInt(2);
    }
    Dataset data = Dataset.of(Schema.numeric("x", 4), x, new Target.Classes("y", List.of("a", "b"), y));
    BaggingLearner bag = new BaggingLearner(ONE_NN, 30, 1.0, true);
    OutOfBagFit f = bag.fitOutOfBag(data, FitContext.seeded(2).withThreads(2));
    double inSample = accuracy(((Classifier) f.model()).predictProba(data), data);
    double outOfBag = accuracy(f.predictions(), data);
    assertTrue(inSample > 0.8, "in-sample " + inSample);
    assertTrue(Math.abs(outOfBag - 0.5) < 0.08, "out of bag " + outOfBag + " should be near chance");
    // the model is the plain fit's, and the predictions do not depend on the thread count
    double[][] plain = bag.fitClassifier(data, FitContext.seeded(2)).predictProba(data);
    double[][] model = ((Classifier) f.model()).predictProba(data);
    OutOfBagFit one = bag.fitOutOfBag(data, FitContext.seeded(2).withThreads(1));
    for (int i = 0; i < n; i++) {
      assertArrayEquals(plain[i], model[i], 0.0);
      assertArrayEquals(f.predictions()[i], one.predictions()[i], 0.0);
    }
  }

  @Test
  void fewEstimatorsLeaveSomeRowsInEverySampleAndThoseGetANeutralGuess() {
    Dataset data = SyntheticData.linear(300, 3, 0.2, 5);
    BaggingLearner bag = new BaggingLearner(Catalogue.defaults("ridge"), 2, 1.0, true);
    OutOfBagFit f = bag.fitOutOfBag(data, FitContext.seeded(1));
    // a row is in both bootstrap samples with probability (1 − 1/e)² ≈ 0.40
    assertTrue(f.uncovered() > 0.3 * 300 && f.uncovered() < 0.5 * 300, "uncovered " + f.uncovered());
    assertTrue(f.model() instanceof Regressor);
    // a subsample of every row leaves none out
    assertFalse(new BaggingLearner(ONE_NN, 5, 1.0, false).hasOutOfBag());
    assertTrue(new BaggingLearner(ONE_NN, 5, 0.7, false).hasOutOfBag());
    assertThrows(IllegalStateException.class, () -> new BaggingLearner(ONE_NN, 5, 1.0, false).fitOutOfBag(data, FitContext.seeded(1)));
  }

  @Test
  void aStackTakesABaggedMembersOutOfBagOutputs() {
    Dataset data = SyntheticData.blobs(240, 3, 3, 6);
    List<Member> members = List.of(new Member("bagged_knn", new BaggingLearner(ONE_NN, 25, 1.0, true)),
        new Member("lr", Catalogue.defaults("logistic")));
    EnsembleModel stack = (EnsembleModel) StackingLearner.of(members).withOutOfBag(true).fit(data, FitContext.seeded(4));
    assertEquals("[\"bagged_knn\"]", stack.describe().get("out_of_bag_members").toString());
  }

  private static double accuracy(double[][] p, Dataset d) {
    int ok = 0;
    for (int i = 0; i < p.length; i++) if (Classifier.argMax(p[i]) == d.classes().get(i)) ok++;
    return ok / (double) p.length;
  }

  private static com.fasterxml.jackson.databind.JsonNode json(String s) {
    try {
      return org.stackwise.io.Json.MAPPER.readTree(s);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
