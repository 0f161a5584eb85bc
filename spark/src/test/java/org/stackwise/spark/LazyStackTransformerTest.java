package org.stackwise.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.NaiveBayes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stackwise.BadInputException;
import org.stackwise.FitContext;
import org.stackwise.lazy.CostModel;
import org.stackwise.lazy.LazyPrediction;
import org.stackwise.lazy.LazyStackLearner;
import org.stackwise.lazy.LazyStackModel;
import org.stackwise.lazy.MemberOutput;
import org.stackwise.lazy.substack.Features;
import org.stackwise.lazy.substack.SubstackerTraining;

class LazyStackTransformerTest {
  static SparkSession spark;

  @BeforeAll static void start() {
    spark = SparkTests.session("LazyStackTransformerTest");
  }

  @AfterAll static void stop() {
    spark.stop();
  }

  /** Core's default lazy learner with tiny networks, so the fit takes about a second. */
  static LazyStackLearner fastLearner() {
    return LazyStackLearner.defaults()
        .withSubNet(LazyStackLearner.network(8).withMaxEpochs(40))
        .withMaskNet(LazyStackLearner.network(8).withMaxEpochs(40))
        .withFullNet(LazyStackLearner.network(8).withMaxEpochs(40))
        .withCrossFitFolds(2)
        .withFeatures(Features.PROBA)
        .withSubRows(SubstackerTraining.SubRows.ALL)
        .withMinStateRows(10);
  }

  /** Plain Spark models with only a DataFrame transform: the per-step execution. */
  @Test void stepsRunEachMemberOnlyOnTheRowsThatReachIt() {
    List<String> names = List.of("cheap", "mid", "dear");
    LongAccumulator[] counts = counters(names);
    ScriptedMember[] members = new ScriptedMember[3];
    for (int j = 0; j < 3; j++) members[j] = new ScriptedMember(j, 0.5 + j, counts[j]);
    LazyStackTransformer lazy = fitLazy(names, List.of(members));
    assertEquals("steps", lazy.resolvedExecution());
    for (LongAccumulator a : counts) a.reset();
    List<Row> out = checkAgainstOnline(lazy, j -> members[j]::proba, names, j -> counts[j].value());
    assertEquals(400, out.size());
    BadInputException e = assertThrows(BadInputException.class, () -> lazy.copy(new ParamMap()).setExecution("partitions").resolvedExecution());
    assertTrue(e.getMessage().contains("member 'cheap'"), e.getMessage());
  }

  /** Spark probabilistic classifiers: the whole cascade inside each task, in small batches. */
  @Test void partitionsRunEachMemberOnlyOnTheRowsThatReachIt() {
    List<String> names = List.of("cheap", "mid", "dear");
    ScriptedProbModel[] members = scriptedMembers("partitions", names);
    LazyStackTransformer lazy = fitLazy(names, List.of(members)).setBatchSize(37);
    assertEquals("partitions", lazy.resolvedExecution());
    resetCounters("partitions", names);
    List<Row> out = checkAgainstOnline(lazy, j -> members[j]::proba, names, j -> ScriptedProbModel.count("partitions-" + names.get(j)));
    for (int i = 0; i < out.size(); i++) assertEquals(i, out.get(i).getLong(0), "input order kept");
    assertStepsGiveTheSameRows(lazy, out);
  }

  /** Scripted probabilistic members with invocation counters named {@code prefix-name}. */
  private static ScriptedProbModel[] scriptedMembers(String prefix, List<String> names) {
    ScriptedProbModel[] members = new ScriptedProbModel[names.size()];
    for (int j = 0; j < members.length; j++) members[j] = new ScriptedProbModel(j, 0.5 + j, prefix + "-" + names.get(j));
    return members;
  }

  /** Zeroes the counters of {@link #scriptedMembers} (after a fit, which runs every member on the validation rows). */
  private static void resetCounters(String prefix, List<String> names) {
    for (String n : names) ScriptedProbModel.reset(prefix + "-" + n);
  }

  /** The per-step execution of {@code lazy} gives the same rows as {@code out} (from checkAgainstOnline). */
  private static void assertStepsGiveTheSameRows(LazyStackTransformer lazy, List<Row> out) {
    List<Row> steps = lazy.copy(new ParamMap()).setExecution("steps").transform(SparkTests.blobs(spark, 400, 4, 3, 6))
        .orderBy("id").select("id", "prediction", "probability", "membersRun", "cost", "exitReason").collectAsList();
    for (int i = 0; i < out.size(); i++) {
      assertEquals(out.get(i).getDouble(2), steps.get(i).getDouble(1));
      assertArrayEquals(((Vector) out.get(i).get(3)).toArray(), ((Vector) steps.get(i).get(2)).toArray(), 1e-12);
      assertEquals(out.get(i).getList(4), steps.get(i).getList(3));
    }
  }

