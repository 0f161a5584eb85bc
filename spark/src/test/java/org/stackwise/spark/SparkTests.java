package org.stackwise.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Assumptions;

/** One small local Spark session per test class, and small seeded data sets. */
final class SparkTests {
  private SparkTests() { }

  /** A local[2] session with the UI off and 2 shuffle partitions (tests stop it in @AfterAll). */
  static SparkSession session(String name) {
    return SparkSession.builder()
        .master("local[2]")
        .appName(name)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.sql.adaptive.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
  }

  /**
   * Gaussian blobs: {@code k} classes, {@code p} features, class c centred at (2c, -c, 2c, ...), unit noise;
   * columns id (long), features (vector), label (double), w (weight 1 or 2).
   */
  static Dataset<Row> blobs(SparkSession spark, int n, int p, int k, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int c = i % k;
      double[] x = new double[p];
      for (int j = 0; j < p; j++) x[j] = (j % 2 == 0 ? 2.0 * c : -c) + gaussian(r);
      rows.add(RowFactory.create((long) i, Vectors.dense(x), (double) c, 1.0 + (i % 3 == 0 ? 1 : 0)));
    }
    return spark.createDataFrame(rows, schema());
  }

  /** A linear regression problem y = 1 + x0 - 2 x1 + 0.5 x2 + noise 0.1, same columns as {@link #blobs}. */
  static Dataset<Row> linear(SparkSession spark, int n, int p, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] x = new double[p];
      for (int j = 0; j < p; j++) x[j] = gaussian(r);
      double y = 1 + x[0] - 2 * x[1] + (p > 2 ? 0.5 * x[2] : 0) + 0.1 * gaussian(r);
      rows.add(RowFactory.create((long) i, Vectors.dense(x), y, 1.0));
    }
    return spark.createDataFrame(rows, schema());
  }

  static StructType schema() {
    return new StructType(new StructField[] {
        new StructField("id", DataTypes.LongType, false, Metadata.empty()),
        new StructField("features", new VectorUDT(), false, Metadata.empty()),
        new StructField("label", DataTypes.DoubleType, false, Metadata.empty()),
        new StructField("w", DataTypes.DoubleType, false, Metadata.empty())});
  }

  static double gaussian(SplittableRandom r) {
    double u = 1 - r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** {@code shared/data} found by walking up from the working directory; skips the test when absent. */
  static Path sharedData() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path d = p.resolve("shared").resolve("data");
      if (Files.isDirectory(d)) return d;
    }
    Assumptions.assumeTrue(false, "shared/data not found");
    return null;
  }
}
