package org.stackwise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Locale;
import org.stackwise.io.Json;

/** Human tables for the lazy commands. */
final class LazyReport {
  private LazyReport() { }

  static JsonNode withoutCurve(JsonNode report) {
    if (!(report instanceof ObjectNode o)) return Json.object();
    ObjectNode c = o.deepCopy();
    c.remove("curve");
    return c;
  }

  static JsonNode withoutRows(JsonNode use) {
    if (!(use instanceof ObjectNode o)) return Json.object();
    ObjectNode c = o.deepCopy();
    c.remove("fold_of_row");
    return c;
  }

  /** One line per method: accuracy, mean cost, speedup, members. */
  static TextTable methods(JsonNode report) {
    TextTable t = new TextTable("method", "accuracy", "mean cost", "speedup", "members");
    for (Iterator<String> it = report.path("methods").fieldNames(); it.hasNext(); ) {
      String name = it.next();
      JsonNode m = report.path("methods").path(name);
      t.row(name, TextTable.num(m.path("accuracy").asDouble()), cost(m.path("mean_cost").asDouble()),
          String.format(Locale.ROOT, "%.2fx", m.path("speedup").asDouble()), String.format(Locale.ROOT, "%.2f", m.path("mean_members").asDouble()));
    }
    return t;
  }

  /** Validation (out-of-fold, fit time) and test numbers of every method side by side. */
  static TextTable sideBySide(JsonNode validation, JsonNode test) {
    TextTable t = new TextTable("method", "valid acc", "test acc", "valid cost", "test cost", "test speedup", "test members");
    for (Iterator<String> it = test.path("methods").fieldNames(); it.hasNext(); ) {
      String name = it.next();
      JsonNode v = validation.path("methods").path(name);
      JsonNode m = test.path("methods").path(name);
      t.row(name, v.isMissingNode() ? "-" : TextTable.num(v.path("accuracy").asDouble()), TextTable.num(m.path("accuracy").asDouble()),
          v.isMissingNode() ? "-" : cost(v.path("mean_cost").asDouble()), cost(m.path("mean_cost").asDouble()),
          String.format(Locale.ROOT, "%.2fx", m.path("speedup").asDouble()), String.format(Locale.ROOT, "%.2f", m.path("mean_members").asDouble()));
    }
    return t;
  }

  static String cost(double c) {
    return String.format(Locale.ROOT, "%.4g", c);
  }
}
