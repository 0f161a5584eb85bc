package org.stackwise.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/** A fitted {@link StackingRegressor}: adds the meta-model's {@code prediction} column. */
public final class StackingRegressionModel extends StackingModel<StackingRegressionModel> {
  private static final long serialVersionUID = 1L;

  StackingRegressionModel(String uid, Fitted fitted) {
    super(uid, fitted);
  }

  @Override ParamMap metaOutputParams() {
    ParamMap pm = new ParamMap();
    var meta = fitted.meta();
    pm.put(meta.getParam("featuresCol"), StackingEstimator.META);
    pm.put(meta.getParam("predictionCol"), getPredictionCol());
    return pm;
  }

  @Override Map<String, DataType> outputColumns() {
    Map<String, DataType> m = new LinkedHashMap<>();
    m.put(getPredictionCol(), DataTypes.DoubleType);
    return m;
  }

  @Override public StackingRegressionModel copy(ParamMap extra) {
    StackingRegressionModel c = new StackingRegressionModel(uid(), fitted);
    copyValues(c, extra);
    return c.setParent(parent());
  }

  public static MLReader<StackingRegressionModel> read() {
    return new MLReader<>() {
      @Override public StackingRegressionModel load(String path) {
        StackingRegressionModel m = new StackingRegressionModel(StagePersistence.savedUid(sparkSession(), path), loadFitted(sparkSession(), path));
        StagePersistence.loadInto(sparkSession(), path, m);
        return m;
      }
    };
  }

  public static StackingRegressionModel load(String path) {
    return read().load(path);
  }
}
