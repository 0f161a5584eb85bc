package org.stackwise.learners.neighbors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One-hot blocks stored as level codes must find the same neighbours as plain columns. */
class NeighborIndexTest {

  /** Rows of 3 numeric features then two one-hot blocks (7 and 3 levels, some rows with no level set). */
  private static double[] rows(int n, SplittableRandom r) {
    int d = 3 + 7 + 3;
    double[] x = new double[n * d];
    for (int t = 0; t < n; t++) {
      for (int j = 0; j < 3; j++) x[t * d + j] = Math.rint(r.nextGaussian() * 4) / 4; // ties on purpose
      int a = r.nextInt(8); // 7 = unknown level: all indicators zero
      if (a < 7) x[t * d + 3 + a] = 1.0;
      x[t * d + 10 + r.nextInt(3)] = 1.0;
    }
    return x;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void codedOneHotBlocksGiveTheSameNeighboursAsColumns(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int n = 700;
    int q = 150;
    int d = 13;
    int k = 9;
    double[] train = rows(n, r);
    double[] queries = rows(q, r);
    NeighborIndex coded = assertCodedMatchesPlain(train, n, d, queries, q, k, new int[][] {{3, 7}, {10, 3}});
    assertArrayEquals(train, coded.rowMajor(), 0.0);
  }

  /** The index with one-hot blocks as codes finds the same neighbours as all-columns; returns the coded index. */
  private static NeighborIndex assertCodedMatchesPlain(double[] train, int n, int d, double[] queries, int q, int k,
                                                       int[][] groups) {
    NeighborIndex plain = new NeighborIndex(train, n, d);
    NeighborIndex coded = new NeighborIndex(train, n, d, groups);
    int[] idxPlain = new int[q * k];
    int[] idxCoded = new int[q * k];
    double[] distPlain = new double[q * k];
    double[] distCoded = new double[q * k];
    plain.search(queries, q, k, idxPlain, distPlain);
    coded.search(queries, q, k, idxCoded, distCoded);
    assertArrayEquals(distPlain, distCoded, 1e-12);
    assertArrayEquals(idxPlain, idxCoded);
    return coded;
  }

  /**
   * A block wider than the single-precision pass takes as columns (24 levels: level lists) beside a small
   * one (3 levels: indicator columns), with rows over 2 chunks: the same neighbours as plain columns.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void wideAndSmallOneHotBlocksGiveTheSameNeighboursAsColumns(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int n = 900;
    int q = 120;
    int d = 3 + 24 + 3;
    int k = 9;
    double[][] both = new double[2][];
    for (int s = 0; s < 2; s++) {
      int rows = s == 0 ? n : q;
      double[] x = new double[rows * d];
      for (int t = 0; t < rows; t++) {
        for (int j = 0; j < 3; j++) x[t * d + j] = r.nextInt(4) == 0 ? r.nextGaussian() : 0.5;
        int a = r.nextInt(30); // levels 0..23, or none
        if (a < 24) x[t * d + 3 + Math.min(a, a % 5 == 0 ? 0 : a)] = 1.0;
        x[t * d + 27 + (r.nextInt(4) == 0 ? r.nextInt(3) : 0)] = 1.0;
      }
      both[s] = x;
    }
    assertCodedMatchesPlain(both[0], n, d, both[1], q, k, new int[][] {{3, 24}, {27, 3}});
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2})
  void aBlockThatIsNotOneHotStaysAsColumns(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int n = 200;
    int d = 13;
    double[] train = rows(n, r);
    train[5 * d + 4] = 0.5; // row 5 breaks the first block
    NeighborIndex coded = new NeighborIndex(train, n, d, new int[][] {{3, 7}, {10, 3}});
    assertArrayEquals(train, coded.rowMajor(), 0.0);
    int[] idx = new int[5];
    double[] dist = new double[5];
    coded.search(java.util.Arrays.copyOfRange(train, 5 * d, 6 * d), 1, 5, idx, dist);
    assertEquals(5, idx[0]);
    assertEquals(0.0, dist[0], 1e-12);
  }

  /** The k nearest by (squared distance, row index), by sorting every training row. */
  private static int[] reference(double[] train, int n, int d, double[] query, int qo, int k) {
    Integer[] order = new Integer[n];
    double[] d2 = new double[n];
    for (int t = 0; t < n; t++) {
      order[t] = t;
      for (int j = 0; j < d; j++) d2[t] += (query[qo + j] - train[t * d + j]) * (query[qo + j] - train[t * d + j]);
    }
    java.util.Arrays.sort(order, (a, b) -> d2[a] != d2[b] ? Double.compare(d2[a], d2[b]) : Integer.compare(a, b));
    int[] out = new int[k];
    for (int i = 0; i < k; i++) out[i] = order[i];
    return out;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 9, 15})
  void kdTreeFindsTheExactNeighboursWithTiesToTheLowerRow(int d) {
    SplittableRandom r = new SplittableRandom(d);
    int n = 3000;
    int q = 200;
    int k = 7;
    double[] train = new double[n * d];
    // small integer grid: many exact ties in distance, and duplicate rows
    for (int i = 0; i < train.length; i++) train[i] = r.nextInt(6);
    double[] queries = new double[q * d];
    for (int i = 0; i < queries.length; i++) queries[i] = r.nextInt(7) - 0.5 * r.nextInt(2);
    NeighborIndex index = new NeighborIndex(train, n, d);
    int[] idx = new int[q * k];
    double[] dist = new double[q * k];
    index.search(queries, q, k, idx, dist);
    for (int i = 0; i < q; i++) {
      assertArrayEquals(reference(train, n, d, queries, i * d, k), java.util.Arrays.copyOfRange(idx, i * k, (i + 1) * k),
          "query " + i);
      // one query alone gives the same answer as in the batch
      int[] one = new int[k];
      index.search(java.util.Arrays.copyOfRange(queries, i * d, (i + 1) * d), 1, k, one, new double[k]);
      assertArrayEquals(java.util.Arrays.copyOfRange(idx, i * k, (i + 1) * k), one);
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void treeOverClusteredRowsWithLevelCodesFindsTheSameNeighboursAsBruteForce(long seed) {
    // 20 ordinary features and two one-hot blocks, rows drawn around 40 tight clusters (with duplicates):
    // too many features for the plain rule, but the probe finds that the tree prunes
    SplittableRandom r = new SplittableRandom(seed);
    int n = 3000;
    int q = 120;
    int d = 20 + 5 + 4;
    int k = 15;
    double[][] centres = new double[40][20];
    for (double[] c : centres) for (int j = 0; j < 20; j++) c[j] = r.nextInt(50);
    double[] train = new double[n * d];
    double[] queries = new double[q * d];
    for (int t = 0; t < n + q; t++) {
      double[] x = t < n ? train : queries;
      int o = (t < n ? t : t - n) * d;
      int c = r.nextInt(40);
      for (int j = 0; j < 20; j++) x[o + j] = centres[c][j] + (r.nextInt(4) == 0 ? r.nextInt(3) : 0);
      int a = c % 6; // 5 levels + unknown
      if (a < 5) x[o + 20 + a] = 1.0;
      x[o + 25 + (c + r.nextInt(2)) % 4] = 1.0;
    }
    int[][] groups = {{20, 5}, {25, 4}};
    NeighborIndex tree = new NeighborIndex(train, n, d, groups);
    assertEquals(true, tree.usesTree(), "clustered rows should be searched with the tree");
    int[] idx = new int[q * k];
    double[] dist = new double[q * k];
    tree.search(queries, q, k, idx, dist);
    for (int i = 0; i < q; i++) {
      assertArrayEquals(reference(train, n, d, queries, i * d, k), java.util.Arrays.copyOfRange(idx, i * k, (i + 1) * k),
          "query " + i);
    }
  }

  /**
   * Brute force (more features than the tree's rule, unclustered): the single-precision pass with exact
   * refinement returns the exact k nearest with ties to the lower row and exact distances — on an integer
   * grid (many ties), with a feature of tiny magnitude (below float's normal range), and with one huge
   * value (beyond the single-precision range: searched exactly by the tree); and with mostly-constant
   * features, which the single-precision pass shifts by their most common value and skips in row chunks
   * where they are constant: a constant 0.37 with rare Gaussian values, an integer grid mostly at 1 (ties),
   * and a constant 10⁶ with rare values near it (the shift is where the precision comes from).
   */
  @ParameterizedTest
  @ValueSource(strings = {"grid", "tiny", "huge", "sparse", "sparse-grid", "offset"})
  void bruteForceIsExactWithTiesTinyAndHugeValues(String kind) {
    SplittableRandom r = new SplittableRandom(kind.hashCode());
    int n = 2500;
    int q = 80;
    int d = 24;
    int k = 15;
    double[] train = new double[n * d];
    double[] queries = new double[q * d];
    for (double[] x : new double[][] {train, queries}) {
      for (int i = 0; i < x.length; i++) {
        // a quarter of the features constant in most 512-row chunks, a quarter rarely varying, half often
        boolean rare = r.nextDouble() < (i % d < d / 4 ? 0.001 : i % d < d / 2 ? 0.02 : 0.3);
        x[i] = switch (kind) {
          case "grid" -> r.nextInt(3);
          case "sparse" -> rare ? r.nextGaussian() : 0.37;
          case "sparse-grid" -> rare ? 2 * r.nextInt(2) : 1;
          case "offset" -> rare ? 1e6 + r.nextGaussian() : 1e6;
          default -> r.nextGaussian();
        };
        if (kind.equals("tiny") && i % d == 0) x[i] = r.nextGaussian() * 1e-41;
      }
    }
    if (kind.equals("huge")) train[17 * d + 3] = 1e20;
    NeighborIndex index = new NeighborIndex(train, n, d);
    assertEquals(kind.equals("huge"), index.usesTree(), "tree use");
    int[] idx = new int[q * k];
    double[] dist = new double[q * k];
    index.search(queries, q, k, idx, dist);
    for (int i = 0; i < q; i++) {
      int[] expected = reference(train, n, d, queries, i * d, k);
      assertArrayEquals(expected, java.util.Arrays.copyOfRange(idx, i * k, (i + 1) * k), "query " + i);
      for (int j = 0; j < k; j++) {
        double d2 = 0;
        for (int f = 0; f < d; f++) d2 += (queries[i * d + f] - train[expected[j] * d + f]) * (queries[i * d + f] - train[expected[j] * d + f]);
        assertEquals(d2, dist[i * k + j], 0.0, "exact distance");
      }
    }
  }
}
