package org.stackwise.spark;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * A test member that remembers the feature vectors it was fitted on: its "probability" is [1, 0] for a
 * row it saw and [0, 1] for a row it did not, so a stacked meta-feature of 1.0 proves the row was out of fold.
 * Not a Predictor: it has the column params by name only, which is all a stack needs.
 */
public final class SeenRows extends Estimator<SeenRows.SeenModel> {
  private static final long serialVersionUID = 1L;
  private final String uid;
  final Param<String> featuresCol;
  final Param<String> labelCol;
  final Param<String> predictionCol;
  final Param<String> probabilityCol;

  public SeenRows() { this(org.apache.spark.ml.util.Identifiable$.MODULE$.randomUID("seenRows")); }

  public SeenRows(String uid) {
    this.uid = uid;
    featuresCol = new Param<>(this, "featuresCol", "");
    labelCol = new Param<>(this, "labelCol", "");
    predictionCol = new Param<>(this, "predictionCol", "");
    probabilityCol = new Param<>(this, "probabilityCol", "");
    setDefault(featuresCol, "features");
    setDefault(labelCol, "label");
    setDefault(predictionCol, "prediction");
    setDefault(probabilityCol, "probability");
  }

  public Param<String> featuresCol() { return featuresCol; }
  public Param<String> labelCol() { return labelCol; }
  public Param<String> predictionCol() { return predictionCol; }
  public Param<String> probabilityCol() { return probabilityCol; }

  @Override public String uid() { return uid; }

  @Override public SeenModel fit(Dataset<?> dataset) {
    List<Row> rows = dataset.toDF().select(getOrDefault(featuresCol)).collectAsList();
    Set<Vector> seen = new HashSet<>();
    for (Row r : rows) seen.add((Vector) r.get(0));
    SeenModel m = new SeenModel(uid, seen);
    copyOutputs(this, m);
    return m.setParent(this);
  }

  static void copyOutputs(Params from, SeenModel to) {
    for (String p : new String[] {"featuresCol", "predictionCol", "probabilityCol"}) {
      to.set(to.getParam(p), from.getOrDefault(from.getParam(p)));
    }
  }

  @Override public StructType transformSchema(StructType schema) { return schema; }

  @Override public SeenRows copy(ParamMap extra) { return defaultCopy(extra); }

  /** The fitted memory. */
  public static final class SeenModel extends Model<SeenModel> {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final Set<Vector> seen;
    final Param<String> featuresCol;
    final Param<String> predictionCol;
    final Param<String> probabilityCol;

    SeenModel(String uid, Set<Vector> seen) {
      this.uid = uid;
      this.seen = seen;
      featuresCol = new Param<>(this, "featuresCol", "");
      predictionCol = new Param<>(this, "predictionCol", "");
      probabilityCol = new Param<>(this, "probabilityCol", "");
    }

    public Param<String> featuresCol() { return featuresCol; }
    public Param<String> predictionCol() { return predictionCol; }
    public Param<String> probabilityCol() { return probabilityCol; }

    int size() { return seen.size(); }

    @Override public String uid() { return uid; }

    @Override public Dataset<Row> transform(Dataset<?> dataset) {
      Set<Vector> s = seen;
      Dataset<Row> df = dataset.toDF();
      var col = functions.col(getOrDefault(featuresCol));
      String prob = getOrDefault(probabilityCol);
      String pred = getOrDefault(predictionCol);
      if (!prob.isEmpty()) {
        df = df.withColumn(prob, functions.udf((UDF1<Vector, Vector>) v -> s.contains(v) ? Vectors.dense(1, 0) : Vectors.dense(0, 1),
            SQLDataTypes.VectorType()).apply(col));
      }
      if (!pred.isEmpty()) {
        df = df.withColumn(pred, functions.udf((UDF1<Vector, Double>) v -> s.contains(v) ? 0.0 : 1.0,
            org.apache.spark.sql.types.DataTypes.DoubleType).apply(col));
      }
      return df;
    }

    @Override public StructType transformSchema(StructType schema) { return schema; }

    @Override public SeenModel copy(ParamMap extra) {
      SeenModel m = new SeenModel(uid, seen);
      copyValues(m, extra);
      return m;
    }
  }
}
