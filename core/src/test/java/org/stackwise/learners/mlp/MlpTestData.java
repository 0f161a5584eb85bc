package org.stackwise.learners.mlp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.stackwise.data.Dataset;
import org.stackwise.data.Schema;
import org.stackwise.data.Target;

/** Small real data sets from {@code shared/data}, read with a throwaway parser (tests skip when absent). */
final class MlpTestData {
  private MlpTestData() { }

  /** The {@code shared/data} directory found by walking up from the working directory, or a skipped test. */
  static Path sharedData() {
    for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
      Path d = p.resolve("shared").resolve("data");
      if (Files.isDirectory(d)) return d;
    }
    Assumptions.abort("shared/data not found above " + System.getProperty("user.dir"));
    return null;
  }

  /**
   * A scikit-learn style CSV (first line: rows, columns, class names; then features and a class index
   * per line), e.g. {@code wine/wine_data.csv}.
   */
  static Dataset sklearnCsv(String relative) throws IOException {
    Path file = sharedData().resolve(relative);
    Assumptions.assumeTrue(Files.exists(file), file + " missing");
    List<String> lines = Files.readAllLines(file);
    String[] head = lines.get(0).split(",");
    int p = Integer.parseInt(head[1].trim());
    List<String> classes = Arrays.asList(head).subList(2, head.length);
    List<double[]> rows = new ArrayList<>();
    List<Integer> y = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) continue;
      String[] f = line.split(",");
      double[] r = new double[p];
      for (int j = 0; j < p; j++) r[j] = Double.parseDouble(f[j]);
      rows.add(r);
      y.add((int) Double.parseDouble(f[p]));
    }
    return Dataset.of(Schema.numeric("x", p), rows.toArray(new double[0][]),
        new Target.Classes("label", classes, y.stream().mapToInt(Integer::intValue).toArray()));
  }

  /** Every {@code k}-th row (from {@code offset}) versus the rest: a deterministic split. */
  static Dataset[] split(Dataset d, int k, int offset) {
    List<Integer> test = new ArrayList<>();
    List<Integer> train = new ArrayList<>();
    for (int i = 0; i < d.rows(); i++) (i % k == offset ? test : train).add(i);
    return new Dataset[] {d.select(train.stream().mapToInt(Integer::intValue).toArray()),
        d.select(test.stream().mapToInt(Integer::intValue).toArray())};
  }
}
