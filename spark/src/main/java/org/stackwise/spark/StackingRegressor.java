package org.stackwise.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * A stacked regressor as a Spark ML estimator: any Spark regressors (or {@link LocalLearner}s) as
 * members, a Spark regressor as meta-learner (default: {@code LinearRegression}, regParam 1e-3).
 * See {@link StackingEstimator} for which model sees which rows and what Spark runs.
 */
public final class StackingRegressor extends StackingEstimator<StackingRegressionModel, StackingRegressor> {
  private static final long serialVersionUID = 1L;

  public StackingRegressor() {
    this(randomUid("stackingRegressor"));
  }

  public StackingRegressor(String uid) {
    super(uid);
  }

  @Override boolean classification() { return false; }

  @Override Estimator<?> defaultMeta() {
    return new LinearRegression().setRegParam(1e-3);
  }

  @Override StackingRegressionModel newModel(StackingModel.Fitted fitted) {
    return new StackingRegressionModel(uid(), fitted);
  }

  @Override ParamMap metaOutputParams(Estimator<?> meta, ParamMap pm) {
    return pm;
  }

  @Override Map<String, DataType> outputColumns() {
    Map<String, DataType> m = new LinkedHashMap<>();
    m.put(getPredictionCol(), DataTypes.DoubleType);
    return m;
  }

  public static MLReader<StackingRegressor> read() {
    return new MLReader<>() {
      @Override public StackingRegressor load(String path) {
        return StackingEstimator.load(sparkSession(), path, new StackingRegressor(StagePersistence.savedUid(sparkSession(), path)));
      }
    };
  }

  public static StackingRegressor load(String path) {
    return read().load(path);
  }
}
