package org.stackwise.spark;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.stackwise.BadInputException;
import org.stackwise.io.Json;

/**
 * Stacked generalization as a Spark ML {@link Estimator}; {@link StackingClassifier} and
 * {@link StackingRegressor} are its two tasks. Parameters mean what they mean in core's
 * {@code StackingLearner}.
 *
 * <h2>Which model saw which rows</h2>
 * Every row gets a fold ({@link FoldAssignment}). For each fold f, every member is fitted by Spark on
 * the rows of the other folds, and those fold-f models predict the rows of fold f only: the union of
 * these held-out predictions is the out-of-fold (OOF) meta-feature table, the only data the
 * meta-learner is fitted on. Finally every member is refitted on all rows; the fitted
 * {@link StackingModel} runs those refitted members and the meta-model. No row's meta-feature comes
 * from a model that saw the row.
 *
 * <h2>Spark jobs</h2>
 * The selected input columns are cached once (memory and disk). Member fits are ordinary Spark fits
 * (K + 1 per member; {@code parallelism} of them are submitted at once from driver threads). Building
 * the OOF table is narrow (filter + member transforms + union: no shuffle); it is cached while the
 * meta-learner fits. Stratified fold assignment adds one shuffle; class counting one small aggregation.
 *
 * @param <M> the fitted model type
 * @param <S> the concrete estimator type (returned by setters)
 */
public abstract class StackingEstimator<M extends StackingModel<M>, S extends StackingEstimator<M, S>> extends Estimator<M> implements MLWritable {
  private static final long serialVersionUID = 1L;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");
  static final String FOLD = MetaFeatures.PREFIX + "fold";
  static final String META = MetaFeatures.PREFIX + "meta";

  private final String uid;
  private final Param<String> featuresCol;
  private final Param<String> labelCol;
  private final Param<String> predictionCol;
  private final Param<String> weightCol;
  private final Param<String> foldCol;
  private final Param<String> idCol;
  private final IntParam numFolds;
  private final LongParam seed;
  private final BooleanParam stratified;
  private final Param<String> stackMethod;
  private final BooleanParam logit;
  private final BooleanParam passthrough;
  private final IntParam parallelism;
  private final StringArrayParam memberNames;
  private final Param<Estimator<?>[]> members;
  private final Param<Estimator<?>> metaLearner;

  protected StackingEstimator(String uid) {
    this.uid = uid;
    featuresCol = new Param<>(this, "featuresCol", "features column name (a vector)");
    labelCol = new Param<>(this, "labelCol", "label column name (class index 0..k-1 for classification)");
    predictionCol = new Param<>(this, "predictionCol", "prediction column name");
    weightCol = new Param<>(this, "weightCol", "row weight column name; empty for unweighted rows");
    foldCol = new Param<>(this, "foldCol", "column of integer fold ids (>= 0); empty to assign folds by a seeded hash");
    idCol = new Param<>(this, "idCol", "row id column hashed for fold assignment; empty to hash the feature vector");
    numFolds = new IntParam(this, "numFolds", "number of folds when they are assigned by hash (>= 2)", ParamValidators.gtEq(2));
    seed = new LongParam(this, "seed", "seed of fold assignment");
    stratified = new BooleanParam(this, "stratified", "classification only: deal each class evenly across folds (one shuffle)");
    stackMethod = new Param<>(this, "stackMethod", "member output stacked: auto, proba, decision or label",
        ParamValidators.inArray(new String[] {"auto", "proba", "decision", "label"}));
    logit = new BooleanParam(this, "logit", "apply the logit transform to stacked probabilities");
    passthrough = new BooleanParam(this, "passthrough", "also give the original features to the meta-learner");
    parallelism = new IntParam(this, "parallelism", "member fits submitted to Spark at once", ParamValidators.gtEq(1));
    memberNames = new StringArrayParam(this, "memberNames", "member names, in the order of members");
    members = new Param<>(this, "members", "member estimators (Spark ML predictors, or LocalLearner)");
    metaLearner = new Param<>(this, "metaLearner", "meta-learner estimator; unset for the default");
    setDefault(featuresCol, "features");
    setDefault(labelCol, "label");
    setDefault(predictionCol, "prediction");
    setDefault(weightCol, "");
    setDefault(foldCol, "");
    setDefault(idCol, "");
    setDefault(numFolds, 5);
    setDefault(seed, 42L);
    setDefault(stratified, false);
    setDefault(stackMethod, "auto");
    setDefault(logit, false);
    setDefault(passthrough, false);
    setDefault(parallelism, 1);
    setDefault(memberNames, new String[0]);
    setDefault(members, new Estimator<?>[0]);
  }

