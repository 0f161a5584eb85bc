package org.stackwise.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.stackwise.testing.SyntheticData;

/** Row selection keeps the rows asked for and refuses indices outside the data set with a clear error. */
class DatasetSelectTest {
  private final Dataset data = SyntheticData.linear(10, 3, 0.1, 1);

  @Test
  void sliceAndSelectKeepTheRowsAskedFor() {
    Dataset s = data.slice(2, 5);
    assertEquals(3, s.rows());
    assertArrayEquals(data.row(2), s.row(0), 0.0);
    Dataset b = data.select(new int[] {9, 0, 9});
    assertArrayEquals(data.row(9), b.row(2), 0.0);
    assertEquals(0, data.slice(10, 10).rows());
  }

  @Test
  void indicesOutsideTheDataSetAreRefused() {
    assertThrows(IndexOutOfBoundsException.class, () -> data.slice(0, 11));
    assertThrows(IndexOutOfBoundsException.class, () -> data.slice(5, 4));
    assertThrows(IndexOutOfBoundsException.class, () -> data.slice(-1, 3));
    assertThrows(IndexOutOfBoundsException.class, () -> data.select(new int[] {0, 10}));
    assertThrows(IndexOutOfBoundsException.class, () -> data.select(new int[] {-1}));
  }
}
