package org.stackwise.cli.serve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.stackwise.cli.Main;

/**
 * A small fitted stack and lazy stack on synthetic data, made through the real command line: three
 * classes from three numeric columns and one categorical column ({@code colour}), a stack of logistic
 * regression, naive Bayes and k-NN, and a lazy stack over it with given member costs (1, 4, 16 ms).
 */
public final class ServeFixtures {
  /** The files: train, validation and test CSVs, the stack and the lazy stack. */
  public record Files3(Path train, Path valid, Path test, Path model, Path lazy) { }

  static final String[] CLASSES = {"a", "b", "c"};
  static final String[] COLOURS = {"red", "green", "blue"};

  private ServeFixtures() { }

  /** Writes the data and fits both models into {@code dir} (a few seconds). */
  public static Files3 create(Path dir) throws IOException {
    Path train = dir.resolve("train.csv");
    Path valid = dir.resolve("valid.csv");
    Path test = dir.resolve("test.csv");
    Files.writeString(train, csv(300, 1), StandardCharsets.UTF_8);
    Files.writeString(valid, csv(240, 2), StandardCharsets.UTF_8);
    Files.writeString(test, csv(150, 3), StandardCharsets.UTF_8);
    Path model = dir.resolve("stack.swm");
    String spec = "{\"stacking\": {\"members\": {\"logistic\": {\"learner\": \"logistic\"}, \"nb\": {\"learner\": \"naive_bayes\"}, "
        + "\"knn\": {\"learner\": \"knn\", \"params\": {\"k\": 9}}}, \"meta\": {\"learner\": \"logistic\"}, \"folds\": 3}}";
    run("fit", "--train", train.toString(), "--target", "label", "--spec", spec, "--out", model.toString(), "--threads", "1", "--quiet");
    Path costs = dir.resolve("costs.json");
    Files.writeString(costs, "{\"unit\": \"ms\", \"costs\": {\"nb\": 1, \"logistic\": 4, \"knn\": 16}}", StandardCharsets.UTF_8);
    Path lazy = dir.resolve("stack.lzs");
    run("lazy", "fit", "--model", model.toString(), "--data", valid.toString(), "--costs", costs.toString(), "--out", lazy.toString(),
        "--stacker", "loglinear", "--folds", "2", "--threads", "1", "--quiet");
    return new Files3(train, valid, test, model, lazy);
  }

  /** Runs the command line in-process; a non-zero exit is a test failure with the output. */
  static void run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(args, o, e);
    }
    if (code != 0) {
      throw new AssertionError("stackwise " + String.join(" ", args) + " exited " + code + "\n" + out.toString(StandardCharsets.UTF_8)
          + "\n" + err.toString(StandardCharsets.UTF_8));
    }
  }

  /**
   * {@code n} rows: class scores are linear in x1..x3 plus noise; the colour agrees with the class two
   * times in three.
   */
  static String csv(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    StringBuilder sb = new StringBuilder("x1,x2,x3,colour,label\n");
    for (int i = 0; i < n; i++) {
      double x1 = r.nextGaussian();
      double x2 = r.nextGaussian();
      double x3 = r.nextGaussian();
      double[] s = {x1 + 0.5 * x3, x2 - 0.3 * x1, -x1 - x2 + 0.2 * x3};
      int y = 0;
      for (int c = 1; c < 3; c++) if (s[c] + 0.6 * r.nextGaussian() > s[y]) y = c;
      int colour = r.nextInt(3) < 2 ? y : r.nextInt(3);
      sb.append(String.format(Locale.ROOT, "%.4f,%.4f,%.4f,%s,%s%n", x1, x2, x3, COLOURS[colour], CLASSES[y]));
    }
    return sb.toString();
  }
}
