package org.stackwise.eval;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Arrays;
import org.stackwise.io.Json;

/**
 * A (weighted) confusion matrix: {@code count(actual, predicted)} is the total weight of rows of class
 * {@code actual} predicted as {@code predicted} (a row count when unweighted). Immutable.
 */
public final class ConfusionMatrix {
  private final double[][] counts;

  private ConfusionMatrix(double[][] counts) {
    this.counts = counts;
  }

  /**
   * The confusion matrix of {@code predicted} against {@code y} over classes {@code 0..numClasses-1}.
   *
   * @param weights row weights, or null for counts
   */
  public static ConfusionMatrix of(int[] y, int[] predicted, int numClasses, double[] weights) {
    Metrics.checkLabels(y, predicted);
    Metrics.checkWeights(weights, y.length);
    double[][] c = new double[numClasses][numClasses];
    for (int i = 0; i < y.length; i++) {
      if (y[i] >= numClasses || predicted[i] >= numClasses) {
        throw new IllegalArgumentException("row " + i + ": class " + Math.max(y[i], predicted[i])
            + " is outside 0.." + (numClasses - 1));
      }
      c[y[i]][predicted[i]] += Metrics.w(weights, i);
    }
    return new ConfusionMatrix(c);
  }

  public int numClasses() { return counts.length; }

  /** Weight of rows of class {@code actual} predicted as {@code predicted}. */
  public double count(int actual, int predicted) { return counts[actual][predicted]; }

  /** A copy of the matrix, rows = actual class, columns = predicted class. */
  public double[][] counts() {
    double[][] out = new double[counts.length][];
    for (int i = 0; i < counts.length; i++) out[i] = counts[i].clone();
    return out;
  }

  /** Rows = actual class, columns = predicted class; whole numbers are written without a fraction. */
  public ArrayNode toJson() {
    ArrayNode rows = Json.array();
    for (double[] r : counts) {
      ArrayNode a = rows.addArray();
      for (double v : r) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) a.add((long) v);
        else a.add(v);
      }
    }
    return rows;
  }

  @Override public boolean equals(Object o) {
    return o instanceof ConfusionMatrix m && Arrays.deepEquals(m.counts, counts);
  }

  @Override public int hashCode() { return Arrays.deepHashCode(counts); }

  @Override public String toString() { return "ConfusionMatrix" + Arrays.deepToString(counts); }
}
