package org.stackwise.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackwise.data.Column;
import org.stackwise.data.Dataset;
import org.stackwise.data.Schema;
import org.stackwise.data.Target;
import org.stackwise.data.read.DataSplits;

class BenchPartsTest {
  @Test
  void scoresFollowTheReferenceFormula() {
    double[][] p = {{0.7, 0.3}, {0.5, 0.5}, {0.0, 1.0}};
    int[] y = {0, 1, 0};
    // row 2 predicts class 0 on a tie (lower index); row 3 gives the true class probability 0 -> clipped to 1e-15
    assertEquals(1.0 / 3, Scores.accuracy(p, y), 1e-12);
    double expected = -(Math.log(0.7) + Math.log(0.5) + Math.log(1e-15 / (1e-15 + (1 - 1e-15)))) / 3;
    assertEquals(expected, Scores.logLoss(p, y), 1e-12);
  }

  @Test
  void referenceMatricesOneHotEncodeCategoricals(@TempDir Path dir) throws Exception {
    Schema schema = Schema.of(List.of(Column.numeric("x"), Column.categorical("c", List.of("a", "b", "c"))));
    Target.Classes t = new Target.Classes("y", List.of("no", "yes"), new int[] {0, 1});
    Dataset train = Dataset.of(schema, new double[][] {{1.5, 2}, {-1, 0}}, t);
    Dataset test = Dataset.of(schema, new double[][] {{3, Double.NaN}}, new Target.Classes("y", List.of("no", "yes"), new int[] {1}));
    int width = ReferenceData.write(new DataSplits.Split(train, test, new int[] {0, 1}, new int[] {0}), "toy", dir);
    assertEquals(4, width);
    assertArrayEquals(new double[] {1.5, 0, 0, 1, -1, 1, 0, 0}, doubles(dir.resolve("X_train.f64")));
    assertArrayEquals(new double[] {3, 0, 0, 0}, doubles(dir.resolve("X_test.f64")));
    ByteBuffer y = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("y_train.i32"))).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(0, y.getInt());
    assertEquals(1, y.getInt());
    assertTrue(Files.readString(dir.resolve("meta.json")).contains("\"c=b\""));
  }

  @Test
  void warmupRowsAreClassBalancedAndInOrder() {
    Target.Classes y = new Target.Classes("y", List.of("a", "b", "c"), new int[] {0, 0, 0, 0, 1, 0, 2, 1, 1, 1});
    assertArrayEquals(new int[] {0, 1, 4, 6, 7}, OurSide.warmupRows(y, 5));
  }

  @Test
  void nslKddMappingCoversEveryAttackInTheFiles() throws Exception {
    Path folder = BenchmarkMain.locateDataOrNull(Path.of("").toAbsolutePath());
    assumeTrue(folder != null && Files.isDirectory(folder.resolve("nsl-kdd")), "shared data not found");
    DataSplits.Split s = NslKdd.load(folder.resolve("nsl-kdd"));
    assertEquals(25_192, s.train().rows());
    assertEquals(22_544, s.test().rows());
    assertEquals(41, s.train().columns());
    assertEquals(NslKdd.CLASSES, s.test().classes().classes());
    // counts of the standard 5-class test split with this mapping
    int[] counts = s.test().classes().counts();
    assertEquals(9_711, counts[0]);
    assertEquals(22_544, java.util.Arrays.stream(counts).sum());
  }

  private static double[] doubles(Path f) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
    double[] out = new double[b.remaining() / 8];
    for (int i = 0; i < out.length; i++) out[i] = b.getDouble();
    return out;
  }
}
