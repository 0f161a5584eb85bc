package org.stackwise.cli.report;

import java.util.List;
import java.util.Locale;
import org.stackwise.BadInputException;
import org.stackwise.data.Dataset;
import org.stackwise.eval.Bootstrap;

/** The small computations behind the report's charts: labels, reliability bins, correlations, formatting. */
final class Stats {
  private Stats() { }

  /** Class indices of {@code data}'s labels in the order of {@code classes} (matched by name). */
  static int[] labels(Dataset data, List<String> classes) {
    List<String> dataClasses = data.classes().classes();
    int[] map = new int[dataClasses.size()];
    for (int c = 0; c < map.length; c++) map[c] = classes.indexOf(dataClasses.get(c));
    int[] y = new int[data.rows()];
    for (int i = 0; i < y.length; i++) {
      int c = data.classes().get(i);
      if (map[c] < 0) {
        throw new BadInputException("data", i + 1, 0, "label '" + dataClasses.get(c) + "' is not one of the model's classes " + classes);
      }
      y[i] = map[c];
    }
    return y;
  }

  static int argMax(double[] p) {
    int best = 0;
    for (int c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
    return best;
  }

  static int[] argMax(double[][] p) {
    int[] out = new int[p.length];
    for (int i = 0; i < p.length; i++) out[i] = argMax(p[i]);
    return out;
  }

  /**
   * Reliability of the top-class probability in {@code bins} equal-width bins over [0, 1]:
   * {@code [0]} mean confidence, {@code [1]} accuracy, {@code [2]} rows, per bin (empty bins NaN, 0 rows).
   */
  static double[][] reliability(int[] y, double[][] p, int bins) {
    double[] conf = new double[bins];
    double[] acc = new double[bins];
    double[] count = new double[bins];
    for (int i = 0; i < y.length; i++) {
      int c = argMax(p[i]);
      double v = p[i][c];
      int b = Math.min(bins - 1, Math.max(0, (int) Math.floor(v * bins)));
      conf[b] += v;
      if (c == y[i]) acc[b]++;
      count[b]++;
    }
    for (int b = 0; b < bins; b++) {
      conf[b] = count[b] == 0 ? Double.NaN : conf[b] / count[b];
      acc[b] = count[b] == 0 ? Double.NaN : acc[b] / count[b];
    }
    return new double[][] {conf, acc, count};
  }

  /** Expected calibration error of the top-class probability (bins weighted by their rows). */
  static double ece(double[][] rel, int n) {
    double e = 0;
    for (int b = 0; b < rel[0].length; b++) if (rel[2][b] > 0) e += rel[2][b] / n * Math.abs(rel[1][b] - rel[0][b]);
    return e;
  }

  /** Pearson correlation between the columns of {@code v} ({@code v[member][row]}); NaN for a constant column. */
  static double[][] correlation(double[][] v) {
    int m = v.length;
    double[][] r = new double[m][m];
    double[] mean = new double[m];
    double[] sd = new double[m];
    int n = m == 0 ? 0 : v[0].length;
    for (int a = 0; a < m; a++) {
      double s = 0;
      for (double x : v[a]) s += x;
      mean[a] = s / n;
      double q = 0;
      for (double x : v[a]) q += (x - mean[a]) * (x - mean[a]);
      sd[a] = Math.sqrt(q);
    }
    for (int a = 0; a < m; a++) {
      for (int b = a; b < m; b++) {
        double s = 0;
        for (int i = 0; i < n; i++) s += (v[a][i] - mean[a]) * (v[b][i] - mean[b]);
        double c = sd[a] == 0 || sd[b] == 0 ? Double.NaN : s / (sd[a] * sd[b]);
        if (a == b && sd[a] > 0) c = 1;
        r[a][b] = c;
        r[b][a] = c;
      }
    }
    return r;
  }

  /** Per row, one minus the probability given to the true class: the member's error as a number. */
  static double[] errors(int[] y, double[][] p) {
    double[] e = new double[y.length];
    for (int i = 0; i < y.length; i++) e[i] = 1 - p[i][y[i]];
    return e;
  }

  /** Share of rows on which two label predictions differ. */
  static double disagreement(int[] a, int[] b) {
    int d = 0;
    for (int i = 0; i < a.length; i++) if (a[i] != b[i]) d++;
    return a.length == 0 ? 0 : (double) d / a.length;
  }

  /** Element-wise mean of several members' distributions (an equal-weight soft vote). */
  static double[][] mean(List<double[][]> ps) {
    int n = ps.get(0).length;
    double[][] out = new double[n][];
    for (int i = 0; i < n; i++) {
      double[] s = new double[ps.get(0)[i].length];
      for (double[][] p : ps) for (int c = 0; c < s.length; c++) s[c] += p[i][c] / ps.size();
      out[i] = s;
    }
    return out;
  }

  /** {@code 0.9734} and {@code [0.95, 0.99]} as HTML: the value, then the interval in small grey type. */
  static String withInterval(Bootstrap.Interval ci, String format) {
    if (ci == null || !Double.isFinite(ci.estimate())) return "–";
    String v = String.format(Locale.ROOT, format, ci.estimate());
    if (!Double.isFinite(ci.lower())) return Svg.esc(v);
    return Svg.esc(v) + " <span class=\"ci\">[" + Svg.esc(String.format(Locale.ROOT, format, ci.lower())) + ", "
        + Svg.esc(String.format(Locale.ROOT, format, ci.upper())) + "]</span>";
  }

  static String fmt(String format, double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, format, v) : "–";
  }
}
