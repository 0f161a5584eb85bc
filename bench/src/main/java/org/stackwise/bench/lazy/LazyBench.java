package org.stackwise.bench.lazy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.stackwise.FitContext;
import org.stackwise.io.Json;
import org.stackwise.lazy.CostModel;
import org.stackwise.lazy.LazyEvaluation;
import org.stackwise.lazy.LazyStackLearner;
import org.stackwise.lazy.LazyStackModel;
import org.stackwise.lazy.OutputTable;
import org.stackwise.lazy.ThetaRule;
import org.stackwise.lazy.policy.StateSpec;
import org.stackwise.lazy.substack.SubstackerTraining;

/**
 * Shared parts of the lazy-stacking benchmarks: named LazyStack configurations, one fit + evaluation
 * per configuration on the same validation and test tables, and the side-by-side report.
 */
final class LazyBench {
  private LazyBench() { }

  /**
   * A configuration from {@code name=spec} where spec is a comma-separated list of settings:
   * {@code alpha=0.1}, {@code theta=retain:0.97}, {@code min=2}, {@code prefix=30}, {@code agree},
   * {@code last}, {@code maskstate}, {@code bins=4}, {@code noclass}, {@code pool}, {@code pstop}, {@code folds=3},
   * {@code mode=mask}, {@code states=20}, {@code coverage=0.02}, {@code reaching}, {@code bagged} (bagged policies), {@code routed} (routed fold cores),
   * {@code double} (double-estimated MDP values), {@code votes=3} (state = set + top-vote-share bin only: no entropy, no class),
   * {@code votebins=3} (add the vote-share bin to the current state); grids chosen on the
   * out-of-fold rows: {@code alphas=0.01/0.03/0.1}, {@code mins=1/2}, {@code agrees=0/1}.
   */
  static LazyStackLearner config(String spec) {
    LazyStackLearner l = LazyStackLearner.defaults();
    if (spec.isBlank()) return l;
    for (String part : spec.split(",")) {
      String[] kv = part.split("=", 2);
      String k = kv[0].trim();
      String v = kv.length > 1 ? kv[1].trim() : "";
      switch (k) {
        case "alpha" -> l = l.withAlpha(Double.parseDouble(v));
        case "theta" -> l = l.withTheta(ThetaRule.parse(v, "theta"));
        case "min" -> l = l.withMinMembers(Integer.parseInt(v));
        case "prefix" -> l = l.withPrefixThetaRows(Integer.parseInt(v));
        case "agree" -> l = l.withState(l.state().withAgreementInState(true));
        case "last" -> l = l.withState(l.state().withAggregate(StateSpec.Aggregate.LAST));
        case "maskstate" -> l = l.withState(l.state().withAggregate(StateSpec.Aggregate.MASK));
        case "bins" -> l = l.withState(l.state().withEntropyBins(Integer.parseInt(v)));
        case "noclass" -> l = l.withState(l.state().withClassInState(false));
        case "pool" -> l = l.withStacker(SubstackerTraining.Kind.LOGLINEAR);
        case "pstop" -> l = l.withExitOnPolicyStop(true);
        case "folds" -> l = l.withCrossFitFolds(Integer.parseInt(v));
        case "mode" -> l = l.withMode(LazyStackModel.Mode.parse(v, "mode"));
        case "states" -> l = l.withMinStateRows(Integer.parseInt(v));
        case "coverage" -> l = l.withMinCoverage(Double.parseDouble(v));
        case "reaching" -> l = l.withSubRows(SubstackerTraining.SubRows.REACHING);
        case "bagged" -> l = l.withFinalPolicy(LazyStackLearner.FinalPolicy.BAGGED);
        case "routed" -> l = l.withFinalPolicy(LazyStackLearner.FinalPolicy.ROUTED);
        case "double" -> l = l.withDoubleEstimate(true);
        case "votes" -> l = l.withState(l.state().withEntropyBins(1).withClassInState(false).withVoteBins(Integer.parseInt(v)));
        case "votebins" -> l = l.withState(l.state().withVoteBins(Integer.parseInt(v)));
        case "alphas" -> l = l.withAlphaGrid(java.util.Arrays.stream(v.split("/")).map(Double::valueOf).toList());
        case "mins" -> l = l.withMinMembersGrid(java.util.Arrays.stream(v.split("/")).map(Integer::valueOf).toList());
        case "agrees" -> l = l.withAgreementGrid(java.util.Arrays.stream(v.split("/")).map(x -> x.equals("1")).toList());
        default -> throw new IllegalArgumentException("unknown setting '" + k + "' in '" + spec + "'");
      }
    }
    return l;
  }

  /** Fits and evaluates every configuration; returns {name: {"validation": ..., "test": ..., "fit_seconds": ...}}. */
  static ObjectNode run(Map<String, String> configs, OutputTable valid, OutputTable test, CostModel costs, long seed,
      int threads, PrintStream log) {
    ObjectNode out = Json.object();
    for (var e : configs.entrySet()) {
      LazyStackLearner learner = config(e.getValue());
      long t0 = System.nanoTime();
      LazyStackModel model = learner.fit(valid, costs, FitContext.seeded(seed).withThreads(threads));
      double secs = (System.nanoTime() - t0) / 1e9;
      ObjectNode r = LazyEvaluation.evaluate(model, test);
      ObjectNode o = out.putObject(e.getKey());
      o.put("spec", e.getValue());
      o.put("fit_seconds", secs);
      o.set("params", model.info().path("params"));
      o.set("trajectories", model.info().path("trajectories"));
      o.set("deployed_on_fit_rows", model.info().path("deployed_on_fit_rows"));
      o.set("test", r);
      log.printf(Locale.ROOT, "%n== %s (%s): fit %.1f s; trajectories %s%n", e.getKey(), e.getValue(), secs,
          model.info().path("trajectories"));
      if (model.info().has("selection")) {
        o.set("selection", model.info().path("selection"));
        log.println("selection on out-of-fold rows: " + model.info().path("selection"));
      }
      log.println("deployed on the fitting rows vs out of fold: " + model.info().path("deployed_on_fit_rows"));
      print(r.path("validation"), r, log);
    }
    return out;
  }

