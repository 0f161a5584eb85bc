package org.stackwise.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test void sparkRuns() {
    SparkSession spark = SparkTests.session("smoke");
    try {
      var df = SparkTests.blobs(spark, 200, 3, 3, 1);
      LogisticRegressionModel m = new LogisticRegression().fit(df);
      assertTrue(m.transform(df).count() == 200);
      df.selectExpr("xxhash64(features, 7L) as h").show(3);
    } finally {
      spark.stop();
    }
  }
}
