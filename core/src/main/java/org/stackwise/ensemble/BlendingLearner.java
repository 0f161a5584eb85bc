package org.stackwise.ensemble;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.stackwise.BadInputException;
import org.stackwise.FitContext;
import org.stackwise.Learner;
import org.stackwise.Member;
import org.stackwise.Model;
import org.stackwise.Task;
import org.stackwise.data.Dataset;
import org.stackwise.folds.Fold;
import org.stackwise.folds.FoldPlan;
import org.stackwise.internal.Checks;
import org.stackwise.io.Json;

/**
 * Blending: members are fitted on a train part, the meta-learner on their outputs for a held-out blend
 * part ({@code blendFraction} of the rows, stratified for classes) — the train / blend / hold-out / test
 * scheme of the CS109A lecture. Cheaper than stacking (one fit per member), less data-efficient.
 * With {@code refitOnAll}, members are refitted on all rows after the meta-learner is trained.
 */
public record BlendingLearner(List<Member> members, Learner meta, double blendFraction, StackMethod stackMethod,
                              boolean passthrough, boolean refitOnAll, boolean strict) implements Learner {
  public BlendingLearner {
    members = List.copyOf(members);
    Checks.between("blend_fraction", blendFraction, 0.05, 0.5);
    if (members.isEmpty()) throw new BadInputException("blending.members", "blending needs at least one member");
    var seen = new HashSet<String>();
    for (Member m : members) {
      if (!seen.add(m.name())) throw new BadInputException("blending.members", "duplicate member name '" + m.name() + "'");
    }
  }

  public static BlendingLearner of(List<Member> members) {
    return new BlendingLearner(members, null, 0.25, StackMethod.AUTO, false, false, false);
  }

  @Override public String id() { return "blending"; }
  @Override public boolean supports(Task task) { return members.stream().allMatch(m -> m.learner().supports(task)); }
  @Override public Record params() { return this; }

  @Override public ObjectNode spec() {
    ObjectNode body = Json.object();
    ObjectNode ms = body.putObject("members");
    for (Member m : members) ms.set(m.name(), m.learner().spec());
    if (meta != null) body.set("meta", meta.spec());
    body.put("blend_fraction", blendFraction);
    body.put("stack_method", stackMethod.id());
    body.put("passthrough", passthrough);
    body.put("refit_on_all", refitOnAll);
    ObjectNode o = Json.object();
    o.set("blending", body);
    return o;
  }

  @Override public Model fit(Dataset data, FitContext context) {
    Task task = data.task();
    int k = Math.max(2, (int) Math.round(1 / blendFraction));
    // one fold of a stratified (or shuffled) k-fold plan is the blend part
    Fold blend = FoldPlan.defaultFor(data.withGroups(null), k, context.child("blend-split").seed()).folds().get(0);
    FoldPlan plan = FoldPlan.holdout(data.rows(), blend.test());
    OutOfFold.Result r = OutOfFold.compute(members, data, plan, stackMethod, false, true, refitOnAll, context);
    OofPredictions oof = r.oof();
    List<String> warnings = new ArrayList<>();
    for (var f : oof.failures().entrySet()) {
      if (strict) throw new IllegalStateException("member '" + f.getKey() + "' failed: " + f.getValue());
      warnings.add("member '" + f.getKey() + "' was dropped: its fit failed (" + f.getValue() + ")");
    }
    List<String> active = oof.members();
    if (active.isEmpty()) throw new IllegalStateException("every member failed: " + oof.failures());
    Dataset metaData = oof.metaDataset(data, active, passthrough);
    Learner metaLearner = MetaInputAware.configure(meta != null ? meta : StackingLearner.defaultMeta(task),
        metaData.columns(), passthrough ? data.columns() : 0);
    Model metaModel = metaLearner.fit(metaData, context.child("meta"));
    int[] widths = new int[active.size()];
    List<List<Model>> models = new ArrayList<>();
    for (int j = 0; j < active.size(); j++) {
      widths[j] = oof.columnNames(active.get(j)).size();
      models.add(List.of(refitOnAll ? r.fullModels().get(active.get(j)) : oof.foldModels(active.get(j)).get(0)));
    }
    ObjectNode info = Json.object();
    info.put("scheme", "blending");
    info.put("train_rows", data.rows() - blend.testSize());
    info.put("blend_rows", blend.testSize());
    info.put("meta_learner", metaLearner.id());
    boolean[] skipped = StackingLearner.describeWeights(info, metaModel, active, widths, oof);
    info.set("member_blend_scores", StackingLearner.memberScores(data, oof, active, stackMethod, false));
    ArrayNode w = info.putArray("warnings");
    warnings.forEach(w::add);
    StackCore core = new StackCore("blending", data.schema(), active, models, widths, skipped, stackMethod, false,
        passthrough, metaModel, info);
    return task == Task.CLASSIFICATION ? new StackingClassifier(core) : new StackingRegressor(core);
  }
}
