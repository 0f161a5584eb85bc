package org.stackwise.learners.trees;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The NaN-free walks ({@link Tree#leafNoNaN}, and {@link Tree#leavesNoNaN} with its four lanes that refill as
 * rows reach their leaves) must land every row in the leaf the reference walk {@link Tree#leaf} finds:
 * deep trees, rows on thresholds, every block length and offset, and a tree whose layout the packed form
 * cannot hold.
 */
class TreeWalkTest {
  private static final int ROWS = 2000;
  private static final int WIDTH = 6;

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void packedWalksFindTheReferenceLeaves(int seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = new double[ROWS * WIDTH];
    int[] y = new int[ROWS];
    double[] v = new double[ROWS];
    for (int i = 0; i < ROWS; i++) {
      for (int j = 0; j < WIDTH; j++) {
        // small integer codes put many rows exactly on a threshold's neighbours; Gaussians make depth
        x[i * WIDTH + j] = j < 2 ? r.nextInt(5) : r.nextGaussian();
      }
      y[i] = r.nextInt(4) == 0 ? r.nextInt(3) : (x[i * WIDTH] + x[i * WIDTH + 2] > 2 ? 1 : x[i * WIDTH + 3] > 0 ? 2 : 0);
      v[i] = x[i * WIDTH + 2] * 3 + r.nextGaussian();
    }
    FeatureBins bins = FeatureBins.of(x, ROWS, WIDTH, 255);
    double[] w = new double[ROWS];
    Arrays.fill(w, 1.0);
    for (boolean classification : new boolean[] {true, false}) {
      for (TreeGrower.Splitter splitter : TreeGrower.Splitter.values()) {
        Tree t = new TreeGrower(bins, classification ? 3 : 0, classification ? y : null, classification ? null : v,
            splitter, 3, Integer.MAX_VALUE, 2, 1, true).grow(w, new SplittableRandom(seed));
        assertTrue(t.depth() > 8, "a deep tree");
        int[] expected = new int[ROWS];
        for (int i = 0; i < ROWS; i++) {
          expected[i] = t.leaf(x, i * WIDTH);
          assertEquals(expected[i], t.leafNoNaN(x, i * WIDTH), "row " + i);
        }
        int[] all = new int[ROWS];
        t.leavesNoNaN(x, WIDTH, 0, ROWS, all);
        assertArrayEquals(expected, all);
        for (int from = 0; from < 5; from++) {
          for (int n = 0; n <= 11; n++) {
            int[] part = new int[n];
            t.leavesNoNaN(x, WIDTH, from, from + n, part);
            assertArrayEquals(Arrays.copyOfRange(expected, from, from + n), part, from + "+" + n);
          }
        }
      }
    }
  }

  @Test
  void aTreeNotNumberedDepthFirstIsWalkedByTheNodeArrays() {
    // root at 0; its left child is node 2 and its right child node 1 (a hand-written model file may do this)
    Tree t = new Tree(new int[] {0, -1, -1}, new double[] {0.5, 0, 0}, new int[] {2, 0, 1}, new int[] {1, 1, 1},
        new boolean[3], new int[] {0, 1}, new double[] {1, 1});
    double[] x = {0.0, 1.0, 0.5, 0.7, -3, 9};
    int[] leaves = new int[x.length];
    t.leavesNoNaN(x, 1, 0, x.length, leaves);
    assertArrayEquals(new int[] {2, 1, 2, 1, 2, 1}, leaves);
    for (int i = 0; i < x.length; i++) assertEquals(t.leaf(x, i), t.leafNoNaN(x, i));
  }
}
