package org.stackwise.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.stackwise.Classifier;
import org.stackwise.FitContext;
import org.stackwise.Model;
import org.stackwise.Regressor;
import org.stackwise.data.Dataset;
import org.stackwise.ensemble.EnsembleModel;
import org.stackwise.eval.Bootstrap;
import org.stackwise.eval.ClassificationMetric;
import org.stackwise.eval.RegressionMetric;
import org.stackwise.io.Json;

/** The report of a fitted model (an ensemble or a single learner) on labelled rows. */
final class ModelReport {
  private static final int CALIBRATION_BINS = 10;
  private static final int MAX_SCATTER_POINTS = 2000;

  private final Model model;
  private final ObjectNode info;
  private final JsonNode provenance;
  private final Dataset data;
  private final HtmlReport.Options options;
  private final FitContext.Progress progress;
  private final List<String> names = new ArrayList<>();
  private final List<Model> models = new ArrayList<>();
  private final List<double[][]> outputs = new ArrayList<>();
  private final List<Double> predictMs = new ArrayList<>();
  private double[][] ensembleOut;
  private double ensembleMs;

  ModelReport(Model model, ObjectNode manifest, Dataset data, HtmlReport.Options options, FitContext.Progress progress) {
    this.model = model;
    this.info = model instanceof EnsembleModel e ? e.describe() : Json.object();
    this.provenance = manifest == null ? null : manifest.get("provenance");
    this.data = data;
    this.options = options;
    this.progress = progress;
  }

  String render(String modelName, String dataName) {
    boolean cls = model instanceof Classifier;
    predict();
    String scheme = info.path("scheme").asText(model.kind());
    Page page = new Page("Stackwise report: " + modelName, model.kind() + " " + (cls ? "classifier" : "regressor") + " ("
        + scheme + (names.isEmpty() ? "" : ", " + names.size() + " members") + ") on " + dataName + ": " + data.rows() + " rows"
        + (cls ? ", " + ((Classifier) model).classes().size() + " classes" : "") + "; bootstrap " + options.resamples()
        + " resamples, seed " + options.seed());
    if (cls) classification(page);
    else regression(page);
    Sections.experts(page, info);
    warnings(page);
    page.footer("Written by stackwise " + org.stackwise.io.Provenance.VERSION + ". Self-contained: no external resources; "
        + "hover over bars, points and cells for exact values.");
    return page.render();
  }

  /** Every member's and the model's outputs on the rows, each timed (batch prediction). */
  private void predict() {
    Dataset features = data.featuresOnly();
    if (model instanceof EnsembleModel e) {
      for (String name : e.memberNames()) {
        Model m = e.member(name);
        if (m != null) {
          names.add(name);
          models.add(m);
        }
      }
    }
    int total = models.size() + 1;
    // one untimed prediction of a few rows each first, so that the first member timed does not pay for warm-up
    Dataset few = features.slice(0, Math.min(features.rows(), 32));
    for (Model m : models) outputs(m, few);
    outputs(model, few);
    for (int j = 0; j < models.size(); j++) {
      long t0 = System.nanoTime();
      outputs.add(outputs(models.get(j), features));
      predictMs.add((System.nanoTime() - t0) / 1e6);
      progress.update("predictions", j + 1, total);
    }
    long t0 = System.nanoTime();
    ensembleOut = outputs(model, features);
    ensembleMs = (System.nanoTime() - t0) / 1e6;
    progress.update("predictions", total, total);
  }

  private static double[][] outputs(Model m, Dataset features) {
    if (m instanceof Classifier c) return c.predictProba(features);
    double[] y = ((Regressor) m).predict(features);
    double[][] out = new double[y.length][];
    for (int i = 0; i < y.length; i++) out[i] = new double[] {y[i]};
    return out;
  }

  // ---- classification --------------------------------------------------------------------------------

