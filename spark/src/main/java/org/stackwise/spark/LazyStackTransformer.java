package org.stackwise.spark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.stackwise.BadInputException;
import org.stackwise.FitContext;
import org.stackwise.io.Json;
import org.stackwise.lazy.CostModel;
import org.stackwise.lazy.LazyFile;
import org.stackwise.lazy.LazyPrediction;
import org.stackwise.lazy.LazyStackLearner;
import org.stackwise.lazy.LazyStackModel;
import org.stackwise.lazy.OutputTable;
import org.stackwise.lazy.Thresholds;

/**
 * Lazy stacking as a Spark {@link Transformer} for batch inference: a {@link LazyStackModel} fitted by
 * core, whose members are fitted Spark models (or {@link LocalLearnerModel}s), each member run only on
 * the rows that reach it.
 *
 * <h2>Two executions</h2>
 * <b>{@code partitions}</b> (used by {@code auto} whenever every member is a Spark
 * {@code ProbabilisticClassificationModel} or a {@code LocalLearnerModel}): the whole cascade runs inside
 * each task, in one {@code mapPartitions} pass with no Spark job per step ({@link PartitionCascade}).
 * The members and the lazy model are broadcast once. Within a partition, rows are taken in batches of
 * {@code batchSize}; round after round, the batch's rows still running are grouped by the member they
 * need next, each member is called once on its group through its per-row entry point
 * ({@code predictProbability(Vector)}, public since Spark 3.0, or the core model's batch
 * {@code predictProba}; see {@link MemberScorer}), and each row appends the member's probabilities and
 * asks the lazy model whether to exit or which member is next ({@link LazyReplay}). The transform is
 * lazy like any Spark transform, and rows keep their input order.
 *
 * <p><b>{@code steps}</b> (used by {@code auto} when some member is any other {@code Transformer} — a
 * custom model with a {@code probabilityCol} but no per-row method): one round per Spark step. The rows
 * still running are split by the member they need next; each member's Spark model transforms only its
 * own share (a filter, then its ordinary {@code transform}); the rows are locally checkpointed (one
 * Spark job per step, at most M steps). It works with any member but pays the jobs' fixed overhead at
 * every step, and rows come out grouped by the step they exited at. {@link #transform} runs the steps
 * eagerly. Neither execution shuffles.
 *
 * <p>Both give, for every row, exactly core's online answer {@code LazyStackModel.predict} with the
 * members as invokers (the tests check every row and every member's invocation count).
 *
 * <p>Output columns: {@code prediction}, {@code probability} (the aggregate that answered),
 * {@code membersRun} (array of member names, in order), {@code cost} (sum of the cost model's mean
 * costs of the members run) and {@code exitReason}; input columns of the same names are replaced.
 */
public final class LazyStackTransformer extends Transformer implements MLWritable {
  private static final long serialVersionUID = 1L;
  private static final String HIST = MetaFeatures.PREFIX + "hist";
  private static final String NEXT = MetaFeatures.PREFIX + "next";
  private static final String OUT = MetaFeatures.PREFIX + "lazy_out";

  private final String uid;
  private final String[] names;
  private final Transformer[] members;
  private final byte[] lzs;
  private transient volatile LazyStackModel lazy;
  private final Param<String> featuresCol;
  private final Param<String> predictionCol;
  private final Param<String> probabilityCol;
  private final Param<String> membersRunCol;
  private final Param<String> costCol;
  private final Param<String> exitReasonCol;
  private final DoubleParam theta;
  private final Param<String> execution;
  private final IntParam batchSize;

