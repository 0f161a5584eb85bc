package org.stackwise.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * A stacked classifier as a Spark ML estimator: any Spark classifiers (or {@link LocalLearner}s) as
 * members, a Spark classifier as meta-learner (default: {@code LogisticRegression} with a light L2
 * penalty, regParam 1e-3). Labels are class indices 0..k−1 (as from {@code StringIndexer}).
 *
 * <pre>{@code
 * StackingClassifier stack = new StackingClassifier()
 *     .addMember("lr", new LogisticRegression())
 *     .addMember("rf", new RandomForestClassifier().setNumTrees(50))
 *     .setNumFolds(5).setSeed(7);
 * StackingClassificationModel model = stack.fit(train);
 * model.transform(test).select("prediction", "probability").show();
 * }</pre>
 * See {@link StackingEstimator} for which model sees which rows and what Spark runs.
 */
public final class StackingClassifier
    extends StackingEstimator<StackingClassificationModel, StackingClassifier> {
  private static final long serialVersionUID = 1L;
  private final Param<String> probabilityCol;
  private final Param<String> rawPredictionCol;

  public StackingClassifier() {
    this(randomUid("stackingClassifier"));
  }

  public StackingClassifier(String uid) {
    super(uid);
    probabilityCol = new Param<>(this, "probabilityCol", "class probability column name; empty to skip");
    rawPredictionCol = new Param<>(this, "rawPredictionCol", "raw prediction column name; empty to skip");
    setDefault(probabilityCol, "probability");
    setDefault(rawPredictionCol, "rawPrediction");
  }

  public Param<String> probabilityCol() { return probabilityCol; }
  public Param<String> rawPredictionCol() { return rawPredictionCol; }
  public String getProbabilityCol() { return getOrDefault(probabilityCol); }
  public String getRawPredictionCol() { return getOrDefault(rawPredictionCol); }
  public StackingClassifier setProbabilityCol(String v) { set(probabilityCol, v); return this; }
  public StackingClassifier setRawPredictionCol(String v) { set(rawPredictionCol, v); return this; }

  @Override boolean classification() { return true; }

  @Override Estimator<?> defaultMeta() {
    return new LogisticRegression().setRegParam(1e-3);
  }

  @Override StackingClassificationModel newModel(StackingModel.Fitted fitted) {
    return new StackingClassificationModel(uid(), fitted);
  }

  @Override ParamMap metaOutputParams(Estimator<?> meta, ParamMap pm) {
    return pm;
  }

  @Override void copyColumnParams(StackingClassificationModel model) {
    super.copyColumnParams(model);
    model.setProbabilityCol(getProbabilityCol());
    model.setRawPredictionCol(getRawPredictionCol());
  }

  @Override Map<String, DataType> outputColumns() {
    Map<String, DataType> m = new LinkedHashMap<>();
    m.put(getRawPredictionCol(), SQLDataTypes.VectorType());
    m.put(getProbabilityCol(), SQLDataTypes.VectorType());
    m.put(getPredictionCol(), DataTypes.DoubleType);
    return m;
  }

  public static MLReader<StackingClassifier> read() {
    return new MLReader<>() {
      @Override public StackingClassifier load(String path) {
        return StackingEstimator.load(sparkSession(), path, new StackingClassifier(StagePersistence.savedUid(sparkSession(), path)));
      }
    };
  }

  public static StackingClassifier load(String path) {
    return read().load(path);
  }
}
