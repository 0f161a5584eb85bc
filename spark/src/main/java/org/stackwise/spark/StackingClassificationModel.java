package org.stackwise.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * A fitted {@link StackingClassifier}: adds {@code rawPrediction}, {@code probability} and
 * {@code prediction} columns (the meta-model's), like Spark's own classifiers, so evaluators and
 * pipelines treat it as one.
 */
public final class StackingClassificationModel extends StackingModel<StackingClassificationModel> {
  private static final long serialVersionUID = 1L;
  private final Param<String> probabilityCol;
  private final Param<String> rawPredictionCol;

  StackingClassificationModel(String uid, Fitted fitted) {
    super(uid, fitted);
    probabilityCol = new Param<>(this, "probabilityCol", "class probability column name; empty to skip");
    rawPredictionCol = new Param<>(this, "rawPredictionCol", "raw prediction column name; empty to skip");
    setDefault(probabilityCol, "probability");
    setDefault(rawPredictionCol, "rawPrediction");
  }

  public Param<String> probabilityCol() { return probabilityCol; }
  public Param<String> rawPredictionCol() { return rawPredictionCol; }
  public String getProbabilityCol() { return getOrDefault(probabilityCol); }
  public String getRawPredictionCol() { return getOrDefault(rawPredictionCol); }
  public StackingClassificationModel setProbabilityCol(String v) { set(probabilityCol, v); return this; }
  public StackingClassificationModel setRawPredictionCol(String v) { set(rawPredictionCol, v); return this; }

  @Override ParamMap metaOutputParams() {
    ParamMap pm = new ParamMap();
    var meta = fitted.meta();
    pm.put(meta.getParam("featuresCol"), StackingEstimator.META);
    pm.put(meta.getParam("predictionCol"), getPredictionCol());
    if (meta.hasParam("probabilityCol")) pm.put(meta.getParam("probabilityCol"), getProbabilityCol());
    if (meta.hasParam("rawPredictionCol")) pm.put(meta.getParam("rawPredictionCol"), getRawPredictionCol());
    return pm;
  }

  @Override Map<String, DataType> outputColumns() {
    Map<String, DataType> m = new LinkedHashMap<>();
    var meta = fitted.meta();
    if (meta.hasParam("rawPredictionCol")) m.put(getRawPredictionCol(), SQLDataTypes.VectorType());
    if (meta.hasParam("probabilityCol")) m.put(getProbabilityCol(), SQLDataTypes.VectorType());
    m.put(getPredictionCol(), DataTypes.DoubleType);
    return m;
  }

  @Override public StackingClassificationModel copy(ParamMap extra) {
    StackingClassificationModel c = new StackingClassificationModel(uid(), fitted);
    copyValues(c, extra);
    return c.setParent(parent());
  }

  public static MLReader<StackingClassificationModel> read() {
    return new MLReader<>() {
      @Override public StackingClassificationModel load(String path) {
        StackingClassificationModel m = new StackingClassificationModel(StagePersistence.savedUid(sparkSession(), path), loadFitted(sparkSession(), path));
        StagePersistence.loadInto(sparkSession(), path, m);
        return m;
      }
    };
  }

  public static StackingClassificationModel load(String path) {
    return read().load(path);
  }
}