  private void classification(Page page) {
    List<String> classes = ((Classifier) model).classes();
    int[] y = Stats.labels(data, classes);
    Bootstrap boot = Bootstrap.seeded(options.seed()).withResamples(options.resamples());
    JsonNode oof = oofScores();
    JsonNode weights = weights();
    page.section("members", "Members and combiners");
    page.note("Test scores are on the " + data.rows() + " rows of the report data with percentile-bootstrap 95 % intervals; "
        + "out-of-fold (OOF) scores were recorded at fit time. Predict times are batch predictions of these rows on this "
        + "machine, per 1000 rows.");
    boolean hasWeights = weights != null;
    Page.Table t = new Page.Table(hasWeights ? new String[] {"member", "OOF accuracy", "OOF log loss", "test accuracy", "test log loss",
        "predict ms / 1000 rows", weightLabel()} : new String[] {"member", "OOF accuracy", "OOF log loss", "test accuracy",
        "test log loss", "predict ms / 1000 rows"});
    int steps = names.size() + 2;
    int done = 0;
    for (int j = 0; j < names.size(); j++) {
      JsonNode o = oof == null ? null : oof.get(names.get(j));
      row(t, null, names.get(j) + (skipped(names.get(j)) ? " (skipped: weight 0)" : ""), o, boot, y, outputs.get(j),
          predictMs.get(j), hasWeights, weights == null ? null : weights.get(names.get(j)));
      progress.update("bootstrap", ++done, steps);
    }
    if (names.size() >= 2) {
      row(t, "combiner", "soft vote of all members (equal weights; computed here)", null, boot, y, Stats.mean(outputs),
          Double.NaN, hasWeights, null);
    }
    progress.update("bootstrap", ++done, steps);
    row(t, "combiner", "this model: " + info.path("scheme").asText(model.kind())
        + (info.has("meta_learner") ? " (" + info.get("meta_learner").asText() + ")" : ""),
        ensembleOof(), boot, y, ensembleOut, ensembleMs, hasWeights, null);
    progress.update("bootstrap", steps, steps);
    page.html(t.html());
    fitTimes(page);

    if (hasWeights) metaWeights(page, weights);
    if (names.size() >= 2) {
      page.section("diversity", "Member diversity");
      double[][] errors = new double[names.size()][];
      int[][] labels = new int[names.size()][];
      for (int j = 0; j < names.size(); j++) {
        errors[j] = Stats.errors(y, outputs.get(j));
        labels[j] = Stats.argMax(outputs.get(j));
      }
      Sections.correlation(page, names, errors, labels, "Pearson correlation of the members' errors (1 − probability of the true "
          + "class) on the " + data.rows() + " rows of the report data — not on out-of-fold outputs, which model files do not "
          + "store. Members whose errors correlate less add more to a combination; hover for the share of rows on which their "
          + "predicted labels differ.");
    }
    page.section("confusion", "Confusion matrix");
    Sections.confusion(page, classes, y, Stats.argMax(ensembleOut), "the model");
    page.section("calibration", "Calibration");
    List<String> calNames = new ArrayList<>(List.of("model"));
    List<double[][]> calProbas = new ArrayList<>();
    calProbas.add(ensembleOut);
    for (int j = 0; j < names.size(); j++) {
      calNames.add(names.get(j));
      calProbas.add(outputs.get(j));
    }
    Sections.calibration(page, y, calNames, calProbas, CALIBRATION_BINS);
  }

  private void row(Page.Table t, String cls, String name, JsonNode oof, Bootstrap boot, int[] y, double[][] p, double ms,
                   boolean hasWeights, JsonNode weight) {
    String acc = Stats.withInterval(boot.interval(ClassificationMetric.ACCURACY, y, p, null), "%.4f");
    String ll = Stats.withInterval(boot.interval(ClassificationMetric.LOG_LOSS, y, p, null), "%.4f");
    List<String> cells = new ArrayList<>(List.of(Svg.esc(name), oofCell(oof, "accuracy"), oofCell(oof, "log_loss"), acc, ll,
        Double.isNaN(ms) ? "–" : Svg.esc(String.format(Locale.ROOT, "%.2f", ms / data.rows() * 1000))));
    if (hasWeights) cells.add(weight == null || !weight.isNumber() ? "–" : Svg.esc(String.format(Locale.ROOT, "%.3f", weight.asDouble())));
    t.rowHtml(cls, cells.toArray(new String[0]));
  }

  private static String oofCell(JsonNode oof, String key) {
    JsonNode v = oof == null ? null : oof.get(key);
    return v == null || !v.isNumber() ? "–" : Svg.esc(String.format(Locale.ROOT, "%.4f", v.asDouble()));
  }

  /** Per-member OOF (or blend-split) scores recorded at fit time. */
  private JsonNode oofScores() {
    for (String k : new String[] {"member_oof_scores", "member_blend_scores"}) if (info.path(k).isObject()) return info.get(k);
    return null;
  }

