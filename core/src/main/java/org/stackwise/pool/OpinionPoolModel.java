package org.stackwise.pool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import org.stackwise.BadInputException;
import org.stackwise.Classifier;
import org.stackwise.FeatureImportance;
import org.stackwise.data.Schema;
import org.stackwise.io.Json;
import org.stackwise.io.ModelReader;
import org.stackwise.io.ModelWriter;

/**
 * A fitted opinion-pool meta-model (kind {@code "pool"}): member probabilities in, pooled class
 * probabilities out. For two classes each member gives one column (the second class's probability) and
 * the pool sees {@code (1 − p, p)}. Immutable and thread-safe.
 *
 * <p>{@link #featureImportance()} gives, for class {@code c}, {@code |w_j|} on member {@code j}'s column
 * for {@code c} and 0 elsewhere: exactly the columns that move class {@code c}'s score. A member with weight
 * 0 has no importance, so a stack skips it at prediction time.
 *
 * @param schema the meta-input schema
 * @param classes class names
 * @param binary whether members give one column each (two classes)
 * @param pool the fitted pool
 */
public record OpinionPoolModel(Schema schema, List<String> classes, boolean binary, OpinionPool pool)
    implements Classifier, FeatureImportance {
  public OpinionPoolModel {
    classes = List.copyOf(classes);
    if (pool.classes() != classes.size()) throw new IllegalArgumentException("pool has " + pool.classes() + " classes, expected " + classes.size());
    if (binary != (classes.size() == 2)) throw new IllegalArgumentException("binary layout needs exactly two classes");
    int expected = pool.members() * (binary ? 1 : classes.size());
    if (schema.size() != expected) throw new IllegalArgumentException("schema has " + schema.size() + " columns, expected " + expected);
  }

  /**
   * The pool's input for a meta-input row: the row itself (not a copy: the pool only reads it), or
   * {@code (1 − p, p)} per member for two classes.
   */
  static double[] expand(double[] row, boolean binary, int members) {
    if (!binary) return row;
    double[] out = new double[members * 2];
    for (int j = 0; j < members; j++) {
      out[2 * j] = 1 - row[j];
      out[2 * j + 1] = row[j];
    }
    return out;
  }

  @Override public double[] predictProba(double[] row) {
    if (row.length != schema.size()) throw new IllegalArgumentException("expected " + schema.size() + " values, got " + row.length);
    return pool.predictProba(expand(row, binary, pool.members()));
  }

  @Override public String kind() { return "pool"; }

  @Override public double[][] featureImportance() {
    double[] w = pool.weights();
    if (binary) {
      double[][] imp = new double[1][w.length];
      for (int j = 0; j < w.length; j++) imp[0][j] = Math.abs(w[j]);
      return imp;
    }
    int k = classes.size();
    double[][] imp = new double[k][w.length * k];
    for (int c = 0; c < k; c++) for (int j = 0; j < w.length; j++) imp[c][j * k + c] = Math.abs(w[j]);
    return imp;
  }

  @Override public void write(ModelWriter out) throws IOException {
    out.json("schema.json", Json.schemaToJson(schema));
    ObjectNode m = Json.object();
    m.put("format_version", 1);
    m.set("classes", Json.stringsToJson(classes));
    m.put("binary", binary);
    m.set("pool", pool.toJson());
    out.json("model.json", m);
  }

  /** Loads a model written by {@link #write}. */
  public static OpinionPoolModel load(ModelReader in) throws IOException {
    Schema schema = Json.schemaFromJson(in.json("schema.json"), in.source());
    JsonNode m = in.json("model.json");
    if (m.path("format_version").asInt() != 1) throw in.corrupt("model.json", "unsupported format_version " + m.path("format_version"));
    List<String> classes = Json.strings(m.get("classes"), in.path("model.json") + " classes");
    boolean binary = m.path("binary").asBoolean();
    OpinionPool pool;
    try {
      pool = OpinionPool.fromJson(m.path("pool"), in.source() + ": entry '" + in.path("model.json") + "' pool");
    } catch (IllegalArgumentException e) {
      if (e instanceof BadInputException) throw e;
      throw in.corrupt("model.json", e.getMessage());
    }
    try {
      return new OpinionPoolModel(schema, classes, binary, pool);
    } catch (IllegalArgumentException e) {
      throw in.corrupt("model.json", e.getMessage());
    }
  }
}
