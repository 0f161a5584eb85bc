package org.stackwise.cli.report;

import java.util.ArrayList;
import java.util.List;

/**
 * One self-contained HTML page: inline CSS, inline SVG charts, tables, and a few lines of inline
 * script that only check the page (no external resource of any kind: it opens offline, from a file).
 * The check records on {@code <body>} how many charts there are and which did not lay out
 * ({@code data-charts}, {@code data-charts-bad}, {@code data-rendered}), which the browser test reads.
 */
final class Page {
  private static final String CSS = """
      body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#222;margin:0;background:#fafafa}
      header{background:#23395b;color:#fff;padding:18px 32px 12px}
      header h1{margin:0 0 4px;font-size:22px;font-weight:600}
      header .meta{margin:0;opacity:.85;font-size:13px}
      nav{margin-top:10px}nav a{color:#cfe0ff;margin-right:14px;text-decoration:none;font-size:13px}
      main{padding:8px 32px 32px;max-width:1280px}
      section{background:#fff;border:1px solid #e3e3e3;border-radius:6px;padding:14px 20px;margin:18px 0}
      h2{font-size:18px;margin:4px 0 8px;color:#23395b}
      h3{font-size:15px;margin:14px 0 6px}
      p.note{color:#555;font-size:13px;margin:4px 0 10px}
      figure{margin:8px 0 14px;overflow-x:auto}figcaption{color:#555;font-size:12.5px;margin-top:4px;max-width:900px}
      .tw{overflow-x:auto;max-width:100%}table{border-collapse:collapse;font-size:13px;margin:6px 0 10px}
      th,td{padding:4px 10px;border-bottom:1px solid #eee;text-align:right;white-space:nowrap}
      th{background:#f3f5f8;font-weight:600}td:first-child,th:first-child{text-align:left;white-space:normal;min-width:90px;max-width:320px}
      tr.combiner td{background:#f7faf4;font-weight:600}
      .ci{color:#777;font-size:11.5px}
      .kv{display:flex;flex-wrap:wrap;gap:10px 26px;margin:6px 0}.kv div{min-width:120px}.kv b{display:block;font-size:18px;color:#23395b}
      .chart text{font:12px system-ui,-apple-system,"DejaVu Sans",sans-serif;fill:#333}
      .chart .tick{font-size:11px;fill:#555}.chart .axt{font-size:12px;fill:#333;font-weight:600}
      .chart .val{font-size:11px;fill:#333}.chart .cell{font-size:11px;fill:#111}.chart .cellw{font-size:11px;fill:#fff}
      .chart .halo{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
      .chart .grid{stroke:#e8e8e8;stroke-width:1}.chart .axis{stroke:#888;stroke-width:1}
      footer{color:#777;font-size:12px;padding:0 32px 24px}
      """;
  private static final String CHECK = """
      (function(){var c=document.querySelectorAll('svg.chart'),bad=[];
      for(var i=0;i<c.length;i++){var r=c[i].getBoundingClientRect();
      if(!(r.width>20&&r.height>20)||c[i].childElementCount<2)bad.push(c[i].getAttribute('data-chart'));}
      var b=document.body;b.setAttribute('data-charts',String(c.length));b.setAttribute('data-charts-bad',bad.join(' '));
      b.setAttribute('data-rendered','yes');})();
      """;

  private final String title;
  private final String subtitle;
  private final List<String[]> sections = new ArrayList<>();  // id, title, body
  private StringBuilder current;
  private String footer = "";

  Page(String title, String subtitle) {
    this.title = title;
    this.subtitle = subtitle;
  }

  /** Starts a section with an anchor {@code id} (listed in the page's navigation). */
  Page section(String id, String heading) {
    flush();
    current = new StringBuilder();
    sections.add(new String[] {id, heading, null});
    return this;
  }

  /** A note paragraph (plain text). */
  Page note(String text) {
    current.append("<p class=\"note\">").append(Svg.esc(text)).append("</p>\n");
    return this;
  }

  /** A sub-heading. */
  Page h3(String text) {
    current.append("<h3>").append(Svg.esc(text)).append("</h3>\n");
    return this;
  }

  /** A chart with a caption (plain text). */
  Page figure(String svg, String caption) {
    current.append("<figure>").append(svg);
    if (caption != null) current.append("<figcaption>").append(Svg.esc(caption)).append("</figcaption>");
    current.append("</figure>\n");
    return this;
  }

  /** Key figures shown large: pairs of label and value. */
  Page keyValues(List<String[]> pairs) {
    current.append("<div class=\"kv\">");
    for (String[] p : pairs) current.append("<div>").append(Svg.esc(p[0])).append("<b>").append(Svg.esc(p[1])).append("</b></div>");
    current.append("</div>\n");
    return this;
  }

  /** Raw, already escaped HTML (tables built with {@link Table}). */
  Page html(String html) {
    current.append(html).append('\n');
    return this;
  }

  Page footer(String text) {
    this.footer = text;
    return this;
  }

  /** The whole page. */
  String render() {
    flush();
    StringBuilder sb = new StringBuilder(1 << 16);
    sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>").append(Svg.esc(title)).append("</title><style>").append(CSS).append("</style></head>\n<body>\n")
        .append("<header><h1>").append(Svg.esc(title)).append("</h1><p class=\"meta\">").append(Svg.esc(subtitle)).append("</p><nav>");
    for (String[] s : sections) sb.append("<a href=\"#").append(Svg.esc(s[0])).append("\">").append(Svg.esc(s[1])).append("</a>");
    sb.append("</nav></header>\n<main>\n");
    for (String[] s : sections) {
      sb.append("<section id=\"").append(Svg.esc(s[0])).append("\"><h2>").append(Svg.esc(s[1])).append("</h2>\n")
          .append(s[2]).append("</section>\n");
    }
    sb.append("</main>\n<footer>").append(Svg.esc(footer)).append("</footer>\n<script>").append(CHECK).append("</script>\n")
        .append("</body></html>\n");
    return sb.toString();
  }

  /** Stores the section being written. */
  private void flush() {
    if (current != null && !sections.isEmpty()) sections.get(sections.size() - 1)[2] = current.toString();
    for (String[] s : sections) if (s[2] == null) s[2] = "";
  }

  /** An HTML table; cells are plain text, or markup when added with {@link #rowHtml}. */
  static final class Table {
    private final StringBuilder sb = new StringBuilder("<table>");

    Table(String... headers) {
      sb.append("<tr>");
      for (String h : headers) sb.append("<th>").append(Svg.esc(h)).append("</th>");
      sb.append("</tr>");
    }

    Table row(String... cells) {
      return rowClass(null, cells);
    }

    Table rowClass(String cls, String... cells) {
      String[] html = new String[cells.length];
      for (int i = 0; i < cells.length; i++) html[i] = Svg.esc(cells[i]);
      return rowHtml(cls, html);
    }

    Table rowHtml(String cls, String... html) {
      sb.append(cls == null ? "<tr>" : "<tr class=\"" + cls + "\">");
      for (String c : html) sb.append("<td>").append(c).append("</td>");
      sb.append("</tr>");
      return this;
    }

    String html() {
      return "<div class=\"tw\">" + sb + "</table></div>";
    }
  }
}
