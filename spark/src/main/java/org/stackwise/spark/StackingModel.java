package org.stackwise.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.stackwise.BadInputException;
import org.stackwise.io.Json;

/**
 * A fitted Spark stack: the members refitted on all rows, and the meta-model fitted on their
 * out-of-fold outputs. {@link #transform} runs every member (each adds its meta-feature block), joins
 * the blocks into the meta-model's input and runs the meta-model: one narrow Spark stage, no shuffle.
 * Member and meta models are broadcast by Spark as part of the task closures.
 *
 * <p>A model returned by {@code fit} also holds its out-of-fold table ({@link #outOfFold()}), like the
 * training summaries of Spark's own models; a loaded model does not.
 *
 * @param <M> the concrete model type
 */
public abstract class StackingModel<M extends StackingModel<M>> extends Model<M> implements MLWritable {
  private static final long serialVersionUID = 1L;

  /** What fitting produced. */
  record Fitted(String[] names, Transformer[] members, Model<?> meta, MetaFeatures.Output[] outputs, int[] widths,
                int numClasses, boolean logit, boolean passthrough, List<String> metaNames, ObjectNode info,
                Dataset<Row> oof) {
    Fitted withoutOof() {
      return new Fitted(names, members, meta, outputs, widths, numClasses, logit, passthrough, metaNames, info, null);
    }
  }

  private final String uid;
  final Fitted fitted;
  private final Param<String> featuresCol;
  private final Param<String> predictionCol;
  private final Param<String> memberOutputPrefix;

  protected StackingModel(String uid, Fitted fitted) {
    this.uid = uid;
    this.fitted = fitted;
    featuresCol = new Param<>(this, "featuresCol", "features column name (a vector)");
    predictionCol = new Param<>(this, "predictionCol", "prediction column name");
    memberOutputPrefix = new Param<>(this, "memberOutputPrefix",
        "when not empty, keep each member's meta-feature vector as column <prefix><member name>");
    setDefault(featuresCol, "features");
    setDefault(predictionCol, "prediction");
    setDefault(memberOutputPrefix, "");
  }

  @Override public String uid() { return uid; }

  public Param<String> featuresCol() { return featuresCol; }
  public Param<String> predictionCol() { return predictionCol; }
  public Param<String> memberOutputPrefix() { return memberOutputPrefix; }
  public String getFeaturesCol() { return getOrDefault(featuresCol); }
  public String getPredictionCol() { return getOrDefault(predictionCol); }
  public String getMemberOutputPrefix() { return getOrDefault(memberOutputPrefix); }

  @SuppressWarnings("unchecked") final M self() { return (M) this; }

  public M setFeaturesCol(String v) { set(featuresCol, v); return self(); }
  public M setPredictionCol(String v) { set(predictionCol, v); return self(); }
  public M setMemberOutputPrefix(String v) { set(memberOutputPrefix, v); return self(); }

  /** Member names, in order. */
  public List<String> memberNames() { return List.of(fitted.names()); }

  /** The members refitted on all rows (Spark models, or {@link LocalLearnerModel}s), in order. */
  public List<Transformer> memberModels() { return List.of(fitted.members()); }

  /** The member model named {@code name}. */
  public Transformer memberModel(String name) {
    int j = memberNames().indexOf(name);
    if (j < 0) throw new BadInputException("member '" + name + "'", "no such member; members are " + memberNames());
    return fitted.members()[j];
  }

  /** The meta-model (fitted on out-of-fold member outputs). */
  public Model<?> metaModel() { return fitted.meta(); }

  /** Number of classes (0 for regression). */
  public int numClasses() { return fitted.numClasses(); }

  /** Which output each member stacks ({@code proba}, {@code decision}, {@code label}, {@code prediction}). */
  public List<String> memberOutputs() {
    return Arrays.stream(fitted.outputs()).map(MetaFeatures.Output::id).toList();
  }

  /** Names of the meta-model's input features, in order (as in core: {@code member:class}). */
  public List<String> metaFeatureNames() { return fitted.metaNames(); }

  /** Fit information as JSON: folds, fold kind, class counts, meta-learner, warnings. */
  public String info() { return fitted.info().toString(); }

  /** True when this model was just fitted (not loaded) and so holds its out-of-fold table. */
  public boolean hasOutOfFold() { return fitted.oof() != null; }

  /**
   * The out-of-fold table the meta-learner was fitted on: the label (and weight, id, fold columns),
   * the fold ({@code __sw_fold}) and each member's out-of-fold meta-feature vector ({@code __sw_m<j>}).
   * Not cached: each action recomputes it from the fold models.
   */
  public Dataset<Row> outOfFold() {
    if (fitted.oof() == null) throw new IllegalStateException("no out-of-fold table: this model was loaded, not fitted");
    return fitted.oof();
  }

  /** The meta-model's output params for this task. */
  abstract ParamMap metaOutputParams();