  LazyStackTransformer(String uid, LazyStackModel lazy, byte[] lzs, Transformer[] members) {
    this.uid = uid;
    this.lazy = lazy;
    this.lzs = lzs;
    this.names = lazy.members().toArray(new String[0]);
    this.members = members.clone();
    if (members.length != names.length) {
      throw new BadInputException("members", "the lazy model has " + names.length + " members, got " + members.length + " Spark models");
    }
    featuresCol = new Param<>(this, "featuresCol", "features column name (a vector)");
    predictionCol = new Param<>(this, "predictionCol", "prediction column name");
    probabilityCol = new Param<>(this, "probabilityCol", "class probability column name");
    membersRunCol = new Param<>(this, "membersRunCol", "column of the member names run for the row, in order");
    costCol = new Param<>(this, "costCol", "column of the row's cost (cost model units)");
    exitReasonCol = new Param<>(this, "exitReasonCol", "column of why the row's cascade stopped; empty to skip");
    theta = new DoubleParam(this, "theta", "one confidence threshold for every member set; NaN for the calibrated thresholds");
    setDefault(featuresCol, "features");
    setDefault(predictionCol, "prediction");
    setDefault(probabilityCol, "probability");
    setDefault(membersRunCol, "membersRun");
    setDefault(costCol, "cost");
    setDefault(exitReasonCol, "exitReason");
    execution = new Param<>(this, "execution", "how a batch runs: auto (partitions when every member has a per-row"
        + " entry point, else steps), partitions (the whole cascade inside each task) or steps (one Spark job per cascade step)",
        (scala.Function1<String, Object>) v -> v.equals("auto") || v.equals("partitions") || v.equals("steps"));
    batchSize = new IntParam(this, "batchSize", "rows per batch in the per-partition execution (each member runs once per"
        + " round of a batch, on the batch's rows that need it)", (scala.Function1<Object, Object>) v -> ((Integer) v) >= 1);
    setDefault(theta, Double.NaN);
    setDefault(execution, "auto");
    setDefault(batchSize, 1024);
  }

  /** A transformer running {@code lazy} with {@code members[j]} as its member {@code j} (in {@code lazy.members()} order). */
  public static LazyStackTransformer of(LazyStackModel lazy, Transformer... members) {
    return new LazyStackTransformer(StackingEstimator.randomUid("lazyStack"), lazy, toBytes(lazy), members);
  }

  /**
   * Fits a lazy stack with core's {@code learner} on labelled validation rows — rows none of the members
   * was fitted on: every member predicts every validation row (Spark), the outputs are collected to the
   * driver as an {@link OutputTable}, and core fits the policy, substackers and θ.
   *
   * @param costs per-member costs, or null to measure each member's Spark transform time per row (ms)
   */
  public static LazyStackTransformer fit(LazyStackLearner learner, List<String> memberNames, List<Transformer> memberModels,
                                         Dataset<Row> validation, String featuresCol, String labelCol, CostModel costs,
                                         FitContext context) {
    int m = memberNames.size();
    if (memberModels.size() != m) throw new BadInputException("members", m + " names for " + memberModels.size() + " models");
    Dataset<Row> df = validation.select(functions.col(featuresCol), functions.col(labelCol).cast("double").as(labelCol));
    df = df.cache();
    try {
      long n = df.count();
      CostModel cm = costs != null ? costs : measureCosts(memberNames, memberModels, df, featuresCol, n);
      Dataset<Row> out = df;
      for (int j = 0; j < m; j++) {
        Transformer t = memberModels.get(j);
        out = t.transform(out, probabilityParams(t, featuresCol, MetaFeatures.PREFIX + "p" + j, memberNames.get(j)));
      }
      Column[] cols = new Column[m + 1];
      cols[0] = functions.col(labelCol);
      for (int j = 0; j < m; j++) cols[j + 1] = functions.col(MetaFeatures.PREFIX + "p" + j);
      List<Row> rows = out.select(cols).collectAsList();
      int k = ((Vector) rows.get(0).get(1)).size();
      List<String> classes = LocalLearnerModel.classNames(k);
      OutputTable.Builder b = OutputTable.builder(memberNames, classes, cm.unit());
      double[] mean = cm.means();
      for (int i = 0; i < rows.size(); i++) {
        Row r = rows.get(i);
        double[][] p = new double[m][];
        for (int j = 0; j < m; j++) p[j] = ((Vector) r.get(j + 1)).toArray();
        b.add("r" + i, (int) r.getDouble(0), p, mean);
      }
      LazyStackModel lazy = learner.fit(b.build(), cm, context);
      LazyStackTransformer t = of(lazy, memberModels.toArray(new Transformer[0]));
      t.set(t.featuresCol, featuresCol);
      return t;
    } finally {
      df.unpersist(false);
    }
  }

