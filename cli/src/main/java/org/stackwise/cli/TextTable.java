package org.stackwise.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A plain text table: left-aligned first column, right-aligned numbers. */
final class TextTable {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  TextTable(String... header) {
    this.header = List.of(header);
  }

  TextTable row(Object... cells) {
    List<String> r = new ArrayList<>();
    for (Object c : cells) r.add(c == null ? "" : c.toString());
    while (r.size() < header.size()) r.add("");
    rows.add(r.subList(0, header.size()));
    return this;
  }

  void print(PrintWriter out) {
    int[] w = new int[header.size()];
    for (int j = 0; j < w.length; j++) w[j] = header.get(j).length();
    for (List<String> r : rows) for (int j = 0; j < w.length; j++) w[j] = Math.max(w[j], r.get(j).length());
    out.println(line(header, w));
    StringBuilder rule = new StringBuilder();
    for (int j = 0; j < w.length; j++) rule.append(j == 0 ? "" : "  ").append("-".repeat(w[j]));
    out.println(rule);
    for (List<String> r : rows) out.println(line(r, w));
    out.flush();
  }

  private static String line(List<String> cells, int[] w) {
    StringBuilder sb = new StringBuilder();
    for (int j = 0; j < w.length; j++) {
      String c = cells.get(j);
      if (j > 0) sb.append("  ");
      if (j == 0) sb.append(c).append(" ".repeat(w[j] - c.length()));
      else sb.append(" ".repeat(w[j] - c.length())).append(c);
    }
    return sb.toString().stripTrailing();
  }

  /** A metric with 4 decimals, or "-" when missing. */
  static String num(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "-";
  }

  /** Seconds with 2 decimals. */
  static String secs(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