  static String randomUid(String prefix) {
    return Identifiable$.MODULE$.randomUID(prefix);
  }

  @Override public String uid() { return uid; }

  /** True for classification. */
  abstract boolean classification();

  /** The default meta-learner of this task. */
  abstract Estimator<?> defaultMeta();

  /** Builds the fitted model. */
  abstract M newModel(StackingModel.Fitted fitted);

  /** Output columns of this task the meta-model writes (besides prediction). */
  abstract ParamMap metaOutputParams(Estimator<?> meta, ParamMap pm);

  // ---- params

  public Param<String> featuresCol() { return featuresCol; }
  public Param<String> labelCol() { return labelCol; }
  public Param<String> predictionCol() { return predictionCol; }
  public Param<String> weightCol() { return weightCol; }
  public Param<String> foldCol() { return foldCol; }
  public Param<String> idCol() { return idCol; }
  public IntParam numFolds() { return numFolds; }
  public LongParam seed() { return seed; }
  public BooleanParam stratified() { return stratified; }
  public Param<String> stackMethod() { return stackMethod; }
  public BooleanParam logit() { return logit; }
  public BooleanParam passthrough() { return passthrough; }
  public IntParam parallelism() { return parallelism; }
  public StringArrayParam memberNames() { return memberNames; }
  public Param<Estimator<?>[]> members() { return members; }
  public Param<Estimator<?>> metaLearner() { return metaLearner; }

  public String getFeaturesCol() { return getOrDefault(featuresCol); }
  public String getLabelCol() { return getOrDefault(labelCol); }
  public String getPredictionCol() { return getOrDefault(predictionCol); }
  public String getWeightCol() { return getOrDefault(weightCol); }
  public String getFoldCol() { return getOrDefault(foldCol); }
  public String getIdCol() { return getOrDefault(idCol); }
  public int getNumFolds() { return (Integer) getOrDefault(numFolds); }
  public long getSeed() { return (Long) getOrDefault(seed); }
  public boolean getStratified() { return (Boolean) getOrDefault(stratified); }
  public String getStackMethod() { return getOrDefault(stackMethod); }
  public boolean getLogit() { return (Boolean) getOrDefault(logit); }
  public boolean getPassthrough() { return (Boolean) getOrDefault(passthrough); }
  public int getParallelism() { return (Integer) getOrDefault(parallelism); }
  public String[] getMemberNames() { return getOrDefault(memberNames).clone(); }
  public Estimator<?>[] getMembers() { return getOrDefault(members).clone(); }

  /** The configured meta-learner, or the task's default (Spark LogisticRegression / LinearRegression). */
  public Estimator<?> getMetaLearner() { return isDefined(metaLearner) ? getOrDefault(metaLearner) : defaultMeta(); }

  @SuppressWarnings("unchecked") final S self() { return (S) this; }

  /** Sets the members: {@code names[i]} names {@code estimators[i]}. */
  public S setMembers(String[] names, Estimator<?>... estimators) {
    if (names.length != estimators.length) {
      throw new BadInputException("members", names.length + " names for " + estimators.length + " estimators");
    }
    set(memberNames, names.clone());
    set(members, estimators.clone());
    return self();
  }

  /** Appends one member. */
  public S addMember(String name, Estimator<?> estimator) {
    String[] n = Arrays.copyOf(getMemberNames(), getMemberNames().length + 1);
    Estimator<?>[] e = Arrays.copyOf(getMembers(), n.length);
    n[n.length - 1] = name;
    e[e.length - 1] = estimator;
    return setMembers(n, e);
  }

  public S setMetaLearner(Estimator<?> v) { set(metaLearner, v); return self(); }
  public S setFeaturesCol(String v) { set(featuresCol, v); return self(); }
  public S setLabelCol(String v) { set(labelCol, v); return self(); }
  public S setPredictionCol(String v) { set(predictionCol, v); return self(); }
  public S setWeightCol(String v) { set(weightCol, v); return self(); }
  public S setFoldCol(String v) { set(foldCol, v); return self(); }
  public S setIdCol(String v) { set(idCol, v); return self(); }
  public S setNumFolds(int v) { set(numFolds, v); return self(); }
  public S setSeed(long v) { set(seed, v); return self(); }
  public S setStratified(boolean v) { set(stratified, v); return self(); }
  public S setStackMethod(String v) { set(stackMethod, v); return self(); }
  public S setLogit(boolean v) { set(logit, v); return self(); }
  public S setPassthrough(boolean v) { set(passthrough, v); return self(); }
  public S setParallelism(int v) { set(parallelism, v); return self(); }

