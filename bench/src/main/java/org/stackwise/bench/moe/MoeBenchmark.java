package org.stackwise.bench.moe;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.stackwise.Classifier;
import org.stackwise.FitContext;
import org.stackwise.Learner;
import org.stackwise.data.Dataset;
import org.stackwise.data.Target;
import org.stackwise.data.read.DataSplits;
import org.stackwise.data.read.ReadOptions;
import org.stackwise.data.read.TableReader;
import org.stackwise.moe.MixtureOfExpertsModel;
import org.stackwise.moe.Utilisation;
import org.stackwise.spec.Presets;
import org.stackwise.spec.Specs;

/**
 * Mixture of experts on real data: a mixture of logistic experts (specialising loss, and the collapsing
 * loss for contrast) against one logistic model and the {@code default} stack preset, on satimage,
 * letter and NSL-KDD (5 classes), with each mixture's utilisation table on the test rows. Writes one
 * markdown section ({@code docs/bench-results/moe.md} by default) for {@code docs/BENCHMARKS.md}.
 *
 * <pre>
 *   mvn -q -o -DskipTests -pl bench -am package
 *   java -cp "bench/target/classes:bench/target/lib/*" org.stackwise.bench.moe.MoeBenchmark \
 *       [--only satimage,letter,nsl-kdd] [--out docs/bench-results/moe.md] [--seed 1] [--threads 2]
 *       [--max-train N] [--no-stack]
 * </pre>
 * {@code --max-train N} fits on a seeded sample of N training rows (a quick run); the test rows are
 * always the full standard test split (satimage and letter: the folder's {@code test_rows.txt};
 * NSL-KDD: the official KDDTrain+_20Percent / KDDTest+ files, attacks mapped to 5 categories as in
 * {@code org.stackwise.bench.NslKdd}).
 */
public final class MoeBenchmark {
  private static final String MOE = """
      {"moe": {"experts": 4, "expert": {"learner": "logistic"}, "gate": "linear", "loss": "%s"}}""";

  private MoeBenchmark() { }

  /** A contender: a name and its spec (JSON text). */
  record Contender(String name, String spec) { }

  /** One result row. */
  record Row(String data, String contender, double accuracy, double logLoss, double fitSeconds, double predictSeconds,
             Utilisation utilisation, JsonNode describe) { }

