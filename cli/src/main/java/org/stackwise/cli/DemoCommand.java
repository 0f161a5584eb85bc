package org.stackwise.cli;

import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.stackwise.BadInputException;
import org.stackwise.FitContext;
import org.stackwise.Learner;
import org.stackwise.Model;
import org.stackwise.Task;
import org.stackwise.data.Dataset;
import org.stackwise.data.read.DataSplits;
import org.stackwise.data.read.ReadOptions;
import org.stackwise.data.read.TableReader;
import org.stackwise.ensemble.EnsembleModel;
import org.stackwise.ensemble.StackingLearner;
import org.stackwise.learners.Catalogue;
import org.stackwise.spec.Presets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code stackwise demo}: fits every catalogue learner on a small data set (the committed digits data
 * and its standard test split by default), prints a comparison table, then fits the {@code default}
 * stack and shows whether it beats its members, with its meta-weights. Results are printed as they are,
 * whichever way they come out.
 */
@Command(name = "demo", description = "Compare every learner and the default stack on a small data set (digits by default).",
    sortOptions = false)
final class DemoCommand extends BaseCommand {
  static final String DIGITS = "examples/data/digits/digits.csv.gz";
  static final String DIGITS_TEST_ROWS = "examples/data/digits/test_rows.txt";
  private static final double TEST_FRACTION = 0.25;

  @Option(names = "--data", paramLabel = "FILE",
      description = "Use this table instead of digits (with --target); 25 % of the rows are held out for testing.")
  Path data;

  @Mixin TableOptions table;
  @Mixin RunOptions run;

