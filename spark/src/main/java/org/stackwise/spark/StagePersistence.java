package org.stackwise.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.stackwise.io.Json;

/**
 * Saving and loading Stackwise stages in Spark ML's directory layout, so {@code Pipeline} and
 * {@code PipelineModel} persistence can hold them: {@code path/metadata/} is one line of JSON with the
 * fields Spark's own loader reads ({@code class}, {@code uid}, {@code timestamp}, {@code sparkVersion},
 * {@code paramMap}, {@code defaultParamMap}) plus a {@code stackwise} object with fitted structure;
 * nested stages (members, meta-learner) are saved by their own writers in sub-directories.
 *
 * <p>Loading a nested stage reads its class name from its metadata (as Spark's {@code Pipeline} loader
 * does) but only accepts subclasses of {@link PipelineStage}, checked before the class is initialised,
 * and then calls that class's public static {@code read()}.
 */
final class StagePersistence {
  private StagePersistence() { }

  /** Params that are written as nested stages, not as JSON values. */
  static final Set<String> NESTED = Set.of("members", "metaLearner");

  /** Writes {@code path/metadata} for {@code stage}, with its JSON-encodable params and extra structure. */
  static void saveMetadata(SparkSession spark, Params stage, String path, ObjectNode extra) {
    ObjectNode m = Json.object();
    m.put("class", stage.getClass().getName());
    m.put("timestamp", System.currentTimeMillis());
    m.put("sparkVersion", spark.version());
    m.put("uid", stage.uid());
    ObjectNode set = m.putObject("paramMap");
    ObjectNode defaults = m.putObject("defaultParamMap");
    for (Param<?> p : stage.params()) {
      if (NESTED.contains(p.name())) continue;
      if (stage.isSet(p)) set.set(p.name(), encode(p, stage.getOrDefault(p)));
      else if (stage.hasDefault(p)) defaults.set(p.name(), encode(p, stage.getOrDefault(p)));
    }
    if (extra != null) m.set("stackwise", extra);
    String line;
    try {
      line = Json.MAPPER.writeValueAsString(m);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StructType schema = new StructType().add("value", DataTypes.StringType);
    spark.createDataFrame(List.<Row>of(RowFactory.create(line)), schema).coalesce(1)
        .write().text(path + "/metadata");
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static JsonNode encode(Param p, Object value) {
    try {
      return Json.MAPPER.readTree(p.jsonEncode(value));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads the metadata JSON of a stage saved at {@code path}. */
  static JsonNode loadMetadata(SparkSession spark, String path) {
    String line = spark.read().text(path + "/metadata").first().getString(0);
    try {
      return Json.MAPPER.readTree(line);
    } catch (IOException e) {
      throw new IllegalArgumentException(path + "/metadata is not valid JSON: " + e.getMessage(), e);
    }
  }

  /** The uid a stage was saved with. */
  static String savedUid(SparkSession spark, String path) {
    return loadMetadata(spark, path).path("uid").asText();
  }

  /** Loads metadata, checks it names {@code expected}, and sets the saved params on {@code stage}. */
  static JsonNode loadInto(SparkSession spark, String path, Params stage) {
    JsonNode m = loadMetadata(spark, path);
    String cls = m.path("class").asText();
    if (!cls.equals(stage.getClass().getName())) {
      throw new IllegalArgumentException(path + " holds a " + cls + ", not a " + stage.getClass().getName());
    }
    setParams(stage, m.path("defaultParamMap"), true, path);
    setParams(stage, m.path("paramMap"), false, path);
    return m;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void setParams(Params stage, JsonNode map, boolean asDefault, String path) {
    var it = map.fields();
    while (it.hasNext()) {
      var e = it.next();
      if (!stage.hasParam(e.getKey())) continue; // a param of another version: ignore, as Spark does
      Param p = stage.getParam(e.getKey());
      Object v = p.jsonDecode(e.getValue().toString());
      if (asDefault) stage.setDefault(p, v);
      else stage.set(new ParamPair(p, v));
    }
  }

  /** Saves a nested stage (a member model, an estimator) at {@code path}. */
  static void saveStage(Object stage, String path, String what) {
    if (!(stage instanceof MLWritable w)) {
      throw new UnsupportedOperationException(what + " (" + stage.getClass().getName() + ") cannot be saved: it is not MLWritable");
    }
    try {
      w.write().save(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loads a nested stage saved by {@link #saveStage}, checking it is a {@code type}. */
  static <T> T loadStage(SparkSession spark, String path, Class<T> type) {
    String cls = loadMetadata(spark, path).path("class").asText();
    Class<?> c;
    try {
      c = Class.forName(cls, false, Thread.currentThread().getContextClassLoader() != null
          ? Thread.currentThread().getContextClassLoader() : StagePersistence.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException(path + ": stage class " + cls + " is not on the class path", e);
    }
    if (!PipelineStage.class.isAssignableFrom(c) || !type.isAssignableFrom(c)) {
      throw new IllegalArgumentException(path + ": " + cls + " is not a " + type.getSimpleName());
    }
    try {
      MLReader<?> reader = (MLReader<?>) c.getMethod("read").invoke(null);
      return type.cast(reader.load(path));
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(path + ": " + cls + " has no public static read()", e);
    }
  }

  /** Writes bytes to a Hadoop path (any file system Spark can write to). */
  static void writeBytes(SparkSession spark, String path, byte[] bytes) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (OutputStream out = fs.create(p, false)) {
        out.write(bytes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads bytes from a Hadoop path. */
  static byte[] readBytes(SparkSession spark, String path) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (InputStream in = fs.open(p)) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
