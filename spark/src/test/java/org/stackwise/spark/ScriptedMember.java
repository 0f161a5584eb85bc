package org.stackwise.spark;

import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * A fitted test member with a scripted, pure probability function of the features (so tests can run
 * it outside Spark too) that counts, in an accumulator, every row it is run on.
 * Member {@code j} reads feature {@code j} of 3-class blobs centred at (2c, -c, 2c, -c): it puts mass on
 * classes by their distance to the feature's class centre, sharper for larger {@code sharpness}.
 */
public final class ScriptedMember extends Model<ScriptedMember> {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final int feature;
  private final double sharpness;
  private final LongAccumulator counter;
  final Param<String> featuresCol;
  final Param<String> predictionCol;
  final Param<String> probabilityCol;

  ScriptedMember(int feature, double sharpness, LongAccumulator counter) {
    this.uid = org.apache.spark.ml.util.Identifiable$.MODULE$.randomUID("scripted");
    this.feature = feature;
    this.sharpness = sharpness;
    this.counter = counter;
    featuresCol = new Param<>(this, "featuresCol", "");
    predictionCol = new Param<>(this, "predictionCol", "");
    probabilityCol = new Param<>(this, "probabilityCol", "");
    setDefault(featuresCol, "features");
    setDefault(predictionCol, "prediction");
    setDefault(probabilityCol, "probability");
  }

  public Param<String> featuresCol() { return featuresCol; }
  public Param<String> predictionCol() { return predictionCol; }
  public Param<String> probabilityCol() { return probabilityCol; }

  /** The member's class distribution for {@code x}. */
  static double[] proba(double[] x, int feature, double sharpness) {
    double v = x[feature];
    double[] p = new double[3];
    double sum = 0;
    for (int c = 0; c < 3; c++) {
      double centre = feature % 2 == 0 ? 2.0 * c : -c;
      double scale = feature % 2 == 0 ? 2.0 : 1.0;
      double d = (v - centre) / scale;
      p[c] = Math.exp(-sharpness * d * d);
      sum += p[c];
    }
    for (int c = 0; c < 3; c++) p[c] = sum > 0 ? p[c] / sum : 1.0 / 3;
    return p;
  }

  double[] proba(double[] x) { return proba(x, feature, sharpness); }

  @Override public String uid() { return uid; }

  @Override public Dataset<Row> transform(Dataset<?> dataset) {
    int f = feature;
    double s = sharpness;
    LongAccumulator acc = counter;
    Dataset<Row> df = dataset.toDF();
    String prob = getOrDefault(probabilityCol);
    if (!prob.isEmpty()) {
      var udf = functions.udf((UDF1<Vector, Vector>) v -> {
        acc.add(1);
        return Vectors.dense(proba(v.toArray(), f, s));
      }, SQLDataTypes.VectorType()).asNondeterministic();
      df = df.withColumn(prob, udf.apply(functions.col(getOrDefault(featuresCol))));
    }
    return df;
  }

  @Override public StructType transformSchema(StructType schema) { return schema; }

  @Override public ScriptedMember copy(ParamMap extra) {
    ScriptedMember m = new ScriptedMember(feature, sharpness, counter);
    copyValues(m, extra);
    return m;
  }
}
