package org.stackwise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackwise.io.Json;

/**
 * fit → evaluate --json → predict → describe --json → cv --json through the real command line, on iris
 * (from the shared data directory, when present) or else a synthetic table with a categorical column.
 */
class EndToEndTest {
  /** A small stack of fast members and the default meta-learner (L2 logistic regression). */
  static final String STACK = """
      {"stacking": {
        "members": {
          "wide": {"learner": "mlp", "params": {"hidden": [16], "learning_rate": 0.01, "batch_size": 16, "max_epochs": 100}},
          "linear": {"learner": "logistic"}},
        "folds": 3}}""";

  @TempDir Path dir;

  /** Iris as ARFF (target "class") when the shared data is there, else a synthetic CSV (target "label"). */
  private String[] classificationData() throws IOException {
    var shared = CliRunner.sharedData();
    if (shared.isPresent() && Files.isRegularFile(shared.get().resolve("iris/iris.arff"))) {
      return new String[] {shared.get().resolve("iris/iris.arff").toString(), "class"};
    }
    Path p = dir.resolve("synthetic.csv");
    SplittableRandom r = new SplittableRandom(5);
    StringBuilder sb = new StringBuilder("x1,x2,colour,label\n");
    for (int i = 0; i < 150; i++) {
      int c = i % 3;
      sb.append(String.format(Locale.ROOT, "%.3f,%.3f,%s,%s%n", c * 2 + r.nextGaussian(), -c + r.nextGaussian(),
          List.of("red", "green", "blue").get(r.nextInt(3)), List.of("setosa", "versicolor", "virginica").get(c)));
    }
    Files.writeString(p, sb.toString(), StandardCharsets.UTF_8);
    return new String[] {p.toString(), "label"};
  }