  private JsonNode ensembleOof() {
    for (String k : new String[] {"stack_oof_score", "ensemble_oof_score"}) if (info.path(k).isObject()) return info.get(k);
    return null;
  }

  /** Meta-learner weights per member (stacking) or voting weights; null when there are none. */
  private JsonNode weights() {
    for (String k : new String[] {"meta_weights", "weights"}) {
      JsonNode w = info.get(k);
      if (w != null && w.isObject() && w.size() > 0) return w;
    }
    return null;
  }

  private String weightLabel() {
    return info.path("meta_weights").isObject() ? "meta weight" : "vote weight";
  }

  private boolean skipped(String name) {
    for (JsonNode s : info.path("skipped_members")) if (s.asText().equals(name)) return true;
    return false;
  }

  private void fitTimes(Page page) {
    if (provenance == null || !provenance.has("fit_seconds")) {
      page.note("Fit times: not known (the model was not loaded from a model file).");
      return;
    }
    page.note(String.format(Locale.ROOT, "Fit time of the whole model: %.2f s on %d rows (%s, seed %d). Model files record the "
            + "total only, not each member's fit time.", provenance.path("fit_seconds").asDouble(), provenance.path("train_rows").asInt(),
        provenance.path("created_at").asText("?"), provenance.path("seed").asLong()));
  }

  private void metaWeights(Page page, JsonNode weights) {
    boolean meta = info.path("meta_weights").isObject();
    page.section("weights", meta ? "Meta-learner weights" : "Voting weights");
    List<String> cats = new ArrayList<>();
    List<Double> vals = new ArrayList<>();
    for (Iterator<String> it = weights.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      cats.add(k);
      vals.add(weights.get(k).asDouble());
    }
    double[] v = vals.stream().mapToDouble(Double::doubleValue).toArray();
    page.figure(Charts.hbars("weights", meta ? "Meta-learner weight per member" : "Voting weight per member", cats,
            List.of(new Charts.Series(meta ? "meta weight" : "weight", v, Svg.colour(0))), "%.3f", "share of the combiner's weight"),
        meta ? "How much the meta-learner uses each member's outputs (shares of the absolute coefficients, summing to 1)."
            : "The weight of each member's vote (normalised to sum to 1).");
    JsonNode perClass = info.get("meta_weights_per_class");
    if (perClass != null && perClass.isObject() && perClass.size() > 0) {
      List<String> classes = new ArrayList<>();
      perClass.fieldNames().forEachRemaining(classes::add);
      List<String> members = new ArrayList<>();
      perClass.get(classes.get(0)).fieldNames().forEachRemaining(members::add);
      double[][] w = new double[members.size()][classes.size()];
      double max = 0;
      for (int a = 0; a < members.size(); a++) {
        for (int c = 0; c < classes.size(); c++) {
          w[a][c] = perClass.path(classes.get(c)).path(members.get(a)).asDouble(Double.NaN);
          if (Double.isFinite(w[a][c])) max = Math.max(max, w[a][c]);
        }
      }
      page.figure(Charts.heatMap("weights-per-class", "Meta-learner weight per member and class", members, classes, w, null, 0,
              max == 0 ? 1 : max, false, "%.2f", "member", "class", null),
          "How much the meta-learner uses each member's outputs for each class (sum of absolute coefficients).");
    }
  }

  private void warnings(Page page) {
    JsonNode w = info.get("warnings");
    if (w == null || !w.isArray() || w.isEmpty()) return;
    page.section("warnings", "Warnings recorded at fit time");
    StringBuilder sb = new StringBuilder("<ul>");
    for (JsonNode n : w) sb.append("<li>").append(Svg.esc(n.asText())).append("</li>");
    page.html(sb.append("</ul>").toString());
  }

  // ---- regression ------------------------------------------------------------------------------------

