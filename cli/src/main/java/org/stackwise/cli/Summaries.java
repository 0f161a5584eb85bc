package org.stackwise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.stackwise.Task;

/** Human-readable views of an ensemble's description (members, weights, out-of-fold scores, warnings). */
final class Summaries {
  private Summaries() { }

  /**
   * Prints a table of members with their out-of-fold (or blend) scores and weights, the ensemble's own
   * score, the skipped members and the warnings recorded at fit time.
   */
  static void ensemble(PrintWriter out, ObjectNode info, List<String> members, Task task) {
    boolean classes = task == Task.CLASSIFICATION;
    JsonNode scores = first(info, "member_oof_scores", "member_blend_scores");
    String where = info.has("member_blend_scores") ? "blend" : "oof";
    JsonNode weights = first(info, "meta_weights", "weights");
    String weightName = info.has("meta_weights") ? "meta weight" : "weight";
    String m1 = classes ? "accuracy" : "rmse";
    String m2 = classes ? "log_loss" : "r2";
    boolean hasWeights = weights != null && weights.size() > 0;
    TextTable t = hasWeights
        ? new TextTable("member", where + " " + m1, where + " " + m2.replace('_', ' '), weightName)
        : new TextTable("member", where + " " + m1, where + " " + m2.replace('_', ' '));
    for (String name : members) {
      JsonNode s = scores == null ? null : scores.get(name);
      String w = hasWeights && weights.has(name) ? String.format(Locale.ROOT, "%.3f", weights.get(name).asDouble()) : "-";
      t.row(name, TextTable.num(Evaluation.metric(s, m1)), TextTable.num(Evaluation.metric(s, m2)), w);
    }
    if (hasWeights && weights.has("(passthrough features)")) {
      t.row("(passthrough features)", "", "", String.format(Locale.ROOT, "%.3f", weights.get("(passthrough features)").asDouble()));
    }
    JsonNode own = first(info, "stack_oof_score", "ensemble_oof_score");
    if (own != null && !own.has("error")) {
      String scheme = info.path("scheme").asText("ensemble");
      t.row(scheme + " (" + where + ")", TextTable.num(Evaluation.metric(own, m1)), TextTable.num(Evaluation.metric(own, m2)), "");
    }
    t.print(out);
    if (classes && hasWeights && !info.has("meta_weights_per_class") && info.path("meta_learner").asText().equals("pool")) {
      out.println("the opinion pool gives each member one weight, the same for every class");
    }
    JsonNode outOfBag = info.get("out_of_bag_members");
    if (outOfBag != null && outOfBag.size() > 0) {
      out.println("out of bag (one fit; each row's " + where + " outputs from the trees or estimators that did not see it): " + join(outOfBag));
    }
    JsonNode perClass = info.get("meta_weights_per_class");
    if (perClass != null && perClass.isObject() && perClass.size() > 2 && perClass.size() <= 12) {
      out.println();
      out.println("meta-weights per class (how much the meta-learner uses each member's outputs for that class):");
      TextTable pc = new TextTable(header(perClass));
      for (String name : members) {
        Object[] row = new Object[perClass.size() + 1];
        row[0] = name;
        int j = 1;
        for (Iterator<Map.Entry<String, JsonNode>> it = perClass.fields(); it.hasNext(); j++) {
          JsonNode v = it.next().getValue().get(name);
          row[j] = v == null ? "-" : String.format(Locale.ROOT, "%.3f", v.asDouble());
        }
        pc.row(row);
      }
      pc.print(out);
    }
    JsonNode skipped = info.get("skipped_members");
    if (skipped != null && skipped.size() > 0) {
      out.println("skipped at prediction time (zero meta-weight): " + join(skipped));
    }
    warnings(out, info.get("warnings"));
  }

  static void warnings(PrintWriter out, JsonNode warnings) {
    if (warnings == null || warnings.isEmpty()) return;
    out.println("warnings:");
    for (JsonNode w : warnings) out.println("  - " + w.asText());
    out.flush();
  }

  private static String[] header(JsonNode perClass) {
    String[] h = new String[perClass.size() + 1];
    h[0] = "member";
    int j = 1;
    for (Iterator<String> it = perClass.fieldNames(); it.hasNext(); ) h[j++] = it.next();
    return h;
  }

  private static JsonNode first(JsonNode o, String... keys) {
    for (String k : keys) if (o.has(k) && !o.get(k).isNull()) return o.get(k);
    return null;
  }

  private static String join(JsonNode arr) {
    StringBuilder sb = new StringBuilder();
    for (JsonNode n : arr) sb.append(sb.length() == 0 ? "" : ", ").append(n.asText());
    return sb.toString();
  }
}
