package org.stackwise.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.stackwise.FitContext;
import org.stackwise.eval.Bootstrap;
import org.stackwise.eval.ClassificationMetric;
import org.stackwise.lazy.CascadeTrace;
import org.stackwise.lazy.LazyEvaluation;
import org.stackwise.lazy.LazyPrediction;
import org.stackwise.lazy.LazyStackModel;
import org.stackwise.lazy.MemberInvoker;
import org.stackwise.lazy.MemberOutput;
import org.stackwise.lazy.OutputTable;
import org.stackwise.lazy.Thresholds;

/**
 * The report of a lazy stack on labelled rows whose member outputs are known (run by the white-box
 * ensemble, or read from an execution log): cost–accuracy curves of every method, the trajectories as
 * a flow, exits per depth, cost per class, and the accuracy of the answers (confusion matrix,
 * calibration against the full stacker).
 *
 * <p>The cascades are replayed from the table (a {@link MemberInvoker} that looks the outputs up), so
 * members are run once per row, whatever the number of cascades drawn.
 */
final class LazyStackReport {
  private static final int CALIBRATION_BINS = 10;
  private static final int TOP_PATHS = 12;

  private final LazyStackModel lazy;
  private final OutputTable table;
  private final HtmlReport.Options options;
  private final FitContext.Progress progress;

  LazyStackReport(LazyStackModel lazy, OutputTable table, HtmlReport.Options options, FitContext.Progress progress) {
    this.lazy = lazy;
    this.table = table.alignedTo(lazy.members(), lazy.classes());
    this.options = options;
    this.progress = progress;
  }

