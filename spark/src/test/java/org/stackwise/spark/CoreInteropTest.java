package org.stackwise.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.regression.DecisionTreeRegressor;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackwise.BadInputException;
import org.stackwise.Classifier;
import org.stackwise.FitContext;
import org.stackwise.Member;
import org.stackwise.data.Schema;
import org.stackwise.data.Target;
import org.stackwise.ensemble.FoldSpec;
import org.stackwise.ensemble.StackMethod;
import org.stackwise.ensemble.StackingLearner;
import org.stackwise.folds.Fold;
import org.stackwise.folds.FoldPlan;
import org.stackwise.io.ModelFile;
import org.stackwise.learners.Catalogue;
import org.stackwise.spec.Specs;

/** Spark stacks against core: same folds and deterministic members give the same stack; export to .swm; regression. */
class CoreInteropTest {
  static SparkSession spark;

  @BeforeAll static void start() {
    spark = SparkTests.session("CoreInteropTest");
  }

  @AfterAll static void stop() {
    spark.stop();
  }

  /** Rows of 3 blobs in 3 dimensions (class c around (c, -c, c)) with noise 1.2, so members disagree. */
  static double[][] points(int n, long seed, int[] y) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] x = new double[n][3];
    for (int i = 0; i < n; i++) {
      y[i] = i % 3;
      for (int j = 0; j < 3; j++) x[i][j] = (j == 1 ? -y[i] : y[i]) + 1.2 * SparkTests.gaussian(r);
    }
    return x;
  }

  static Dataset<Row> frame(double[][] x, int[] y, int[] fold) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < x.length; i++) rows.add(RowFactory.create((long) i, Vectors.dense(x[i]), (double) y[i], fold == null ? 0 : fold[i]));
    StructType schema = new StructType().add("id", DataTypes.LongType).add("features", new org.apache.spark.ml.linalg.VectorUDT())
        .add("label", DataTypes.DoubleType).add("fold", DataTypes.IntegerType);
    return spark.createDataFrame(rows, schema);
  }

  @Test void sameFoldsAndMembersGiveCoresStack(@TempDir Path dir) throws Exception {
    int n = 240;
    int[] y = new int[n];
    double[][] x = points(n, 11, y);
    org.stackwise.data.Dataset core = org.stackwise.data.Dataset.of(Schema.numeric("f", 3), x,
        new Target.Classes("label", List.of("0", "1", "2"), y));
    long seed = 5;
    // the plan core's StackingLearner makes for this seed
    FoldPlan plan = FoldPlan.stratified(core.classes(), 3, FitContext.seeded(seed).child("folds").seed());
    int[] fold = new int[n];
    for (Fold f : plan.folds()) for (int r : f.test()) fold[r] = f.index();

    String lr = Catalogue.toSpec(Catalogue.defaults("logistic")).toString();
    String nb = Catalogue.toSpec(Catalogue.defaults("naive_bayes")).toString();
    StackingClassificationModel sparkStack = new StackingClassifier()
        .addMember("lr", LocalLearner.classifier(lr))
        .addMember("nb", LocalLearner.classifier(nb))
        .setMetaLearner(LocalLearner.classifier(lr))
        .setFoldCol("fold")
        .fit(frame(x, y, fold));
    Classifier coreStack = (Classifier) new StackingLearner(
        // the same meta-learner as the Spark side (core's default meta-learner stops at a looser tolerance)
        List.of(new Member("lr", Specs.parse(lr, "lr")), new Member("nb", Specs.parse(nb, "nb"))), Specs.parse(lr, "meta"),
        new FoldSpec(3, "stratified", 1), StackMethod.AUTO, false, false, true, false, false, false)
        .fit(core, FitContext.seeded(seed));

    int[] yt = new int[90];
    double[][] xt = points(90, 12, yt);
    List<Row> out = sparkStack.transform(frame(xt, yt, null)).select("id", "probability").collectAsList();
    for (Row r : out) {
      double[] p = ((Vector) r.get(1)).toArray();
      double[] q = coreStack.predictProba(xt[(int) r.getLong(0)]);
      for (int c = 0; c < 3; c++) assertEquals(q[c], p[c], 1e-6, "row " + r.getLong(0));
    }

    // export: the .swm file predicts what the Spark stack predicts, through core alone
    assertTrue(SwmExport.exportable(sparkStack));
    Path swm = dir.resolve("stack.swm");
    SwmExport.save(sparkStack, swm);
    Classifier loaded = (Classifier) ModelFile.load(swm).model();
    assertEquals("stacking", loaded.kind());
    for (Row r : out) {
      double[] p = ((Vector) r.get(1)).toArray();
      double[] q = loaded.predictProba(xt[(int) r.getLong(0)]);
      for (int c = 0; c < 3; c++) assertEquals(p[c], q[c], 1e-12);
    }

    // a Spark-native member has no core equivalent
    StackingClassificationModel mixed = new StackingClassifier()
        .addMember("lr", new org.apache.spark.ml.classification.LogisticRegression().setMaxIter(5))
        .setMetaLearner(LocalLearner.classifier(lr)).setNumFolds(2).fit(frame(x, y, fold));
    assertThrows(BadInputException.class, () -> SwmExport.save(mixed, dir.resolve("mixed.swm")));
  }

  @Test void regressionStackWithWeightsAndPersistence(@TempDir Path dir) throws Exception {
    Dataset<Row> train = SparkTests.linear(spark, 400, 3, 1).cache();
    Dataset<Row> test = SparkTests.linear(spark, 150, 3, 2).cache();
    StackingRegressionModel model = new StackingRegressor()
        .addMember("linear", new LinearRegression().setMaxIter(20))
        .addMember("tree", new DecisionTreeRegressor().setMaxDepth(5))
        .setNumFolds(3).setWeightCol("w").setPassthrough(true)
        .fit(train);
    assertEquals(List.of("linear", "tree", "f0", "f1", "f2"), model.metaFeatureNames());
    Dataset<Row> out = model.transform(test).cache();
    double r2 = new RegressionEvaluator().setMetricName("r2").evaluate(out);
    assertTrue(r2 > 0.95, "r2 " + r2);
    String p = dir.resolve("reg").toString();
    model.write().save(p);
    StackingRegressionModel loaded = StackingRegressionModel.load(p);
    List<Row> a = out.select("prediction").collectAsList();
    List<Row> b = loaded.transform(test).select("prediction").collectAsList();
    for (int i = 0; i < a.size(); i++) assertEquals(a.get(i).getDouble(0), b.get(i).getDouble(0), 1e-12);
  }
}
