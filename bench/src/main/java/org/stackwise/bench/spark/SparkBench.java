package org.stackwise.bench.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.classification.NaiveBayes;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.stackwise.FitContext;
import org.stackwise.lazy.LazyStackLearner;
import org.stackwise.spark.LazyStackTransformer;
import org.stackwise.spark.StackingClassificationModel;
import org.stackwise.spark.StackingClassifier;

/**
 * Spark benchmark on local[2]: member and stack fit times, accuracy, and rows/s of lazy batch inference
 * against running every member, on NSL-KDD (5 classes) and a synthetic set of at least 2 million rows.
 *
 * <pre>java [add-opens flags] -cp ... org.stackwise.bench.spark.SparkBench [shared/data dir] [synthetic rows] [nsl|synthetic|both] [small-rf]</pre>
 * Prints one line per measurement to stdout (tab-separated) — see bench/notes/spark.md for the results.
 */
public final class SparkBench {
  private static final Map<String, String> NSL_CLASSES = new LinkedHashMap<>();

  static {
    for (String a : "neptune smurf back teardrop pod land apache2 processtable mailbomb udpstorm worm".split(" ")) NSL_CLASSES.put(a, "DoS");
    for (String a : "satan ipsweep portsweep nmap mscan saint".split(" ")) NSL_CLASSES.put(a, "Probe");
    for (String a : ("guess_passwd warezmaster warezclient snmpguess snmpgetattack imap ftp_write multihop phf spy named xlock "
        + "xsnoop sendmail").split(" ")) NSL_CLASSES.put(a, "R2L");
    for (String a : "buffer_overflow rootkit loadmodule perl sqlattack xterm ps httptunnel".split(" ")) NSL_CLASSES.put(a, "U2R");
    NSL_CLASSES.put("normal", "normal");
  }