  String render(String lazyName, String dataName) {
    int n = table.rows();
    int m = table.memberCount();
    List<String> members = lazy.members();
    List<String> classes = lazy.classes();
    int[] y = table.labels();
    MemberInvoker<Integer> replay = (j, name, row) -> new MemberOutput(table.proba(row, j), table.cost(row, j));
    LazyPrediction[] preds = new LazyPrediction[n];
    double[][] full = new double[n][];
    for (int i = 0; i < n; i++) {
      // routed by the row id, as LazyEvaluation does, so the report's cascades are the evaluation's
      preds[i] = lazy.predict(i, replay, table.id(i));
      full[i] = lazy.predict(i, replay, lazy.mode(), Thresholds.uniform(1.0), table.id(i)).proba();
      if ((i & 255) == 255 || i == n - 1) progress.update("cascades", i + 1, n);
    }
    ObjectNode evalSub = LazyEvaluation.evaluate(lazy.withMode(LazyStackModel.Mode.SUB), table);
    ObjectNode evalMask = LazyEvaluation.evaluate(lazy.withMode(LazyStackModel.Mode.MASK), table);
    ObjectNode main = lazy.mode() == LazyStackModel.Mode.SUB ? evalSub : evalMask;
    String unit = table.costUnit();

    double[][] proba = new double[n][];
    int[] predicted = new int[n];
    double[] cost = new double[n];
    for (int i = 0; i < n; i++) {
      proba[i] = preds[i].proba();
      predicted[i] = preds[i].predicted();
      cost[i] = preds[i].trace().totalCost();
    }
    Bootstrap boot = Bootstrap.seeded(options.seed()).withResamples(options.resamples());
    Bootstrap.Interval lazyAcc = boot.interval(ClassificationMetric.ACCURACY, y, proba, null);
    Bootstrap.Interval fullAcc = boot.interval(ClassificationMetric.ACCURACY, y, full, null);
    double meanCost = Arrays.stream(cost).average().orElse(0);
    double fullCost = main.path("full_cost").asDouble();

    Page page = new Page("Stackwise lazy-stack report: " + lazyName, m + " members, " + classes.size() + " classes, mode "
        + lazy.mode().id() + ", θ " + Stats.fmt("%.4f", lazy.theta()) + "; on " + dataName + ": " + n + " rows; costs in " + unit
        + " (" + lazy.costModel().source() + ")");
    page.section("summary", "Summary");
    page.keyValues(List.of(
        new String[] {"accuracy (lazy)", Stats.fmt("%.4f", lazyAcc.estimate())},
        new String[] {"accuracy (all members)", Stats.fmt("%.4f", fullAcc.estimate())},
        new String[] {"retention", Stats.fmt("%.1f %%", 100 * lazyAcc.estimate() / fullAcc.estimate())},
        new String[] {"mean cost (" + unit + ")", Stats.fmt("%.4g", meanCost)},
        new String[] {"cost of all members", Stats.fmt("%.4g", fullCost)},
        new String[] {"speedup", Stats.fmt("%.2fx", meanCost > 0 ? fullCost / meanCost : Double.NaN)},
        new String[] {"mean members run", Stats.fmt("%.2f", main.path("mean_members_run").asDouble())}));
    page.note("Accuracy 95 % intervals (percentile bootstrap, " + options.resamples() + " resamples): lazy "
        + ci(lazyAcc) + ", all members (the full stacker) " + ci(fullAcc) + ". Costs: " + costNote() + ".");
    methodsTable(page, main);
    double[] runShare = new double[m];
    for (LazyPrediction p : preds) for (CascadeTrace.Step st : p.trace().steps()) runShare[st.index()] += 1.0 / n;
    membersTable(page, members, y, boot, main, runShare);

    page.section("cost-accuracy", "Cost and accuracy of every method");
    costAccuracy(page, evalSub, evalMask, main, unit);

    page.section("trajectories", "Trajectories");
    List<int[]> paths = new ArrayList<>();
    List<String> exits = new ArrayList<>();
    for (LazyPrediction p : preds) {
      CascadeTrace t = p.trace();
      paths.add(t.steps().stream().mapToInt(CascadeTrace.Step::index).toArray());
      exits.add(t.exitReason().id());
    }
    page.figure(FlowChart.render("flow", "Member order and exits", members, paths, exits),
        "Which members run in which order: each column is a step of the cascade, each node a member run at that step (height: "
            + "rows). Coloured bands carry rows on to the member they run next; grey bands carry the rows that stop into the "
            + "dark exit node of the next column. Hover for counts and exit reasons.");
    pathsTable(page, paths, exits, y, predicted, cost);
    exitsPerDepth(page, paths, exits);
    costPerClass(page, classes, y, cost, paths);

    page.section("confusion", "Confusion matrix");
    Sections.confusion(page, classes, y, predicted, "the lazy stack");
    page.section("calibration", "Calibration");
    Sections.calibration(page, y, List.of("lazy stack", "full stacker (all members)"), List.of(proba, full), CALIBRATION_BINS);
    if (m >= 2) {
      page.section("diversity", "Member diversity");
      double[][] errors = new double[m][n];
      int[][] labels = new int[m][n];
      for (int j = 0; j < m; j++) {
        for (int i = 0; i < n; i++) {
          errors[j][i] = 1 - table.proba(i, j, y[i]);
          labels[j][i] = table.argMax(i, j);
        }
      }
      Sections.correlation(page, members, errors, labels, "Pearson correlation of the members' errors (1 − probability of the true "
          + "class) on the " + n + " rows of the report data (not out-of-fold outputs).");
    }
    page.footer("Written by stackwise " + org.stackwise.io.Provenance.VERSION + ". Self-contained: no external resources; hover "
        + "over bars, points and cells for exact values.");
    return page.render();
  }

  private static String ci(Bootstrap.Interval c) {
    return String.format(Locale.ROOT, "%.4f [%.4f, %.4f]", c.estimate(), c.lower(), c.upper());
  }

  private String costNote() {
    StringBuilder sb = new StringBuilder(lazy.costModel().source());
    if (lazy.costModel().machine() != null) sb.append(" on ").append(lazy.costModel().machine());
    sb.append("; mean per member: ");
    for (int j = 0; j < table.memberCount(); j++) {
      sb.append(j == 0 ? "" : ", ").append(lazy.members().get(j)).append(' ').append(Stats.fmt("%.4g", table.meanCost(j)));
    }
    return sb.toString();
  }

