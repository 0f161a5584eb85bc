package org.stackwise.cli.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The trajectories of a lazy stack as a flow (Sankey) diagram: one column per depth (1st member run,
 * 2nd, ...), one node per member reached at that depth, its height proportional to the rows that ran
 * it there. Coloured bands carry rows on to the member they run next; grey bands carry the rows that
 * stop into the dark "exit" node at the bottom of the next column.
 */
final class FlowChart {
  private static final String EXIT = "#555555";

  private FlowChart() { }

  /** One node: a member run as the {@code depth}-th member (0-based), or the exit after depth − 1. */
  private static final class Node {
    final int depth;
    final int member;  // -1 for an exit node
    int rows;
    final Map<String, Integer> reasons = new LinkedHashMap<>();  // exit nodes: rows by exit reason
    final Map<Integer, Integer> next = new HashMap<>();  // member at depth + 1 (-1: exit) -> rows
    double y;
    double h;
    double in;   // filled height of incoming bands
    double out;  // filled height of outgoing bands

    Node(int depth, int member) {
      this.depth = depth;
      this.member = member;
    }
  }

  /**
   * Draws the flow of {@code paths} (per row: the member indices run, in order) ending with
   * {@code exits} (per row: the exit reason).
   */
  static String render(String kind, String label, List<String> members, List<int[]> paths, List<String> exits) {
    int total = paths.size();
    int depthMax = 0;
    for (int[] p : paths) depthMax = Math.max(depthMax, p.length);
    int columnsCount = depthMax + 1;  // the last column holds only the exit after the deepest member
    List<Map<Integer, Node>> columns = new ArrayList<>();
    for (int d = 0; d < columnsCount; d++) columns.add(new LinkedHashMap<>());
    for (int r = 0; r < total; r++) {
      int[] p = paths.get(r);
      for (int d = 0; d < p.length; d++) {
        final int depth = d;
        Node node = columns.get(d).computeIfAbsent(p[d], j -> new Node(depth, j));
        node.rows++;
        if (d + 1 < p.length) {
          node.next.merge(p[d + 1], 1, Integer::sum);
        } else {
          node.next.merge(-1, 1, Integer::sum);
          Node exit = columns.get(d + 1).computeIfAbsent(-1, j -> new Node(depth + 1, -1));
          exit.rows++;
          exit.reasons.merge(exits.get(r), 1, Integer::sum);
        }
      }
    }
    double left = 30;
    double top = 28;
    double plotH = 400;
    double nodeW = 14;
    double colGap = columnsCount <= 2 ? 260 : Math.max(110, Math.min(240, 1000.0 / (columnsCount - 1)));
    double labelRoom = 150;
    double width = left + colGap * (columnsCount - 1) + nodeW + labelRoom;
    double height = top + plotH + 44;
    double pad = 12;
    int maxNodes = 1;
    for (Map<Integer, Node> col : columns) maxNodes = Math.max(maxNodes, col.size());
    double scale = total == 0 ? 0 : (plotH - pad * (maxNodes - 1)) / total;
    // members keep their vertical order in every column; the exit node is at the bottom
    List<List<Node>> ordered = new ArrayList<>();
    for (Map<Integer, Node> col : columns) {
      List<Node> nodes = new ArrayList<>(col.values());
      nodes.sort(Comparator.comparingInt((Node n) -> n.member < 0 ? Integer.MAX_VALUE : n.member));
      double y = top;
      for (Node n : nodes) {
        n.y = y;
        n.h = Math.max(1, n.rows * scale);
        y += n.h + pad;
      }
      ordered.add(nodes);
    }
    Svg svg = new Svg(kind, label, width, height);
    for (int d = 0; d < columnsCount; d++) {
      String head = d < depthMax ? ordinal(d + 1) + " member" : "exit";
      svg.text(left + d * colGap, 14, "start", "axt", head);
    }
    // bands, drawn first so that nodes and labels sit on top
    for (int d = 0; d + 1 < columnsCount; d++) {
      Map<Integer, Node> nextCol = columns.get(d + 1);
      for (Node n : ordered.get(d)) {
        List<Integer> targets = new ArrayList<>(n.next.keySet());
        targets.sort(Comparator.comparingInt(t -> t < 0 ? Integer.MAX_VALUE : t));
        for (int t : targets) {
          int rows = n.next.get(t);
          Node m = nextCol.get(t);
          double h = rows * scale;
          double x0 = left + d * colGap + nodeW;
          double x1 = left + (d + 1) * colGap;
          String tip = t < 0 ? members.get(n.member) + " → exit: " + rows + " rows (" + pct(rows, total) + ") stop after it"
              : members.get(n.member) + " → " + members.get(t) + ": " + rows + " rows (" + pct(rows, total) + ")";
          band(svg, x0, n.y + n.out, x1, m.y + m.in, h, t < 0 ? "#999999" : Svg.colour(n.member), t < 0 ? 0.45 : 0.35, tip);
          n.out += h;
          m.in += h;
        }
      }
    }
    double labelMax = colGap - nodeW - 12;
    for (List<Node> col : ordered) {
      for (Node n : col) {
        double x = left + n.depth * colGap;
        boolean last = n.depth == columnsCount - 1;
        if (n.member < 0) {
          StringBuilder reasons = new StringBuilder();
          n.reasons.forEach((k, v) -> reasons.append(reasons.length() == 0 ? "" : ", ").append(v).append(' ').append(k.replace('_', ' ')));
          String tip = "exit after " + n.depth + " member" + (n.depth == 1 ? "" : "s") + ": " + n.rows + " rows (" + pct(n.rows, total)
              + "): " + reasons;
          svg.rect(x, n.y, nodeW, n.h, EXIT, tip);
          if (n.h >= 9 || last) {
            svg.text(x + nodeW + 4, n.y + Math.min(n.h / 2 + 4, 12), "start", "val halo", fit("exit " + n.rows + " (" + Math.round(100.0 * n.rows / Math.max(1, total)) + " %)",
                last ? labelRoom : labelMax));
          }
        } else {
          String tip = members.get(n.member) + " as " + ordinal(n.depth + 1) + " member: " + n.rows + " rows (" + pct(n.rows, total) + ")";
          svg.rect(x, n.y, nodeW, n.h, Svg.colour(n.member), tip);
          if (n.h >= 11) svg.text(x + nodeW + 4, n.y + Math.min(n.h / 2 + 4, 12), "start", "lbl halo", fit(members.get(n.member) + " " + n.rows, labelMax));
        }
      }
    }
    double ly = top + plotH + 30;
    double lx = left;
    for (int j = 0; j < members.size() && lx < width - 60; j++) {
      svg.rect(lx, ly - 9, 10, 10, Svg.colour(j), null);
      String name = fit(members.get(j), 150);
      svg.text(lx + 14, ly, "start", "lbl", name);
      lx += 24 + Svg.textWidth(name);
    }
    return svg.end();
  }