  @Override public Integer call() throws Exception {
    Terminal term = terminal(false);
    PrintWriter h = term.human();
    run.threads();
    DataSplits.Split split;
    String name;
    if (data == null) {
      if (table.target != null) throw new BadInputException("--target", "--target needs --data (the digits demo knows its target)");
      Path digits = locate(DIGITS);
      Dataset all = TableReader.read(digits, ReadOptions.defaults().withHeader(false).withTarget("c65"));
      split = DataSplits.trainTest(all, digits.resolveSibling("test_rows.txt"));
      name = "digits (8×8 images of handwritten digits, UCI optdigits via scikit-learn)";
    } else {
      Dataset all = TableReader.read(data, table.readOptions(table.requireTarget("demo --data")));
      split = DataSplits.trainTestFraction(all, TEST_FRACTION, run.seed, all.task() == Task.CLASSIFICATION);
      name = String.valueOf(data.getFileName());
    }
    Dataset train = split.train();
    Dataset test = split.test();
    Task task = train.task();
    boolean cls = task == Task.CLASSIFICATION;
    h.printf("%s: %d train rows, %d test rows, %d columns, %s%s; %d threads, seed %d%n%n", name, train.rows(), test.rows(),
        train.columns(), task.name().toLowerCase(),
        cls ? " (" + train.classes().numClasses() + " classes)" : "", run.threads(), run.seed);

    String m1 = cls ? "accuracy" : "rmse";
    String m2 = cls ? "log_loss" : "r2";
    TextTable t = new TextTable("learner", "test " + m1, "test " + m2.replace('_', ' '), "fit s", "predict s");
    List<String> failures = new ArrayList<>();
    FitContext base = FitContext.seeded(run.seed).withThreads(run.threads());
    int done = 0;
    for (var e : Catalogue.entries().values()) {
      done++;
      Learner l = (Learner) e.defaults();
      if (!l.supports(task)) {
        t.row(e.id(), "-", "-", "-", "-");
        continue;
      }
      term.note(String.format(Locale.ROOT, "[%d/%d] %s", done, Catalogue.entries().size(), e.id()));
      try {
        long t0 = System.nanoTime();
        Model m = l.fit(train, base.child(e.id()));
        double fit = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        double[][] p = Evaluation.predict(m, test);
        double predict = (System.nanoTime() - t1) / 1e9;
        var s = Evaluation.score(test.target(), p);
        t.row(e.id(), TextTable.num(Evaluation.metric(s, m1)), TextTable.num(Evaluation.metric(s, m2)),
            TextTable.secs(fit), TextTable.secs(predict));
      } catch (RuntimeException ex) {
        t.row(e.id(), "failed", "", "", "");
        failures.add(e.id() + ": " + Main.oneLine(ex.getMessage()));
      }
    }
    h.println("Every learner of the catalogue with its default parameters:");
    t.print(h);
    for (String f : failures) h.println("  failed: " + f);
    h.println();

    Learner stack = Presets.learner("default", task);
    h.println("The 'default' preset: " + describe(stack));
    Model model;
    long t0 = System.nanoTime();
    try (ProgressBar bar = term.progress("default stack").only("member fits")) {
      model = stack.fit(train, base.child("stack").withProgress(bar));
    }
    double fit = (System.nanoTime() - t0) / 1e9;
    var stackScore = Evaluation.score(test.target(), Evaluation.predict(model, test));
    EnsembleModel ens = (EnsembleModel) model;
    var info = ens.describe();
    boolean weights = info.path("meta_weights").size() > 0;
    TextTable st = weights ? new TextTable("member", "test " + m1, "test " + m2.replace('_', ' '), "meta weight")
        : new TextTable("member", "test " + m1, "test " + m2.replace('_', ' '));
    String best = null;
    double bestScore = Double.NaN;
    for (String member : ens.memberNames()) {
      var s = Evaluation.score(test.target(), Evaluation.predict(ens.member(member), test));
      double v = Evaluation.metric(s, m1);
      if (best == null || (cls ? v > bestScore : v < bestScore)) {
        best = member;
        bestScore = v;
      }
      var w = info.path("meta_weights").get(member);
      st.row(member, TextTable.num(v), TextTable.num(Evaluation.metric(s, m2)),
          w == null ? "-" : String.format(Locale.ROOT, "%.3f", w.asDouble()));
    }
    double stackValue = Evaluation.metric(stackScore, m1);
    st.row("stack (" + info.path("meta_learner").asText("meta") + ")", TextTable.num(stackValue),
        TextTable.num(Evaluation.metric(stackScore, m2)), "");
    h.println("fitted in " + TextTable.secs(fit) + " s (" + info.path("folds").asInt() + " folds); on the test rows:");
    st.print(h);
    double gain = cls ? stackValue - bestScore : bestScore - stackValue;
    if (best != null && Double.isFinite(gain)) {
      String how = cls ? String.format(Locale.ROOT, "%+.4f accuracy", gain) : String.format(Locale.ROOT, "%+.4f rmse", -gain);
      h.println(gain > 0 ? "The stack beats its best member (" + best + ") on the test rows: " + how + "."
          : gain == 0 ? "The stack ties with its best member (" + best + ") on the test rows."
          : "The stack does not beat its best member (" + best + ") on the test rows: " + how + ".");
    }
    Summaries.warnings(h, info.get("warnings"));
    h.flush();
    return Main.OK;
  }

  /** A one-line summary of a stack spec: members with their learner ids, meta-learner, folds. */
  static String describe(Learner l) {
    if (!(l instanceof StackingLearner s)) return l.id();
    StringBuilder sb = new StringBuilder("a stack of ");
    for (int j = 0; j < s.members().size(); j++) {
      var m = s.members().get(j);
      sb.append(j == 0 ? "" : ", ").append(m.name());
      if (!m.name().equals(m.learner().id())) sb.append(" (").append(m.learner().id()).append(')');
    }
    return sb.append("; meta-learner: ").append(s.meta() == null ? "default" : s.meta().id())
        .append("; ").append(s.folds().k()).append(" folds").toString();
  }

  /** Finds a file of the repository: below the working directory, else above the jar or classes directory. */
  static Path locate(String relative) {
    Path here = Path.of(relative);
    if (Files.isRegularFile(here)) return here;
    try {
      Path code = Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path dir = code; dir != null; dir = dir.getParent()) {
        Path p = dir.resolve(relative);
        if (Files.isRegularFile(p)) return p;
      }
    } catch (URISyntaxException | SecurityException | NullPointerException e) {
      // fall through to the error below
    }
    throw new BadInputException(relative, "demo data not found (run from the repository root, or give --data FILE --target COL)");
  }
}
