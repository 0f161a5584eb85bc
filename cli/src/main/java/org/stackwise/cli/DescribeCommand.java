package org.stackwise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Iterator;
import org.stackwise.Model;
import org.stackwise.data.Column;
import org.stackwise.data.Schema;
import org.stackwise.ensemble.EnsembleModel;
import org.stackwise.io.Json;
import org.stackwise.io.ModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code stackwise describe}: what a model file holds — format, task, target, schema summary, spec,
 * provenance — and, for ensembles, members, meta-weights per member and per class, out-of-fold scores
 * and warnings.
 */
@Command(name = "describe", description = "Show what a saved model is: schema, spec, provenance, ensemble weights and scores.",
    sortOptions = false)
final class DescribeCommand extends BaseCommand {
  private static final int MAX_LISTED_COLUMNS = 30;

  @Option(names = "--model", required = true, paramLabel = "MODEL.swm", description = "A model saved by fit.")
  Path modelFile;

  @Option(names = "--json", description = "Print one JSON object on stdout.")
  boolean json;

  @Override public Integer call() throws Exception {
    Terminal term = terminal(json);
    ModelFile.Loaded loaded = ModelInput.load(modelFile);
    Model model = loaded.model();
    ObjectNode manifest = loaded.manifest();
    ObjectNode d = Json.object();
    d.put("model", modelFile.toString());
    d.put("format_version", manifest.path("format_version").asInt());
    d.put("kind", model.kind());
    d.put("task", model.task().name().toLowerCase());
    d.put("target", loaded.target());
    if (manifest.has("classes")) d.set("classes", manifest.get("classes"));
    d.set("schema", schemaSummary(model.schema()));
    if (manifest.has("spec")) d.set("spec", manifest.get("spec"));
    if (manifest.has("provenance")) d.set("provenance", manifest.get("provenance"));
    if (manifest.has("metrics")) d.set("metrics", manifest.get("metrics"));
    if (model instanceof EnsembleModel e) {
      ObjectNode ens = e.describe();
      ens.set("members", Json.stringsToJson(e.memberNames()));
      if (e.metaModel() != null) ens.put("meta_model", e.metaModel().kind());
      d.set("ensemble", ens);
    }
    if (json) term.printJson(d);
    print(term.human(), d, model);
    return Main.OK;
  }

  static ObjectNode schemaSummary(Schema schema) {
    ObjectNode s = Json.object();
    int categorical = 0;
    for (Column c : schema.columns()) if (c.isCategorical()) categorical++;
    s.put("columns", schema.size());
    s.put("numeric", schema.size() - categorical);
    s.put("categorical", categorical);
    s.set("names", Json.stringsToJson(schema.names()));
    ObjectNode levels = s.putObject("levels");
    for (Column c : schema.columns()) if (c.isCategorical()) levels.put(c.name(), c.levels().size());
    return s;
  }

  private void print(PrintWriter h, ObjectNode d, Model model) {
    h.println("model:      " + d.path("model").asText() + " (format " + d.path("format_version").asInt() + ", kind "
        + d.path("kind").asText() + ")");
    h.println("task:       " + d.path("task").asText() + ", target '" + d.path("target").asText() + "'"
        + (d.has("classes") ? ", classes " + list(d.get("classes"), 20) : ""));
    JsonNode s = d.get("schema");
    h.println("columns:    " + s.path("columns").asInt() + " (" + s.path("numeric").asInt() + " numeric, "
        + s.path("categorical").asInt() + " categorical): " + list(s.get("names"), MAX_LISTED_COLUMNS));
    JsonNode p = d.get("provenance");
    if (p != null) {
      h.println("trained on: " + p.path("train_source").asText() + ", " + p.path("train_rows").asInt() + " rows, data "
          + p.path("data_fingerprint").asText() + ", seed " + p.path("seed").asLong() + ", "
          + TextTable.secs(p.path("fit_seconds").asDouble()) + " s, " + p.path("created_at").asText()
          + ", stackwise " + p.path("stackwise_version").asText());
    }
    if (d.has("spec")) h.println("spec:       " + d.get("spec"));
    if (model instanceof EnsembleModel e) {
      JsonNode ens = d.get("ensemble");
      h.println();
      h.println(ens.path("scheme").asText("ensemble") + " of " + e.memberNames().size() + " members"
          + (ens.has("meta_learner") ? ", meta-learner " + ens.get("meta_learner").asText() : "")
          + (ens.has("folds") ? ", " + ens.get("folds").asInt() + " folds (" + ens.path("fold_kind").asText() + ")" : "")
          + (ens.has("combiner") ? ", combiner " + ens.get("combiner").asText() + ", weights " + ens.path("weighting").asText() : ""));
      Summaries.ensemble(h, (ObjectNode) ens, e.memberNames(), model.task());
    }
    h.flush();
  }

  private static String list(JsonNode arr, int max) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    for (Iterator<JsonNode> it = arr.elements(); it.hasNext(); i++) {
      JsonNode n = it.next();
      if (i == max) {
        sb.append(", … (").append(arr.size() - max).append(" more)");
        break;
      }
      sb.append(i == 0 ? "" : ", ").append(n.asText());
    }
    return sb.toString();
  }
}
