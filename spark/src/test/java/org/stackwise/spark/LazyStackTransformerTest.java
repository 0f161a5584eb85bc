package org.stackwise.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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

  @Test void eachMemberRunsOnlyOnTheRowsThatReachIt() {
    List<String> names = List.of("cheap", "mid", "dear");
    LongAccumulator[] counts = new LongAccumulator[3];
    ScriptedMember[] members = new ScriptedMember[3];
    for (int j = 0; j < 3; j++) {
      counts[j] = spark.sparkContext().longAccumulator(names.get(j));
      members[j] = new ScriptedMember(j, 0.5 + j, counts[j]);
    }
    Dataset<Row> valid = SparkTests.blobs(spark, 600, 4, 3, 5);
    CostModel costs = CostModel.perMember(names, new double[] {1, 4, 16}, "ms");
    LazyStackTransformer lazy = LazyStackTransformer.fit(fastLearner(), names, List.<Transformer>of(members), valid,
        "features", "label", costs, FitContext.seeded(3));
    for (LongAccumulator a : counts) a.reset();

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
      LazyPrediction online = core.predict(x, (j, name, row) -> MemberOutput.of(members[j].proba(row)));
      assertEquals(online.trace().membersRun(), run);
      assertEquals(online.predicted(), r.getDouble(2));
      assertArrayEquals(online.proba(), ((Vector) r.get(3)).toArray(), 1e-12);
      assertEquals(online.trace().totalCost(), r.getDouble(5), 1e-9);
      assertEquals(online.trace().exitReason().id(), r.getString(6));
    }
    for (int j = 0; j < 3; j++) {
      assertEquals(ran.getOrDefault(names.get(j), 0).longValue(), counts[j].value(),
          "member " + names.get(j) + " ran on rows that did not reach it");
    }
    assertTrue(partial > 0, "no row exited early");
    long total = counts[0].value() + counts[1].value() + counts[2].value();
    assertTrue(total < 3L * n, "lazy ran " + total + " member calls, all members would be " + 3 * n);
  }
}