  private void methodsTable(Page page, ObjectNode main) {
    JsonNode validation = lazy.info().path("validation");
    page.h3("Methods");
    page.note("Every method runs on the same rows with the settings stored in the lazy model (nothing is tuned on these rows). "
        + "'valid' columns are the out-of-fold numbers recorded at fit time.");
    Page.Table t = new Page.Table("method", "valid accuracy", "accuracy", "valid mean cost", "mean cost", "speedup", "mean members");
    for (Iterator<String> it = main.path("methods").fieldNames(); it.hasNext(); ) {
      String name = it.next();
      JsonNode v = validation.path("methods").path(name);
      JsonNode r = main.path("methods").path(name);
      String label = name + (r.has("member") ? " (" + r.get("member").asText() + ")" : "");
      t.rowClass(name.startsWith("lazystack_" + lazy.mode().id()) ? "combiner" : null, label,
          v.isMissingNode() ? "–" : Stats.fmt("%.4f", v.path("accuracy").asDouble()), Stats.fmt("%.4f", r.path("accuracy").asDouble()),
          v.isMissingNode() ? "–" : Stats.fmt("%.4g", v.path("mean_cost").asDouble()), Stats.fmt("%.4g", r.path("mean_cost").asDouble()),
          Stats.fmt("%.2fx", r.path("speedup").asDouble()), Stats.fmt("%.2f", r.path("mean_members").asDouble()));
    }
    page.html(t.html());
  }

  private void membersTable(Page page, List<String> members, int[] y, Bootstrap boot, ObjectNode main, double[] runShare) {
    page.h3("Members");
    Page.Table t = new Page.Table("member", "accuracy", "mean cost", "share of rows that run it");
    int n = table.rows();
    for (int j = 0; j < members.size(); j++) {
      double[][] p = new double[n][];
      for (int i = 0; i < n; i++) p[i] = table.proba(i, j);
      JsonNode r = main.path("members").path(members.get(j));
      t.rowHtml(null, Svg.esc(members.get(j)), Stats.withInterval(boot.interval(ClassificationMetric.ACCURACY, y, p, null), "%.4f"),
          Svg.esc(Stats.fmt("%.4g", r.path("mean_cost").asDouble(table.meanCost(j)))),
          Svg.esc(Stats.fmt("%.1f %%", 100 * runShare[j])));
    }
    page.html(t.html());
  }

