package org.stackwise.data.read;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.stackwise.BadInputException;
import org.stackwise.data.Dataset;
import org.stackwise.data.Target;

/**
 * Train/test splits: the standard split of a benchmark data set given by a {@code test_rows.txt}
 * file, or a seeded random (optionally stratified) split. Both keep rows in their original order
 * within each part.
 */
public final class DataSplits {
  private DataSplits() { }

  /** A train part and a test part of one data set, and which original rows each holds. */
  public record Split(Dataset train, Dataset test, int[] trainRows, int[] testRows) {
    public Split {
      trainRows = trainRows.clone();
      testRows = testRows.clone();
    }

    /** Original row indices of the train part (copy). */
    @Override public int[] trainRows() { return trainRows.clone(); }

    /** Original row indices of the test part (copy). */
    @Override public int[] testRows() { return testRows.clone(); }
  }

  /**
   * Splits by a file of 0-based data-row indices (separated by whitespace or newlines): those rows are
   * the test part, the rest the train part. Indices must be in range and distinct.
   */
  public static Split trainTest(Dataset data, Path testRowsFile) {
    String source = InputFiles.name(testRowsFile);
    boolean[] isTest = new boolean[data.rows()];
    int count = 0;
    try (TextLines lines = new TextLines(testRowsFile)) {
      String s;
      while ((s = lines.next()) != null) {
        String t = s.strip();
        if (t.isEmpty() || t.startsWith("#")) continue;
        String[] tokens = t.split("\\s+");
        for (int k = 0; k < tokens.length; k++) {
          int r;
          try {
            r = Integer.parseInt(tokens[k]);
          } catch (NumberFormatException e) {
            throw new BadInputException(source, lines.line(), k + 1, "expected a 0-based row index, got '"
                + ArffReader.abbreviate(tokens[k]) + "'");
          }
          if (r < 0 || r >= data.rows()) {
            throw new BadInputException(source, lines.line(), k + 1, "row index " + r + " is outside 0.."
                + (data.rows() - 1) + " (the data has " + data.rows() + " rows)");
          }
          if (isTest[r]) throw new BadInputException(source, lines.line(), k + 1, "row index " + r + " is listed twice");
          isTest[r] = true;
          count++;
        }
      }
    }
    if (count == 0) throw new BadInputException(source, "no test rows listed");
    if (count == data.rows()) throw new BadInputException(source, "every row is a test row: nothing left to train on");
    return split(data, isTest);
  }

  /**
   * A seeded random split with {@code round(testFraction × rows)} test rows (at least one row in
   * each part). Stratified: each class contributes {@code round(testFraction × its rows)} test rows, so
   * class proportions are kept (requires a class target). The same seed gives the same split.
   */
  public static Split trainTestFraction(Dataset data, double testFraction, long seed, boolean stratified) {
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new BadInputException("testFraction", "testFraction must be strictly between 0 and 1, got " + testFraction);
    }
    int n = data.rows();
    if (n < 2) throw new BadInputException("data", "a train/test split needs at least 2 rows, got " + n);
    SplittableRandom random = new SplittableRandom(seed);
    boolean[] isTest = new boolean[n];
    if (stratified) {
      Target.Classes classes = data.classes();
      List<List<Integer>> byClass = new ArrayList<>();
      for (int k = 0; k < classes.numClasses(); k++) byClass.add(new ArrayList<>());
      for (int i = 0; i < n; i++) byClass.get(classes.get(i)).add(i);
      for (List<Integer> rows : byClass) {
        int[] r = rows.stream().mapToInt(Integer::intValue).toArray();
        shuffle(r, random);
        int take = (int) Math.round(testFraction * r.length);
        for (int i = 0; i < take; i++) isTest[r[i]] = true;
      }
    } else {
      int[] r = new int[n];
      for (int i = 0; i < n; i++) r[i] = i;
      shuffle(r, random);
      int take = (int) Math.round(testFraction * n);
      for (int i = 0; i < take; i++) isTest[r[i]] = true;
    }
    int tests = 0;
    for (boolean b : isTest) tests += b ? 1 : 0;
    if (tests == 0 || tests == n) {
      throw new BadInputException("testFraction", "testFraction " + testFraction + " of " + n
          + " rows leaves one part empty");
    }
    return split(data, isTest);
  }

  private static void shuffle(int[] a, SplittableRandom random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  private static Split split(Dataset data, boolean[] isTest) {
    int[] test = new int[data.rows()];
    int[] train = new int[data.rows()];
    int nt = 0;
    int nr = 0;
    for (int i = 0; i < isTest.length; i++) {
      if (isTest[i]) {
        test[nt++] = i;
      } else {
        train[nr++] = i;
      }
    }
    test = Arrays.copyOf(test, nt);
    train = Arrays.copyOf(train, nr);
    return new Split(data.select(train), data.select(test), train, test);
  }
}