  // ---- schema

  @Override public StructType transformSchema(StructType schema) {
    checkMembers();
    requireVector(schema, getFeaturesCol());
    requireNumeric(schema, getLabelCol());
    if (!getWeightCol().isEmpty()) requireNumeric(schema, getWeightCol());
    if (!getFoldCol().isEmpty()) requireNumeric(schema, getFoldCol());
    if (!getIdCol().isEmpty()) requireColumn(schema, getIdCol());
    return StackingModel.outputSchema(schema, outputColumns());
  }

  /** The (non-empty) output columns of the fitted model and their types. */
  abstract Map<String, DataType> outputColumns();

  static StructField requireColumn(StructType schema, String name) {
    for (StructField f : schema.fields()) if (f.name().equals(name)) return f;
    throw new BadInputException("column '" + name + "'", "no such column; columns are " + Arrays.toString(schema.fieldNames()));
  }

  static void requireVector(StructType schema, String name) {
    StructField f = requireColumn(schema, name);
    if (!(f.dataType() instanceof VectorUDT)) {
      throw new BadInputException("column '" + name + "'", "features must be a vector column, got " + f.dataType().simpleString());
    }
  }

  static void requireNumeric(StructType schema, String name) {
    StructField f = requireColumn(schema, name);
    if (!(f.dataType() instanceof NumericType)) {
      throw new BadInputException("column '" + name + "'", "must be numeric, got " + f.dataType().simpleString());
    }
  }

  private void checkMembers() {
    String[] names = getMemberNames();
    Estimator<?>[] est = getMembers();
    if (est.length == 0) throw new BadInputException("members", "a stack needs at least one member");
    if (names.length != est.length) throw new BadInputException("members", names.length + " names for " + est.length + " members");
    var seen = new HashSet<String>();
    for (String n : names) {
      if (n == null || !NAME.matcher(n).matches() || n.equals(".") || n.equals("..")) {
        throw new BadInputException("member '" + n + "'", "member names must match [A-Za-z0-9_.-]{1,64} and not be '.' or '..'");
      }
      if (!seen.add(n)) throw new BadInputException("members", "duplicate member name '" + n + "'");
    }
    for (int j = 0; j < est.length; j++) MetaFeatures.resolve(getStackMethod(), est[j], names[j], classification());
  }

  // ---- fit

