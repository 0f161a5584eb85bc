package org.stackwise.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.stackwise.BadInputException;
import org.stackwise.data.read.DataSplits;
import org.stackwise.io.Json;
import org.stackwise.learners.Catalogue;

/**
 * Runs Stackwise and scikit-learn 1.2 side by side, in the same run, on the same train/test splits, and
 * writes {@code docs/BENCHMARKS.md} and the raw results ({@code docs/bench-results/<table>/<data set>.json}).
 *
 * <p>Usage (normally through {@code bench/run.sh}):
 * <pre>
 * BenchmarkMain [--quick] [--only NAME,...] [--table learners|stacks|all] [--models ID,...]
 *               [--out DIR] [--data DIR] [--seed N] [--threads N] [--timeout-min N] [--render-only]
 * </pre>
 *
 * <p>How one measurement runs: this process reads each data set with Stackwise's readers and writes
 * the exact split it uses, one-hot encoded, for the reference side ({@link ReferenceData}). Then every
 * model is fitted in a fresh process of its own — a worker JVM for Stackwise ({@link OurSide}),
 * {@code /usr/bin/python3 bench/python/reference.py} for scikit-learn — so each process's peak memory
 * is that model's alone. The two sides alternate which runs first, so background load hits both alike.
 */
public final class BenchmarkMain {
  /**
   * Batch predictions timed per model (the best counts), while their total stays under 2 s: enough for the
   * JVM's compiler to reach steady state on small test sets, as a serving process would be.
   */
  static final int DEFAULT_PREDICT_REPS = 10;
  /**
   * Timed fits per model and side; the best is reported. Other jobs on a shared machine only ever slow a
   * fit down, and single fits of the same model varied by ±20 % between runs.
   */
  static final int DEFAULT_FIT_REPS = 2;

  static final String PYTHON = "/usr/bin/python3";
  static final List<String> LEARNER_SETS = List.of("satimage", "letter", "spambase", "credit-g", "nsl-kdd");
  static final List<String> STACK_SETS = List.of("nsl-kdd", "letter", "satimage", "spambase", "credit-g", "segment",
      "shuttle", "digits");
  static final List<String> QUICK_SETS = List.of("credit-g", "digits");

  private BenchmarkMain() { }

  /** Options of one benchmark run. */
  record Options(boolean quick, List<String> only, String table, List<String> models, Path out, Path data,
                 Path root, long seed, int threads, int timeoutMinutes, boolean renderOnly, int predictReps,
                 int fitReps, int warmupRows, int waitQuietMinutes, String command) {
    boolean learners() { return table.equals("learners") || table.equals("all"); }
    boolean stacks() { return table.equals("stacks") || table.equals("all"); }

    List<String> sets(List<String> defaults) {
      return only != null ? only : quick ? QUICK_SETS : defaults;
    }
  }

  public static void main(String[] args) {
    int code;
    try {
      code = args.length > 0 && args[0].equals("worker") ? worker(Arrays.copyOfRange(args, 1, args.length)) : run(args);
    } catch (BadInputException e) {
      System.err.println("error: " + e.getMessage());
      code = 2;
    }
    System.exit(code);
  }

  // ---------------------------------------------------------------- orchestrator

