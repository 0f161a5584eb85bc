package org.stackwise.learners;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.stackwise.Classifier;
import org.stackwise.FitContext;
import org.stackwise.Learner;
import org.stackwise.data.Dataset;
import org.stackwise.data.Schema;
import org.stackwise.data.Target;
import org.stackwise.learners.bayes.NaiveBayesLearner;
import org.stackwise.learners.linear.LogisticLearner;
import org.stackwise.learners.neighbors.KnnLearner;

/**
 * Side-by-side numbers against scikit-learn (its half is a Python script run separately), on the
 * benchmark split of satimage and letter. Not a behaviour test: it runs only with
 * {@code -Dstackwise.bench=true} and prints accuracy and best-of-3 fit / predict times (wall and process
 * CPU). The scikit-learn half is {@code core/src/test/python/sklearn_comparison.py}.
 */
class SklearnComparisonTest {
  @Test
  void logisticKnnAndNaiveBayesOnSatimageAndLetter() throws IOException {
    Assumptions.assumeTrue(Boolean.getBoolean("stackwise.bench"), "set -Dstackwise.bench=true to run");
    Path data = sharedData();
    Assumptions.assumeTrue(data != null, "shared/data not found");
    run("satimage", data.resolve("satimage/Satellite.csv"), "classes");
    run("letter", data.resolve("letter/LetterRecognition.csv"), "lettr");
  }

  private static void run(String name, Path csv, String target) throws IOException {
    Dataset all = readNumericCsv(csv, target);
    Set<Integer> test = new HashSet<>();
    for (String line : Files.readAllLines(csv.resolveSibling("test_rows.txt"))) {
      if (!line.isBlank()) test.add(Integer.parseInt(line.trim()));
    }
    List<Integer> tr = new ArrayList<>();
    List<Integer> te = new ArrayList<>();
    for (int i = 0; i < all.rows(); i++) (test.contains(i) ? te : tr).add(i);
    Dataset train = all.select(tr.stream().mapToInt(Integer::intValue).toArray());
    Dataset testSet = all.select(te.stream().mapToInt(Integer::intValue).toArray());
    for (var e : List.of(List.of("logistic", LogisticLearner.defaults()), List.of("knn15", KnnLearner.defaults()),
        List.of("naive_bayes", NaiveBayesLearner.defaults()))) {
      String model = (String) e.get(0);
      Learner learner = (Learner) e.get(1);
      String only = System.getProperty("stackwise.bench.only", "");
      if (!only.isEmpty() && !only.equals(model)) continue;
      for (int threads : new int[] {1, 2}) {
        double bestFit = Double.MAX_VALUE;
        double bestPredict = Double.MAX_VALUE;
        double bestFitCpu = Double.MAX_VALUE;
        double bestPredictCpu = Double.MAX_VALUE;
        double[][] p = null;
        for (int rep = 0; rep < 4; rep++) { // the first run warms the JIT up
          long c0 = cpu();
          long t0 = System.nanoTime();
          Classifier c = learner.fitClassifier(train, FitContext.seeded(1).withThreads(threads));
          long t1 = System.nanoTime();
          long c1 = cpu();
          p = c.predictProba(testSet.featuresOnly());
          long t2 = System.nanoTime();
          long c2 = cpu();
          if (rep > 0) {
            bestFit = Math.min(bestFit, (t1 - t0) / 1e9);
            bestPredict = Math.min(bestPredict, (t2 - t1) / 1e9);
            bestFitCpu = Math.min(bestFitCpu, (c1 - c0) / 1e9);
            bestPredictCpu = Math.min(bestPredictCpu, (c2 - c1) / 1e9);
          }
        }
        int ok = 0;
        for (int i = 0; i < p.length; i++) if (Classifier.argMax(p[i]) == testSet.classes().get(i)) ok++;
        System.out.printf("%-9s %-12s threads=%d acc=%.4f fit=%.4fs (cpu %.4fs) predict=%.4fs (cpu %.4fs)"
            + " (train %d, test %d)%n", name, model, threads, ok / (double) p.length, bestFit, bestFitCpu, bestPredict,
            bestPredictCpu, train.rows(), testSet.rows());
      }
    }
  }

  /** CPU time of the whole process (all threads), in nanoseconds. */
  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** A CSV of numeric columns and one quoted class column (R's write.csv layout). */
  static Dataset readNumericCsv(Path csv, String target) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    String[] header = lines.get(0).replace("\"", "").split(",");
    int t = List.of(header).indexOf(target);
    List<String> names = new ArrayList<>();
    for (int j = 0; j < header.length; j++) if (j != t) names.add(header[j].replace('.', '_'));
    List<double[]> rows = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) continue;
      String[] f = line.split(",");
      double[] row = new double[header.length - 1];
      int c = 0;
      for (int j = 0; j < f.length; j++) {
        if (j == t) labels.add(f[j].replace("\"", ""));
        else row[c++] = Double.parseDouble(f[j]);
      }
      rows.add(row);
    }
    List<String> classes = new ArrayList<>(new TreeSet<>(labels));
    int[] y = labels.stream().mapToInt(classes::indexOf).toArray();
    Schema schema = Schema.numeric("x", names.size());
    return Dataset.of(schema, rows.toArray(new double[0][]), new Target.Classes(target, classes, y));
  }

  /** Walks up from the working directory to a directory that has {@code shared/data}. */
  static Path sharedData() {
    for (Path p = Paths.get(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("shared/data"))) return p.resolve("shared/data");
    }
    return null;
  }
}