  @Override public M fit(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    String[] names = getMemberNames();
    Estimator<?>[] est = getMembers();
    int m = names.length;
    String features = getFeaturesCol();
    String weight = getWeightCol();
    List<String> warnings = new ArrayList<>();
    ObjectNode info = Json.object();

    // only the columns the fit needs, label as double
    List<Column> cols = new ArrayList<>(List.of(functions.col(features), functions.col(getLabelCol()).cast("double").as(getLabelCol())));
    if (!weight.isEmpty()) cols.add(functions.col(weight).cast("double").as(weight));
    if (!getFoldCol().isEmpty()) cols.add(functions.col(getFoldCol()));
    if (!getIdCol().isEmpty() && !getIdCol().equals(features)) cols.add(functions.col(getIdCol()));
    Dataset<Row> base = dataset.toDF().select(cols.toArray(new Column[0]));

    int numClasses = 0;
    Map<Integer, Long> classCounts = new LinkedHashMap<>();
    if (classification()) {
      numClasses = countClasses(base, classCounts);
      // every fold model must know all classes, even if its training folds lack one
      base = base.withColumn(getLabelCol(), functions.col(getLabelCol()).as(getLabelCol(),
          NominalAttribute.defaultAttr().withName(getLabelCol()).withNumValues(numClasses).toMetadata()));
      ObjectNode cc = info.putObject("class_counts");
      classCounts.forEach((c, n) -> cc.put(String.valueOf(c), n));
    }

    List<Integer> foldIds;
    Column fold;
    if (!getFoldCol().isEmpty()) {
      foldIds = FoldAssignment.givenFolds(base, getFoldCol());
      fold = functions.col(getFoldCol()).cast("int");
      info.put("fold_kind", "given");
    } else {
      int k = getNumFolds();
      foldIds = new ArrayList<>();
      for (int f = 0; f < k; f++) foldIds.add(f);
      Column h = FoldAssignment.hash(getIdCol(), features, getSeed());
      if (classification() && getStratified()) {
        fold = FoldAssignment.stratified(h, getLabelCol(), k, classCounts, getIdCol().isEmpty() ? null : getIdCol());
        info.put("fold_kind", "stratified-hash");
      } else {
        fold = FoldAssignment.hashed(h, k);
        info.put("fold_kind", "hash");
      }
    }
    info.put("folds", foldIds.size());
    Dataset<Row> data = base.withColumn(FOLD, fold);
    boolean cached = dataset.storageLevel().useMemory() || dataset.storageLevel().useDisk();
    if (!cached) data = data.persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> oof;
    try {
      MetaFeatures.Output[] outputs = new MetaFeatures.Output[m];
      int[] widths = new int[m];
      List<String> metaNames = new ArrayList<>();
      for (int j = 0; j < m; j++) {
        outputs[j] = MetaFeatures.resolve(getStackMethod(), est[j], names[j], classification());
        widths[j] = MetaFeatures.width(outputs[j], numClasses);
        metaNames.addAll(MetaFeatures.names(names[j], outputs[j], numClasses));
        if (!weight.isEmpty() && !MetaFeatures.takesWeights(est[j])) {
          warnings.add("member '" + names[j] + "' (" + est[j].getClass().getSimpleName() + ") has no weightCol: it is fitted unweighted");
        }
      }
      if (getPassthrough()) for (int i = 0; i < featureCount(data, features); i++) metaNames.add("f" + i);

      // fold models: fits[f][j] is member j fitted without fold f; then every member on all rows
      int nf = foldIds.size();
      List<Fit> tasks = new ArrayList<>();
      for (int f = 0; f < nf; f++) {
        Dataset<Row> train = data.filter(functions.col(FOLD).notEqual(foldIds.get(f)));
        for (int j = 0; j < m; j++) tasks.add(new Fit(j, f, train));
      }
      for (int j = 0; j < m; j++) tasks.add(new Fit(j, -1, data));
      List<Transformer> fitted = runFits(tasks, est, features, weight);
      Transformer[][] foldModels = new Transformer[nf][m];
      Transformer[] full = new Transformer[m];
      for (int t = 0; t < tasks.size(); t++) {
        Fit task = tasks.get(t);
        if (task.fold < 0) full[task.member] = fitted.get(t);
        else foldModels[task.fold][task.member] = fitted.get(t);
      }

      // out-of-fold meta-features: fold f's rows through fold f's models only
      List<String> blocks = new ArrayList<>();
      for (int j = 0; j < m; j++) blocks.add(MetaFeatures.PREFIX + "m" + j);
      Dataset<Row> union = null;
      for (int f = 0; f < nf; f++) {
        Dataset<Row> test = data.filter(functions.col(FOLD).equalTo(foldIds.get(f)));
        for (int j = 0; j < m; j++) {
          test = MetaFeatures.apply(foldModels[f][j], outputs[j], numClasses, getLogit(), test, features, blocks.get(j));
        }
        union = union == null ? test : union.unionByName(test);
      }
      oof = MetaFeatures.assemble(union, blocks, features, getPassthrough(), META, metaNames)
          .persist(StorageLevel.MEMORY_AND_DISK());

      Estimator<?> meta = getMetaLearner();
      ParamMap metaFit = MetaFeatures.fitParams(meta, META, getLabelCol(), weight);
      if (!weight.isEmpty() && !MetaFeatures.takesWeights(meta)) {
        warnings.add("meta-learner (" + meta.getClass().getSimpleName() + ") has no weightCol: it is fitted unweighted");
      }
      Model<?> metaModel = meta.fit(oof, metaFit);
      oof.unpersist(false); // model.outOfFold() recomputes it from the fold models if asked
      info.put("meta_learner", meta.getClass().getSimpleName());
      ArrayNode w = info.putArray("warnings");
      warnings.forEach(w::add);

      StackingModel.Fitted parts = new StackingModel.Fitted(names, full, metaModel, outputs, widths, numClasses,
          getLogit(), getPassthrough(), metaNames, info, oof.drop(META));
      M model = newModel(parts);
      model.setParent(this);
      copyColumnParams(model);
      return model;
    } finally {
      if (!cached) data.unpersist(false);
    }
  }