  /** Accuracy against mean cost (log scale): curves over θ for the cascades, points for every method and member. */
  private void costAccuracy(Page page, ObjectNode evalSub, ObjectNode evalMask, ObjectNode main, String unit) {
    List<Charts.Line> lines = new ArrayList<>();
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    Map<String, String> colours = new LinkedHashMap<>();
    int c = 0;
    for (Iterator<String> it = main.path("methods").fieldNames(); it.hasNext(); ) colours.put(it.next(), Svg.colour(c++));
    lines.add(curve("lazystack_sub (θ sweep)", evalSub.path("curve"), colours.get("lazystack_sub"), xs, ys));
    lines.add(curve("lazystack_mask (θ sweep)", evalMask.path("curve"), colours.get("lazystack_mask"), xs, ys));
    for (Map.Entry<String, String> e : colours.entrySet()) {
      JsonNode r = main.path("methods").path(e.getKey());
      double x = r.path("mean_cost").asDouble();
      double yv = r.path("accuracy").asDouble();
      xs.add(x);
      ys.add(yv);
      String tip = e.getKey() + (r.has("member") ? " (" + r.get("member").asText() + ")" : "") + ": accuracy "
          + Stats.fmt("%.4f", yv) + ", mean cost " + Stats.fmt("%.4g", x) + " " + unit + ", " + Stats.fmt("%.2f", r.path("mean_members").asDouble())
          + " members" + (r.has("theta") ? ", θ " + Stats.fmt("%.4f", r.get("theta").asDouble()) : "");
      boolean own = e.getKey().equals("lazystack_" + lazy.mode().id());
      lines.add(new Charts.Line(e.getKey(), new double[] {x}, new double[] {yv}, new String[] {tip}, e.getValue(), false, true, false,
          new double[] {own ? 7 : 5}, own ? new String[] {"this model"} : null));
    }
    List<String> ms = lazy.members();
    double[] mx = new double[ms.size()];
    double[] my = new double[ms.size()];
    String[] tips = new String[ms.size()];
    for (int j = 0; j < ms.size(); j++) {
      JsonNode r = main.path("members").path(ms.get(j));
      mx[j] = r.path("mean_cost").asDouble();
      my[j] = r.path("accuracy").asDouble();
      xs.add(mx[j]);
      ys.add(my[j]);
      tips[j] = "member " + ms.get(j) + ": accuracy " + Stats.fmt("%.4f", my[j]) + ", cost " + Stats.fmt("%.4g", mx[j]) + " " + unit;
    }
    lines.add(new Charts.Line("single members", mx, my, tips, "#555555", false, true, false, null, ms.toArray(new String[0])));
    Charts.Axis x = Charts.logAxis("mean cost per row (" + unit + ")", xs.stream().mapToDouble(Double::doubleValue).toArray());
    Charts.Axis y = Charts.linearAxis("accuracy", ys.stream().mapToDouble(Double::doubleValue).toArray(), 0.05);
    y = new Charts.Axis(y.title(), Math.max(0, y.min()), Math.min(1, y.max()), false);
    page.figure(Charts.lines("cost-accuracy", "Accuracy against mean cost", lines, x, y, false),
        "Mean cost per row (log scale) against accuracy on the report rows. The dashed curves sweep LazyStack's global θ "
            + "from 0 to 1 in both modes (at least " + lazy.minMembers() + " members run before an exit); points are every "
            + "method at the setting stored in the model (the baselines' thresholds are tuned per step at fit time, so "
            + "they are points, not curves), and each member alone (grey). Up and to the left is better; the oracle "
            + "(cheapest correct member per row) bounds what any cascade could reach. Hover for θ, members run and exact values.");
  }

  private static Charts.Line curve(String name, JsonNode curve, String colour, List<Double> xs, List<Double> ys) {
    double[] x = new double[curve.size()];
    double[] y = new double[curve.size()];
    String[] tips = new String[curve.size()];
    for (int i = 0; i < x.length; i++) {
      JsonNode p = curve.get(i);
      x[i] = p.path("mean_cost").asDouble();
      y[i] = p.path("accuracy").asDouble();
      tips[i] = name + " at θ " + Stats.fmt("%.4f", p.path("theta").asDouble()) + ": accuracy " + Stats.fmt("%.4f", y[i])
          + ", mean cost " + Stats.fmt("%.4g", x[i]) + ", " + Stats.fmt("%.2f", p.path("mean_members").asDouble()) + " members";
      xs.add(x[i]);
      ys.add(y[i]);
    }
    return new Charts.Line(name, x, y, tips, colour, true, false, true);
  }

