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
 * it there. Bands between columns show rows going on to the next member; the grey band leaving the
 * bottom of a node to the right (with a dark edge on the node) shows the rows that exited after it.
 */
final class FlowChart {
  private FlowChart() { }

  /** One node: member {@code member} run as the {@code depth}-th member (0-based). */
  private static final class Node {
    final int depth;
    final int member;
    int rows;
    int exits;
    final Map<String, Integer> exitReasons = new LinkedHashMap<>();
    final Map<Integer, Integer> next = new HashMap<>();  // member at depth + 1 -> rows
    double y;
    double h;

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
    List<Map<Integer, Node>> columns = new ArrayList<>();
    for (int d = 0; d < depthMax; d++) columns.add(new LinkedHashMap<>());
    for (int r = 0; r < total; r++) {
      int[] p = paths.get(r);
      for (int d = 0; d < p.length; d++) {
        final int depth = d;
        Node node = columns.get(d).computeIfAbsent(p[d], j -> new Node(depth, j));
        node.rows++;
        if (d + 1 < p.length) {
          node.next.merge(p[d + 1], 1, Integer::sum);
        } else {
          node.exits++;
          node.exitReasons.merge(exits.get(r), 1, Integer::sum);
        }
      }
    }
    double left = 40;
    double labelRoom = 150;
    double top = 26;
    double plotH = 380;
    double nodeW = 16;
    double colGap = depthMax <= 1 ? 200 : Math.max(130, Math.min(240, 900.0 / depthMax));
    double width = left + colGap * Math.max(1, depthMax - 1) + nodeW + labelRoom + 40;
    double height = top + plotH + 40;
    double pad = 10;
    int maxNodes = 1;
    for (Map<Integer, Node> col : columns) maxNodes = Math.max(maxNodes, col.size());
    double scale = total == 0 ? 0 : (plotH - pad * (maxNodes - 1)) / total;
    // order nodes in each column by member index so a member keeps its vertical place
    List<List<Node>> ordered = new ArrayList<>();
    for (Map<Integer, Node> col : columns) {
      List<Node> nodes = new ArrayList<>(col.values());
      nodes.sort(Comparator.comparingInt(n -> n.member));
      double y = top;
      for (Node n : nodes) {
        n.y = y;
        n.h = Math.max(1, n.rows * scale);
        y += n.h + pad;
      }
      ordered.add(nodes);
    }
    Svg svg = new Svg(kind, label, width, height);
    for (int d = 0; d < depthMax; d++) {
      svg.text(left + d * colGap, 14, "start", "axt", ordinal(d + 1) + " member");
    }
    // bands to the next depth: source offsets in target order, target offsets in source order
    Map<Node, Double> inOffset = new HashMap<>();
    for (int d = 0; d + 1 < depthMax; d++) {
      Map<Integer, Node> nextCol = columns.get(d + 1);
      for (Node n : ordered.get(d)) {
        double out = n.y;
        List<Integer> targets = new ArrayList<>(n.next.keySet());
        targets.sort(Comparator.naturalOrder());
        for (int t : targets) {
          int rows = n.next.get(t);
          Node m = nextCol.get(t);
          double h = rows * scale;
          double in = m.y + inOffset.getOrDefault(m, 0.0);
          inOffset.put(m, inOffset.getOrDefault(m, 0.0) + h);
          double x0 = left + d * colGap + nodeW;
          double x1 = left + (d + 1) * colGap;
          band(svg, x0, out, x1, in, h, Svg.colour(n.member), members.get(n.member) + " → " + members.get(t) + ": " + rows
              + " rows (" + pct(rows, total) + ")");
          out += h;
        }
      }
    }
    // nodes, their exit parts and exit bands
    for (List<Node> col : ordered) {
      for (Node n : col) {
        double x = left + n.depth * colGap;
        double exitH = n.exits * scale;
        StringBuilder reasons = new StringBuilder();
        n.exitReasons.forEach((k, v) -> reasons.append(reasons.length() == 0 ? "" : ", ").append(v).append(' ').append(k));
        String tip = members.get(n.member) + " as " + ordinal(n.depth + 1) + " member: " + n.rows + " rows (" + pct(n.rows, total)
            + "); " + n.exits + " exit here" + (reasons.length() > 0 ? " (" + reasons + ")" : "");
        svg.rect(x, n.y, nodeW, n.h, Svg.colour(n.member), tip);
        if (n.exits > 0) {
          // the exiting rows: a dark edge on the node and a grey band leaving to the right
          svg.rect(x + nodeW - 4, n.y + n.h - exitH, 4, exitH, "#333333", tip);
          double ex = x + nodeW;
          double bandW = n.depth == depthMax - 1 ? 26 : Math.min(46, colGap * 0.35);
          svg.path("M" + Svg.n(ex) + "," + Svg.n(n.y + n.h - exitH) + " h" + Svg.n(bandW) + " v" + Svg.n(exitH) + " h"
              + Svg.n(-bandW) + " Z", "fill=\"#333333\" fill-opacity=\"0.3\"", tip);
          if (exitH >= 9) {
            svg.text(ex + bandW + 3, n.y + n.h - exitH / 2 + 4, "start", "val halo", "exit " + n.exits + " (" + pct(n.exits, total) + ")");
          }
        }
        if (n.h >= 12) {
          double lx = x + nodeW + 4;
          double ly = n.y + Math.min(12, n.h - 2);
          svg.text(lx, ly, "start", "lbl halo", members.get(n.member) + " " + n.rows);
        }
      }
    }
    double ly = top + plotH + 26;
    svg.path("M" + Svg.n(left) + "," + Svg.n(ly - 9) + " h22 v10 h-22 Z", "fill=\"#333333\" fill-opacity=\"0.3\"", null);
    svg.text(left + 28, ly, "start", "lbl", "rows exiting after this member (" + total + " rows in all)");
    return svg.end();
  }

  private static void band(Svg svg, double x0, double y0, double x1, double y1, double h, String colour, String tip) {
    double xm = (x0 + x1) / 2;
    String d = "M" + Svg.n(x0) + "," + Svg.n(y0) + " C" + Svg.n(xm) + "," + Svg.n(y0) + " " + Svg.n(xm) + "," + Svg.n(y1) + " "
        + Svg.n(x1) + "," + Svg.n(y1) + " L" + Svg.n(x1) + "," + Svg.n(y1 + h) + " C" + Svg.n(xm) + "," + Svg.n(y1 + h) + " "
        + Svg.n(xm) + "," + Svg.n(y0 + h) + " " + Svg.n(x0) + "," + Svg.n(y0 + h) + " Z";
    svg.path(d, "fill=\"" + colour + "\" fill-opacity=\"0.35\"", tip);
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