  /** Output columns (name → type) this model adds, for {@link #transformSchema}. */
  abstract Map<String, DataType> outputColumns();

  @Override public StructType transformSchema(StructType schema) {
    StackingEstimator.requireVector(schema, getFeaturesCol());
    StructType out = outputSchema(schema, outputColumns());
    String prefix = getMemberOutputPrefix();
    if (!prefix.isEmpty()) {
      for (String n : fitted.names()) out = out.add(new StructField(prefix + n, SQLDataTypes.VectorType(), true, Metadata.empty()));
    }
    return out;
  }

  static StructType outputSchema(StructType schema, Map<String, DataType> columns) {
    StructType out = schema;
    for (var e : columns.entrySet()) {
      if (e.getKey().isEmpty()) continue;
      if (Arrays.asList(schema.fieldNames()).contains(e.getKey())) {
        throw new BadInputException("column '" + e.getKey() + "'", "output column already exists in the input");
      }
      out = out.add(new StructField(e.getKey(), e.getValue(), false, Metadata.empty()));
    }
    return out;
  }

  @Override public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    Dataset<Row> df = memberBlocks(dataset.toDF());
    List<String> blocks = blockColumns();
    df = MetaFeatures.assemble(df, blocks, getFeaturesCol(), fitted.passthrough(), StackingEstimator.META, fitted.metaNames());
    df = fitted.meta().transform(df, metaOutputParams()).drop(StackingEstimator.META);
    String prefix = getMemberOutputPrefix();
    for (int j = 0; j < blocks.size(); j++) {
      df = prefix.isEmpty() ? df.drop(blocks.get(j)) : df.withColumnRenamed(blocks.get(j), prefix + fitted.names()[j]);
    }
    return df;
  }

  /** Adds every member's meta-feature block ({@code __sw_m<j>}) to {@code df}. */
  Dataset<Row> memberBlocks(Dataset<Row> df) {
    List<String> blocks = blockColumns();
    for (int j = 0; j < blocks.size(); j++) {
      df = MetaFeatures.apply(fitted.members()[j], fitted.outputs()[j], fitted.numClasses(), fitted.logit(), df,
          getFeaturesCol(), blocks.get(j));
    }
    return df;
  }

  List<String> blockColumns() {
    List<String> b = new ArrayList<>();
    for (int j = 0; j < fitted.names().length; j++) b.add(MetaFeatures.PREFIX + "m" + j);
    return b;
  }

  // ---- persistence

  ObjectNode structure() {
    ObjectNode o = Json.object();
    ArrayNode names = o.putArray("members");
    for (String n : fitted.names()) names.add(n);
    ArrayNode outs = o.putArray("outputs");
    for (var x : fitted.outputs()) outs.add(x.id());
    ArrayNode w = o.putArray("widths");
    for (int x : fitted.widths()) w.add(x);
    o.put("num_classes", fitted.numClasses());
    o.put("logit", fitted.logit());
    o.put("passthrough", fitted.passthrough());
    o.set("meta_feature_names", Json.stringsToJson(fitted.metaNames()));
    o.set("info", fitted.info());
    return o;
  }

  @Override public MLWriter write() {
    return new MLWriter() {
      @Override public void saveImpl(String path) {
        StagePersistence.saveMetadata(sparkSession(), StackingModel.this, path, structure());
        for (int j = 0; j < fitted.names().length; j++) {
          StagePersistence.saveStage(fitted.members()[j], path + "/members/" + j, "member '" + fitted.names()[j] + "'");
        }
        StagePersistence.saveStage(fitted.meta(), path + "/meta", "meta-model");
      }
    };
  }

  /** Reads the fitted parts saved by {@link #write()} (the model's params are set by the caller). */
  static Fitted loadFitted(SparkSession spark, String path) {
    JsonNode m = StagePersistence.loadMetadata(spark, path);
    JsonNode s = m.path("stackwise");
    List<String> names = Json.strings(s.get("members"), path);
    int n = names.size();
    Transformer[] members = new Transformer[n];
    MetaFeatures.Output[] outputs = new MetaFeatures.Output[n];
    int[] widths = new int[n];
    for (int j = 0; j < n; j++) {
      members[j] = StagePersistence.loadStage(spark, path + "/members/" + j, Transformer.class);
      outputs[j] = MetaFeatures.Output.parse(s.path("outputs").path(j).asText());
      widths[j] = s.path("widths").path(j).asInt();
    }
    Model<?> meta = StagePersistence.loadStage(spark, path + "/meta", Model.class);
    JsonNode info = s.path("info");
    return new Fitted(names.toArray(new String[0]), members, meta, outputs, widths, s.path("num_classes").asInt(),
        s.path("logit").asBoolean(), s.path("passthrough").asBoolean(), Json.strings(s.get("meta_feature_names"), path),
        info.isObject() ? (ObjectNode) info : Json.object(), null);
  }
}
