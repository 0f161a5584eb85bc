package org.stackwise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** lazy fit / lazy evaluate (log and white-box) and import routerbench through the real command line. */
class LazyCommandsTest {
  @TempDir Path dir;

  /** A synthetic execution log: three members of rising accuracy and cost. */
  Path log(String name, int n, long seed) throws IOException {
    return SyntheticLogs.write(dir, name, n, seed, 1.0);
  }

  @Test void fitAndEvaluateOnLogs() throws IOException {
    Path valid = log("v", 400, 1);
    Path test = log("t", 200, 2);
    Path lazy = dir.resolve("m.lzs");
    CliRunner.Result fit = CliRunner.run("lazy", "fit", "--log", valid.toString(), "--out", lazy.toString(), "--folds", "2",
        "--cost-unit", "ms", "--seed", "3", "--threads", "1", "--json");
    assertEquals(0, fit.code(), fit::toString);
    JsonNode f = Json.MAPPER.readTree(fit.out());
    assertTrue(f.has("validation") && f.has("trajectories") && f.has("data_use"), f::toString);
    assertEquals("ms", f.at("/cost_model/unit").asText());
    CliRunner.Result ev = CliRunner.run("lazy", "evaluate", "--lazy", lazy.toString(), "--log", test.toString(), "--json");
    assertEquals(0, ev.code(), ev::toString);
    JsonNode e = Json.MAPPER.readTree(ev.out());
    for (String k : List.of("accuracy", "full_accuracy", "retention", "mean_cost", "full_cost", "speedup", "mean_members_run",
        "trajectories_95", "methods", "curve", "validation")) {
      assertTrue(e.has(k), k + " in " + e);
    }
    assertEquals(1 + 8 + 64, e.get("full_cost").asDouble(), 1e-9);
    assertTrue(e.get("speedup").asDouble() >= 1);
    CliRunner.Result human = CliRunner.run("lazy", "evaluate", "--lazy", lazy.toString(), "--log", test.toString());
    assertEquals(0, human.code(), human::toString);
    assertTrue(human.out().contains("lazystack_sub") && human.out().contains("valid acc"), human::toString);
  }

  @Test void gridsAreChosenOnOutOfFoldRows() throws IOException {
    Path valid = log("gv", 200, 5);
    CliRunner.Result fit = CliRunner.run("lazy", "fit", "--log", valid.toString(), "--out", dir.resolve("g.lzs").toString(),
        "--folds", "2", "--cost-unit", "ms", "--stacker", "loglinear", "--alpha-grid", "0.02,0.5", "--min-members-grid", "1,2",
        "--seed", "3", "--threads", "1", "--json");
    assertEquals(0, fit.code(), fit::toString);
    JsonNode s = Json.MAPPER.readTree(fit.out()).path("selection");
    assertEquals(4, s.path("candidates").size(), s::toString);
    assertTrue(s.has("chosen_alpha") && s.has("chosen_min_members") && s.has("chosen_agreement_in_state"), s::toString);
  }

  @Test void baggedPolicyOnTheVoteState() throws IOException {
    Path valid = log("bv", 200, 6);
    CliRunner.Result fit = CliRunner.run("lazy", "fit", "--log", valid.toString(), "--out", dir.resolve("b.lzs").toString(),
        "--folds", "2", "--cost-unit", "ms", "--stacker", "loglinear", "--final-policy", "bagged", "--entropy-bins", "1",
        "--no-class-in-state", "--vote-bins", "3", "--double-estimate", "--seed", "3", "--threads", "1", "--json");
    assertEquals(0, fit.code(), fit::toString);
    JsonNode f = Json.MAPPER.readTree(fit.out());
    assertEquals("bagged", f.at("/params/final_policy").asText(), f::toString);
    assertEquals(3, f.at("/params/state/vote_bins").asInt(), f::toString);
    assertTrue(f.at("/params/double_estimate").asBoolean(), f::toString);
    assertTrue(f.at("/deployed_on_fit_rows/cost_ratio_to_oof").isNumber(), f::toString);
    CliRunner.Result bad = CliRunner.run("lazy", "fit", "--log", valid.toString(), "--out", dir.resolve("x.lzs").toString(),
        "--final-policy", "mixed");
    assertEquals(2, bad.code(), bad::toString);
  }

  /**
   * A routed model deploys the cores θ was calibrated on, so a cost budget met out of fold is met on new
   * rows of the same kind (up to sampling noise), and the model file keeps its routes.
   */
  @Test void routedPolicyKeepsTheBudgetOnNewRows() throws IOException {
    Path valid = log("rv", 600, 7);
    Path test = log("rt", 3000, 8);
    Path lazy = dir.resolve("r.lzs");
    CliRunner.Result fit = CliRunner.run("lazy", "fit", "--log", valid.toString(), "--out", lazy.toString(), "--folds", "3",
        "--cost-unit", "ms", "--final-policy", "routed", "--theta", "budget:40", "--seed", "3", "--threads", "1", "--json");
    assertEquals(0, fit.code(), fit::toString);
    JsonNode f = Json.MAPPER.readTree(fit.out());
    assertEquals("routed", f.at("/params/final_policy").asText(), f::toString);
    double oofCost = f.at("/validation/mean_cost").asDouble();
    assertTrue(oofCost <= 40 + 1e-9 && oofCost > 31.3, f::toString);
    CliRunner.Result ev = CliRunner.run("lazy", "evaluate", "--lazy", lazy.toString(), "--log", test.toString(), "--json");
    assertEquals(0, ev.code(), ev::toString);
    double testCost = Json.MAPPER.readTree(ev.out()).get("mean_cost").asDouble();
    assertEquals(oofCost, testCost, 0.1 * oofCost, "out-of-fold " + oofCost + ", test " + testCost);
  }

