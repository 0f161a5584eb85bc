package org.stackwise.cli.report;

import java.util.Locale;

/**
 * A small writer of inline SVG: elements are appended as text, every string is escaped. Styling is
 * left to the page's CSS classes ({@code .axis}, {@code .grid}, {@code .lbl}) so charts stay small.
 * Each chart is one {@code <svg class="chart" data-chart="KIND">} with a {@code <title>}, so the page
 * (and its browser test) can find and check every chart.
 */
final class Svg {
  /** Categorical colours (Tableau 10, then lighter companions): one per member, series or method. */
  static final String[] PALETTE = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
      "#ff9da7", "#9c755f", "#bab0ac", "#a0cbe8", "#ffbe7d", "#ff9d9a", "#86bcb6", "#8cd17d", "#f1ce63", "#d4a6c8",
      "#fabfd2", "#d7b5a6", "#79706e"};

  private final StringBuilder sb = new StringBuilder(4096);
  private final double width;
  private final double height;

  /** Opens a chart of {@code width × height} pixels; {@code kind} names it for tests, {@code label} describes it. */
  Svg(String kind, String label, double width, double height) {
    this.width = width;
    this.height = height;
    sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" data-chart=\"").append(esc(kind))
        .append("\" role=\"img\" aria-label=\"").append(esc(label)).append("\" viewBox=\"0 0 ").append(n(width)).append(' ')
        .append(n(height)).append("\" width=\"").append(n(width)).append("\" height=\"").append(n(height)).append("\">")
        .append("<title>").append(esc(label)).append("</title>");
  }

  double width() { return width; }
  double height() { return height; }

  static String colour(int i) {
    return PALETTE[Math.floorMod(i, PALETTE.length)];
  }

  /** XML/HTML text and attribute escaping. */
  static String esc(String s) {
    if (s == null) return "";
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          // control characters are not allowed in XML; drop them
          if (c >= 0x20 || c == '\n' || c == '\t') b.append(c);
        }
      }
    }
    return b.toString();
  }

  /** A coordinate: at most two decimals, no trailing zeros. */
  static String n(double v) {
    if (!Double.isFinite(v)) return "0";
    double r = Math.round(v * 100) / 100.0;
    if (r == Math.rint(r)) return Long.toString((long) r);
    String s = String.format(Locale.ROOT, "%.2f", r);
    return s.endsWith("0") ? s.substring(0, s.length() - 1) : s;
  }

  /** Appends raw, already escaped markup. */
  Svg raw(String markup) {
    sb.append(markup);
    return this;
  }

  Svg rect(double x, double y, double w, double h, String fill, String tooltip) {
    sb.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(Math.max(0, w)))
        .append("\" height=\"").append(n(Math.max(0, h))).append("\" fill=\"").append(fill).append('"');
    return close(tooltip, "rect");
  }

  Svg line(double x1, double y1, double x2, double y2, String cls) {
    sb.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2))
        .append("\" y2=\"").append(n(y2)).append("\" class=\"").append(cls).append("\"/>");
    return this;
  }

  Svg circle(double cx, double cy, double r, String fill, String tooltip) {
    sb.append("<circle cx=\"").append(n(cx)).append("\" cy=\"").append(n(cy)).append("\" r=\"").append(n(r))
        .append("\" fill=\"").append(fill).append("\" stroke=\"#fff\" stroke-width=\"1\"");
    return close(tooltip, "circle");
  }

  /** A path; {@code attrs} is extra markup such as {@code fill="none" stroke="#000"}. */
  Svg path(String d, String attrs, String tooltip) {
    sb.append("<path d=\"").append(d).append("\" ").append(attrs);
    return close(tooltip, "path");
  }

  /** Text; {@code anchor} is start, middle or end; {@code cls} a CSS class (or null). */
  Svg text(double x, double y, String anchor, String cls, String text) {
    sb.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" text-anchor=\"").append(anchor).append('"');
    if (cls != null) sb.append(" class=\"").append(cls).append('"');
    sb.append('>').append(esc(text)).append("</text>");
    return this;
  }

  /** Rotated text (e.g. a vertical axis title). */
  Svg textRotated(double x, double y, double degrees, String anchor, String cls, String text) {
    sb.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" text-anchor=\"").append(anchor)
        .append("\" transform=\"rotate(").append(n(degrees)).append(' ').append(n(x)).append(' ').append(n(y)).append(")\"");
    if (cls != null) sb.append(" class=\"").append(cls).append('"');
    sb.append('>').append(esc(text)).append("</text>");
    return this;
  }

  private Svg close(String tooltip, String tag) {
    if (tooltip == null) {
      sb.append("/>");
    } else {
      // a <title> child is the browser's own tooltip: no script needed
      sb.append("><title>").append(esc(tooltip)).append("</title></").append(tag).append('>');
    }
    return this;
  }

  /** Closes the chart and returns its markup. */
  String end() {
    return sb.append("</svg>").toString();
  }

  /** Linear interpolation between two {@code #rrggbb} colours. */
  static String mix(String a, String b, double t) {
    t = Math.max(0, Math.min(1, Double.isNaN(t) ? 0 : t));
    int ra = Integer.parseInt(a.substring(1), 16);
    int rb = Integer.parseInt(b.substring(1), 16);
    int r = (int) Math.round(((ra >> 16) & 255) * (1 - t) + ((rb >> 16) & 255) * t);
    int g = (int) Math.round(((ra >> 8) & 255) * (1 - t) + ((rb >> 8) & 255) * t);
    int bl = (int) Math.round((ra & 255) * (1 - t) + (rb & 255) * t);
    return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, bl);
  }

  /** Sequential scale (white to dark blue) for t in [0, 1]. */
  static String sequential(double t) {
    return t < 0.5 ? mix("#f7fbff", "#6baed6", t * 2) : mix("#6baed6", "#08306b", (t - 0.5) * 2);
  }

  /** Diverging scale for t in [-1, 1]: blue, white at 0, red. */
  static String diverging(double t) {
    return t < 0 ? mix("#f7f7f7", "#2166ac", -t) : mix("#f7f7f7", "#b2182b", t);
  }

  /** Whether text on this background should be white. */
  static boolean dark(String hex) {
    int v = Integer.parseInt(hex.substring(1), 16);
    double lum = 0.299 * ((v >> 16) & 255) + 0.587 * ((v >> 8) & 255) + 0.114 * (v & 255);
    return lum < 140;
  }

  /** Rough width in pixels of a label at the charts' 12 px font. */
  static double textWidth(String s) {
    return s == null ? 0 : s.length() * 6.8;
  }
}
