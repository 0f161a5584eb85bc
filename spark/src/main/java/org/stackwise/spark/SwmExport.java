package org.stackwise.spark;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Transformer;
import org.stackwise.BadInputException;
import org.stackwise.Classifier;
import org.stackwise.Model;
import org.stackwise.io.Json;
import org.stackwise.io.MemoryModelStore;
import org.stackwise.io.ModelFile;
import org.stackwise.io.ModelWriter;

/**
 * Exports a stack fitted on Spark to a core {@code .swm} model file, which {@code stackwise evaluate},
 * {@code predict}, {@code serve} and the Java API load like any stack fitted by core.
 *
 * <p>Possible when every member and the meta-model are {@link LocalLearnerModel}s (core models fitted
 * through Spark): the file is then exactly what core's {@code StackingLearner} writes — members refitted
 * on all rows, the meta-model, the stack method — over the numeric features {@code f1..fd} of the
 * Spark feature vector. A stack with Spark-native members (a Spark random forest, say) has no core
 * equivalent; for those, {@link MemberOutputExport} writes the members' outputs for the CLI instead.
 */
public final class SwmExport {
  private SwmExport() { }

  /** True when {@link #save} can export {@code model}. */
  public static boolean exportable(StackingModel<?> model) {
    if (!(model.metaModel() instanceof LocalLearnerModel)) return false;
    for (Transformer t : model.memberModels()) if (!(t instanceof LocalLearnerModel)) return false;
    return true;
  }

  /**
   * Writes {@code model} as a core stacking model file at {@code path} (a local path; written via a
   * temporary file and an atomic move).
   *
   * @throws BadInputException when a member or the meta-model has no core equivalent
   */
  public static void save(StackingModel<?> model, Path path) throws IOException {
    List<String> names = model.memberNames();
    List<Model> members = new ArrayList<>();
    for (int j = 0; j < names.size(); j++) {
      Transformer t = model.memberModels().get(j);
      if (!(t instanceof LocalLearnerModel l)) {
        throw new BadInputException("member '" + names.get(j) + "'", "only LocalLearner members can be exported to .swm; "
            + t.getClass().getSimpleName() + " is a Spark model (export member outputs with MemberOutputExport instead)");
      }
      members.add(l.coreModel());
    }
    if (!(model.metaModel() instanceof LocalLearnerModel lm)) {
      throw new BadInputException("meta-learner", "only a LocalLearner meta-learner can be exported to .swm; "
          + model.metaModel().getClass().getSimpleName() + " is a Spark model");
    }
    Model meta = lm.coreModel();
    var schema = members.get(0).schema();
    for (int j = 1; j < members.size(); j++) {
      if (!members.get(j).schema().equals(schema)) throw new IllegalStateException("members were fitted on different schemas");
    }
    MemoryModelStore store = new MemoryModelStore(path.toString());
    ObjectNode manifest = Json.object();
    manifest.put("format", "stackwise-model");
    manifest.put("format_version", ModelFile.FORMAT_VERSION);
    manifest.put("kind", "stacking");
    boolean classes = model.numClasses() > 0;
    manifest.put("task", classes ? "classification" : "regression");
    manifest.put("target", "label");
    manifest.set("schema", Json.schemaToJson(schema));
    if (classes) manifest.set("classes", Json.stringsToJson(((Classifier) meta).classes()));
    ObjectNode provenance = manifest.putObject("exported_from");
    provenance.put("system", "spark");
    provenance.put("stage_uid", model.uid());
    store.writer().json("manifest.json", manifest);

    ModelWriter out = store.writer().child("model");
    out.text("kind", "stacking");
    ObjectNode stack = Json.object();
    stack.put("scheme", "stacking");
    String method = switch (model.memberOutputs().get(0)) {
      case "proba" -> "proba";
      case "decision" -> "decision";
      case "label" -> "label";
      default -> "auto";
    };
    for (String o : model.memberOutputs()) {
      if (!o.equals(model.memberOutputs().get(0))) {
        throw new BadInputException("stackMethod", "members stack different outputs " + model.memberOutputs() + "; core stacks need one method");
      }
    }
    stack.put("stack_method", method);
    stack.put("logit", model.fitted.logit());
    stack.put("passthrough", model.fitted.passthrough());
    ArrayNode arr = stack.putArray("members");
    for (int j = 0; j < names.size(); j++) {
      ObjectNode m = arr.addObject();
      m.put("name", names.get(j));
      m.put("models", 1);
      m.put("width", model.fitted.widths()[j]);
      m.put("skipped", false);
    }
    ObjectNode info = model.fitted.info().deepCopy();
    info.put("scheme", "stacking");
    info.put("fitted_on", "spark");
    stack.set("info", info);
    out.json("stack.json", stack);
    out.json("schema.json", Json.schemaToJson(schema));
    for (int j = 0; j < names.size(); j++) out.model("members/" + names.get(j) + "/0", members.get(j));
    out.model("meta", meta);
    ModelFile.writeZipAtomically(path, store.entries());
  }
}
