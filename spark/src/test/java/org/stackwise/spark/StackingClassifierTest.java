package org.stackwise.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.DecisionTreeClassifier;
import org.apache.spark.ml.classification.LinearSVC;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.NaiveBayes;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackwise.BadInputException;

class StackingClassifierTest {
  static SparkSession spark;
  static Dataset<Row> train;
  static Dataset<Row> test;

  @BeforeAll static void start() {
    spark = SparkTests.session("StackingClassifierTest");
    train = SparkTests.blobs(spark, 600, 4, 3, 1).cache();
    test = SparkTests.blobs(spark, 300, 4, 3, 2).cache();
  }

  @AfterAll static void stop() {
    spark.stop();
  }

  static StackingClassifier stack() {
    return new StackingClassifier()
        .addMember("lr", new LogisticRegression().setMaxIter(30))
        .addMember("nb", new NaiveBayes().setModelType("gaussian"))
        .setMetaLearner(new LogisticRegression().setMaxIter(30))
        .setNumFolds(3).setSeed(7);
  }

  @Test void pipelineFitTransformAndPersistence(@TempDir Path dir) throws Exception {
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
        new StandardScaler().setInputCol("features").setOutputCol("scaled"),
        stack().setFeaturesCol("scaled")});
    PipelineModel model = pipeline.fit(train);
    Dataset<Row> out = model.transform(test).cache();
    assertTrue(List.of(out.columns()).containsAll(List.of("prediction", "probability", "rawPrediction")));
    assertFalse(List.of(out.columns()).stream().anyMatch(c -> c.startsWith("__sw_")), List.of(out.columns()).toString());
    double acc = new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(out);
    assertTrue(acc > 0.85, "accuracy " + acc);
    for (Row r : out.select("probability").collectAsList()) {
      double[] p = ((Vector) r.get(0)).toArray();
      assertEquals(3, p.length);
      assertEquals(1.0, p[0] + p[1] + p[2], 1e-9);
    }
    StackingClassificationModel fitted = (StackingClassificationModel) model.stages()[1];
    assertEquals(List.of("lr", "nb"), fitted.memberNames());
    assertEquals(List.of("lr:0", "lr:1", "lr:2", "nb:0", "nb:1", "nb:2"), fitted.metaFeatureNames());
    assertTrue(fitted.hasOutOfFold());
    assertEquals(600, fitted.outOfFold().count());

    // the fitted pipeline round trip: identical predictions
    String p = dir.resolve("pipeline").toString();
    model.write().overwrite().save(p);
    PipelineModel loaded = PipelineModel.load(p);
    StackingClassificationModel l = (StackingClassificationModel) loaded.stages()[1];
    assertFalse(l.hasOutOfFold());
    assertEquals(fitted.uid(), l.uid());
    assertEquals("scaled", l.getFeaturesCol());
    List<Row> a = out.select("probability").collectAsList();
    List<Row> b = loaded.transform(test).select("probability").collectAsList();
    for (int i = 0; i < a.size(); i++) assertEquals(a.get(i).get(0), b.get(i).get(0));

    // the unfitted estimator round trip: params and members
    String e = dir.resolve("estimator").toString();
    StackingClassifier s = stack().addMember("tree", new DecisionTreeClassifier().setMaxDepth(4))
        .setPassthrough(true).setMetaLearner(new LogisticRegression().setRegParam(0.5));
    s.write().save(e);
    StackingClassifier r = StackingClassifier.load(e);
    assertEquals(s.uid(), r.uid());
    assertEquals(3, r.getNumFolds());
    assertEquals(7L, r.getSeed());
    assertTrue(r.getPassthrough());
    assertEquals(List.of("lr", "nb", "tree"), List.of(r.getMemberNames()));
    assertEquals(4, ((DecisionTreeClassifier) r.getMembers()[2]).getMaxDepth());
    assertEquals(0.5, ((LogisticRegression) r.getMetaLearner()).getRegParam());
  }

  @Test void noRowGetsAMetaFeatureFromAModelThatSawIt() {
    StackingClassifier s = new StackingClassifier()
        .addMember("seen", new SeenRows())
        .addMember("lr", new LogisticRegression().setMaxIter(10))
        .setMetaLearner(new LogisticRegression().setMaxIter(10))
        .setNumFolds(4).setSeed(3).setIdCol("id").setStratified(true);
    StackingClassificationModel model = s.fit(train);
    Dataset<Row> oof = model.outOfFold();
    // block of member 0 (3 classes → 3 columns): [1, 0, ...] when the fold model saw the row
    List<Row> rows = oof.select("__sw_m0", "__sw_fold", "label").collectAsList();
    assertEquals(600, rows.size());
    Map<Integer, Integer> perFold = new HashMap<>();
    Map<String, Integer> perFoldClass = new HashMap<>();
    for (Row r : rows) {
      double[] v = ((Vector) r.get(0)).toArray();
      assertEquals(0.0, v[0], "a fold model saw the row it predicted out of fold");
      perFold.merge(r.getInt(1), 1, Integer::sum);
      perFoldClass.merge(r.getInt(1) + "/" + r.getDouble(2), 1, Integer::sum);
    }
    assertEquals(4, perFold.size());
    // stratified: each class (200 rows) is dealt evenly, 50 per fold
    for (int count : perFoldClass.values()) assertEquals(50, count, perFoldClass.toString());
    // the refitted member saw every row
    assertEquals(600, ((SeenRows.SeenModel) model.memberModel("seen")).size());
    Dataset<Row> blocks = model.setMemberOutputPrefix("m_").transform(train);
    for (Row r : blocks.select("m_seen").collectAsList()) assertEquals(1.0, ((Vector) r.get(0)).apply(0));
  }

  @Test void badInput() {
    assertThrows(BadInputException.class, () -> new StackingClassifier().fit(train));
    assertThrows(BadInputException.class, () -> new StackingClassifier()
        .addMember("a", new LogisticRegression()).addMember("a", new NaiveBayes()).fit(train));
    BadInputException e = assertThrows(BadInputException.class, () -> new StackingClassifier()
        .addMember("svm", new LinearSVC()).setStackMethod("proba").fit(train));
    assertTrue(e.getMessage().contains("probabilityCol"), e.getMessage());
    e = assertThrows(BadInputException.class, () -> stack().setFeaturesCol("label").fit(train));
    assertTrue(e.getMessage().contains("vector"), e.getMessage());
    Dataset<Row> badLabels = train.withColumn("label", functions.col("label").plus(0.5));
    assertThrows(BadInputException.class, () -> stack().fit(badLabels));
  }
}