  /**
   * A routed model: each row takes the cross-fitted core its features route to, in both executions, as
   * core's keyless online call does; and the routes really differ (not every row takes the same core).
   */
  @Test void routedModelsRouteEachRowByItsFeaturesInBothExecutions() {
    List<String> names = List.of("cheap", "mid", "dear");
    LazyStackLearner routed = fastLearner().withCrossFitFolds(3).withFinalPolicy(LazyStackLearner.FinalPolicy.ROUTED);
    ScriptedProbModel[] members = scriptedMembers("routed", names);
    LazyStackTransformer lazy = fitLazy(routed, names, List.of(members)).setBatchSize(37);
    resetCounters("routed", names);
    LazyStackModel core = lazy.lazyModel();
    assertTrue(core.routed());
    List<Row> out = checkAgainstOnline(lazy, j -> members[j]::proba, names, j -> ScriptedProbModel.count("routed-" + names.get(j)));
    java.util.Set<Integer> routes = new java.util.HashSet<>();
    for (Row r : out) routes.add(core.routeOf(LazyStackModel.routingKey(((Vector) r.get(1)).toArray())));
    assertEquals(3, routes.size(), "rows spread over the routes");
    assertStepsGiveTheSameRows(lazy, out);
  }

  /** Real MLlib members and a core member: per-partition answers equal the online cascade's. */
  @Test void partitionsWithMllibAndCoreMembers() {
    Dataset<Row> train = SparkTests.blobs(spark, 300, 4, 3, 8);
    Transformer nb = new NaiveBayes().setModelType("gaussian").fit(train);
    Transformer lr = new LogisticRegression().setMaxIter(20).fit(train);
    Transformer core = LocalLearner.catalogueClassifier("logistic").fit(train);
    Dataset<Row> valid = SparkTests.blobs(spark, 400, 4, 3, 9);
    LazyStackTransformer lazy = LazyStackTransformer.fit(fastLearner(), List.of("nb", "lr", "core"), List.of(nb, lr, core),
        valid, "features", "label", /* measured in tasks */ null, FitContext.seeded(4));
    assertEquals("partitions", lazy.resolvedExecution());
    assertTrue(lazy.lazyModel().costModel().toString().contains("ms"), lazy.lazyModel().costModel().toString());
    Dataset<Row> test = SparkTests.blobs(spark, 300, 4, 3, 10).withColumn("prediction", functions.lit("replaced"));
    List<Row> out = lazy.transform(test).select("features", "prediction", "probability", "membersRun").collectAsList();
    LazyStackModel m = lazy.lazyModel();
    MemberScorer[] sc = lazy.scorers();
    for (Row r : out) {
      Vector x = (Vector) r.get(0);
      LazyPrediction online = m.predict(x, (j, name, v) -> MemberOutput.of(sc[j].proba(new Vector[] {v})[0]));
      assertEquals(online.trace().membersRun(), r.getList(3));
      assertEquals(online.predicted(), r.getDouble(1));
      assertArrayEquals(online.proba(), ((Vector) r.get(2)).toArray(), 1e-12);
    }
  }

  private static LongAccumulator[] counters(List<String> names) {
    LongAccumulator[] counts = new LongAccumulator[names.size()];
    for (int j = 0; j < counts.length; j++) counts[j] = spark.sparkContext().longAccumulator(names.get(j));
    return counts;
  }

  private static LazyStackTransformer fitLazy(List<String> names, List<? extends Transformer> members) {
    return fitLazy(fastLearner(), names, members);
  }

  private static LazyStackTransformer fitLazy(LazyStackLearner learner, List<String> names, List<? extends Transformer> members) {
    Dataset<Row> valid = SparkTests.blobs(spark, 600, 4, 3, 5);
    CostModel costs = CostModel.perMember(names, new double[] {1, 4, 16}, "ms");
    return LazyStackTransformer.fit(learner, names, new ArrayList<Transformer>(members), valid,
        "features", "label", costs, FitContext.seeded(3));
  }

  /**
   * Transforms 400 blob rows, checks every row against core's online cascade over the same member
   * functions and every member's invocation count against the rows whose membersRun lists it.
   */
  private static List<Row> checkAgainstOnline(LazyStackTransformer lazy, IntFunction<Function<double[], double[]>> proba,
                                              List<String> names, java.util.function.IntToLongFunction count) {
    int n = 400;
    Dataset<Row> test = SparkTests.blobs(spark, n, 4, 3, 6);
    List<Row> out = lazy.transform(test).select("id", "features", "prediction", "probability", "membersRun", "cost", "exitReason")
        .collectAsList();
    assertEquals(n, out.size());

    Map<String, Integer> ran = new HashMap<>();
    int partial = 0;
    LazyStackModel core = lazy.lazyModel();
    for (Row r : out) {
      List<String> run = r.getList(4);
      for (String m : run) ran.merge(m, 1, Integer::sum);
      if (run.size() < 3) partial++;
      // the batch answer is the online cascade's answer for the row
      double[] x = ((Vector) r.get(1)).toArray();
      LazyPrediction online = core.predict(x, (j, name, row) -> MemberOutput.of(proba.apply(j).apply(row)));
      assertEquals(online.trace().membersRun(), run);
      assertEquals(online.predicted(), r.getDouble(2));
      assertArrayEquals(online.proba(), ((Vector) r.get(3)).toArray(), 1e-12);
      assertEquals(online.trace().totalCost(), r.getDouble(5), 1e-9);
      assertEquals(online.trace().exitReason().id(), r.getString(6));
    }
    for (int j = 0; j < 3; j++) {
      assertEquals(ran.getOrDefault(names.get(j), 0).longValue(), count.applyAsLong(j),
          "member " + names.get(j) + " ran on rows that did not reach it");
    }
    assertTrue(partial > 0, "no row exited early");
    long total = count.applyAsLong(0) + count.applyAsLong(1) + count.applyAsLong(2);
    assertTrue(total < 3L * n, "lazy ran " + total + " member calls, all members would be " + 3 * n);
    return out;
  }
}
