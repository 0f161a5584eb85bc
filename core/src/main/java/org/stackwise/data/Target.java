package org.stackwise.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The target column of a data set: class labels ({@link Classes}) or real numbers ({@link Numeric}).
 * Immutable; accessors return copies.
 */
public sealed interface Target permits Target.Classes, Target.Numeric {
  /** The target column's name. */
  String name();

  /** Number of rows. */
  int size();

  /** The same target restricted to the given rows, in that order. */
  Target select(int[] rows);

  /** Class labels as indices into {@link #classes()}. Every class of the full data set is listed. */
  final class Classes implements Target {
    private final String name;
    private final List<String> classes;
    private final int[] y;

    public Classes(String name, List<String> classes, int[] y) {
      this.name = Objects.requireNonNull(name);
      this.classes = List.copyOf(classes);
      this.y = y.clone();
      for (int v : this.y) {
        if (v < 0 || v >= this.classes.size()) {
          throw new IllegalArgumentException("class index " + v + " outside 0.." + (this.classes.size() - 1));
        }
      }
    }

    @Override public String name() { return name; }
    @Override public int size() { return y.length; }
    public List<String> classes() { return classes; }
    public int numClasses() { return classes.size(); }
    public int get(int row) { return y[row]; }
    public int[] indices() { return y.clone(); }

    /** Rows per class. */
    public int[] counts() {
      int[] c = new int[classes.size()];
      for (int v : y) c[v]++;
      return c;
    }

    @Override public Classes select(int[] rows) {
      int[] s = new int[rows.length];
      for (int i = 0; i < rows.length; i++) s[i] = y[rows[i]];
      return new Classes(name, classes, s);
    }
  }

  /** Real-valued target. */
  final class Numeric implements Target {
    private final String name;
    private final double[] y;

    public Numeric(String name, double[] y) {
      this.name = Objects.requireNonNull(name);
      this.y = y.clone();
    }

    @Override public String name() { return name; }
    @Override public int size() { return y.length; }
    public double get(int row) { return y[row]; }
    public double[] values() { return y.clone(); }

    @Override public Numeric select(int[] rows) {
      double[] s = new double[rows.length];
      for (int i = 0; i < rows.length; i++) s[i] = y[rows[i]];
      return new Numeric(name, s);
    }

    @Override public String toString() { return "Numeric[" + name + ", " + Arrays.toString(Arrays.copyOf(y, Math.min(5, y.length))) + "...]"; }
  }
}
