package org.stackwise.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.stackwise.BadInputException;

/**
 * Member outputs of Spark models in Stackwise's execution-log format, for the CLI and core's black-box
 * tools when a stack has Spark-native members (which {@link SwmExport} cannot export):
 * <pre>{"id": "17", "label": "2", "outputs": {"lr": {"proba": {"0": 0.1, "1": 0.2, "2": 0.7}, "cost": 0.002}, ...}}</pre>
 * Classes are the label indices as strings. Write the frame with {@code .write().json(dir)}; the
 * part files, concatenated, are a {@code .jsonl} log that {@code stackwise lazy fit --log} and
 * {@code stackwise lazy evaluate --log} read. ({@code .write().parquet(dir)} keeps the same columns for
 * other tools.)
 */
public final class MemberOutputExport {
  private MemberOutputExport() { }

  /** The execution log of a fitted stack's members on {@code df} (costs per member in {@code costUnit}-free numbers, may be null). */
  public static Dataset<Row> executionLog(StackingClassificationModel stack, Dataset<Row> df, String idCol, String labelCol,
                                          double[] costs) {
    return executionLog(stack.memberNames(), stack.memberModels(), df, stack.getFeaturesCol(), idCol, labelCol, costs);
  }

  /**
   * The execution log of {@code models} on {@code df}: columns {@code id}, {@code label} (omitted when
   * {@code labelCol} is null) and {@code outputs}.
   *
   * @param costs one cost per member (the same for every row), or null to leave costs out (the CLI then
   *     needs a cost table)
   */
  public static Dataset<Row> executionLog(List<String> names, List<Transformer> models, Dataset<Row> df, String featuresCol,
                                          String idCol, String labelCol, double[] costs) {
    if (costs != null && costs.length != names.size()) {
      throw new BadInputException("costs", names.size() + " members but " + costs.length + " costs");
    }
    Dataset<Row> out = df;
    List<Column> outputs = new ArrayList<>();
    var toMap = functions.udf((UDF1<Vector, Map<String, Double>>) v -> {
      Map<String, Double> m = new LinkedHashMap<>();
      for (int c = 0; c < v.size(); c++) m.put(String.valueOf(c), v.apply(c));
      return m;
    }, DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType));
    for (int j = 0; j < names.size(); j++) {
      Transformer t = models.get(j);
      if (!t.hasParam("probabilityCol")) {
        throw new BadInputException("member '" + names.get(j) + "'", "execution logs hold class probabilities; "
            + t.getClass().getSimpleName() + " has no probabilityCol");
      }
      String col = MetaFeatures.PREFIX + "p" + j;
      out = t.transform(out, MetaFeatures.outputParams(t, MetaFeatures.Output.PROBA, featuresCol, col));
      Column proba = toMap.apply(functions.col(col)).as("proba");
      Column member = costs == null ? functions.struct(proba) : functions.struct(proba, functions.lit(costs[j]).as("cost"));
      outputs.add(member.as(names.get(j)));
    }
    List<Column> cols = new ArrayList<>();
    cols.add(functions.col(idCol).cast("string").as("id"));
    if (labelCol != null) cols.add(functions.col(labelCol).cast("int").cast("string").as("label"));
    cols.add(functions.struct(outputs.toArray(new Column[0])).as("outputs"));
    return out.select(cols.toArray(new Column[0]));
  }
}
