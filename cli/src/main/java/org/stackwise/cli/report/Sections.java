package org.stackwise.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.stackwise.eval.ConfusionMatrix;

/** Sections shared by the model and lazy reports: confusion matrix, calibration, member correlation, experts. */
final class Sections {
  private Sections() { }

  /** Confusion matrix of {@code predicted} against {@code y}: counts, coloured by each row's share. */
  static void confusion(Page page, List<String> classes, int[] y, int[] predicted, String whose) {
    int k = classes.size();
    double[][] counts = ConfusionMatrix.of(y, predicted, k, null).counts();
    double[][] share = new double[k][k];
    String[][] tips = new String[k][k];
    for (int a = 0; a < k; a++) {
      double row = 0;
      for (double v : counts[a]) row += v;
      for (int b = 0; b < k; b++) {
        share[a][b] = row == 0 ? 0 : counts[a][b] / row;
        tips[a][b] = "actual " + classes.get(a) + ", predicted " + classes.get(b) + ": " + (long) counts[a][b] + " rows ("
            + String.format(Locale.ROOT, "%.1f %%", 100 * share[a][b]) + " of actual " + classes.get(a) + ")";
      }
    }
    page.figure(Charts.heatMap("confusion", "Confusion matrix of " + whose, classes, classes, counts, share, 0, 1, false, "%.0f",
        "actual class", "predicted class", tips),
        "Rows: actual class; columns: predicted class; numbers are row counts, colour is the share of the actual class "
            + "(the diagonal is each class's recall).");
  }

  /**
   * Reliability diagram of the top-class probability for the named predictions, with the expected
   * calibration error of each in the legend.
   */
  static void calibration(Page page, int[] y, List<String> names, List<double[][]> probas, int bins) {
    List<Charts.Line> lines = new ArrayList<>();
    for (int s = 0; s < names.size(); s++) {
      double[][] rel = Stats.reliability(y, probas.get(s), bins);
      String[] tips = new String[bins];
      for (int b = 0; b < bins; b++) {
        tips[b] = names.get(s) + ": confidence " + String.format(Locale.ROOT, "%.2f–%.2f", (double) b / bins, (double) (b + 1) / bins)
            + ", " + (long) rel[2][b] + " rows, mean confidence " + Stats.fmt("%.3f", rel[0][b]) + ", accuracy " + Stats.fmt("%.3f", rel[1][b]);
      }
      String name = names.get(s) + " (ECE " + String.format(Locale.ROOT, "%.3f", Stats.ece(rel, y.length)) + ")";
      // marker area grows with the bin's rows, so sparse bins do not look as certain as full ones
      double[] sizes = new double[bins];
      for (int b = 0; b < bins; b++) sizes[b] = 2 + 6 * Math.sqrt(rel[2][b] / y.length);
      lines.add(new Charts.Line(name, rel[0], rel[1], tips, Svg.colour(s), true, true, s > 0, sizes, null));
    }
    page.figure(Charts.lines("calibration", "Reliability diagram", lines, new Charts.Axis("mean predicted probability of the predicted class", 0, 1, false),
        new Charts.Axis("accuracy", 0, 1, false), true),
        "Rows are put in " + bins + " bins by the probability of their predicted class; each point is a bin's mean probability "
            + "against its accuracy (marker size and hover: the bin's rows). On the dashed diagonal, probabilities are calibrated; below it "
            + "they are over-confident. ECE: expected calibration error (bins weighted by rows).");
  }

  /** Heat map of the correlation of members' errors, with the share of rows on which they disagree in tooltips. */
  static void correlation(Page page, List<String> members, double[][] errors, int[][] labels, String what) {
    int m = members.size();
    double[][] r = Stats.correlation(errors);
    String[][] tips = new String[m][m];
    for (int a = 0; a < m; a++) {
      for (int b = 0; b < m; b++) {
        tips[a][b] = members.get(a) + " vs " + members.get(b) + ": error correlation " + Stats.fmt("%.3f", r[a][b])
            + (labels == null ? "" : ", predicted labels differ on " + String.format(Locale.ROOT, "%.1f %%", 100 * Stats.disagreement(labels[a], labels[b])) + " of rows");
      }
    }
    page.figure(Charts.heatMap("correlation", "Correlation of member errors", members, members, r, null, -1, 1, true, "%.2f",
        null, null, tips), what);
  }

  /** Expert utilisation of a mixture of experts (describe key {@code "experts"}), when present. */
  static boolean experts(Page page, JsonNode info) {
    JsonNode experts = info == null ? null : info.get("experts");
    if (experts == null || !experts.isArray() || experts.isEmpty()) return false;
    List<String> names = new ArrayList<>();
    int k = experts.size();
    double[] gate = new double[k];
    double[] top = new double[k];
    double[] routed = new double[k];
    int i = 0;
    for (Iterator<JsonNode> it = experts.elements(); it.hasNext(); i++) {
      JsonNode e = it.next();
      names.add(e.path("name").asText("expert " + (i + 1)));
      gate[i] = e.path("mean_gate").asDouble(Double.NaN);
      top[i] = e.path("top_share").asDouble(Double.NaN);
      routed[i] = e.path("routed_share").asDouble(Double.NaN);
    }
    page.section("experts", "Mixture of experts: utilisation");
    List<String[]> kv = new ArrayList<>();
    if (info.has("gate_entropy")) {
      kv.add(new String[] {"mean gate entropy (0 = one expert per row, 1 = even spread)", Stats.fmt("%.3f", info.get("gate_entropy").asDouble())});
    }
    if (info.has("utilisation_rows")) kv.add(new String[] {"rows measured (training rows)", info.get("utilisation_rows").asText()});
    if (!kv.isEmpty()) page.keyValues(kv);
    page.figure(Charts.hbars("experts", "Expert utilisation", names, List.of(
            new Charts.Series("mean gate weight", gate, Svg.colour(0)),
            new Charts.Series("share of rows as top expert", top, Svg.colour(1)),
            new Charts.Series("share of rows routed", routed, Svg.colour(2))), "%.3f", "share"),
        "How much each expert is used, measured on the training rows at fit time: a collapsed mixture shows one expert "
            + "taking nearly every row as top expert.");
    return true;
  }
}
