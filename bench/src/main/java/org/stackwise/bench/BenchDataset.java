package org.stackwise.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stackwise.BadInputException;
import org.stackwise.data.Dataset;
import org.stackwise.data.read.DataSplits;
import org.stackwise.data.read.ReadOptions;
import org.stackwise.data.read.TableReader;

/**
 * A benchmark data set from the shared data folder and its standard train/test split: the official
 * split where the data set has one (NSL-KDD, segment, Fashion-MNIST), otherwise the rows listed in the
 * folder's {@code test_rows.txt} (0-based data-row indices) are the test rows.
 *
 * @param name the data set's name (its folder name)
 * @param split how the split is made, for the report
 * @param loader reads the split from the data set's folder
 */
record BenchDataset(String name, String split, Loader loader) {
  /** Reads a split from a data set folder. */
  @FunctionalInterface
  interface Loader {
    DataSplits.Split load(Path folder);
  }

  private static final Map<String, BenchDataset> ALL = new LinkedHashMap<>();

  static {
    add(new BenchDataset("nsl-kdd", "official: KDDTrain+_20Percent / KDDTest+, 5 classes", NslKdd::load));
    add(csv("letter", "LetterRecognition.csv", "lettr"));
    add(csv("satimage", "Satellite.csv", "classes"));
    add(csv("spambase", "spam.csv", "type"));
    add(new BenchDataset("credit-g", "test_rows.txt",
        f -> withTestRows(f, TableReader.read(f.resolve("credit-g.arff"), ReadOptions.defaults().withTarget("class")))));
    add(new BenchDataset("segment", "official: segment-challenge / segment-test", f -> {
      ReadOptions o = ReadOptions.defaults().withTarget("class");
      Dataset train = TableReader.read(f.resolve("segment-challenge.arff"), o);
      Dataset test = TableReader.readLike(f.resolve("segment-test.arff"), o, train.schema(), train.classes().classes());
      return whole(train, test);
    }));
    add(csv("shuttle", "Shuttle.csv", "Class"));
    add(new BenchDataset("digits", "test_rows.txt", f -> withTestRows(f, TableReader.read(f.resolve("digits.csv.gz"),
        ReadOptions.defaults().withHeader(false).withTarget("c65").withTargetIsNumeric(false)))));
    add(new BenchDataset("fashion-mnist", "official: train / t10k", f -> {
      Dataset train = TableReader.readIdx(f.resolve("train-images-idx3-ubyte.gz"), f.resolve("train-labels-idx1-ubyte.gz"));
      Dataset test = TableReader.readLike(f.resolve("t10k-images-idx3-ubyte.gz"), ReadOptions.defaults(),
          train.schema(), train.classes().classes());
      return whole(train, test);
    }));
  }

  private static void add(BenchDataset d) {
    ALL.put(d.name(), d);
  }

  private static BenchDataset csv(String name, String file, String target) {
    return new BenchDataset(name, "test_rows.txt", f -> withTestRows(f,
        TableReader.read(f.resolve(file), ReadOptions.defaults().withTarget(target).withTargetIsNumeric(false))));
  }

  private static DataSplits.Split withTestRows(Path folder, Dataset data) {
    return DataSplits.trainTest(data, folder.resolve("test_rows.txt"));
  }

  private static DataSplits.Split whole(Dataset train, Dataset test) {
    return new DataSplits.Split(train, test, range(train.rows()), range(test.rows()));
  }

  private static int[] range(int n) {
    int[] r = new int[n];
    for (int i = 0; i < n; i++) r[i] = i;
    return r;
  }

  /** Every known data set, in report order. */
  static List<String> names() {
    return List.copyOf(ALL.keySet());
  }

  /** The named data set. */
  static BenchDataset named(String name) {
    BenchDataset d = ALL.get(name);
    if (d == null) throw new BadInputException("--only", "unknown data set '" + name + "'; known: " + ALL.keySet());
    return d;
  }

  /** Reads the split from {@code dataRoot/name}. */
  DataSplits.Split load(Path dataRoot) {
    Path folder = dataRoot.resolve(name);
    if (!Files.isDirectory(folder)) throw new BadInputException(folder.toString(), "data set folder not found");
    return loader.load(folder);
  }
}
