package org.stackwise.cli.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's charts as hand-written SVG: horizontal bars, (stacked) columns, lines and points on
 * linear or logarithmic axes, and annotated heat maps. Each method returns one self-contained
 * {@code <svg>} element; hovering a bar, point or cell shows its exact value (SVG {@code <title>}).
 */
final class Charts {
  private Charts() { }

  /** A named series of values, one per category. */
  record Series(String name, double[] values, String colour) { }

  /**
   * A line or point series. {@code titles} (may be null) are the tooltips of the points.
   *
   * @param line draw a polyline through the points
   * @param markers draw a marker at each point
   * @param dashed draw the line dashed
   * @param sizes marker radii (null: the default)
   * @param labels text drawn beside each marker (null: none)
   */
  record Line(String name, double[] x, double[] y, String[] titles, String colour, boolean line, boolean markers,
              boolean dashed, double[] sizes, String[] labels) {
    Line(String name, double[] x, double[] y, String[] titles, String colour, boolean line, boolean markers, boolean dashed) {
      this(name, x, y, titles, colour, line, markers, dashed, null, null);
    }
  }

  /** An axis: title, range and whether it is logarithmic (base 10). */
  record Axis(String title, double min, double max, boolean log) {
    double fraction(double v) {
      if (log) return (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
      return (v - min) / (max - min);
    }
  }

  // ---- bars -----------------------------------------------------------------------------------------