  private static void band(Svg svg, double x0, double y0, double x1, double y1, double h, String colour, double opacity, String tip) {
    double xm = (x0 + x1) / 2;
    String d = "M" + Svg.n(x0) + "," + Svg.n(y0) + " C" + Svg.n(xm) + "," + Svg.n(y0) + " " + Svg.n(xm) + "," + Svg.n(y1) + " "
        + Svg.n(x1) + "," + Svg.n(y1) + " L" + Svg.n(x1) + "," + Svg.n(y1 + h) + " C" + Svg.n(xm) + "," + Svg.n(y1 + h) + " "
        + Svg.n(xm) + "," + Svg.n(y0 + h) + " " + Svg.n(x0) + "," + Svg.n(y0 + h) + " Z";
    svg.path(d, "fill=\"" + colour + "\" fill-opacity=\"" + opacity + "\"", tip);
  }

  /** {@code s}, shortened with an ellipsis to about {@code px} pixels. */
  static String fit(String s, double px) {
    int max = (int) Math.max(4, px / 6.8);
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  static String ordinal(int i) {
    int m100 = i % 100;
    String suffix = m100 >= 11 && m100 <= 13 ? "th" : switch (i % 10) {
      case 1 -> "st";
      case 2 -> "nd";
      case 3 -> "rd";
      default -> "th";
    };
    return i + suffix;
  }

  static String pct(long part, long whole) {
    return whole == 0 ? "0 %" : String.format(Locale.ROOT, "%.1f %%", 100.0 * part / whole);
  }
}
