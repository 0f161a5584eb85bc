package org.stackwise.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.stackwise.BadInputException;

/**
 * How a member's Spark output becomes meta-features, identically for out-of-fold rows at fit time and
 * for new rows at transform time (the Spark side of core's {@code MemberOutputs}):
 * <ul>
 *   <li>{@code proba}: the {@code probabilityCol} vector; for two classes only P(class 1), as in core;
 *       with {@code logit}, each value p becomes log(p / (1 − p)) (p clipped to [1e-7, 1 − 1e-7]);
 *   <li>{@code decision}: the {@code rawPredictionCol} vector (for two classes only its second value);
 *   <li>{@code label}: the {@code predictionCol} one-hot encoded (one 0/1 column for two classes);
 *   <li>regression members: the {@code predictionCol} value.
 * </ul>
 * Each member's block is a vector column; {@link #assemble} concatenates the blocks (and, with
 * passthrough, the original features) into the meta-learner's feature vector.
 */
final class MetaFeatures {
  static final String PREFIX = "__sw_";
  private static final double EPS = 1e-7;

  private MetaFeatures() { }

  /** The output a member contributes, resolved from what the member can produce. */
  enum Output {
    PROBA("probabilityCol"), DECISION("rawPredictionCol"), LABEL("predictionCol"), PREDICTION("predictionCol");

    final String param;

    Output(String param) { this.param = param; }

    String id() { return name().toLowerCase(Locale.ROOT); }

    static Output parse(String s) {
      return valueOf(s.toUpperCase(Locale.ROOT));
    }
  }

  /**
   * Which output of a member stack method {@code method} uses: {@code auto} takes probabilities when
   * the member has a {@code probabilityCol}, else its raw prediction, else its label.
   */
  static Output resolve(String method, Params member, String name, boolean classification) {
    if (!member.hasParam("featuresCol") || !member.hasParam("predictionCol")) {
      throw new BadInputException("member '" + name + "'", "a Spark member needs featuresCol and predictionCol params (a Predictor); "
          + member.getClass().getSimpleName() + " has not");
    }
    if (!classification) return Output.PREDICTION;
    boolean proba = member.hasParam("probabilityCol");
    boolean raw = member.hasParam("rawPredictionCol");
    return switch (method) {
      case "auto" -> proba ? Output.PROBA : raw ? Output.DECISION : Output.LABEL;
      case "proba" -> {
        if (!proba) {
          throw new BadInputException("member '" + name + "'", "stackMethod 'proba' needs class probabilities, and "
              + member.getClass().getSimpleName() + " has no probabilityCol; use 'decision' or 'auto'");
        }
        yield Output.PROBA;
      }
      case "decision" -> {
        if (!raw) {
          throw new BadInputException("member '" + name + "'", "stackMethod 'decision' needs raw predictions, and "
              + member.getClass().getSimpleName() + " has no rawPredictionCol; use 'proba' or 'auto'");
        }
        yield Output.DECISION;
      }
      case "label" -> Output.LABEL;
      default -> throw new BadInputException("stackMethod", "stackMethod must be one of auto, proba, decision, label, got '" + method + "'");
    };
  }

  /** Width of a member's block: 1 for regression and binary tasks, else the number of classes. */
  static int width(Output out, int numClasses) {
    return out == Output.PREDICTION || numClasses == 2 ? 1 : numClasses;
  }

  /** Meta-feature names of a member's block, as in core ({@code name:class}, {@code name:decision:class}). */
  static List<String> names(String member, Output out, int numClasses) {
    List<String> n = new ArrayList<>();
    if (out == Output.PREDICTION) {
      n.add(member);
    } else if (numClasses == 2) {
      n.add(member + (out == Output.DECISION ? ":decision" : ":1"));
    } else {
      for (int c = 0; c < numClasses; c++) n.add(member + (out == Output.DECISION ? ":decision:" : ":") + c);
    }
    return n;
  }

  /** Params that point a member's estimator at the stack's columns (only the params the member has). */
  static ParamMap fitParams(Params member, String featuresCol, String labelCol, String weightCol) {
    ParamMap pm = new ParamMap();
    put(pm, member, "featuresCol", featuresCol);
    put(pm, member, "labelCol", labelCol);
    if (weightCol != null && !weightCol.isEmpty()) put(pm, member, "weightCol", weightCol);
    return pm;
  }