  private void pathsTable(Page page, List<int[]> paths, List<String> exits, int[] y, int[] predicted, double[] cost) {
    Map<String, int[]> count = new HashMap<>();      // path -> rows, correct
    Map<String, Double> spent = new HashMap<>();
    Map<String, Map<String, Integer>> reasons = new HashMap<>();
    int n = paths.size();
    for (int i = 0; i < n; i++) {
      StringBuilder key = new StringBuilder();
      for (int j : paths.get(i)) key.append(key.length() == 0 ? "" : " → ").append(lazy.members().get(j));
      String k = key.toString();
      int[] c = count.computeIfAbsent(k, x -> new int[2]);
      c[0]++;
      if (predicted[i] == y[i]) c[1]++;
      spent.merge(k, cost[i], Double::sum);
      reasons.computeIfAbsent(k, x -> new LinkedHashMap<>()).merge(exits.get(i), 1, Integer::sum);
    }
    List<String> keys = new ArrayList<>(count.keySet());
    keys.sort(Comparator.comparingInt((String k) -> -count.get(k)[0]).thenComparing(Comparator.naturalOrder()));
    page.h3("Most frequent paths");
    page.note(count.size() + " distinct member sequences were run on these rows" + (count.size() > TOP_PATHS ? "; the " + TOP_PATHS
        + " most frequent:" : ":"));
    Page.Table t = new Page.Table("members run, in order", "rows", "share", "accuracy", "mean cost", "exit");
    for (int i = 0; i < Math.min(TOP_PATHS, keys.size()); i++) {
      String k = keys.get(i);
      int[] c = count.get(k);
      StringBuilder r = new StringBuilder();
      reasons.get(k).forEach((reason, v) -> r.append(r.length() == 0 ? "" : ", ").append(reason).append(' ').append(v));
      t.row(k, Integer.toString(c[0]), FlowChart.pct(c[0], n), Stats.fmt("%.4f", (double) c[1] / c[0]),
          Stats.fmt("%.4g", spent.get(k) / c[0]), r.toString());
    }
    page.html(t.html());
  }

  private void exitsPerDepth(Page page, List<int[]> paths, List<String> exits) {
    int m = table.memberCount();
    List<String> reasons = new ArrayList<>();
    for (CascadeTrace.ExitReason r : CascadeTrace.ExitReason.values()) reasons.add(r.id());
    double[][] counts = new double[reasons.size()][m];
    for (int i = 0; i < paths.size(); i++) {
      int d = Math.max(1, paths.get(i).length);
      counts[reasons.indexOf(exits.get(i))][d - 1]++;
    }
    List<String> cats = new ArrayList<>();
    for (int d = 1; d <= m; d++) cats.add(Integer.toString(d));
    List<Charts.Series> series = new ArrayList<>();
    String[] colours = {"#59a14f", "#4e79a7", "#e15759"};
    for (int r = 0; r < reasons.size(); r++) {
      boolean any = false;
      for (double v : counts[r]) any |= v > 0;
      if (any || r < 2) series.add(new Charts.Series(reasons.get(r).replace('_', ' '), counts[r], colours[r % colours.length]));
    }
    page.h3("Exits per depth");
    page.figure(Charts.columns("exits", "Rows exiting after each number of members", cats, series, true,
            "members run before the exit", "rows", "%.0f", null),
        "How many rows exit after 1, 2, … members, by exit reason: 'confident' (the aggregate's top probability exceeded θ), "
            + "'all members run' (the full stacker answered), 'member failed'.");
  }

  private void costPerClass(Page page, List<String> classes, int[] y, double[] cost, List<int[]> paths) {
    int k = classes.size();
    double[] sum = new double[k];
    double[] members = new double[k];
    int[] rows = new int[k];
    for (int i = 0; i < y.length; i++) {
      sum[y[i]] += cost[i];
      members[y[i]] += paths.get(i).length;
      rows[y[i]]++;
    }
    double[] mean = new double[k];
    String[][] tips = new String[1][k];
    for (int c = 0; c < k; c++) {
      mean[c] = rows[c] == 0 ? Double.NaN : sum[c] / rows[c];
      tips[0][c] = "class " + classes.get(c) + ": " + rows[c] + " rows, mean cost " + Stats.fmt("%.4g", mean[c]) + " " + table.costUnit()
          + ", " + Stats.fmt("%.2f", rows[c] == 0 ? Double.NaN : members[c] / rows[c]) + " members run on average";
    }
    page.h3("Cost per class");
    page.figure(Charts.columns("cost-per-class", "Mean cost per row by true class", classes,
            List.of(new Charts.Series("mean cost", mean, Svg.colour(0))), false, "true class", "mean cost (" + table.costUnit() + ")",
            "%.3g", tips),
        "Mean cost of the lazy stack per row of each true class (hover for rows and members run): classes that are hard "
            + "to tell apart run more members.");
  }
}