  /** Copies the column params the model shares with this estimator. */
  void copyColumnParams(M model) {
    model.set(model.featuresCol(), getFeaturesCol());
    model.set(model.predictionCol(), getPredictionCol());
  }

  private record Fit(int member, int fold, Dataset<Row> train) { }

  private List<Transformer> runFits(List<Fit> tasks, Estimator<?>[] est, String features, String weight) {
    int threads = Math.min(getParallelism(), tasks.size());
    List<java.util.concurrent.Callable<Transformer>> calls = new ArrayList<>();
    for (Fit t : tasks) {
      calls.add(() -> {
        Estimator<?> e = est[t.member];
        return (Transformer) e.fit(t.train, MetaFeatures.fitParams(e, features, getLabelCol(), weight));
      });
    }
    List<Transformer> out = new ArrayList<>();
    if (threads <= 1) {
      for (var c : calls) {
        try {
          out.add(c.call());
        } catch (RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
      return out;
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread th = new Thread(r, "stackwise-fit");
      th.setDaemon(true);
      return th;
    });
    try {
      List<Future<Transformer>> fs = new ArrayList<>();
      for (var c : calls) fs.add(pool.submit(c));
      for (Future<Transformer> f : fs) out.add(f.get());
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while fitting members", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) throw re;
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Counts rows per class; checks labels are integers >= 0; returns the number of classes (max + 1, at least 2). */
  private int countClasses(Dataset<Row> base, Map<Integer, Long> counts) {
    String label = getLabelCol();
    List<Row> rows = base.groupBy(functions.col(label)).count().collectAsList();
    int max = -1;
    for (Row r : rows) {
      if (r.isNullAt(0)) throw new BadInputException("labelCol '" + label + "'", "label column has null values");
      double v = r.getDouble(0);
      if (v < 0 || v != Math.rint(v) || v > 100_000) {
        throw new BadInputException("labelCol '" + label + "'", "class labels must be integers 0..k-1, got " + v);
      }
      counts.put((int) v, r.getLong(1));
      max = Math.max(max, (int) v);
    }
    var sorted = new java.util.TreeMap<>(counts);
    counts.clear();
    counts.putAll(sorted);
    return Math.max(2, max + 1);
  }

  private static int featureCount(Dataset<Row> data, String features) {
    var g = org.apache.spark.ml.attribute.AttributeGroup.fromStructField(data.schema().apply(features));
    if (g.size() >= 0) return g.size();
    return ((org.apache.spark.ml.linalg.Vector) data.select(features).first().get(0)).size();
  }

  // ---- copy and persistence

  @Override public S copy(ParamMap extra) {
    S c = defaultCopy(extra);
    Estimator<?>[] est = getMembers();
    Estimator<?>[] copies = new Estimator<?>[est.length];
    for (int j = 0; j < est.length; j++) copies[j] = (Estimator<?>) est[j].copy(ParamMap.empty());
    c.set(c.members(), copies);
    if (isSet(metaLearner)) c.set(c.metaLearner(), (Estimator<?>) getOrDefault(metaLearner).copy(ParamMap.empty()));
    return c;
  }

  @Override public MLWriter write() {
    return new MLWriter() {
      @Override public void saveImpl(String path) {
        ObjectNode extra = Json.object();
        extra.put("has_meta_learner", isSet(metaLearner));
        StagePersistence.saveMetadata(sparkSession(), StackingEstimator.this, path, extra);
        Estimator<?>[] est = getMembers();
        for (int j = 0; j < est.length; j++) StagePersistence.saveStage(est[j], path + "/members/" + j, "member '" + getMemberNames()[j] + "'");
        if (isSet(metaLearner)) StagePersistence.saveStage(getOrDefault(metaLearner), path + "/meta", "meta-learner");
      }
    };
  }

  /** Reads what {@link #write()} saved into {@code stage}. */
  static <E extends StackingEstimator<?, ?>> E load(SparkSession spark, String path, E stage) {
    var meta = StagePersistence.loadInto(spark, path, stage);
    String[] names = stage.getMemberNames();
    Estimator<?>[] est = new Estimator<?>[names.length];
    for (int j = 0; j < est.length; j++) est[j] = StagePersistence.loadStage(spark, path + "/members/" + j, Estimator.class);
    stage.set(stage.members(), est);
    if (meta.path("stackwise").path("has_meta_learner").asBoolean()) {
      stage.set(stage.metaLearner(), StagePersistence.loadStage(spark, path + "/meta", Estimator.class));
    }
    return stage;
  }
}
