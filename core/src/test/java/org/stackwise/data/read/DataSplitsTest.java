package org.stackwise.data.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackwise.BadInputException;
import org.stackwise.data.Dataset;
import org.stackwise.testing.SyntheticData;

class DataSplitsTest {
  @TempDir Path dir;
  private final Dataset data = SyntheticData.blobs(100, 2, 3, 1);

  @Test void testRowsFile() {
    Path p = TestFiles.write(dir, "test_rows.txt", "4\n6 10\n\n99\n");
    DataSplits.Split s = DataSplits.trainTest(data, p);
    assertArrayEquals(new int[] {4, 6, 10, 99}, s.testRows());
    assertEquals(96, s.train().rows());
    assertArrayEquals(data.row(10), s.test().row(2));
    assertEquals(0, s.trainRows()[0]);
    BadInputAssert.fails(() -> DataSplits.trainTest(data, TestFiles.write(dir, "bad.txt", "1\n2 100\n")),
        "bad.txt", 2, "row index 100 is outside 0..99");
    BadInputAssert.fails(() -> DataSplits.trainTest(data, TestFiles.write(dir, "dup.txt", "1 1\n")),
        "dup.txt", 1, "listed twice");
    BadInputAssert.fails(() -> DataSplits.trainTest(data, TestFiles.write(dir, "x.txt", "1 a\n")),
        "x.txt", 1, "expected a 0-based row index");
  }

  @Test void fractionIsSeededAndStratified() {
    DataSplits.Split a = DataSplits.trainTestFraction(data, 0.3, 7, true);
    DataSplits.Split b = DataSplits.trainTestFraction(data, 0.3, 7, true);
    assertArrayEquals(a.testRows(), b.testRows());
    // 34/33/33 rows per class → 10 + 10 + 10 test rows
    assertArrayEquals(new int[] {10, 10, 10}, a.test().classes().counts());
    assertEquals(70, a.train().rows());
    DataSplits.Split c = DataSplits.trainTestFraction(data, 0.25, 7, false);
    assertEquals(25, c.test().rows());
    assertThrows(BadInputException.class, () -> DataSplits.trainTestFraction(data, 1.0, 7, false));
  }
}