  /**
   * Horizontal bars, one group per category (e.g. per member), one bar per series; values must be
   * finite (NaN bars are left out). The value axis starts at 0 (or at the smallest negative value).
   */
  static String hbars(String kind, String label, List<String> categories, List<Series> series, String format, String axisTitle) {
    double labelW = 10;
    for (String c : categories) labelW = Math.max(labelW, Svg.textWidth(c));
    double left = Math.min(260, labelW + 14);
    double right = 70;
    double top = series.size() > 1 ? 30 : 10;
    double barH = series.size() > 1 ? 14 : 20;
    double groupH = barH * series.size() + 10;
    double plotH = groupH * categories.size();
    double bottom = 40;
    double width = 720;
    double height = top + plotH + bottom;
    double min = 0;
    double max = 0;
    for (Series s : series) {
      for (double v : s.values()) {
        if (Double.isFinite(v)) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    if (max == min) max = min + 1;
    double[] ticks = niceTicks(min, max, 5);
    min = Math.min(min, ticks[0]);
    max = Math.max(max, ticks[ticks.length - 1]);
    Svg svg = new Svg(kind, label, width, height);
    double plotW = width - left - right;
    final double lo = min;
    final double span = max - min;
    java.util.function.DoubleUnaryOperator x = v -> left + (v - lo) / span * plotW;
    for (double t : ticks) {
      svg.line(x.applyAsDouble(t), top, x.applyAsDouble(t), top + plotH, "grid");
      svg.text(x.applyAsDouble(t), top + plotH + 15, "middle", "tick", tick(t));
    }
    if (axisTitle != null) svg.text(left + plotW / 2, height - 6, "middle", "axt", axisTitle);
    legend(svg, series, left, 14);
    for (int c = 0; c < categories.size(); c++) {
      double gy = top + c * groupH + 5;
      svg.text(left - 8, gy + groupH / 2 - 1, "end", "lbl", categories.get(c));
      for (int s = 0; s < series.size(); s++) {
        double v = series.get(s).values()[c];
        if (!Double.isFinite(v)) continue;
        double x0 = x.applyAsDouble(Math.min(0, v));
        double x1 = x.applyAsDouble(Math.max(0, v));
        double y = gy + s * barH;
        String text = String.format(Locale.ROOT, format, v);
        svg.rect(x0, y, x1 - x0, barH - 2, series.get(s).colour(),
            categories.get(c) + (series.size() > 1 ? " — " + series.get(s).name() : "") + ": " + text);
        svg.text(x1 + 4, y + barH / 2 + 2, "start", "val", text);
      }
    }
    svg.line(x.applyAsDouble(0), top, x.applyAsDouble(0), top + plotH, "axis");
    return svg.end();
  }

  /**
   * Vertical columns, one per category; with several series they are stacked ({@code stacked}) or
   * side by side. {@code tooltips[s][c]} (may be null) replace the default tooltip.
   */
  static String columns(String kind, String label, List<String> categories, List<Series> series, boolean stacked,
                        String xTitle, String yTitle, String format, String[][] tooltips) {
    double left = 64;
    double right = 20;
    double top = series.size() > 1 ? 30 : 14;
    double bottom = 58;
    int k = categories.size();
    double width = Math.max(420, Math.min(1100, left + right + k * (stacked || series.size() == 1 ? 44 : 20 * series.size() + 14)));
    double height = 320;
    double plotW = width - left - right;
    double plotH = height - top - bottom;
    double max = 0;
    for (int c = 0; c < k; c++) {
      double sum = 0;
      for (Series s : series) {
        double v = s.values()[c];
        if (!Double.isFinite(v)) continue;
        if (stacked) sum += Math.max(0, v);
        else max = Math.max(max, v);
      }
      max = Math.max(max, sum);
    }
    if (max <= 0) max = 1;
    double[] ticks = niceTicks(0, max, 5);
    max = Math.max(max, ticks[ticks.length - 1]);
    Svg svg = new Svg(kind, label, width, height);
    final double top0 = top;
    final double maxV = max;
    java.util.function.DoubleUnaryOperator y = v -> top0 + plotH - v / maxV * plotH;
    for (double t : ticks) {
      svg.line(left, y.applyAsDouble(t), left + plotW, y.applyAsDouble(t), "grid");
      svg.text(left - 6, y.applyAsDouble(t) + 4, "end", "tick", tick(t));
    }
    legend(svg, series, left, 14);
    double slot = plotW / k;
    int rotate = 0;
    for (String c : categories) if (Svg.textWidth(c) > slot - 4) rotate = 1;
    for (int c = 0; c < k; c++) {
      double cx = left + slot * (c + 0.5);
      double base = 0;
      int drawn = 0;
      for (int s = 0; s < series.size(); s++) {
        double v = series.get(s).values()[c];
        if (!Double.isFinite(v) || v <= 0) continue;
        String tip = tooltips != null && tooltips[s] != null && tooltips[s][c] != null ? tooltips[s][c]
            : categories.get(c) + (series.size() > 1 ? " — " + series.get(s).name() : "") + ": " + String.format(Locale.ROOT, format, v);
        if (stacked || series.size() == 1) {
          double bw = Math.min(40, slot * 0.7);
          svg.rect(cx - bw / 2, y.applyAsDouble(base + v), bw, y.applyAsDouble(base) - y.applyAsDouble(base + v),
              series.get(s).colour(), tip);
          base += v;
        } else {
          double bw = Math.min(18, slot * 0.8 / series.size());
          double x0 = cx - bw * series.size() / 2 + s * bw;
          svg.rect(x0, y.applyAsDouble(v), bw - 1, y.applyAsDouble(0) - y.applyAsDouble(v), series.get(s).colour(), tip);
          base = Math.max(base, v);
        }
        drawn++;
      }
      String total = String.format(Locale.ROOT, format, base);
      if (drawn > 0 && (stacked || series.size() == 1) && Svg.textWidth(total) * 0.9 < slot) {
        svg.text(cx, y.applyAsDouble(base) - 4, "middle", "val", total);
      }
      if (rotate == 1) svg.textRotated(cx + 3, top + plotH + 12, -40, "end", "tick", categories.get(c));
      else svg.text(cx, top + plotH + 16, "middle", "tick", categories.get(c));
    }
    svg.line(left, top + plotH, left + plotW, top + plotH, "axis");
    svg.line(left, top, left, top + plotH, "axis");
    if (xTitle != null) svg.text(left + plotW / 2, height - 6, "middle", "axt", xTitle);
    if (yTitle != null) svg.textRotated(14, top + plotH / 2, -90, "middle", "axt", yTitle);
    return svg.end();
  }

  private static void legend(Svg svg, List<Series> series, double x, double y) {
    if (series.size() < 2) return;
    double cx = x;
    for (Series s : series) {
      svg.rect(cx, y - 9, 10, 10, s.colour(), null);
      svg.text(cx + 14, y, "start", "lbl", s.name());
      cx += 28 + Svg.textWidth(s.name());
    }
  }

  // ---- lines and points ------------------------------------------------------------------------------

  /**
   * Lines and points on two axes; {@code diagonal} draws the y = x reference (for reliability
   * diagrams). The legend is on the right.
   */
  static String lines(String kind, String label, List<Line> lines, Axis xAxis, Axis yAxis, boolean diagonal) {
    double legendW = 10;
    for (Line l : lines) legendW = Math.max(legendW, Svg.textWidth(l.name()) + 30);
    legendW = Math.min(legendW, 260);
    double left = 64;
    double top = 14;
    double bottom = 50;
    double plotW = 560;
    double plotH = 360;
    double width = left + plotW + 16 + legendW;
    double height = top + plotH + bottom;
    Svg svg = new Svg(kind, label, width, height);
    java.util.function.DoubleUnaryOperator x = v -> left + xAxis.fraction(v) * plotW;
    java.util.function.DoubleUnaryOperator y = v -> top + plotH - yAxis.fraction(v) * plotH;
    for (double t : axisTicks(xAxis)) {
      svg.line(x.applyAsDouble(t), top, x.applyAsDouble(t), top + plotH, "grid");
      svg.text(x.applyAsDouble(t), top + plotH + 16, "middle", "tick", tick(t));
    }
    for (double t : axisTicks(yAxis)) {
      svg.line(left, y.applyAsDouble(t), left + plotW, y.applyAsDouble(t), "grid");
      svg.text(left - 6, y.applyAsDouble(t) + 4, "end", "tick", tick(t));
    }
    svg.line(left, top + plotH, left + plotW, top + plotH, "axis");
    svg.line(left, top, left, top + plotH, "axis");
    if (diagonal) {
      double lo = Math.max(xAxis.min(), yAxis.min());
      double hi = Math.min(xAxis.max(), yAxis.max());
      svg.path("M" + Svg.n(x.applyAsDouble(lo)) + "," + Svg.n(y.applyAsDouble(lo)) + " L" + Svg.n(x.applyAsDouble(hi)) + ","
          + Svg.n(y.applyAsDouble(hi)), "fill=\"none\" stroke=\"#999\" stroke-dasharray=\"4 4\"", "perfect calibration");
    }
    svg.text(left + plotW / 2, height - 8, "middle", "axt", xAxis.title() + (xAxis.log() ? " (log scale)" : ""));
    svg.textRotated(16, top + plotH / 2, -90, "middle", "axt", yAxis.title());
    List<double[]> labelBoxes = new ArrayList<>();
    for (Line l : lines) {
      if (l.line()) {
        StringBuilder d = new StringBuilder();
        for (int i = 0; i < l.x().length; i++) {
          if (!inside(l.x()[i], xAxis) || !inside(l.y()[i], yAxis)) continue;
          d.append(d.length() == 0 ? "M" : " L").append(Svg.n(x.applyAsDouble(l.x()[i]))).append(',')
              .append(Svg.n(y.applyAsDouble(l.y()[i])));
        }
        if (d.length() > 0) {
          svg.path(d.toString(), "fill=\"none\" stroke=\"" + l.colour() + "\" stroke-width=\"2\""
              + (l.dashed() ? " stroke-dasharray=\"6 3\"" : ""), l.name());
        }
      }
      if (l.markers()) {
        for (int i = 0; i < l.x().length; i++) {
          if (!inside(l.x()[i], xAxis) || !inside(l.y()[i], yAxis)) continue;
          String tip = l.titles() != null && l.titles()[i] != null ? l.titles()[i] : l.name() + ": (" + tick(l.x()[i]) + ", "
              + tick(l.y()[i]) + ")";
          double r = l.sizes() != null ? l.sizes()[i] : l.line() ? 3 : 5;
          svg.circle(x.applyAsDouble(l.x()[i]), y.applyAsDouble(l.y()[i]), r, l.colour(), tip);
          if (l.labels() != null && l.labels()[i] != null) {
            // a label that would cover another is left out (the point's tooltip still names it)
            double lx = x.applyAsDouble(l.x()[i]) + r + 3;
            double lyy = y.applyAsDouble(l.y()[i]) + 4;
            double[] box = {lx, lyy - 10, lx + Svg.textWidth(l.labels()[i]) * 0.95, lyy + 2};
            boolean free = box[2] <= left + plotW + 12;
            for (double[] b : labelBoxes) free &= box[2] < b[0] || box[0] > b[2] || box[3] < b[1] || box[1] > b[3];
            if (free) {
              labelBoxes.add(box);
              svg.text(lx, lyy, "start", "val halo", l.labels()[i]);
            }
          }
        }
      }
    }
    double ly = top + 6;
    double lx = left + plotW + 16;
    for (Line l : lines) {
      if (l.line()) {
        svg.path("M" + Svg.n(lx) + "," + Svg.n(ly) + " h18", "fill=\"none\" stroke=\"" + l.colour() + "\" stroke-width=\"2\""
            + (l.dashed() ? " stroke-dasharray=\"6 3\"" : ""), null);
      }
      if (l.markers()) svg.circle(lx + 9, ly, 4, l.colour(), null);
      svg.text(lx + 24, ly + 4, "start", "lbl", l.name());
      ly += 18;
    }
    return svg.end();
  }

  private static boolean inside(double v, Axis a) {
    if (!Double.isFinite(v)) return false;
    if (a.log() && v <= 0) return false;
    double eps = (a.max() - a.min()) * 1e-9;
    return v >= a.min() - eps && v <= a.max() + eps;
  }

  /** A logarithmic axis covering the positive values given, padded to whole decades where reasonable. */
  static Axis logAxis(String title, double[] values) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = 0;
    for (double v : values) {
      if (v > 0 && Double.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    if (hi == 0) return new Axis(title, 0.1, 10, true);
    double a = Math.pow(10, Math.floor(Math.log10(lo) * 4) / 4);  // quarter decades keep some padding
    double b = Math.pow(10, Math.ceil(Math.log10(hi) * 4) / 4);
    if (b / a < 10) {
      double mid = Math.sqrt(a * b);
      a = mid / Math.sqrt(10);
      b = mid * Math.sqrt(10);
    }
    return new Axis(title, a, b, true);
  }

  /** A linear axis over the values given (with the padding of nice ticks). */
  static Axis linearAxis(String title, double[] values, double padFraction) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      if (Double.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    if (lo > hi) return new Axis(title, 0, 1, false);
    double pad = (hi - lo) * padFraction;
    if (pad == 0) pad = Math.max(1e-3, Math.abs(hi) * 0.05);
    double[] t = niceTicks(lo - pad, hi + pad, 5);
    return new Axis(title, t[0], t[t.length - 1], false);
  }

  static double[] axisTicks(Axis a) {
    if (!a.log()) return niceTicks(a.min(), a.max(), 6);
    List<Double> t = new ArrayList<>();
    int e0 = (int) Math.floor(Math.log10(a.min()));
    int e1 = (int) Math.ceil(Math.log10(a.max()));
    double[] mult = e1 - e0 <= 3 ? new double[] {1, 2, 5} : new double[] {1};
    for (int e = e0; e <= e1; e++) {
      for (double m : mult) {
        double v = m * Math.pow(10, e);
        if (v >= a.min() * (1 - 1e-9) && v <= a.max() * (1 + 1e-9)) t.add(v);
      }
    }
    return t.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** "Nice" linear ticks (steps of 1, 2 or 5 times a power of ten) covering [lo, hi]. */
  static double[] niceTicks(double lo, double hi, int target) {
    if (!(hi > lo)) hi = lo + 1;
    double raw = (hi - lo) / target;
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = mag;
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      step = m * mag;
      if (raw <= step) break;
    }
    double start = Math.floor(lo / step + 1e-9) * step;
    double end = Math.ceil(hi / step - 1e-9) * step;
    int count = (int) Math.round((end - start) / step) + 1;
    double[] t = new double[count];
    for (int i = 0; i < count; i++) t[i] = start + i * step;
    return t;
  }

  /** A tick label: short, without trailing zeros, with k/M for big and exponents for tiny values. */
  static String tick(double v) {
    double a = Math.abs(v);
    if (a == 0) return "0";
    if (a >= 1e6) return trim(String.format(Locale.ROOT, "%.2f", v / 1e6)) + "M";
    if (a >= 1e4) return trim(String.format(Locale.ROOT, "%.1f", v / 1e3)) + "k";
    if (a >= 1) return trim(String.format(Locale.ROOT, "%.2f", v));
    if (a >= 1e-3) return trim(String.format(Locale.ROOT, "%.4f", v));
    return String.format(Locale.ROOT, "%.0e", v);
  }

  private static String trim(String s) {
    if (s.indexOf('.') < 0) return s;
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  // ---- heat maps -------------------------------------------------------------------------------------

  /**
   * A heat map with one cell per (row, column), annotated with its value when the cells are big
   * enough. Colours: {@code diverging} maps [-max, max] blue-white-red, else [min, max] white-blue.
   * {@code colourValues} (may be null) colour the cells instead of {@code values} (e.g. row shares for
   * a confusion matrix of counts); {@code tooltips} (may be null) replace the default tooltips.
   */
  static String heatMap(String kind, String label, List<String> rows, List<String> cols, double[][] values,
                        double[][] colourValues, double min, double max, boolean diverging, String format,
                        String rowTitle, String colTitle, String[][] tooltips) {
    int r = rows.size();
    int c = cols.size();
    double labelW = 10;
    for (String s : rows) labelW = Math.max(labelW, Svg.textWidth(s));
    double colLabelH = 10;
    for (String s : cols) colLabelH = Math.max(colLabelH, Svg.textWidth(s));
    double cell = Math.max(14, Math.min(56, 560.0 / Math.max(r, c)));
    boolean rotated = colLabelH > cell - 4;
    double left = Math.min(220, labelW + 12) + (rowTitle != null ? 22 : 0);
    double top = (rotated ? Math.min(140, colLabelH * 0.75 + 10) : 22) + (colTitle != null ? 20 : 0);
    double width = left + c * cell + 90;
    double height = top + r * cell + 16;
    Svg svg = new Svg(kind, label, width, height);
    boolean annotate = cell >= 26;
    for (int i = 0; i < r; i++) {
      svg.text(left - 6, top + i * cell + cell / 2 + 4, "end", "lbl", rows.get(i));
      for (int j = 0; j < c; j++) {
        double v = values[i][j];
        double cv = colourValues == null ? v : colourValues[i][j];
        String fill = !Double.isFinite(cv) ? "#eeeeee"
            : diverging ? Svg.diverging(cv / Math.max(Math.abs(min), Math.abs(max)))
            : Svg.sequential((cv - min) / (max - min == 0 ? 1 : max - min));
        String tip = tooltips != null && tooltips[i][j] != null ? tooltips[i][j]
            : rows.get(i) + " / " + cols.get(j) + ": " + (Double.isFinite(v) ? String.format(Locale.ROOT, format, v) : "n/a");
        svg.rect(left + j * cell, top + i * cell, cell - 1, cell - 1, fill, tip);
        if (annotate && Double.isFinite(v)) {
          String text = String.format(Locale.ROOT, format, v);
          svg.text(left + j * cell + cell / 2, top + i * cell + cell / 2 + 4, "middle", Svg.dark(fill) ? "cellw" : "cell", text);
        }
      }
    }
    for (int j = 0; j < c; j++) {
      double cx = left + j * cell + cell / 2;
      if (rotated) svg.textRotated(cx + 4, top - 6, -55, "start", "lbl", cols.get(j));
      else svg.text(cx, top - 6, "middle", "lbl", cols.get(j));
    }
    if (colTitle != null) svg.text(left + c * cell / 2, 14, "middle", "axt", colTitle);
    if (rowTitle != null) svg.textRotated(14, top + r * cell / 2, -90, "middle", "axt", rowTitle);
    // colour scale
    double sx = left + c * cell + 24;
    double sh = Math.min(200, r * cell);
    int steps = 20;
    for (int s = 0; s < steps; s++) {
      double t = 1 - (s + 0.5) / steps;
      String fill = diverging ? Svg.diverging(2 * t - 1) : Svg.sequential(t);
      svg.rect(sx, top + s * sh / steps, 14, sh / steps + 0.5, fill, null);
    }
    double lo = diverging ? -Math.max(Math.abs(min), Math.abs(max)) : min;
    double hi = diverging ? Math.max(Math.abs(min), Math.abs(max)) : max;
    svg.text(sx + 18, top + 9, "start", "tick", tick(hi));
    svg.text(sx + 18, top + sh, "start", "tick", tick(lo));
    return svg.end();
  }
}