  static int run(String[] args) {
    Options o = parse(args);
    Path results = o.out().resolve("bench-results");
    if (o.renderOnly()) {
      Report.write(results, o.out().resolve("BENCHMARKS.md"));
      return 0;
    }
    String versions = Machine.sklearnVersions(PYTHON);
    if (versions == null) {
      System.err.println("error: the reference side needs scikit-learn 1.2 for " + PYTHON
          + " (`" + PYTHON + " -c 'import sklearn'` failed). Install it with: apt-get install -y python3-sklearn");
      return 2;
    }
    Path script = o.root().resolve("bench/python/reference.py");
    if (!Files.isRegularFile(script)) throw new BadInputException(script.toString(), "reference script not found");
    for (String s : o.sets(LEARNER_SETS)) BenchDataset.named(s);
    ObjectNode run = Json.object();
    run.put("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    run.put("command", o.command());
    run.set("machine", Machine.describe(PYTHON));
    run.put("seed", o.seed());
    run.put("threads", o.threads());
    System.err.println("stackwise bench: " + run.get("machine"));
    Path tmp;
    try {
      tmp = Files.createTempDirectory("stackwise-bench");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      if (o.learners()) {
        for (String s : o.sets(LEARNER_SETS)) runDataset(o, "learners", BenchDataset.named(s), run, tmp, script, results);
      }
      if (o.stacks()) {
        for (String s : o.sets(STACK_SETS)) runDataset(o, "stacks", BenchDataset.named(s), run, tmp, script, results);
      }
    } finally {
      deleteTree(tmp);
    }
    Report.write(results, o.out().resolve("BENCHMARKS.md"));
    System.err.println("wrote " + o.out().resolve("BENCHMARKS.md"));
    return 0;
  }

  private static void runDataset(Options o, String table, BenchDataset ds, ObjectNode run, Path tmp, Path script,
                                 Path results) {
    waitForQuiet(o.waitQuietMinutes());
    long t0 = System.nanoTime();
    DataSplits.Split split = ds.load(o.data());
    Path dir = tmp.resolve(ds.name());
    int encoded;
    try {
      encoded = ReferenceData.write(split, ds.name(), dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ObjectNode file = Json.object();
    file.put("table", table);
    file.put("dataset", ds.name());
    file.put("split", ds.split());
    file.put("train_rows", split.train().rows());
    file.put("test_rows", split.test().rows());
    file.put("features", split.train().columns());
    file.put("encoded_features", encoded);
    file.put("classes", split.train().classes().numClasses());
    file.set("run", run);
    file.put("load_average_before", Machine.loadAverage());
    ArrayNode rows = file.putArray("rows");
    int trainRows = split.train().rows();
    int index = 0;
    if (table.equals("learners")) {
      for (Contender c : Contender.ALL) {
        if (o.models() != null && !o.models().contains(c.id())) continue;
        ObjectNode row = rows.addObject();
        row.put("model", c.id());
        row.put("counterpart", c.counterpart());
        row.put("targeted", c.targeted());
        String skip = c.skipReason(trainRows);
        if (skip != null) {
          row.put("note", skip);
          System.err.printf(Locale.ROOT, "[%s] %-9s %-14s %s%n", table, ds.name(), c.id(), skip);
          continue;
        }
        measure(o, table, ds, row, c.id(), "spec:" + c.spec(), c.counterpart() == null ? null : c.id(), index++,
            dir, script);
      }
    } else {
      ObjectNode row = rows.addObject();
      row.put("model", "stack");
      row.put("counterpart", "StackingClassifier([RandomForest(300), HistGradientBoosting, scaled KNN(15), "
          + "scaled LogisticRegression, GaussianNB], final_estimator=LogisticRegression, cv=5, "
          + "stack_method='predict_proba', n_jobs=2)");
      row.put("targeted", true);
      measure(o, table, ds, row, "preset:default", "preset:default", "stack", 0, dir, script);
    }
    file.put("load_average_after", Machine.loadAverage());
    file.put("wall_seconds", (System.nanoTime() - t0) / 1e9);
    Path target = results.resolve(table).resolve(ds.name() + ".json");
    if (o.models() != null) mergeRows(target, file);
    writeAtomically(target, file);
  }

  /**
   * Waits up to {@code minutes} until the 1-minute load average drops below the number of cores + 1
   * (timings of OpenMP code, in LightGBM and in scikit-learn alike, collapse on an oversubscribed machine).
   */
  private static void waitForQuiet(int minutes) {
    long deadline = System.nanoTime() + minutes * 60_000_000_000L;
    double limit = Runtime.getRuntime().availableProcessors() + 1.0;
    while (minutes > 0 && System.nanoTime() < deadline) {
      double load;
      try {
        load = Double.parseDouble(Machine.loadAverage().split(" ")[0]);
      } catch (NumberFormatException e) {
        return;
      }
      if (load < limit) return;
      System.err.printf(Locale.ROOT, "load average %.2f ≥ %.1f: waiting for a quieter machine%n", load, limit);
      try {
        Thread.sleep(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void measure(Options o, String table, BenchDataset ds, ObjectNode row, String ourId, String ours,
                              String theirs, int index, Path dir, Path script) {
    Path logs = o.root().resolve("bench/target/bench-logs");
    String tag = table + "-" + ds.name() + "-" + row.get("model").asText();
    ObjectNode ourResult = null;
    ObjectNode theirResult = null;
    // alternate which side goes first so that background load falls on both alike
    for (int turn = 0; turn < 2; turn++) {
      boolean oursNow = (turn == 0) == (index % 2 == 0);
      if (oursNow) {
        ourResult = ours.startsWith("spec:") && !Catalogue.entries().containsKey(ourId)
            ? ChildProcess.error("learner '" + ourId + "' is not in this build's catalogue")
            : runOurs(o, ds, ours, logs.resolve(tag + "-stackwise.log"));
      } else if (theirs != null) {
        theirResult = runTheirs(o, dir, theirs, script, logs.resolve(tag + "-sklearn.log"));
      }
    }
    if (ourResult != null) row.set("ours", ourResult);
    if (theirResult != null) row.set("theirs", theirResult);
    System.err.printf(Locale.ROOT, "[%s] %-9s %-14s ours %s | sklearn %s%n", table, ds.name(), row.get("model").asText(),
        brief(ourResult), theirs == null ? "(no counterpart)" : brief(theirResult));
  }

  private static String brief(JsonNode r) {
    if (r == null) return "-";
    if (r.has("error")) return "ERROR " + r.get("error").asText();
    return String.format(Locale.ROOT, "acc %.4f fit %.2fs predict %.3fs rss %.0fMB", r.get("accuracy").asDouble(),
        r.get("fit_seconds").asDouble(), r.get("predict_seconds").asDouble(), r.get("peak_rss_mb").asDouble());
  }

  private static ObjectNode runOurs(Options o, BenchDataset ds, String what, Path log) {
    Path result = log.resolveSibling(log.getFileName() + ".json");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(BenchmarkMain.class.getName());
    cmd.addAll(List.of("worker", "--data", o.data().toString(), "--dataset", ds.name(), "--what", what,
        "--seed", Long.toString(o.seed()), "--threads", Integer.toString(o.threads()),
        "--predict-reps", Integer.toString(o.predictReps()), "--fit-reps", Integer.toString(o.fitReps()),
        "--warmup-rows", Integer.toString(o.warmupRows()), "--result", result.toString()));
    return ChildProcess.run(cmd, Map.of(), result, log, Duration.ofMinutes(o.timeoutMinutes()));
  }

  private static ObjectNode runTheirs(Options o, Path dir, String model, Path script, Path log) {
    Path result = log.resolveSibling(log.getFileName() + ".json");
    List<String> cmd = List.of(PYTHON, script.toString(), "--data", dir.toString(), "--model", model,
        "--seed", Long.toString(o.seed()), "--predict-reps", Integer.toString(o.predictReps()),
        "--fit-reps", Integer.toString(o.fitReps()), "--warmup-rows", Integer.toString(o.warmupRows()), "--result", result.toString());
    String t = Integer.toString(o.threads());
    Map<String, String> env = Map.of("OMP_NUM_THREADS", t, "OPENBLAS_NUM_THREADS", t, "MKL_NUM_THREADS", t,
        "PYTHONHASHSEED", "0");
    return ChildProcess.run(cmd, env, result, log, Duration.ofMinutes(o.timeoutMinutes()));
  }

  /** Keeps the rows of models that were not re-run this time (a run with --models). */
  private static void mergeRows(Path target, ObjectNode file) {
    if (!Files.isRegularFile(target)) return;
    try {
      JsonNode old = Json.MAPPER.readTree(target.toFile());
      Map<String, JsonNode> byModel = new LinkedHashMap<>();
      for (JsonNode r : old.path("rows")) byModel.put(r.path("model").asText(), r);
      for (JsonNode r : file.path("rows")) {
        ObjectNode copy = ((ObjectNode) r).deepCopy();
        copy.set("run", file.get("run"));
        byModel.put(r.path("model").asText(), copy);
      }
      List<String> order = Contender.ALL.stream().map(Contender::id).toList();
      ArrayNode rows = Json.array();
      byModel.values().stream()
          .sorted(Comparator.comparingInt(r -> {
            int i = order.indexOf(r.path("model").asText());
            return i < 0 ? Integer.MAX_VALUE : i;
          }))
          .forEach(rows::add);
      file.set("rows", rows);
      file.put("merged", "rows not re-run keep the run recorded in their own 'run' field or in the earlier file's");
      if (old.has("run")) {
        for (JsonNode r : rows) {
          if (!r.has("run")) ((ObjectNode) r).set("run", old.get("run"));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void writeAtomically(Path target, JsonNode node) {
    try {
      Files.createDirectories(target.toAbsolutePath().getParent());
      Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
      Files.writeString(tmp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n");
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("warning: could not delete " + dir + ": " + e.getMessage());
    }
  }

  // ---------------------------------------------------------------- worker

  private static int worker(String[] args) {
    Map<String, String> a = keyValues(args, List.of("--data", "--dataset", "--what", "--seed", "--threads",
        "--predict-reps", "--fit-reps", "--warmup-rows", "--result"));
    ObjectNode out = OurSide.run(Path.of(a.get("--data")), a.get("--dataset"), a.get("--what"),
        Long.parseLong(a.get("--seed")), Integer.parseInt(a.get("--threads")), Integer.parseInt(a.get("--predict-reps")),
        Integer.parseInt(a.get("--fit-reps")), Integer.parseInt(a.get("--warmup-rows")));
    writeAtomically(Path.of(a.get("--result")), out);
    return 0;
  }

  private static Map<String, String> keyValues(String[] args, List<String> required) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) throw new BadInputException(args[i], "missing value");
      m.put(args[i], args[i + 1]);
    }
    for (String r : required) if (!m.containsKey(r)) throw new BadInputException(r, "required");
    return m;
  }

  // ---------------------------------------------------------------- options

  static Options parse(String[] args) {
    boolean quick = false;
    boolean renderOnly = false;
    List<String> only = null;
    List<String> models = null;
    String table = "all";
    Path out = null;
    Path data = null;
    Path root = Path.of("").toAbsolutePath();
    long seed = 42;
    int threads = 2;
    int timeout = 20;
    int reps = DEFAULT_PREDICT_REPS;
    int fitReps = DEFAULT_FIT_REPS;
    int warmup = 500;
    int waitQuiet = 0;
    String command = "java -cp ... " + BenchmarkMain.class.getName() + " " + String.join(" ", args);
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--quick" -> quick = true;
        case "--render-only" -> renderOnly = true;
        case "--only" -> only = List.of(value(args, ++i, a).split(","));
        case "--models" -> models = List.of(value(args, ++i, a).split(","));
        case "--table" -> {
          table = value(args, ++i, a);
          if (!List.of("learners", "stacks", "all").contains(table)) {
            throw new BadInputException("--table", "must be learners, stacks or all, got '" + table + "'");
          }
        }
        case "--out" -> out = Path.of(value(args, ++i, a));
        case "--data" -> data = Path.of(value(args, ++i, a));
        case "--root" -> root = Path.of(value(args, ++i, a)).toAbsolutePath();
        case "--seed" -> seed = Long.parseLong(value(args, ++i, a));
        case "--threads" -> threads = Integer.parseInt(value(args, ++i, a));
        case "--timeout-min" -> timeout = Integer.parseInt(value(args, ++i, a));
        case "--predict-reps" -> reps = Integer.parseInt(value(args, ++i, a));
        case "--fit-reps" -> fitReps = Integer.parseInt(value(args, ++i, a));
        case "--warmup-rows" -> warmup = Integer.parseInt(value(args, ++i, a));
        case "--wait-quiet" -> waitQuiet = Integer.parseInt(value(args, ++i, a));
        case "--command" -> command = value(args, ++i, a);
        case "-h", "--help" -> {
          System.out.println("usage: bench/run.sh [--quick] [--only NAME,...] [--table learners|stacks|all] "
              + "[--models ID,...] [--out DIR] [--data DIR] [--seed N] [--threads N] [--timeout-min N] [--fit-reps N] [--warmup-rows N] [--wait-quiet MIN] [--render-only]\n"
              + "data sets: " + BenchDataset.names());
          System.exit(0);
        }
        default -> throw new BadInputException(a, "unknown option; see --help");
      }
    }
    if (only != null) only.forEach(BenchDataset::named);
    if (out == null) out = quick ? root.resolve("bench/target/bench-quick") : root.resolve("docs");
    if (data == null) data = locateData(root);
    return new Options(quick, only, table, models, out.toAbsolutePath(), data.toAbsolutePath(), root, seed, threads,
        timeout, renderOnly, reps, Math.max(1, fitReps), warmup, waitQuiet, command);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) throw new BadInputException(option, "missing value");
    return args[i];
  }

  /** {@code shared/data} beside the repository or one of its parents. */
  static Path locateData(Path root) {
    Path p = locateDataOrNull(root);
    if (p == null) throw new BadInputException("--data", "no shared/data folder found above " + root + "; pass --data DIR");
    return p;
  }

  static Path locateDataOrNull(Path root) {
    for (Path p = root; p != null; p = p.getParent()) {
      Path c = p.resolve("shared/data");
      if (Files.isDirectory(c)) return c;
    }
    return null;
  }
}
