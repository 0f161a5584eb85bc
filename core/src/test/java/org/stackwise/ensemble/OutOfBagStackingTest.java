package org.stackwise.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.stackwise.BadInputException;
import org.stackwise.Classifier;
import org.stackwise.FitContext;
import org.stackwise.Learner;
import org.stackwise.Member;
import org.stackwise.Model;
import org.stackwise.OutOfBagLearner;
import org.stackwise.Task;
import org.stackwise.data.Dataset;
import org.stackwise.io.MemoryModelStore;
import org.stackwise.learners.Catalogue;
import org.stackwise.learners.trees.RandomForestLearner;
import org.stackwise.spec.Specs;
import org.stackwise.testing.ScriptedLearners;
import org.stackwise.testing.SyntheticData;

/**
 * Stacks with {@code out_of_bag}: a bagged member is fitted once and its out-of-bag predictions are its
 * out-of-fold outputs, where that is as honest as fold fits, and only there.
 */
class OutOfBagStackingTest {
  /** A forest that counts its fits: plain ones and out-of-bag ones. */
  record CountingForest(RandomForestLearner forest, AtomicInteger fits, AtomicInteger outOfBagFits) implements OutOfBagLearner {
    CountingForest(int trees) {
      this(RandomForestLearner.defaults().withNumTrees(trees), new AtomicInteger(), new AtomicInteger());
    }

    @Override public String id() { return "counting_forest"; }
    @Override public boolean supports(Task task) { return true; }
    @Override public Record params() { return forest; }
    @Override public boolean hasOutOfBag() { return forest.hasOutOfBag(); }

    @Override public Model fit(Dataset data, FitContext context) {
      fits.incrementAndGet();
      return forest.fit(data, context);
    }

    @Override public OutOfBagFit fitOutOfBag(Dataset data, FitContext context) {
      outOfBagFits.incrementAndGet();
      return forest.fitOutOfBag(data, context);
    }
  }

  private static List<Member> members(Learner forest) {
    return List.of(new Member("forest", forest), new Member("lr", Catalogue.defaults("logistic")));
  }

  @Test
  void aForestIsFittedOnceInsteadOfOncePerFoldAndOnceMore() {
    Dataset data = SyntheticData.blobs(200, 3, 3, 5);
    CountingForest bagged = new CountingForest(30);
    EnsembleModel stack = (EnsembleModel) StackingLearner.of(members(bagged)).withOutOfBag(true).fit(data, FitContext.seeded(1));
    assertEquals(1, bagged.outOfBagFits().get());
    assertEquals(0, bagged.fits().get());
    assertEquals("[\"forest\"]", stack.describe().get("out_of_bag_members").toString());

    CountingForest folded = new CountingForest(30);
    EnsembleModel plain = (EnsembleModel) StackingLearner.of(members(folded)).fit(data, FitContext.seeded(1));
    assertEquals(0, folded.outOfBagFits().get());
    assertEquals(6, folded.fits().get(), "5 fold fits and a refit");
    assertTrue(plain.describe().path("out_of_bag_members").isMissingNode());

    // the member used at prediction time is the same model either way (same seed for the fit on all rows)
    double[][] a = ((Classifier) stack.member("forest")).predictProba(data);
    double[][] b = ((Classifier) plain.member("forest")).predictProba(data);
    for (int i = 0; i < a.length; i++) assertArrayEquals(b[i], a[i], 0.0, "row " + i);
  }

  @Test
  void foldsAreKeptWhereOutOfBagRowsWouldNotBeAsHonest() {
    Dataset data = SyntheticData.blobs(200, 3, 2, 6);
    int[] groups = new int[200];
    for (int i = 0; i < 200; i++) groups[i] = i / 10;
    // groups: a row's group-mates are in the trees that leave it out, so out-of-bag is not out of group
    CountingForest grouped = new CountingForest(20);
    String why = warnings(StackingLearner.of(members(grouped)).withOutOfBag(true).fit(data.withGroups(groups), FitContext.seeded(1)));
    assertEquals(0, grouped.outOfBagFits().get());
    assertEquals(6, grouped.fits().get());
    assertTrue(why.contains("member 'forest' was fitted on folds, not out of bag: the rows have groups"), why);
    // time order: a row may only be predicted by models of the past
    CountingForest timed = new CountingForest(20);
    why = warnings(StackingLearner.of(members(timed)).withOutOfBag(true).withFolds(new FoldSpec(4, "time", 1)).fit(data, FitContext.seeded(1)));
    assertEquals(0, timed.outOfBagFits().get());
    assertTrue(why.contains("the folds are time"), why);
    // refit: false keeps the fold models for prediction, so they must be fitted anyway
    CountingForest kept = new CountingForest(20);
    why = warnings(StackingLearner.of(members(kept)).withOutOfBag(true).withRefit(false).fit(data, FitContext.seeded(1)));
    assertEquals(0, kept.outOfBagFits().get());
    assertEquals(5, kept.fits().get());
    assertTrue(why.contains("refit: false"), why);
    // no bootstrap, no out-of-bag rows
    CountingForest unbagged = new CountingForest(RandomForestLearner.defaults().withNumTrees(20).withBootstrap(false),
        new AtomicInteger(), new AtomicInteger());
    why = warnings(StackingLearner.of(members(unbagged)).withOutOfBag(true).fit(data, FitContext.seeded(1)));
    assertEquals(6, unbagged.fits().get());
    assertTrue(why.contains("no bootstrap"), why);
    // members that never have out-of-bag rows (logistic here) are not mentioned, nor is anything without out_of_bag
    assertFalse(why.contains("'lr'"), why);
    assertFalse(warnings(StackingLearner.of(members(new CountingForest(5))).withOutOfBag(false)
        .fit(data.withGroups(groups), FitContext.seeded(1))).contains("out of bag"));
  }

