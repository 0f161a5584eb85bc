package org.stackwise.bench.lazy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stackwise.Classifier;
import org.stackwise.FitContext;
import org.stackwise.data.Dataset;
import org.stackwise.data.read.DataSplits;
import org.stackwise.data.read.ReadOptions;
import org.stackwise.data.read.TableReader;
import org.stackwise.ensemble.EnsembleModel;
import org.stackwise.folds.FoldPlan;
import org.stackwise.io.Json;
import org.stackwise.io.ModelFile;
import org.stackwise.io.logs.ExecutionLogReader;
import org.stackwise.io.logs.ExecutionLogWriter;
import org.stackwise.lazy.CostModel;
import org.stackwise.lazy.OutputTable;
import org.stackwise.lazy.WhiteBox;
import org.stackwise.spec.Specs;

/**
 * White-box lazy stacking on a tabular data set with a standard test split ({@code test_rows.txt}):
 * satimage, letter. The training part is cut 70 / 30 (stratified, seeded) into the rows the stack is
 * fitted on and the validation rows LazyStack is fitted on; the test rows are only evaluated.
 *
 * <pre>
 * java -cp ... org.stackwise.bench.lazy.TabularLazyBench --file ../shared/data/satimage/Satellite.csv
 *     --target classes --test-rows ../shared/data/satimage/test_rows.txt --work /tmp/sat [--config NAME:SETTINGS]...
 * </pre>
 */
public final class TabularLazyBench {
  /** Eight members of different cost. */
  static final String STACK = """
      {"stacking": {
        "members": {
          "naive_bayes": {"learner": "naive_bayes"},
          "logistic": {"learner": "logistic"},
          "decision_tree": {"learner": "decision_tree", "params": {"max_depth": 12}},
          "mlp": {"learner": "mlp", "params": {"hidden": [64], "max_epochs": 100}},
          "lightgbm": {"learner": "lightgbm"},
          "extra_trees": {"learner": "extra_trees", "params": {"num_trees": 100}},
          "random_forest": {"learner": "random_forest", "params": {"num_trees": 200}},
          "knn": {"learner": "knn", "params": {"k": 10}}},
        "folds": 3}}""";

  private TabularLazyBench() { }

  public static void main(String[] argv) throws Exception {
    Map<String, String> a = LazyBench.args(argv);
    Path file = Path.of(a.get("file"));
    String target = a.get("target");
    Path work = Path.of(a.getOrDefault("work", "/tmp/stackwise-tabular"));
    long seed = Long.parseLong(a.getOrDefault("seed", "1"));
    int threads = Integer.parseInt(a.getOrDefault("threads", "2"));
    Files.createDirectories(work);
    Dataset all = TableReader.read(file, ReadOptions.defaults().withTarget(target));
    DataSplits.Split split = DataSplits.trainTest(all, Path.of(a.get("test-rows")));
    Dataset train = split.train();
    Dataset test = split.test();
    FoldPlan plan = FoldPlan.stratified(train.classes(), 10, seed);
    List<Integer> fitRows = new ArrayList<>();
    List<Integer> validRows = new ArrayList<>();
    for (int f = 0; f < 10; f++) for (int r : plan.folds().get(f).test()) (f < 3 ? validRows : fitRows).add(r);
    fitRows.sort(null);
    validRows.sort(null);
    Dataset fit = train.select(fitRows.stream().mapToInt(Integer::intValue).toArray());
    Dataset valid = train.select(validRows.stream().mapToInt(Integer::intValue).toArray());
    System.err.printf("%s: %d fit rows, %d validation rows, %d test rows%n", file.getFileName(), fit.rows(), valid.rows(), test.rows());

    Path stackFile = work.resolve("stack.swm");
    Classifier stack;
    if (Files.exists(stackFile)) {
      stack = (Classifier) ModelFile.load(stackFile).model();
    } else {
      long t0 = System.nanoTime();
      stack = (Classifier) Specs.parse(STACK, "stack").fit(fit, FitContext.seeded(seed).withThreads(threads));
      System.err.printf("stack fitted in %.1f s%n", (System.nanoTime() - t0) / 1e9);
      ModelFile.save(stackFile, stack, target, Json.MAPPER.readTree(STACK), null, null);
    }
    EnsembleModel ens = (EnsembleModel) stack;
    Path validLog = work.resolve("valid.jsonl");
    Path testLog = work.resolve("test.jsonl");
    Path costFile = work.resolve("costs.json");
    OutputTable validTable;
    OutputTable testTable;
    CostModel costs;
    if (Files.exists(validLog) && Files.exists(testLog) && Files.exists(costFile)) {
      costs = CostModel.fromJson(Json.MAPPER.readTree(costFile.toFile()), costFile.toString());
      ExecutionLogReader.Options o = ExecutionLogReader.Options.defaults().withCostUnit(costs.unit()).withClasses(stack.classes());
      validTable = ExecutionLogReader.read(validLog, o).table();
      testTable = ExecutionLogReader.read(testLog, o).table();
    } else {
      WhiteBox.Measured mv = WhiteBox.outputs(ens, stack.classes(), valid, null, WhiteBox.Timing.defaults());
      costs = mv.costs();
      validTable = mv.table();
      testTable = WhiteBox.outputs(ens, stack.classes(), test, costs, WhiteBox.Timing.defaults()).table();
      ExecutionLogWriter.write(validTable, validLog);
      ExecutionLogWriter.write(testTable, testLog);
      LazyBench.writeJson(costFile, costs.toJson());
    }
    System.err.println("member costs: " + costs);
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put("lazystack", "");
    ObjectNode results = Json.object();
    results.put("dataset", file.getFileName() + "; fit 70 % / validation 30 % of the training split; standard test rows");
    results.put("machine", costs.machine());
    results.set("member_costs_ms", costs.toJson());
    results.set("runs", LazyBench.run(LazyBench.configs(a, defaults), validTable, testTable, costs, seed, threads, System.out));
    LazyBench.writeJson(work.resolve(a.getOrDefault("out", "tabular-lazy.json")), results);
  }
}