  @Test
  void fitEvaluatePredictDescribeCv() throws IOException {
    String[] data = classificationData();
    Path model = dir.resolve("model.swm");

    CliRunner.Result fit = CliRunner.run("fit", "--train", data[0], "--target", data[1], "--spec", STACK,
        "--out", model.toString(), "--seed", "7", "--threads", "2", "--json");
    assertEquals(0, fit.code(), fit::toString);
    JsonNode f = onlyJsonObject(fit.out());
    assertHas(f, "model", "task", "target", "rows", "columns", "classes", "learner", "fit_seconds", "seed", "spec", "ensemble");
    assertEquals("stacking", f.get("learner").asText());
    assertEquals(List.of("wide", "linear"), strings(f.at("/ensemble/members")));
    assertHas(f.get("ensemble"), "member_oof_scores", "stack_oof_score", "warnings", "folds", "meta_weights");
    assertHas(f.at("/ensemble/meta_weights"), "wide", "linear");
    assertTrue(fit.err().isEmpty() || !fit.err().contains("error"), fit::toString);
    assertTrue(Files.isRegularFile(model));
    assertEquals(1, CliRunner.filesIn(dir) - (data[0].startsWith(dir.toString()) ? 1 : 0), "only the model is written");

    CliRunner.Result eval = CliRunner.run("evaluate", "--model", model.toString(), "--data", data[0], "--json");
    assertEquals(0, eval.code(), eval::toString);
    JsonNode e = onlyJsonObject(eval.out());
    assertHas(e.get("metrics"), "n", "accuracy", "balanced_accuracy", "log_loss", "macro_f1", "roc_auc", "brier");
    assertEquals(150, e.at("/metrics/n").asInt());
    assertTrue(e.at("/metrics/accuracy").asDouble() > 0.8, "a working model: " + e);
    assertHas(e.at("/members/wide"), "accuracy");
    assertHas(e.at("/members/linear"), "accuracy");
    assertEquals(data[1], e.get("target").asText());

    Path pred = dir.resolve("pred.csv");
    CliRunner.Result predict = CliRunner.run("predict", "--model", model.toString(), "--data", data[0], "--out",
        pred.toString(), "--proba");
    assertEquals(0, predict.code(), predict::toString);
    assertEquals("", predict.out());
    List<String> lines = Files.readAllLines(pred);
    assertEquals(151, lines.size());
    List<String> classes = strings(f.get("classes"));
    assertEquals("prediction," + String.join(",", classes.stream().map(c -> "proba_" + c).toList()), lines.get(0));
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",");
      assertEquals(1 + classes.size(), cells.length, line);
      assertTrue(classes.contains(cells[0]), line);
      double sum = 0;
      for (int k = 1; k < cells.length; k++) sum += Double.parseDouble(cells[k]);
      assertEquals(1.0, sum, 1e-9, line);
    }

    CliRunner.Result describe = CliRunner.run("describe", "--model", model.toString(), "--json");
    assertEquals(0, describe.code(), describe::toString);
    JsonNode d = onlyJsonObject(describe.out());
    assertHas(d, "format_version", "kind", "task", "target", "classes", "schema", "spec", "provenance", "ensemble");
    assertHas(d.get("provenance"), "seed", "data_fingerprint", "train_rows", "fit_seconds", "train_source");
    assertEquals(7, d.at("/provenance/seed").asLong());
    assertEquals(150, d.at("/provenance/train_rows").asInt());
    assertHas(d.get("ensemble"), "members", "member_oof_scores", "warnings", "meta_weights", "meta_learner");
    assertEquals(f.at("/ensemble/member_oof_scores"), d.at("/ensemble/member_oof_scores"), "describe shows the fit-time scores");

    CliRunner.Result human = CliRunner.run("describe", "--model", model.toString());
    assertEquals(0, human.code(), human::toString);
    assertTrue(human.out().contains("wide") && human.out().contains("oof accuracy") && human.out().contains("meta weight"),
        human::toString);

    Path oof = dir.resolve("oof.csv");
    CliRunner.Result cv = CliRunner.run("cv", "--data", data[0], "--target", data[1], "--spec", STACK, "--folds", "3",
        "--json", "--save-oof", oof.toString(), "--threads", "2");
    assertEquals(0, cv.code(), cv::toString);
    JsonNode c = onlyJsonObject(cv.out());
    assertHas(c.get("members"), "wide", "linear");
    assertHas(c.get("combiners"), "stacking", "voting", "selection", "blending");
    assertHas(c.at("/combiners/stacking/accuracy"), "mean", "std", "folds");
    assertEquals(3, c.at("/combiners/stacking/accuracy/folds").size());
    List<String> oofLines = Files.readAllLines(oof);
    assertEquals(151, oofLines.size());
    assertEquals(2 * classes.size() + 1, oofLines.get(0).split(",").length);
    assertTrue(oofLines.get(0).startsWith("wide:" + classes.get(0) + ","), oofLines.get(0));
    assertTrue(oofLines.get(0).endsWith("," + data[1]), oofLines.get(0));
  }

  @Test
  void predictionsDoNotNeedTheTargetColumnAndRegressionWorks() throws IOException {
    SplittableRandom r = new SplittableRandom(11);
    StringBuilder train = new StringBuilder("a,b,c,y\n");
    StringBuilder fresh = new StringBuilder("c,b,a\n");  // other column order, no target
    for (int i = 0; i < 120; i++) {
      double a = r.nextGaussian();
      double b = r.nextGaussian();
      double c = r.nextGaussian();
      train.append(String.format(Locale.ROOT, "%.4f,%.4f,%.4f,%.4f%n", a, b, c, 2 * a - b + 0.5 * c + 0.1 * r.nextGaussian()));
      if (i < 10) fresh.append(String.format(Locale.ROOT, "%.4f,%.4f,%.4f%n", c, b, a));
    }
    Path trainFile = Files.writeString(dir.resolve("train.csv"), train);
    Path freshFile = Files.writeString(dir.resolve("fresh.csv"), fresh);
    Path model = dir.resolve("reg.swm");
    CliRunner.Result fit = CliRunner.run("fit", "--train", trainFile.toString(), "--target", "y", "--out", model.toString(),
        "--spec", "{\"learner\": \"mlp\", \"params\": {\"hidden\": [], \"learning_rate\": 0.05, \"batch_size\": 16}}", "-q");
    assertEquals(0, fit.code(), fit::toString);
    assertTrue(fit.out().contains("regression"), fit::toString);

    CliRunner.Result eval = CliRunner.run("evaluate", "--model", model.toString(), "--data", trainFile.toString(), "--json");
    assertEquals(0, eval.code(), eval::toString);
    JsonNode e = onlyJsonObject(eval.out());
    assertHas(e.get("metrics"), "n", "rmse", "mae", "r2");
    assertTrue(e.at("/metrics/r2").asDouble() > 0.9, e::toString);

    Path pred = dir.resolve("pred.csv");
    CliRunner.Result predict = CliRunner.run("predict", "--model", model.toString(), "--data", freshFile.toString(),
        "--out", pred.toString());
    assertEquals(0, predict.code(), predict::toString);
    List<String> lines = Files.readAllLines(pred);
    assertEquals("prediction", lines.get(0));
    assertEquals(11, lines.size());
    for (String l : lines.subList(1, lines.size())) assertTrue(Double.isFinite(Double.parseDouble(l)), l);
    try (Stream<Path> s = Files.list(dir)) {
      assertFalse(s.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files left");
    }
  }

  private static JsonNode onlyJsonObject(String stdout) throws IOException {
    JsonNode n = Json.MAPPER.readTree(stdout);  // the mapper rejects trailing tokens: exactly one value
    assertTrue(n != null && n.isObject(), () -> "stdout must be one JSON object: " + stdout);
    return n;
  }

  private static void assertHas(JsonNode n, String... keys) {
    assertTrue(n != null && n.isObject(), () -> "expected an object, got " + n);
    for (String k : keys) assertTrue(n.has(k), () -> "missing key '" + k + "' in " + n);
  }

  private static List<String> strings(JsonNode arr) {
    return Json.strings(arr, "test");
  }
}