  private static String warnings(Model stack) {
    return ((EnsembleModel) stack).describe().path("warnings").toString();
  }

  /**
   * A fully grown forest reproduces its training labels (15 % of them flipped) almost perfectly in sample.
   * Its out-of-bag outputs are honest, so the stack does not trust it beyond its real accuracy; a meta-learner
   * on its in-sample outputs does, and is visibly worse.
   */
  @Test
  void aForestThatMemorisesDoesNotFoolTheStackThroughItsOutOfBagOutputs() {
    Dataset train = StackingTest.noisyBinary(600, 1);
    Dataset test = StackingTest.noisyBinary(2000, 2);
    Learner honest = new ScriptedLearners.Sigmoid(0, 3);
    Learner forest = RandomForestLearner.defaults().withNumTrees(100).withMaxFeatures("all");
    List<Member> ms = List.of(new Member("honest", honest), new Member("forest", forest));
    FitContext ctx = FitContext.seeded(5);

    StackingClassifier stack = (StackingClassifier) StackingLearner.of(ms).withOutOfBag(true).fit(train, ctx);
    ObjectNode info = stack.describe();
    Classifier inSampleForest = (Classifier) stack.member("forest");
    double inSampleAcc = StackingTest.accuracy(inSampleForest, train);
    double outOfBagAcc = info.path("member_oof_scores").path("forest").path("accuracy").asDouble();
    assertTrue(inSampleAcc > 0.97, "in-sample accuracy of the forest " + inSampleAcc);
    assertTrue(outOfBagAcc < 0.9, "out-of-bag accuracy of the forest " + outOfBagAcc + " must be its honest one");

    double honestAcc = StackingTest.accuracy(honest.fitClassifier(train, ctx), test);
    double stackAcc = StackingTest.accuracy(stack, test);
    assertTrue(stackAcc >= honestAcc - 0.02, "stack " + stackAcc + " vs honest member " + honestAcc);

    Classifier h = honest.fitClassifier(train, ctx);
    Classifier leakyMeta = Catalogue.defaults("logistic").fitClassifier(StackingTest.metaData(train, h, inSampleForest), ctx);
    double leakyAcc = StackingTest.accuracy(leakyMeta, StackingTest.metaData(test, h, inSampleForest));
    assertTrue(leakyAcc < stackAcc - 0.03, "in-sample stack " + leakyAcc + " should be clearly worse than " + stackAcc);
  }

  @Test
  void sameBitsAtAnyThreadCountAndARegressionStackToo() throws Exception {
    Learner spec = Specs.parse("""
        {"stacking": {"members": {"rf": {"learner": "random_forest", "params": {"num_trees": 25}},
                                  "et": {"learner": "extra_trees", "params": {"num_trees": 25, "bootstrap": true}},
                                  "knn": {"learner": "knn", "params": {"k": 5}}}, "folds": 4, "out_of_bag": true}}""", "test");
    for (Dataset data : List.of(SyntheticData.blobs(200, 3, 3, 9), SyntheticData.linear(200, 4, 0.3, 9))) {
      MemoryModelStore a = new MemoryModelStore("a");
      MemoryModelStore b = new MemoryModelStore("b");
      Model one = spec.fit(data, FitContext.seeded(11).withThreads(1));
      a.writer().model("m", one);
      b.writer().model("m", spec.fit(data, FitContext.seeded(11).withThreads(4)));
      assertEquals(a.entries().keySet(), b.entries().keySet());
      for (String k : a.entries().keySet()) assertArrayEquals(a.entries().get(k), b.entries().get(k), "entry " + k);
      assertEquals("[\"rf\",\"et\"]", ((EnsembleModel) one).describe().get("out_of_bag_members").toString());
    }
  }

  @Test
  void theSpecSaysOutOfBagAndRejectsAnythingButABoolean() {
    StackingLearner s = (StackingLearner) Specs.parse("""
        {"stacking": {"members": {"rf": {"learner": "random_forest"}}, "out_of_bag": true}}""", "spec.json");
    assertTrue(s.outOfBag());
    assertTrue(s.spec().path("stacking").path("out_of_bag").asBoolean());
    assertEquals(s, Specs.parse(s.spec().toString(), "again"));
    BadInputException e = assertThrows(BadInputException.class, () -> Specs.parse("""
        {"stacking": {"members": {"rf": {"learner": "random_forest"}}, "out_of_bag": "yes"}}""", "spec.json"));
    assertTrue(e.getMessage().contains("out_of_bag"), e.getMessage());
  }
}