  private SparkBench() { }

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args.length > 0 ? args[0] : "../shared/data");
    long synthRows = args.length > 1 ? Long.parseLong(args[1]) : 2_000_000L;
    String which = args.length > 2 ? args[2] : "both";
    SparkSession spark = SparkSession.builder().master("local[2]").appName("stackwise-spark-bench")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.memory", "8g").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    try {
      if (!which.equals("synthetic")) nslKdd(spark, data.resolve("nsl-kdd"));
      if (!which.equals("nsl")) synthetic(spark, synthRows, args.length > 3 && args[3].equals("small-rf"));
    } finally {
      spark.stop();
    }
  }

  static void out(String set, String what, String value) {
    System.out.println(set + "\t" + what + "\t" + value);
    System.out.flush();
  }

  static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  // ---------------------------------------------------------------- NSL-KDD

  static Dataset<Row> readNsl(SparkSession spark, Path file) {
    Dataset<Row> raw = spark.read().option("header", "false").option("inferSchema", "true").csv(file.toString());
    String[] cols = raw.columns();
    // _c41 is the attack name, _c42 the difficulty (not a feature)
    Column cls = functions.lit("R2L");
    Column name = functions.col(cols[41]);
    Column mapped = null;
    for (var e : NSL_CLASSES.entrySet()) {
      mapped = mapped == null ? functions.when(name.equalTo(e.getKey()), e.getValue()) : mapped.when(name.equalTo(e.getKey()), e.getValue());
    }
    return raw.withColumn("cls", mapped.otherwise(cls)).drop(cols[42]);
  }

  static void nslKdd(SparkSession spark, Path dir) {
    Dataset<Row> train = readNsl(spark, dir.resolve("KDDTrain+_20Percent.txt"));
    Dataset<Row> test = readNsl(spark, dir.resolve("KDDTest+.txt"));
    String[] cols = train.columns();
    List<String> numeric = new ArrayList<>();
    for (int i = 0; i < 41; i++) if (i != 1 && i != 2 && i != 3) numeric.add(cols[i]);
    StringIndexer cats = new StringIndexer().setInputCols(new String[] {cols[1], cols[2], cols[3]})
        .setOutputCols(new String[] {"proto_i", "service_i", "flag_i"}).setHandleInvalid("keep");
    OneHotEncoder onehot = new OneHotEncoder().setInputCols(new String[] {"proto_i", "service_i", "flag_i"})
        .setOutputCols(new String[] {"proto_v", "service_v", "flag_v"}).setHandleInvalid("keep");
    List<String> inputs = new ArrayList<>(numeric);
    inputs.addAll(List.of("proto_v", "service_v", "flag_v"));
    VectorAssembler assemble = new VectorAssembler().setInputCols(inputs.toArray(new String[0])).setOutputCol("raw");
    StandardScaler scale = new StandardScaler().setInputCol("raw").setOutputCol("features").setWithMean(false);
    StringIndexer label = new StringIndexer().setInputCol("cls").setOutputCol("label")
        .setStringOrderType("alphabetAsc");
    PipelineModel prep = new Pipeline().setStages(new PipelineStage[] {cats, onehot, assemble, scale, label}).fit(train);
    Dataset<Row> tr = prep.transform(train).select("features", "label").withColumn("id", functions.monotonically_increasing_id()).cache();
    Dataset<Row> te = prep.transform(test).select("features", "label").cache();
    long nTrain = tr.count();
    long nTest = te.count();
    int d = ((org.apache.spark.ml.linalg.Vector) tr.first().get(0)).size();
    out("nsl-kdd", "rows", nTrain + " train, " + nTest + " test, " + d + " features, 5 classes");
    runStackAndLazy(spark, "nsl-kdd", tr, te, members(d, 5), 3);
  }

  static Map<String, Estimator<?>> members(int d, int k) {
    Map<String, Estimator<?>> m = new LinkedHashMap<>();
    m.put("nb", new NaiveBayes().setModelType("gaussian"));
    m.put("lr", new LogisticRegression().setMaxIter(50).setRegParam(1e-4));
    m.put("mlp", new MultilayerPerceptronClassifier().setLayers(new int[] {d, 32, k}).setMaxIter(60).setSeed(1));
    m.put("rf", new RandomForestClassifier().setNumTrees(40).setMaxDepth(10).setSeed(1));
    return m;
  }

  static void runStackAndLazy(SparkSession spark, String set, Dataset<Row> train, Dataset<Row> test,
                              Map<String, Estimator<?>> members, int folds) {
    MulticlassClassificationEvaluator acc = new MulticlassClassificationEvaluator().setMetricName("accuracy");
    // members alone: fit time and accuracy
    List<String> names = new ArrayList<>(members.keySet());
    List<Transformer> fitted = new ArrayList<>();
    double memberFitTotal = 0;
    for (var e : members.entrySet()) {
      long t0 = System.nanoTime();
      Transformer m = (Transformer) e.getValue().fit(train);
      double s = seconds(t0);
      memberFitTotal += s;
      fitted.add(m);
      out(set, "fit_s member " + e.getKey(), String.format(Locale.ROOT, "%.1f", s));
      out(set, "accuracy member " + e.getKey(), String.format(Locale.ROOT, "%.4f", acc.evaluate(m.transform(test))));
    }
    out(set, "fit_s all members once", String.format(Locale.ROOT, "%.1f", memberFitTotal));

    StackingClassifier stack = new StackingClassifier().setNumFolds(folds).setSeed(7).setIdCol("id");
    for (var e : members.entrySet()) stack.addMember(e.getKey(), e.getValue());
    long t0 = System.nanoTime();
    StackingClassificationModel model = stack.fit(train);
    double stackFit = seconds(t0);
    out(set, "fit_s stack (" + folds + " folds: " + (folds + 1) + " fits per member + meta)", String.format(Locale.ROOT, "%.1f", stackFit));
    out(set, "accuracy stack", String.format(Locale.ROOT, "%.4f", acc.evaluate(model.transform(test))));

    // all members + meta on the test rows (the stack's transform)
    long n = test.count();
    t0 = System.nanoTime();
    model.transform(test).select("prediction").write().format("noop").mode("overwrite").save();
    double full = seconds(t0);
    out(set, "rows_per_s stack (all members)", String.format(Locale.ROOT, "%.0f", n / full));

    // lazy: fitted on a validation split the members never saw (members refitted on the rest)
    Dataset<Row>[] split = train.randomSplit(new double[] {0.7, 0.3}, 3);
    List<Transformer> partial = new ArrayList<>();
    for (var e : members.entrySet()) partial.add((Transformer) e.getValue().fit(split[0]));
    t0 = System.nanoTime();
    LazyStackTransformer lazy = LazyStackTransformer.fit(LazyStackLearner.defaults(), names, partial, split[1],
        "features", "label", null, FitContext.seeded(1));
    out(set, "fit_s lazy (costs measured, core fit on validation outputs)", String.format(Locale.ROOT, "%.1f", seconds(t0)));
    out(set, "lazy costs ms/row", lazy.lazyModel().costModel().toString());
    t0 = System.nanoTime();
    Dataset<Row> lz = lazy.transform(test).cache();
    lz.count();
    double lazyS = seconds(t0);
    out(set, "rows_per_s lazy", String.format(Locale.ROOT, "%.0f", n / lazyS));
    out(set, "accuracy lazy", String.format(Locale.ROOT, "%.4f", acc.evaluate(lz)));
    Row calls = lz.select(functions.avg(functions.size(functions.col("membersRun"))), functions.avg("cost")).first();
    out(set, "lazy mean members run / mean cost", calls.get(0) + " / " + calls.get(1));
    for (String m : names) {
      long c = lz.filter(functions.array_contains(functions.col("membersRun"), m)).count();
      out(set, "lazy rows reaching " + m, c + " of " + n);
    }
    // the same members, all run, for the same rows (no meta): the cost lazy saves
    t0 = System.nanoTime();
    Dataset<Row> all = test;
    for (int j = 0; j < partial.size(); j++) {
      Transformer t = partial.get(j);
      all = t.transform(all, new org.apache.spark.ml.param.ParamMap()
          .put(t.getParam("probabilityCol"), "p" + j).put(t.getParam("predictionCol"), "")
          .put(t.getParam("rawPredictionCol"), ""));
    }
    List<String> ps = new ArrayList<>();
    for (int j = 0; j < partial.size(); j++) ps.add("p" + j);
    all.select(ps.stream().map(functions::col).toArray(Column[]::new)).write().format("noop").mode("overwrite").save();
    out(set, "rows_per_s all members run (no meta)", String.format(Locale.ROOT, "%.0f", n / seconds(t0)));
    lz.unpersist();
  }

  // ---------------------------------------------------------------- synthetic

  /** @param smallRf a 3-tree depth-4 forest instead of 20 trees of depth 8 (for a loaded 2-core machine) */
  static void synthetic(SparkSession spark, long rows, boolean smallRf) {
    int p = 20;
    Dataset<Row> base = spark.range(0, rows, 1, 8).withColumnRenamed("id", "id");
    List<String> fs = new ArrayList<>();
    for (int j = 0; j < p; j++) {
      base = base.withColumn("x" + j, functions.randn(100 + j));
      fs.add("x" + j);
    }
    // 3 classes: a nonlinear rule (interaction + threshold) plus 10 % label noise
    Column score = functions.col("x0").plus(functions.col("x1").multiply(functions.col("x2")))
        .minus(functions.abs(functions.col("x3")));
    Column y = functions.when(score.lt(-0.8), 0).when(score.lt(0.4), 1).otherwise(2);
    Column noisy = functions.when(functions.rand(7).lt(0.1), functions.floor(functions.rand(8).multiply(3))).otherwise(y);
    Dataset<Row> df = new VectorAssembler().setInputCols(fs.toArray(new String[0])).setOutputCol("features")
        .transform(base.withColumn("label", noisy.cast("double"))).select("id", "features", "label");
    Dataset<Row>[] split = df.randomSplit(new double[] {0.9, 0.1}, 11);
    Dataset<Row> train = split[0].cache();
    Dataset<Row> test = split[1].cache();
    long t0 = System.nanoTime();
    out("synthetic", "rows", train.count() + " train, " + test.count() + " test, " + p + " features, 3 classes (generated in "
        + String.format(Locale.ROOT, "%.1f", seconds(t0)) + " s)");
    Map<String, Estimator<?>> m = new LinkedHashMap<>();
    m.put("nb", new NaiveBayes().setModelType("gaussian"));
    m.put("lr", new LogisticRegression().setMaxIter(30));
    m.put("rf", smallRf ? new RandomForestClassifier().setNumTrees(3).setMaxDepth(4).setSeed(1)
        : new RandomForestClassifier().setNumTrees(20).setMaxDepth(8).setSeed(1));
    runStackAndLazy(spark, "synthetic", train, test, m, 3);
  }

  static void ensureDir(Path p) throws java.io.IOException {
    Files.createDirectories(p);
  }
}