  /**
   * Params that make a fitted member write only the output the stack uses, into column {@code out};
   * its other output columns are switched off (set to "").
   */
  static ParamMap outputParams(Params model, Output output, String featuresCol, String out) {
    ParamMap pm = new ParamMap();
    put(pm, model, "featuresCol", featuresCol);
    for (String p : new String[] {"probabilityCol", "rawPredictionCol", "predictionCol"}) {
      // a regression model must keep its prediction column; classifiers skip empty output columns
      if (model.hasParam(p)) put(pm, model, p, p.equals(output.param) ? out : "");
    }
    return pm;
  }

  private static void put(ParamMap pm, Params stage, String param, Object value) {
    if (stage.hasParam(param)) pm.put(stage.getParam(param), value);
  }

  /** True when {@code member} can use row weights. */
  static boolean takesWeights(Estimator<?> member) {
    return member.hasParam("weightCol");
  }

  /**
   * Runs a fitted member on {@code df} and adds its meta-feature block as vector column {@code blockCol}.
   */
  static Dataset<Row> apply(Transformer model, Output output, int numClasses, boolean logit, Dataset<Row> df,
                            String featuresCol, String blockCol) {
    String raw = blockCol + "_raw";
    Dataset<Row> out = model.transform(df, outputParams(model, output, featuresCol, raw));
    UserDefinedFunction f = functions.udf(blockFunction(output, numClasses, logit), SQLDataTypes.VectorType());
    return out.withColumn(blockCol, f.apply(functions.col(raw))).drop(raw);
  }

  /** The function turning one output value into a block vector. */
  static UDF1<Object, Vector> blockFunction(Output output, int k, boolean logit) {
    return switch (output) {
      case PROBA -> v -> {
        double[] p = ((Vector) v).toArray();
        double[] f = k == 2 ? new double[] {p[1]} : p;
        if (logit) {
          for (int j = 0; j < f.length; j++) {
            double q = Math.min(1 - EPS, Math.max(EPS, f[j]));
            f[j] = Math.log(q / (1 - q));
          }
        }
        return Vectors.dense(f);
      };
      case DECISION -> v -> {
        double[] d = ((Vector) v).toArray();
        return Vectors.dense(k == 2 ? new double[] {d[d.length - 1]} : d);
      };
      case LABEL -> v -> {
        int c = (int) ((Number) v).doubleValue();
        if (k == 2) return Vectors.dense(c);
        double[] f = new double[k];
        if (c >= 0 && c < k) f[c] = 1;
        return Vectors.dense(f);
      };
      case PREDICTION -> v -> Vectors.dense(((Number) v).doubleValue());
    };
  }

  /**
   * Adds column {@code metaCol}: the member blocks side by side, then (with passthrough) the features.
   * The column carries ML attribute metadata with its width and names, so the meta-learner needs no
   * extra pass to learn its size.
   */
  static Dataset<Row> assemble(Dataset<Row> df, List<String> blockCols, String featuresCol, boolean passthrough,
                               String metaCol, List<String> attributeNames) {
    List<Column> cols = new ArrayList<>();
    for (String b : blockCols) cols.add(functions.col(b));
    if (passthrough) cols.add(functions.col(featuresCol));
    UserDefinedFunction concat = functions.udf((UDF1<Row, Vector>) MetaFeatures::concat, SQLDataTypes.VectorType());
    int width = attributeNames.size();
    org.apache.spark.ml.attribute.Attribute[] attrs = new org.apache.spark.ml.attribute.Attribute[width];
    for (int i = 0; i < width; i++) {
      attrs[i] = org.apache.spark.ml.attribute.NumericAttribute.defaultAttr().withName(attributeNames.get(i)).withIndex(i);
    }
    var meta = new AttributeGroup(metaCol, attrs).toMetadata();
    return df.withColumn(metaCol, concat.apply(functions.struct(cols.toArray(new Column[0]))).as(metaCol, meta));
  }

  private static Vector concat(Row r) {
    int n = 0;
    for (int i = 0; i < r.size(); i++) n += ((Vector) r.get(i)).size();
    double[] out = new double[n];
    int o = 0;
    for (int i = 0; i < r.size(); i++) {
      Vector v = (Vector) r.get(i);
      if (v instanceof org.apache.spark.ml.linalg.DenseVector d) {
        System.arraycopy(d.values(), 0, out, o, d.size());
      } else {
        double[] a = v.toArray();
        System.arraycopy(a, 0, out, o, a.length);
      }
      o += v.size();
    }
    return Vectors.dense(out);
  }
}
