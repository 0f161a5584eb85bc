package org.stackwise.spark;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.stackwise.BadInputException;
import org.stackwise.FitContext;
import org.stackwise.Learner;
import org.stackwise.Model;
import org.stackwise.Task;
import org.stackwise.data.Schema;
import org.stackwise.data.Target;
import org.stackwise.io.Json;
import org.stackwise.learners.Catalogue;
import org.stackwise.spec.Specs;

/**
 * A Stackwise (core) learner as a Spark ML estimator, so core learners can be stack members or
 * meta-learners beside Spark's own. The learner is given as its JSON spec
 * ({@code {"learner": "lightgbm", "params": {...}}}).
 *
 * <p>Fitting is <em>local</em>: the training rows (features, label, weight) are collected to the
 * driver and the core learner fits them there with its own threads — fine for the sizes core
 * learners handle (up to a few million cells), not for data that only fits across a cluster.
 * Prediction is distributed: the fitted model travels to executors as {@code .swm} bytes and predicts
 * row by row inside each partition ({@link LocalLearnerModel}).
 *
 * <p>Classes: labels are class indices; the number of classes comes from the label column's ML
 * metadata when present (a stack sets it, so a fold without some class still yields a model over all
 * classes), else from the largest label. Features are numeric (a Spark vector; NaN = missing).
 */