  private void regression(Page page) {
    double[] y = data.numericTarget().values();
    Bootstrap boot = Bootstrap.seeded(options.seed()).withResamples(options.resamples());
    JsonNode oof = oofScores();
    JsonNode weights = weights();
    boolean hasWeights = weights != null;
    page.section("members", "Members and combiners");
    page.note("Test scores are on the " + data.rows() + " rows of the report data with percentile-bootstrap 95 % intervals; "
        + "out-of-fold (OOF) scores were recorded at fit time. Predict times are batch predictions on this machine, per 1000 rows.");
    List<String> head = new ArrayList<>(List.of("member", "OOF rmse", "OOF r2", "test rmse", "test r2", "predict ms / 1000 rows"));
    if (hasWeights) head.add(weightLabel());
    Page.Table t = new Page.Table(head.toArray(new String[0]));
    List<double[]> preds = new ArrayList<>();
    for (double[][] o : outputs) preds.add(column(o));
    int steps = names.size() + 2;
    for (int j = 0; j < names.size(); j++) {
      regRow(t, null, names.get(j), oof == null ? null : oof.get(names.get(j)), boot, y, preds.get(j), predictMs.get(j), hasWeights,
          weights == null ? null : weights.get(names.get(j)));
      progress.update("bootstrap", j + 1, steps);
    }
    if (names.size() >= 2) {
      double[] mean = new double[y.length];
      for (double[] p : preds) for (int i = 0; i < y.length; i++) mean[i] += p[i] / preds.size();
      regRow(t, "combiner", "mean of all members (computed here)", null, boot, y, mean, Double.NaN, hasWeights, null);
    }
    double[] f = column(ensembleOut);
    regRow(t, "combiner", "this model: " + info.path("scheme").asText(model.kind()), ensembleOof(), boot, y, f, ensembleMs, hasWeights, null);
    progress.update("bootstrap", steps, steps);
    page.html(t.html());
    fitTimes(page);
    if (hasWeights) metaWeights(page, weights);
    if (names.size() >= 2) {
      page.section("diversity", "Member diversity");
      double[][] res = new double[names.size()][];
      for (int j = 0; j < names.size(); j++) {
        res[j] = new double[y.length];
        for (int i = 0; i < y.length; i++) res[j][i] = preds.get(j)[i] - y[i];
      }
      Sections.correlation(page, names, res, null, "Pearson correlation of the members' residuals (prediction − target) on the "
          + data.rows() + " rows of the report data — not on out-of-fold outputs, which model files do not store.");
    }
    page.section("fit", "Predicted against actual");
    int n = y.length;
    int stride = Math.max(1, (n + MAX_SCATTER_POINTS - 1) / MAX_SCATTER_POINTS);
    int kept = (n + stride - 1) / stride;
    double[] xs = new double[kept];
    double[] ys = new double[kept];
    for (int i = 0, k = 0; i < n && k < kept; i += stride, k++) {
      xs[k] = y[i];
      ys[k] = f[i];
    }
    double[] both = new double[2 * kept];
    System.arraycopy(xs, 0, both, 0, kept);
    System.arraycopy(ys, 0, both, kept, kept);
    Charts.Axis a = Charts.linearAxis("actual", both, 0.03);
    page.figure(Charts.lines("scatter", "Predicted against actual", List.of(new Charts.Line("model", xs, ys, null, Svg.colour(0), false, true, false)),
            a, new Charts.Axis("predicted", a.min(), a.max(), false), true),
        "Each point is a row" + (stride > 1 ? " (every " + stride + "th row)" : "") + "; on the dashed diagonal the prediction is exact.");
  }

  private void regRow(Page.Table t, String cls, String name, JsonNode oof, Bootstrap boot, double[] y, double[] f, double ms,
                      boolean hasWeights, JsonNode weight) {
    List<String> cells = new ArrayList<>(List.of(Svg.esc(name), oofCell(oof, "rmse"), oofCell(oof, "r2"),
        Stats.withInterval(boot.interval(RegressionMetric.RMSE, y, f, null), "%.4g"),
        Stats.withInterval(boot.interval(RegressionMetric.R2, y, f, null), "%.4f"),
        Double.isNaN(ms) ? "–" : Svg.esc(String.format(Locale.ROOT, "%.2f", ms / data.rows() * 1000))));
    if (hasWeights) cells.add(weight == null || !weight.isNumber() ? "–" : Svg.esc(String.format(Locale.ROOT, "%.3f", weight.asDouble())));
    t.rowHtml(cls, cells.toArray(new String[0]));
  }

  private static double[] column(double[][] o) {
    double[] v = new double[o.length];
    for (int i = 0; i < v.length; i++) v[i] = o[i][0];
    return v;
  }
}
