package org.stackwise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackwise.io.Json;
import org.stackwise.learners.Catalogue;

/**
 * The presets on classification and regression targets (a regression target adapts the preset), and
 * {@code demo --data} on a small table. These need the catalogue learners the presets name; where the
 * catalogue does not have them yet they are skipped.
 */
class PresetAndDemoTest {
  @TempDir Path dir;

  private static void assumeCatalogueHas(String... ids) {
    assumeTrue(Catalogue.entries().keySet().containsAll(List.of(ids)), "catalogue lacks some of " + List.of(ids));
  }

  private Path table(String name, boolean regression, int n) throws IOException {
    SplittableRandom r = new SplittableRandom(regression ? 2 : 3);
    StringBuilder sb = new StringBuilder("x1,x2,x3,colour,y\n");
    for (int i = 0; i < n; i++) {
      double a = r.nextGaussian();
      double b = r.nextGaussian();
      double c = r.nextGaussian();
      String colour = List.of("red", "green", "blue").get(r.nextInt(3));
      String y = regression ? String.format(Locale.ROOT, "%.4f", 3 * a - b + c * c + 0.1 * r.nextGaussian())
          : (a + b > 0.3 ? "yes" : a - b > 0 ? "maybe" : "no");
      sb.append(String.format(Locale.ROOT, "%.4f,%.4f,%.4f,%s,%s%n", a, b, c, colour, y));
    }
    return Files.writeString(dir.resolve(name), sb);
  }

  @Test
  void fastPresetFitsClassesAndNumbers() throws IOException {
    assumeCatalogueHas("lightgbm", "logistic", "naive_bayes", "ridge");
    Path cls = table("classes.csv", false, 200);
    CliRunner.Result fit = CliRunner.run("fit", "--train", cls.toString(), "--target", "y", "--preset", "fast",
        "--out", dir.resolve("c.swm").toString(), "--json", "--threads", "2");
    assertEquals(0, fit.code(), fit::toString);
    JsonNode f = Json.MAPPER.readTree(fit.out());
    assertEquals(List.of("lightgbm", "logistic", "naive_bayes"), Json.strings(f.at("/ensemble/members"), "test"));

    Path reg = table("numbers.csv", true, 200);
    CliRunner.Result fitReg = CliRunner.run("fit", "--train", reg.toString(), "--target", "y", "--preset", "fast",
        "--out", dir.resolve("r.swm").toString(), "--json", "--threads", "2");
    assertEquals(0, fitReg.code(), fitReg::toString);
    JsonNode g = Json.MAPPER.readTree(fitReg.out());
    assertEquals("regression", g.get("task").asText());
    assertEquals(List.of("lightgbm", "ridge"), Json.strings(g.at("/ensemble/members"), "test"),
        "logistic becomes ridge, naive_bayes is dropped");
    CliRunner.Result eval = CliRunner.run("evaluate", "--model", dir.resolve("r.swm").toString(), "--data", reg.toString(), "--json");
    assertEquals(0, eval.code(), eval::toString);
    assertTrue(Json.MAPPER.readTree(eval.out()).at("/metrics/r2").asDouble() > 0.5, eval::toString);
  }

  /** A spec with {@code out_of_bag}: the fit says which members were out of bag, and {@code cv} runs it. */
  @Test
  void anOutOfBagStackFromTheCommandLine() throws IOException {
    Path cls = table("classes.csv", false, 240);
    String spec = """
        {"stacking": {"members": {"rf": {"learner": "random_forest", "params": {"num_trees": 40}},
          "lr": {"learner": "logistic"}}, "out_of_bag": true, "folds": 4}}""";
    CliRunner.Result fit = CliRunner.run("fit", "--train", cls.toString(), "--target", "y", "--spec", spec,
        "--out", dir.resolve("o.swm").toString(), "--threads", "2");
    assertEquals(0, fit.code(), fit::toString);
    assertTrue(fit.out().contains("out of bag (one fit; each row's oof outputs from the trees or estimators that did not see it): rf"), fit::toString);
    CliRunner.Result json = CliRunner.run("fit", "--train", cls.toString(), "--target", "y", "--spec", spec,
        "--out", dir.resolve("p.swm").toString(), "--threads", "2", "--json");
    assertEquals(0, json.code(), json::toString);
    assertEquals(List.of("rf"), Json.strings(Json.MAPPER.readTree(json.out()).at("/ensemble/out_of_bag_members"), "test"),
        json::toString);
    CliRunner.Result cv = CliRunner.run("cv", "--data", cls.toString(), "--target", "y", "--spec", spec, "--folds", "3",
        "--threads", "2", "--json");
    assertEquals(0, cv.code(), cv::toString);
  }

  @Test
  void demoOnASmallTable() throws IOException {
    assumeCatalogueHas("lightgbm", "random_forest", "knn", "logistic", "naive_bayes");
    Path cls = table("demo.csv", false, 120);
    CliRunner.Result demo = CliRunner.run("demo", "--data", cls.toString(), "--target", "y", "--threads", "2", "-q");
    assertEquals(0, demo.code(), demo::toString);
    for (String id : Catalogue.entries().keySet()) assertTrue(demo.out().contains(id), () -> id + " listed: " + demo);
    assertTrue(demo.out().contains("stack ("), demo::toString);
    assertTrue(demo.out().contains("best member"), demo::toString);
    assertFalse(demo.out().contains("failed"), demo::toString);
  }
}