public final class LocalLearner extends Estimator<LocalLearnerModel> implements MLWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final Param<String> featuresCol;
  private final Param<String> labelCol;
  private final Param<String> weightCol;
  private final Param<String> predictionCol;
  private final Param<String> probabilityCol;
  private final Param<String> rawPredictionCol;
  private final Param<String> spec;
  private final Param<String> task;
  private final LongParam seed;

  public LocalLearner() {
    this(StackingEstimator.randomUid("localLearner"));
  }

  public LocalLearner(String uid) {
    this.uid = uid;
    featuresCol = new Param<>(this, "featuresCol", "features column name (a vector)");
    labelCol = new Param<>(this, "labelCol", "label column name");
    weightCol = new Param<>(this, "weightCol", "row weight column; empty for none");
    predictionCol = new Param<>(this, "predictionCol", "prediction column name");
    probabilityCol = new Param<>(this, "probabilityCol", "class probability column; empty to skip");
    rawPredictionCol = new Param<>(this, "rawPredictionCol", "raw prediction column (decision values when the model has them, else probabilities); empty to skip");
    spec = new Param<>(this, "spec", "the core learner's JSON spec");
    task = new Param<>(this, "task", "classification or regression",
        ParamValidators.inArray(new String[] {"classification", "regression"}));
    seed = new LongParam(this, "seed", "fit seed");
    setDefault(featuresCol, "features");
    setDefault(labelCol, "label");
    setDefault(weightCol, "");
    setDefault(predictionCol, "prediction");
    setDefault(probabilityCol, "probability");
    setDefault(rawPredictionCol, "rawPrediction");
    setDefault(task, "classification");
    setDefault(seed, 42L);
  }

  /** A classifier from a core spec, e.g. {@code {"learner": "logistic"}}. */
  public static LocalLearner classifier(String specJson) {
    return new LocalLearner().setSpec(specJson).setTask("classification");
  }

  /** A regressor from a core spec. */
  public static LocalLearner regressor(String specJson) {
    return new LocalLearner().setSpec(specJson).setTask("regression");
  }

  /** A classifier from a catalogue learner with default hyperparameters ({@code "logistic"}, {@code "lightgbm"} ...). */
  public static LocalLearner catalogueClassifier(String id) {
    return classifier(Catalogue.toSpec(Catalogue.defaults(id)).toString());
  }

  @Override public String uid() { return uid; }

  public Param<String> featuresCol() { return featuresCol; }
  public Param<String> labelCol() { return labelCol; }
  public Param<String> weightCol() { return weightCol; }
  public Param<String> predictionCol() { return predictionCol; }
  public Param<String> probabilityCol() { return probabilityCol; }
  public Param<String> rawPredictionCol() { return rawPredictionCol; }
  public Param<String> spec() { return spec; }
  public Param<String> task() { return task; }
  public LongParam seed() { return seed; }

  public LocalLearner setFeaturesCol(String v) { set(featuresCol, v); return this; }
  public LocalLearner setLabelCol(String v) { set(labelCol, v); return this; }
  public LocalLearner setWeightCol(String v) { set(weightCol, v); return this; }
  public LocalLearner setPredictionCol(String v) { set(predictionCol, v); return this; }
  public LocalLearner setProbabilityCol(String v) { set(probabilityCol, v); return this; }
  public LocalLearner setRawPredictionCol(String v) { set(rawPredictionCol, v); return this; }
  public LocalLearner setSeed(long v) { set(seed, v); return this; }

  /** Sets the spec; it is parsed at once so a bad spec fails here, naming the problem. */
  public LocalLearner setSpec(String v) {
    Specs.parse(v, "spec");
    set(spec, v);
    return this;
  }

  public LocalLearner setTask(String v) { set(task, v); return this; }

  public String getSpec() { return getOrDefault(spec); }
  public String getTask() { return getOrDefault(task); }
  public long getSeed() { return (Long) getOrDefault(seed); }

  /** The core learner. */
  public Learner learner() {
    if (!isDefined(spec)) throw new IllegalStateException("LocalLearner has no spec");
    return Specs.parse(getSpec(), "spec");
  }

  @Override public StructType transformSchema(StructType schema) {
    StackingEstimator.requireVector(schema, getOrDefault(featuresCol));
    StackingEstimator.requireNumeric(schema, getOrDefault(labelCol));
    return schema;
  }

  @Override public LocalLearnerModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    Learner learner = learner();
    boolean classes = getTask().equals("classification");
    if (!learner.supports(classes ? Task.CLASSIFICATION : Task.REGRESSION)) {
      throw new BadInputException("spec", "learner '" + learner.id() + "' does not support " + getTask());
    }
    String label = getOrDefault(labelCol);
    String weight = getOrDefault(weightCol);
    Column[] cols = weight.isEmpty()
        ? new Column[] {functions.col(getOrDefault(featuresCol)), functions.col(label).cast("double")}
        : new Column[] {functions.col(getOrDefault(featuresCol)), functions.col(label).cast("double"), functions.col(weight).cast("double")};
    List<Row> rows = dataset.toDF().select(cols).collectAsList();
    if (rows.isEmpty()) throw new BadInputException("LocalLearner", "no training rows");
    int d = ((Vector) rows.get(0).get(0)).size();
    double[][] x = new double[rows.size()][];
    double[] y = new double[rows.size()];
    double[] w = weight.isEmpty() ? null : new double[rows.size()];
    for (int i = 0; i < x.length; i++) {
      Row r = rows.get(i);
      x[i] = ((Vector) r.get(0)).toArray();
      if (x[i].length != d) throw new BadInputException("features", "row " + i + " has " + x[i].length + " features, expected " + d);
      y[i] = r.getDouble(1);
      if (w != null) w[i] = r.getDouble(2);
    }
    Schema schema = Schema.numeric("f", d);
    int numClasses = 0;
    Target target;
    if (classes) {
      numClasses = numClasses(dataset.schema(), label, y);
      int[] yi = new int[y.length];
      for (int i = 0; i < y.length; i++) yi[i] = (int) y[i];
      target = new Target.Classes(label, LocalLearnerModel.classNames(numClasses), yi);
    } else {
      target = new Target.Numeric(label, y);
    }
    org.stackwise.data.Dataset data = org.stackwise.data.Dataset.of(schema, x, target);
    if (w != null) data = data.withWeights(w);
    Model model = learner.fit(data, FitContext.seeded(getSeed()));
    JsonNode specNode = learner.spec();
    LocalLearnerModel m = new LocalLearnerModel(uid, SwmBytes.of(model, specNode), numClasses);
    m.cacheModel(model);
    for (Param<?> p : new Param<?>[] {featuresCol, predictionCol, probabilityCol, rawPredictionCol}) {
      m.set(m.getParam(p.name()), getOrDefault(p));
    }
    return m.setParent(this);
  }

  private static int numClasses(StructType schema, String label, double[] y) {
    int max = -1;
    for (double v : y) {
      if (v < 0 || v != Math.rint(v)) throw new BadInputException("labelCol '" + label + "'", "class labels must be integers 0..k-1, got " + v);
      max = Math.max(max, (int) v);
    }
    Attribute a = Attribute.fromStructField(schema.apply(label));
    if (a instanceof NominalAttribute n && n.getNumValues().isDefined()) {
      max = Math.max(max, (Integer) n.getNumValues().get() - 1);
    }
    return Math.max(2, max + 1);
  }

  @Override public LocalLearner copy(ParamMap extra) { return defaultCopy(extra); }

  @Override public MLWriter write() {
    return new MLWriter() {
      @Override public void saveImpl(String path) {
        StagePersistence.saveMetadata(sparkSession(), LocalLearner.this, path, Json.object());
      }
    };
  }

  public static MLReader<LocalLearner> read() {
    return new MLReader<>() {
      @Override public LocalLearner load(String path) {
        LocalLearner l = new LocalLearner(StagePersistence.savedUid(sparkSession(), path));
        StagePersistence.loadInto(sparkSession(), path, l);
        return l;
      }
    };
  }

  public static LocalLearner load(String path) {
    return read().load(path);
  }
}
