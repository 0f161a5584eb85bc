package org.stackwise.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Iterator;
import org.stackwise.BadInputException;
import org.stackwise.Model;
import org.stackwise.Task;
import org.stackwise.data.Dataset;
import org.stackwise.ensemble.EnsembleModel;
import org.stackwise.io.Json;
import org.stackwise.io.ModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code stackwise evaluate}: scores a saved model (and each ensemble member) on labelled data. */
@Command(name = "evaluate", description = "Score a saved model on labelled data.", sortOptions = false)
final class EvaluateCommand extends BaseCommand {
  @Option(names = "--model", required = true, paramLabel = "MODEL.swm", description = "A model saved by fit.")
  Path modelFile;

  @Option(names = "--data", required = true, paramLabel = "FILE", description = "Labelled data to score on.")
  Path data;

  @Option(names = "--json", description = "Print one JSON object on stdout.")
  boolean json;

  @Mixin TableOptions table;

  @Override public Integer call() throws Exception {
    Terminal term = terminal(json);
    ModelFile.Loaded loaded = ModelInput.load(modelFile);
    String target = ModelInput.target(table, loaded);
    if (target == null) throw new BadInputException("--target", "the model does not name its target column; give --target COL");
    Dataset d = ModelInput.read(data, table, loaded, target);
    if (!d.hasTarget()) {
      throw new BadInputException(data.toString(), "no labels: target column '" + target
          + "' is missing or empty, and evaluate needs it (give --target COL if it has another name)");
    }
    Model model = loaded.model();
    double[] weights = d.hasWeights() ? d.weights() : null;
    ObjectNode metrics = Evaluation.score(d.target(), Evaluation.predict(model, d), weights, true);
    // the confusion matrix is reported beside the metrics (rows: actual class, columns: predicted class)
    com.fasterxml.jackson.databind.JsonNode confusion = metrics.remove("confusion_matrix");
    ObjectNode result = Json.object();
    result.put("model", modelFile.toString());
    result.put("data", data.toString());
    result.put("target", target);
    result.put("task", model.task().name().toLowerCase());
    result.set("metrics", metrics);
    if (confusion != null) {
      result.set("classes", Json.stringsToJson(((org.stackwise.Classifier) model).classes()));
      result.set("confusion_matrix", confusion);
    }
    ObjectNode members = null;
    if (model instanceof EnsembleModel e) {
      members = result.putObject("members");
      for (String name : e.memberNames()) {
        Model m = e.member(name);
        if (m == null) continue;
        ObjectNode all = Evaluation.score(d.target(), Evaluation.predict(m, d), weights, false);
        ObjectNode s = members.putObject(name);
        for (String k : model.task() == Task.CLASSIFICATION ? new String[] {"accuracy", "log_loss"} : new String[] {"rmse", "r2"}) {
          s.set(k, all.get(k));
        }
      }
    }
    if (json) term.printJson(result);
    PrintWriter h = term.human();
    h.println(modelFile.getFileName() + " on " + data.getFileName() + " (" + d.rows() + " rows, target '" + target + "'):");
    TextTable t = new TextTable("metric", "value");
    for (Iterator<String> it = metrics.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      t.row(k, k.equals("n") ? metrics.get(k).asText() : TextTable.num(Evaluation.metric(metrics, k)));
    }
    t.print(h);
    if (members != null && !members.isEmpty()) {
      h.println();
      boolean cls = model.task() == Task.CLASSIFICATION;
      TextTable mt = new TextTable("member", cls ? "accuracy" : "rmse", cls ? "log loss" : "r2");
      for (Iterator<String> it = members.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        ObjectNode s = (ObjectNode) members.get(name);
        mt.row(name, TextTable.num(Evaluation.metric(s, cls ? "accuracy" : "rmse")),
            TextTable.num(Evaluation.metric(s, cls ? "log_loss" : "r2")));
      }
      mt.row("(ensemble)", TextTable.num(Evaluation.metric(metrics, cls ? "accuracy" : "rmse")),
          TextTable.num(Evaluation.metric(metrics, cls ? "log_loss" : "r2")));
      mt.print(h);
    }
    h.flush();
    return Main.OK;
  }
}