  @Test void badInputExitsWithTwoAndNamesTheProblem() throws IOException {
    Path valid = log("v", 50, 1);
    Files.writeString(valid, Files.readString(valid) + "{\"id\": \"x\", \"label\": \"a\", \"outputs\": {\"m0\": {\"proba\": {\"a\": 1}, \"cost\": 1}}}\n");
    CliRunner.Result r = CliRunner.run("lazy", "fit", "--log", valid.toString(), "--out", dir.resolve("m.lzs").toString());
    assertEquals(2, r.code(), r::toString);
    assertTrue(r.err().contains("line 51") && r.err().contains("member 'm1' is missing"), r::toString);
    assertTrue(!Files.exists(dir.resolve("m.lzs")), "nothing written");
    CliRunner.Result both = CliRunner.run("lazy", "fit", "--log", valid.toString(), "--model", "x.swm", "--data", "y.csv",
        "--out", dir.resolve("m.lzs").toString());
    assertEquals(2, both.code(), both::toString);
    CliRunner.Result missing = CliRunner.run("lazy", "evaluate", "--lazy", dir.resolve("none.lzs").toString(), "--log", valid.toString());
    assertEquals(2, missing.code(), missing::toString);
  }

  @Test void whiteBoxFitMeasuresCostsAndEvaluatesOnData() throws IOException {
    Path train = dir.resolve("train.csv");
    Path valid = dir.resolve("valid.csv");
    Path test = dir.resolve("test.csv");
    SplittableRandom r = new SplittableRandom(9);
    for (Path p : List.of(train, valid, test)) {
      StringBuilder sb = new StringBuilder("x1,x2,label\n");
      for (int i = 0; i < 240; i++) {
        int c = i % 3;
        sb.append(String.format(Locale.ROOT, "%.3f,%.3f,%s%n", c * 1.5 + r.nextGaussian(), -c + r.nextGaussian(), "k" + c));
      }
      Files.writeString(p, sb.toString());
    }
    String spec = """
        {"stacking": {"members": {
          "tiny": {"learner": "mlp", "params": {"hidden": [2], "max_epochs": 30}},
          "logistic": {"learner": "logistic"},
          "big": {"learner": "mlp", "params": {"hidden": [64, 64], "max_epochs": 30}}},
         "folds": 3}}""";
    Path model = dir.resolve("stack.swm");
    CliRunner.Result fit = CliRunner.run("fit", "--train", train.toString(), "--target", "label", "--spec", spec,
        "--out", model.toString(), "--seed", "1", "--threads", "1");
    assertEquals(0, fit.code(), fit::toString);
    Path lazy = dir.resolve("m.lzs");
    CliRunner.Result lf = CliRunner.run("lazy", "fit", "--model", model.toString(), "--data", valid.toString(), "--out",
        lazy.toString(), "--folds", "2", "--json", "--threads", "1");
    assertEquals(0, lf.code(), lf::toString);
    JsonNode f = Json.MAPPER.readTree(lf.out());
    assertEquals("measured", f.at("/cost_model/source").asText());
    assertEquals("ms", f.at("/cost_model/unit").asText());
    CliRunner.Result ev = CliRunner.run("lazy", "evaluate", "--lazy", lazy.toString(), "--data", test.toString(), "--json");
    assertEquals(0, ev.code(), ev::toString);
    JsonNode e = Json.MAPPER.readTree(ev.out());
    assertEquals(240, e.get("rows").asInt());
    assertTrue(e.at("/methods/full_stacker/accuracy").asDouble() > 0.5, e::toString);
  }

  @Test void importRouterBenchCsv() throws IOException {
    Path csv = dir.resolve("rb.csv");
    Files.writeString(csv, ",sample_id,prompt,eval_name,m1,m2,m1|model_response,m2|model_response,m1|total_cost,m2|total_cost,oracle_model_to_route_to\n"
        + "0,q1,\"p, with comma\",arc,1.0,0.0,['A'],['B'],0.01,0.001,m1\n"
        + "1,q2,p,arc,0.0,1.0,['C'],['D\\n'],0.01,0.001,m2\n");
    Path out = dir.resolve("rb.jsonl");
    CliRunner.Result r = CliRunner.run("import", "routerbench", "--in", csv.toString(), "--out", out.toString(), "--json");
    assertEquals(0, r.code(), r::toString);
    JsonNode o = Json.MAPPER.readTree(r.out());
    assertEquals(2, o.get("rows").asInt());
    List<String> lines = Files.readAllLines(out);
    assertEquals(2, lines.size());
    assertTrue(lines.get(1).contains("\"label\":\"D\""), lines.get(1));
  }
}