  /** The side-by-side table: out-of-fold validation (where θ was calibrated) and test. */
  static void print(JsonNode valid, JsonNode test, PrintStream out) {
    out.printf(Locale.ROOT, "%-18s %9s %9s %11s %11s %8s %8s%n", "method", "val acc", "test acc", "val cost", "test cost",
        "speedup", "members");
    for (Iterator<String> it = test.path("methods").fieldNames(); it.hasNext(); ) {
      String name = it.next();
      JsonNode v = valid.path("methods").path(name);
      JsonNode t = test.path("methods").path(name);
      out.printf(Locale.ROOT, "%-18s %9.4f %9.4f %11.4g %11.4g %7.2fx %8.2f%n", name, v.path("accuracy").asDouble(),
          t.path("accuracy").asDouble(), v.path("mean_cost").asDouble(), t.path("mean_cost").asDouble(),
          t.path("speedup").asDouble(), t.path("mean_members").asDouble());
    }
    out.printf(Locale.ROOT, "default mode %s: retention %.4f (valid %.4f), speedup %.2fx, members %.2f, trajectories_95 %d (test) / %d (valid)%n",
        test.path("mode").asText(), test.path("retention").asDouble(), valid.path("retention").asDouble(),
        test.path("speedup").asDouble(), test.path("mean_members_run").asDouble(), test.path("trajectories_95").asInt(),
        valid.path("trajectories_95").asInt());
  }

  /** Parses {@code --key value} arguments. */
  static Map<String, String> args(String[] args) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) throw new IllegalArgumentException("expected --option, got " + args[i]);
      String key = args[i].substring(2);
      String value = i + 1 < args.length && !args[i + 1].startsWith("--") ? args[++i] : "true";
      m.merge(key, value, (a, b) -> a + ";" + b);
    }
    return m;
  }

  /** Configurations from repeated {@code --config name=settings} (settings may be empty). */
  static Map<String, String> configs(Map<String, String> a, Map<String, String> defaults) {
    if (!a.containsKey("config")) return defaults;
    Map<String, String> out = new LinkedHashMap<>();
    for (String c : a.get("config").split(";")) {
      int colon = c.indexOf(':');
      if (colon < 0) throw new IllegalArgumentException("--config NAME:SETTINGS, got " + c);
      out.put(c.substring(0, colon), c.substring(colon + 1));
    }
    return out;
  }

  static void writeJson(Path p, JsonNode node) throws IOException {
    Files.createDirectories(p.toAbsolutePath().getParent());
    Files.writeString(p, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node));
  }

  static ArrayNode strings(List<String> s) {
    return Json.stringsToJson(new ArrayList<>(s));
  }

  /** Member outputs on the validation and test rows, with the costs measured on the validation rows. */
  record Outputs(OutputTable valid, OutputTable test, CostModel costs) { }

  /**
   * The members' outputs on {@code valid} and {@code test}: read from the execution logs and cost table a
   * previous run left in {@code work}, or measured now (costs timed on the validation rows) and written there,
   * so re-runs with other lazy settings skip the members.
   */
  static Outputs memberOutputs(Path work, org.stackwise.ensemble.EnsembleModel ens, List<String> classes,
                               org.stackwise.data.Dataset valid, org.stackwise.data.Dataset test,
                               org.stackwise.lazy.WhiteBox.Timing timing) throws IOException {
    Path validLog = work.resolve("valid.jsonl");
    Path testLog = work.resolve("test.jsonl");
    Path costFile = work.resolve("costs.json");
    if (Files.exists(validLog) && Files.exists(testLog) && Files.exists(costFile)) {
      CostModel costs = CostModel.fromJson(Json.MAPPER.readTree(costFile.toFile()), costFile.toString());
      var o = org.stackwise.io.logs.ExecutionLogReader.Options.defaults().withCostUnit(costs.unit()).withClasses(classes);
      return new Outputs(org.stackwise.io.logs.ExecutionLogReader.read(validLog, o).table(),
          org.stackwise.io.logs.ExecutionLogReader.read(testLog, o).table(), costs);
    }
    org.stackwise.lazy.WhiteBox.Measured mv = org.stackwise.lazy.WhiteBox.outputs(ens, classes, valid, null, timing);
    CostModel costs = mv.costs();
    OutputTable testTable = org.stackwise.lazy.WhiteBox.outputs(ens, classes, test, costs, timing).table();
    org.stackwise.io.logs.ExecutionLogWriter.write(mv.table(), validLog);
    org.stackwise.io.logs.ExecutionLogWriter.write(testTable, testLog);
    writeJson(costFile, costs.toJson());
    return new Outputs(mv.table(), testTable, costs);
  }
}