  /**
   * Each member's cost in ms per row on the validation rows (median of 3 runs after a warm-up). When every
   * member has a per-row entry point ({@link MemberScorer}) this is the time of the member's own work
   * inside the tasks, summed over tasks — what the per-partition execution pays per row; otherwise it is
   * the wall time of the member's Spark transform job over the rows, which includes the job's fixed
   * overhead (what the per-step execution pays).
   */
  static CostModel measureCosts(List<String> names, List<Transformer> models, Dataset<Row> df, String featuresCol, long n) {
    MemberScorer[] sc = new MemberScorer[names.size()];
    boolean inTask = true;
    for (int j = 0; j < sc.length; j++) {
      sc[j] = MemberScorer.of(models.get(j));
      inTask &= sc[j] != null;
    }
    double[] ms = new double[names.size()];
    for (int j = 0; j < ms.length; j++) {
      Transformer t = models.get(j);
      double[] runs = new double[3];
      for (int r = -1; r < runs.length; r++) {
        long t0 = System.nanoTime();
        double nanos;
        if (inTask) {
          nanos = taskNanos(sc[j], df, featuresCol);
        } else {
          t.transform(df, probabilityParams(t, featuresCol, "p", names.get(j))).select("p").write().format("noop").mode("overwrite").save();
          nanos = System.nanoTime() - t0;
        }
        if (r >= 0) runs[r] = nanos / 1e6 / Math.max(1, n);
      }
      Arrays.sort(runs);
      ms[j] = runs[1];
    }
    return CostModel.perMember(names, ms, "ms").withSource(inTask ? "measured in tasks" : "measured (Spark transform jobs)",
        "spark " + df.sparkSession().version() + ", master " + df.sparkSession().sparkContext().master());
  }