  public static void main(String[] args) throws IOException {
    List<String> only = List.of("satimage", "letter", "nsl-kdd");
    Path out = Path.of("docs/bench-results/moe.md");
    long seed = 1;
    int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    int maxTrain = Integer.MAX_VALUE;
    boolean stack = true;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--only" -> only = List.of(args[++i].split(","));
        case "--out" -> out = Path.of(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--max-train" -> maxTrain = Integer.parseInt(args[++i]);
        case "--no-stack" -> stack = false;
        default -> {
          System.err.println("unknown option " + args[i]);
          System.exit(2);
        }
      }
    }
    Path dataRoot = findData();
    List<Contender> contenders = new ArrayList<>();
    contenders.add(new Contender("logistic", "{\"learner\": \"logistic\"}"));
    contenders.add(new Contender("moe-4 logistic (specialising)", MOE.formatted("specialising")));
    contenders.add(new Contender("moe-4 logistic (collapsing)", MOE.formatted("collapsing")));
    if (stack) contenders.add(new Contender("default stack", Presets.json("default")));
    List<Row> rows = new ArrayList<>();
    Map<String, String> sizes = new LinkedHashMap<>();
    for (String name : only) {
      DataSplits.Split split = load(dataRoot.resolve(name), name);
      Dataset train = sample(split.train(), maxTrain, seed);
      Dataset test = split.test();
      sizes.put(name, train.rows() + " train / " + test.rows() + " test rows, " + train.columns() + " columns, "
          + train.classes().numClasses() + " classes");
      for (Contender c : contenders) {
        Learner learner = Specs.parse(c.spec(), c.name());
        FitContext ctx = FitContext.seeded(seed).withThreads(threads);
        long t0 = System.nanoTime();
        Classifier model = learner.fitClassifier(train, ctx);
        long t1 = System.nanoTime();
        double[][] p = model.predictProba(test);
        long t2 = System.nanoTime();
        Utilisation u = model instanceof MixtureOfExpertsModel m ? m.utilisation(test) : null;
        JsonNode d = model instanceof MixtureOfExpertsModel m ? m.describe() : null;
        Row row = new Row(name, c.name(), accuracy(p, test), logLoss(p, test), (t1 - t0) / 1e9, (t2 - t1) / 1e9, u, d);
        rows.add(row);
        System.err.printf(Locale.ROOT, "%-9s %-32s acc %.4f  logloss %.4f  fit %.1f s  predict %.2f s%n", name, c.name(),
            row.accuracy(), row.logLoss(), row.fitSeconds(), row.predictSeconds());
      }
    }
    String md = report(rows, sizes, seed, threads, maxTrain, String.join(" ", args));
    Path parent = out.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, "moe", ".md");
    Files.writeString(tmp, md, StandardCharsets.UTF_8);
    Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    System.err.println("wrote " + out);
  }

  static String report(List<Row> rows, Map<String, String> sizes, long seed, int threads, int maxTrain, String args) {
    StringBuilder sb = new StringBuilder();
    sb.append("## Mixture of experts\n\n");
    sb.append("A mixture of 4 logistic experts with a linear softmax gate (`").append(MOE.formatted("specialising").strip())
        .append("`), trained jointly by Adam on the specialising loss (best of 3 restarts), against one logistic model and ")
        .append("the `default` stack preset; the same mixture on the collapsing loss is shown for contrast. ")
        .append("Accuracy and log loss on the standard test split; fit and predict wall-clock seconds on ")
        .append(threads).append(" thread(s), seed ").append(seed).append(".\n\n");
    sb.append("Run: `java -cp \"bench/target/classes:bench/target/lib/*\" org.stackwise.bench.moe.MoeBenchmark")
        .append(args.isBlank() ? "" : " " + args).append("` (after `mvn -q -o -DskipTests -pl bench -am package`).\n\n");
    if (maxTrain != Integer.MAX_VALUE) sb.append("Training rows were sampled down to at most ").append(maxTrain).append(".\n\n");
    for (var e : sizes.entrySet()) sb.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
    sb.append("\n| data | model | accuracy | log loss | fit s | predict s |\n|---|---|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, "| %s | %s | %.4f | %.4f | %.1f | %.2f |%n", r.data(), r.contender(), r.accuracy(),
          r.logLoss(), r.fitSeconds(), r.predictSeconds()));
    }
    sb.append("\nNotes: the mixture's fit time includes its 3 restarts (run side by side when there are threads ")
        .append("to spare); joint training itself is single-threaded. The collapsing-loss mixture is there to compare ")
        .append("utilisation, not as a recommended setting. On NSL-KDD the test split contains attack types that ")
        .append("never occur in training, so models that fit the training distribution more closely can score lower.\n");
    sb.append("\n### Expert utilisation (test rows)\n\n");
    sb.append("Mean gate weight and top share (share of rows where the expert has the largest gate) per expert; gate ")
        .append("entropy is normalised by log K (0 = every row goes to one expert, 1 = evenly spread).\n\n");
    for (Row r : rows) {
      if (r.utilisation() == null) continue;
      Utilisation u = r.utilisation();
      sb.append("**").append(r.data()).append(", ").append(r.contender()).append("** — gate entropy ")
          .append(String.format(Locale.ROOT, "%.3f", u.gateEntropy()));
      JsonNode d = r.describe();
      if (d != null && d.has("epochs")) sb.append(", ").append(d.get("epochs").asInt()).append(" epochs");
      sb.append("\n\n| expert | mean gate | top share |\n|---|---:|---:|\n");
      double[] mg = u.meanGate();
      double[] ts = u.topShare();
      for (int k = 0; k < mg.length; k++) {
        sb.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f |%n", u.experts().get(k), mg[k], ts[k]));
      }
      List<String> w = u.warnings(0.9);
      for (String s : w) sb.append("\n> warning: ").append(s).append('\n');
      sb.append('\n');
    }
    return sb.toString();
  }

  static double accuracy(double[][] p, Dataset d) {
    int ok = 0;
    for (int i = 0; i < p.length; i++) if (Classifier.argMax(p[i]) == d.classes().get(i)) ok++;
    return ok / (double) p.length;
  }

  static double logLoss(double[][] p, Dataset d) {
    double s = 0;
    for (int i = 0; i < p.length; i++) s -= Math.log(Math.max(1e-15, Math.min(1 - 1e-15, p[i][d.classes().get(i)])));
    return s / p.length;
  }

  static Dataset sample(Dataset d, int max, long seed) {
    if (d.rows() <= max) return d;
    int[] idx = new int[d.rows()];
    for (int i = 0; i < idx.length; i++) idx[i] = i;
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < max; i++) {
      int j = i + r.nextInt(idx.length - i);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    int[] keep = java.util.Arrays.copyOf(idx, max);
    java.util.Arrays.sort(keep);
    return d.select(keep);
  }

  static DataSplits.Split load(Path folder, String name) {
    return switch (name) {
      case "satimage" -> DataSplits.trainTest(TableReader.read(folder.resolve("Satellite.csv"),
          ReadOptions.defaults().withTarget("classes").withTargetIsNumeric(false)), folder.resolve("test_rows.txt"));
      case "letter" -> DataSplits.trainTest(TableReader.read(folder.resolve("LetterRecognition.csv"),
          ReadOptions.defaults().withTarget("lettr").withTargetIsNumeric(false)), folder.resolve("test_rows.txt"));
      case "nsl-kdd" -> nslKdd(folder);
      default -> throw new IllegalArgumentException("unknown data set '" + name + "' (satimage, letter, nsl-kdd)");
    };
  }

  /** NSL-KDD, official split, attacks mapped to 5 categories (the mapping of {@code org.stackwise.bench.NslKdd}). */
  private static DataSplits.Split nslKdd(Path folder) {
    Map<String, String> category = new LinkedHashMap<>();
    String[][] table = {
        {"normal", "normal"},
        {"DoS", "back", "land", "neptune", "pod", "smurf", "teardrop", "apache2", "mailbomb", "processtable", "udpstorm", "worm"},
        {"Probe", "ipsweep", "nmap", "portsweep", "satan", "mscan", "saint"},
        {"R2L", "ftp_write", "guess_passwd", "imap", "multihop", "phf", "spy", "warezclient", "warezmaster", "httptunnel",
            "named", "sendmail", "snmpgetattack", "snmpguess", "xlock", "xsnoop"},
        {"U2R", "buffer_overflow", "loadmodule", "perl", "rootkit", "ps", "sqlattack", "xterm"}};
    List<String> classes = new ArrayList<>();
    for (String[] t : table) {
      classes.add(t[0]);
      for (int i = 1; i < t.length; i++) category.put(t[i], t[0]);
    }
    ReadOptions options = ReadOptions.defaults().withHeader(false).withTarget("c42").withDrop("c43").withTargetIsNumeric(false);
    Dataset train = TableReader.read(folder.resolve("KDDTrain+_20Percent.txt"), options);
    Dataset test = TableReader.readLike(folder.resolve("KDDTest+.txt"), options, train.schema(), new ArrayList<>(category.keySet()));
    Dataset tr = categories(train, category, classes);
    Dataset te = categories(test, category, classes);
    int[] a = java.util.stream.IntStream.range(0, tr.rows()).toArray();
    int[] b = java.util.stream.IntStream.range(0, te.rows()).toArray();
    return new DataSplits.Split(tr, te, a, b);
  }

  private static Dataset categories(Dataset d, Map<String, String> category, List<String> classes) {
    int[] y = new int[d.rows()];
    for (int i = 0; i < y.length; i++) {
      String attack = d.classes().classes().get(d.classes().get(i));
      String c = category.get(attack);
      if (c == null) throw new IllegalStateException("attack '" + attack + "' has no category");
      y[i] = classes.indexOf(c);
    }
    return d.withTarget(new Target.Classes("category", classes, y));
  }

  private static Path findData() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared/data");
      if (Files.isDirectory(candidate)) return candidate;
    }
    throw new IllegalStateException("shared/data not found above " + dir);
  }
}