  /** Nanoseconds {@code scorer} spends on all rows of {@code df}, in batches of 1024, summed over tasks. */
  private static double taskNanos(MemberScorer scorer, Dataset<Row> df, String featuresCol) {
    Broadcast<MemberScorer> b = JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext()).broadcast(scorer);
    try {
      return df.select(featuresCol).toJavaRDD().mapPartitions((org.apache.spark.api.java.function.FlatMapFunction<java.util.Iterator<Row>, Long>) it -> {
        MemberScorer s = b.value();
        long total = 0;
        List<Vector> batch = new ArrayList<>(1024);
        while (it.hasNext()) {
          batch.add((Vector) it.next().get(0));
          if (batch.size() == 1024 || !it.hasNext()) {
            Vector[] x = batch.toArray(new Vector[0]);
            long t0 = System.nanoTime();
            s.proba(x);
            total += System.nanoTime() - t0;
            batch.clear();
          }
        }
        return List.of(total).iterator();
      }).reduce(Long::sum);
    } finally {
      b.destroy();
    }
  }

  private static ParamMap probabilityParams(Transformer t, String featuresCol, String out, String name) {
    if (!t.hasParam("probabilityCol")) {
      throw new BadInputException("member '" + name + "'", "lazy stacking needs class probabilities; "
          + t.getClass().getSimpleName() + " has no probabilityCol");
    }
    return MetaFeatures.outputParams(t, MetaFeatures.Output.PROBA, featuresCol, out);
  }

  private static byte[] toBytes(LazyStackModel lazy) {
    Path tmp = null;
    try {
      tmp = Files.createTempFile("stackwise-", ".lzs");
      LazyFile.save(lazy, tmp);
      return Files.readAllBytes(tmp);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  private static LazyStackModel fromBytes(byte[] bytes, String source) {
    Path tmp = null;
    try {
      tmp = Files.createTempFile("stackwise-", ".lzs");
      Files.write(tmp, bytes);
      return LazyFile.load(tmp);
    } catch (IOException e) {
      throw new UncheckedIOException(source + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      if (p != null) Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // harmless leftover
    }
  }

  /** The core lazy model. */
  public LazyStackModel lazyModel() {
    LazyStackModel l = lazy;
    if (l == null) {
      l = fromBytes(lzs, uid);
      lazy = l;
    }
    return l;
  }

  /** Member names, in the lazy model's order. */
  public List<String> memberNames() { return List.of(names); }

  /** The Spark member models, in the lazy model's order. */
  public List<Transformer> memberModels() { return List.of(members); }

  @Override public String uid() { return uid; }

  public Param<String> featuresCol() { return featuresCol; }
  public Param<String> predictionCol() { return predictionCol; }
  public Param<String> probabilityCol() { return probabilityCol; }
  public Param<String> membersRunCol() { return membersRunCol; }
  public Param<String> costCol() { return costCol; }
  public Param<String> exitReasonCol() { return exitReasonCol; }
  public DoubleParam theta() { return theta; }
  public Param<String> execution() { return execution; }
  public IntParam batchSize() { return batchSize; }
  public LazyStackTransformer setFeaturesCol(String v) { set(featuresCol, v); return this; }
  public LazyStackTransformer setPredictionCol(String v) { set(predictionCol, v); return this; }
  public LazyStackTransformer setProbabilityCol(String v) { set(probabilityCol, v); return this; }
  public LazyStackTransformer setMembersRunCol(String v) { set(membersRunCol, v); return this; }
  public LazyStackTransformer setCostCol(String v) { set(costCol, v); return this; }
  public LazyStackTransformer setExitReasonCol(String v) { set(exitReasonCol, v); return this; }
  public LazyStackTransformer setTheta(double v) { set(theta, v); return this; }
  /** {@code auto}, {@code partitions} or {@code steps}; see the class comment. */
  public LazyStackTransformer setExecution(String v) { set(execution, v); return this; }
  public LazyStackTransformer setBatchSize(int v) { set(batchSize, v); return this; }

  /** Names of the columns this transformer adds (an input column of the same name is replaced). */
  private List<String> outputColumns() {
    List<String> c = new ArrayList<>(List.of(getOrDefault(predictionCol), getOrDefault(probabilityCol),
        getOrDefault(membersRunCol), getOrDefault(costCol)));
    if (!getOrDefault(exitReasonCol).isEmpty()) c.add(getOrDefault(exitReasonCol));
    return c;
  }

  @Override public StructType transformSchema(StructType schema) {
    StackingEstimator.requireVector(schema, getOrDefault(featuresCol));
    List<String> replaced = outputColumns();
    if (replaced.contains(getOrDefault(featuresCol))) {
      throw new BadInputException("featuresCol", "must differ from the output columns " + replaced + ", got '" + getOrDefault(featuresCol) + "'");
    }
    StructType out = new StructType();
    for (StructField f : schema.fields()) if (!replaced.contains(f.name())) out = out.add(f);
    out = out.add(new StructField(getOrDefault(predictionCol), DataTypes.DoubleType, false, Metadata.empty()));
    out = out.add(new StructField(getOrDefault(probabilityCol), SQLDataTypes.VectorType(), false, Metadata.empty()));
    out = out.add(new StructField(getOrDefault(membersRunCol), DataTypes.createArrayType(DataTypes.StringType), false, Metadata.empty()));
    out = out.add(new StructField(getOrDefault(costCol), DataTypes.DoubleType, false, Metadata.empty()));
    if (!getOrDefault(exitReasonCol).isEmpty()) {
      out = out.add(new StructField(getOrDefault(exitReasonCol), DataTypes.StringType, false, Metadata.empty()));
    }
    return out;
  }

  /** The per-row entry points of the members, or null when some member has none (then only {@code steps} can run). */
  MemberScorer[] scorers() {
    MemberScorer[] sc = new MemberScorer[members.length];
    for (int j = 0; j < sc.length; j++) {
      sc[j] = MemberScorer.of(members[j]);
      if (sc[j] == null) return null;
    }
    return sc;
  }

  /** The execution {@link #transform} uses: {@code partitions} or {@code steps}. */
  public String resolvedExecution() {
    String e = getOrDefault(execution);
    if (e.equals("steps")) return e;
    if (scorers() != null) return "partitions";
    if (e.equals("auto")) return "steps";
    for (int j = 0; j < members.length; j++) {
      if (MemberScorer.of(members[j]) == null) {
        throw new BadInputException("execution", "partitions needs members that are Spark probabilistic classifiers or"
            + " LocalLearnerModels; member '" + names[j] + "' is a " + members[j].getClass().getSimpleName());
      }
    }
    throw new IllegalStateException("unreachable");
  }

  /**
   * Adds the lazy prediction columns. With the {@code partitions} execution this is lazy (a
   * {@code mapPartitions}, no job until an action) and keeps the input order; with {@code steps} it runs
   * the cascade's jobs now and returns rows grouped by exit step.
   */
  @Override public Dataset<Row> transform(Dataset<?> dataset) {
    StructType outSchema = transformSchema(dataset.schema(), true);
    if (resolvedExecution().equals("steps")) return transformBySteps(dataset);
    Dataset<Row> df = dataset.toDF();
    for (String c : outputColumns()) if (Arrays.asList(df.columns()).contains(c)) df = df.drop(c);
    String key = uid + "/" + Arrays.hashCode(lzs);
    PartitionCascade cascade = new PartitionCascade(key, lzs, (Double) getOrDefault(theta), scorers(),
        df.schema().fieldIndex(getOrDefault(featuresCol)), (Integer) getOrDefault(batchSize), !getOrDefault(exitReasonCol).isEmpty());
    // one copy of the members and the lazy model per executor, not one per task
    Broadcast<PartitionCascade> b = JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext()).broadcast(cascade);
    return df.mapPartitions((MapPartitionsFunction<Row, Row>) rows -> b.value().run(rows), Encoders.row(outSchema));
  }

  /** The per-step execution: one Spark job per cascade step (see the class comment). */
  private Dataset<Row> transformBySteps(Dataset<?> dataset) {
    byte[] bytes = lzs;
    String key = uid + "/" + Arrays.hashCode(lzs);
    double th = (Double) getOrDefault(theta);
    String features = getOrDefault(featuresCol);
    // a routed model's route follows from the row's features (see LazyReplay.step)
    UserDefinedFunction next = functions.udf((UDF2<Object, Vector, Integer>) (h, x) -> {
      LazyStackModel mdl = cachedModel(key, bytes, th);
      return LazyReplay.step(mdl, toArray(h), routeKey(mdl, x)).next();
    }, DataTypes.IntegerType);
    UserDefinedFunction append = functions.udf((UDF3<Object, Integer, Vector, double[]>) (h, j, p) ->
        LazyReplay.append(toArray(h), j, p.toArray()), DataTypes.createArrayType(DataTypes.DoubleType));

    Dataset<Row> active = dataset.toDF()
        .withColumn(HIST, functions.array().cast(DataTypes.createArrayType(DataTypes.DoubleType)));
    active = active.withColumn(NEXT, next.apply(functions.col(HIST), functions.col(features))).localCheckpoint(true);
    List<Dataset<Row>> finished = new ArrayList<>();
    for (int step = 0; step < names.length; step++) {
      finished.add(active.filter(functions.col(NEXT).lt(0)));
      if (active.filter(functions.col(NEXT).geq(0)).isEmpty()) {
        active = null;
        break;
      }
      Dataset<Row> running = active.filter(functions.col(NEXT).geq(0));
      Dataset<Row> union = null;
      for (int j = 0; j < names.length; j++) {
        Dataset<Row> part = running.filter(functions.col(NEXT).equalTo(j));
        part = members[j].transform(part, probabilityParams(members[j], features, OUT, names[j]));
        part = part.withColumn(HIST, append.apply(functions.col(HIST), functions.col(NEXT), functions.col(OUT))).drop(OUT)
            .withColumn(NEXT, next.apply(functions.col(HIST), functions.col(features)));
        union = union == null ? part : union.unionByName(part);
      }
      active = union.localCheckpoint(true);
    }
    if (active != null) finished.add(active); // after M steps every row has run every member and is done
    Dataset<Row> all = finished.get(0);
    for (int i = 1; i < finished.size(); i++) all = all.unionByName(finished.get(i));

    StructType result = new StructType()
        .add("prediction", DataTypes.DoubleType).add("probability", SQLDataTypes.VectorType())
        .add("membersRun", DataTypes.createArrayType(DataTypes.StringType)).add("cost", DataTypes.DoubleType)
        .add("exit", DataTypes.StringType);
    UserDefinedFunction finish = functions.udf((UDF2<Object, Vector, Row>) (h, x) -> {
      LazyStackModel mdl = cachedModel(key, bytes, th);
      LazyPrediction p = LazyReplay.step(mdl, toArray(h), routeKey(mdl, x)).prediction();
      return org.apache.spark.sql.RowFactory.create((double) p.predicted(), Vectors.dense(p.proba()),
          p.trace().membersRun().toArray(new String[0]), p.trace().totalCost(), p.trace().exitReason().id());
    }, result);
    String r = MetaFeatures.PREFIX + "result";
    all = all.withColumn(r, finish.apply(functions.col(HIST), functions.col(features)))
        .withColumn(getOrDefault(predictionCol), functions.col(r + ".prediction"))
        .withColumn(getOrDefault(probabilityCol), functions.col(r + ".probability"))
        .withColumn(getOrDefault(membersRunCol), functions.col(r + ".membersRun"))
        .withColumn(getOrDefault(costCol), functions.col(r + ".cost"));
    if (!getOrDefault(exitReasonCol).isEmpty()) all = all.withColumn(getOrDefault(exitReasonCol), functions.col(r + ".exit"));
    return all.drop(r, HIST, NEXT);
  }

  /** The routing key of a row (its features' values) for a routed model; unused otherwise, so not built. */
  static String routeKey(LazyStackModel model, Vector x) {
    return model.routed() ? LazyStackModel.routingKey(x.toArray()) : "";
  }

  private static double[] toArray(Object h) {
    if (h instanceof double[] d) return d;
    if (h instanceof scala.collection.Seq<?> s) {
      double[] out = new double[s.size()];
      for (int i = 0; i < out.length; i++) out[i] = ((Number) s.apply(i)).doubleValue();
      return out;
    }
    if (h instanceof List<?> l) {
      double[] out = new double[l.size()];
      for (int i = 0; i < out.length; i++) out[i] = ((Number) l.get(i)).doubleValue();
      return out;
    }
    throw new IllegalStateException("unexpected history type " + h.getClass());
  }

  private static final java.util.concurrent.ConcurrentHashMap<String, LazyStackModel> MODELS = new java.util.concurrent.ConcurrentHashMap<>();

  /** The lazy model of {@code bytes}, loaded once per JVM, with θ overridden when {@code theta} is a number. */
  static LazyStackModel cachedModel(String key, byte[] bytes, double theta) {
    String k = key + "/" + theta;
    LazyStackModel m = MODELS.get(k);
    if (m != null) return m;
    if (MODELS.size() > 64) MODELS.clear();
    return MODELS.computeIfAbsent(k, x -> {
      LazyStackModel l = fromBytes(bytes, key);
      return Double.isNaN(theta) ? l : l.withThresholds(l.mode(), Thresholds.uniform(theta));
    });
  }

  @Override public LazyStackTransformer copy(ParamMap extra) {
    LazyStackTransformer c = new LazyStackTransformer(uid, lazyModel(), lzs, members);
    copyValues(c, extra);
    return c;
  }

  @Override public MLWriter write() {
    return new MLWriter() {
      @Override public void saveImpl(String path) {
        ObjectNode extra = Json.object();
        extra.set("members", Json.stringsToJson(List.of(names)));
        extra.put("lazy_file", "lazy.lzs");
        StagePersistence.saveMetadata(sparkSession(), LazyStackTransformer.this, path, extra);
        StagePersistence.writeBytes(sparkSession(), path + "/lazy.lzs", lzs);
        for (int j = 0; j < members.length; j++) StagePersistence.saveStage(members[j], path + "/members/" + j, "member '" + names[j] + "'");
      }
    };
  }

  public static MLReader<LazyStackTransformer> read() {
    return new MLReader<>() {
      @Override public LazyStackTransformer load(String path) {
        var meta = StagePersistence.loadMetadata(sparkSession(), path);
        byte[] bytes = StagePersistence.readBytes(sparkSession(), path + "/lazy.lzs");
        LazyStackModel lazy = fromBytes(bytes, path + "/lazy.lzs");
        Transformer[] ms = new Transformer[lazy.members().size()];
        for (int j = 0; j < ms.length; j++) ms[j] = StagePersistence.loadStage(sparkSession(), path + "/members/" + j, Transformer.class);
        LazyStackTransformer t = new LazyStackTransformer(meta.path("uid").asText(), lazy, bytes, ms);
        StagePersistence.loadInto(sparkSession(), path, t);
        return t;
      }
    };
  }

  public static LazyStackTransformer load(String path) {
    return read().load(path);
  }
}
