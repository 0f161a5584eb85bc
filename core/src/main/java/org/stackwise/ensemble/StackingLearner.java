package org.stackwise.ensemble;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.stackwise.BadInputException;
import org.stackwise.Classifier;
import org.stackwise.FeatureImportance;
import org.stackwise.FitContext;
import org.stackwise.Learner;
import org.stackwise.Member;
import org.stackwise.Model;
import org.stackwise.Task;
import org.stackwise.data.Dataset;
import org.stackwise.folds.FoldPlan;
import org.stackwise.io.Json;
import org.stackwise.learners.Catalogue;

/**
 * Stacked generalization: members' out-of-fold outputs train a meta-learner; members are then refitted
 * on all rows (or their fold models are kept and averaged, {@code refit = false}).
 *
 * <p>Which model saw which rows: member fold models see the fold's training rows and predict its
 * held-out rows; the meta-learner sees only those held-out predictions ({@link OofPredictions}); the
 * refitted members see all rows but their outputs are only used at prediction time. The reported
 * ensemble score is the meta-learner's own out-of-fold score on the out-of-fold matrix.
 *
 * @param members named members (at least one; names unique)
 * @param meta the meta-learner, or null for the default ({@link #defaultMeta}: L2 logistic for classes, ridge for
 *     numbers)
 * @param folds how rows are cut into folds
 * @param stackMethod which member output becomes meta-features
 * @param logit apply the logit transform to stacked probabilities
 * @param passthrough also give the original features to the meta-learner
 * @param refit refit members on all rows (true) or keep and average fold models (false)
 * @param strict fail when any member fails (true) or drop it with a warning (false)
 * @param honestScore compute the meta-learner's out-of-fold score (costs K extra meta fits)
 * @param outOfBag members with out-of-bag predictions (forests with bootstrap samples, bagging) are fitted once on all
 *     rows and give their out-of-bag predictions as out-of-fold outputs, instead of K fold fits and a refit;
 *     only where that is as honest (no groups, no time order, {@code refit}; see {@link OutOfFold})
 */
public record StackingLearner(List<Member> members, Learner meta, FoldSpec folds, StackMethod stackMethod,
                              boolean logit, boolean passthrough, boolean refit, boolean strict,
                              boolean honestScore, boolean outOfBag) implements Learner {
  public StackingLearner {
    members = List.copyOf(members);
    Objects.requireNonNull(folds, "folds");
    Objects.requireNonNull(stackMethod, "stackMethod");
    if (members.isEmpty()) throw new BadInputException("stacking.members", "a stack needs at least one member");
    var seen = new HashSet<String>();
    for (Member m : members) {
      if (!seen.add(m.name())) throw new BadInputException("stacking.members", "duplicate member name '" + m.name() + "'");
    }
  }

  /** A stack of {@code members} with default settings: 5 folds, auto method, default meta-learner. */
  public static StackingLearner of(List<Member> members) {
    return new StackingLearner(members, null, FoldSpec.of(5), StackMethod.AUTO, false, false, true, false, true, false);
  }

  public StackingLearner withMeta(Learner m) { return new StackingLearner(members, m, folds, stackMethod, logit, passthrough, refit, strict, honestScore, outOfBag); }
  public StackingLearner withFolds(FoldSpec f) { return new StackingLearner(members, meta, f, stackMethod, logit, passthrough, refit, strict, honestScore, outOfBag); }
  public StackingLearner withStackMethod(StackMethod s) { return new StackingLearner(members, meta, folds, s, logit, passthrough, refit, strict, honestScore, outOfBag); }
  public StackingLearner withLogit(boolean l) { return new StackingLearner(members, meta, folds, stackMethod, l, passthrough, refit, strict, honestScore, outOfBag); }
  public StackingLearner withPassthrough(boolean p) { return new StackingLearner(members, meta, folds, stackMethod, logit, p, refit, strict, honestScore, outOfBag); }
  public StackingLearner withRefit(boolean r) { return new StackingLearner(members, meta, folds, stackMethod, logit, passthrough, r, strict, honestScore, outOfBag); }
  public StackingLearner withStrict(boolean s) { return new StackingLearner(members, meta, folds, stackMethod, logit, passthrough, refit, s, honestScore, outOfBag); }
  public StackingLearner withHonestScore(boolean h) { return new StackingLearner(members, meta, folds, stackMethod, logit, passthrough, refit, strict, h, outOfBag); }

  public StackingLearner withOutOfBag(boolean o) { return new StackingLearner(members, meta, folds, stackMethod, logit, passthrough, refit, strict, honestScore, o); }

  @Override public String id() { return "stacking"; }

  @Override public boolean supports(Task task) {
    return members.stream().allMatch(m -> m.learner().supports(task));
  }

  @Override public Record params() { return this; }

  /**
   * The meta-learner for a meta-input of {@code metaData} (member columns, then {@code passthroughColumns}
   * original features), configured for that layout: the configured one, or the default for the task.
   */
  public Learner metaFor(Dataset metaData, int passthroughColumns) {
    Learner chosen = meta != null ? meta : defaultMeta(metaData.task());
    return MetaInputAware.configure(chosen, metaData.columns(), passthroughColumns);
  }

  /**
   * The default meta-learner: {@link #DEFAULT_META_CLASSIFIER} (L2 logistic regression) for classes, ridge
   * with built-in (leave-one-out) choice of alpha for numbers.
   *
   * <p>The weighted log-linear opinion pool ({@code {"pool": {}}}, one weight per member) was a candidate
   * for multiclass stacks: better on cross-validated cells of the training files, but the full benchmark
   * runs that the adoption rule required did not keep every cost target, so it stays an option
   * (bench/notes/meta-choice.md, sixth run and adoption).
   */
  public static Learner defaultMeta(Task task) {
    return task == Task.CLASSIFICATION ? DEFAULT_META_CLASSIFIER : org.stackwise.learners.linear.RidgeLearner.withBuiltInCv();
  }

  /**
   * The default meta-learner for classification: L2 logistic regression (c = 1) stopped at gradient
   * tolerance 1e-4 rather than the learner's general 1e-6. Its inputs are a few dozen standardised,
   * strongly collinear probability columns, on which L-BFGS spends most of its iterations polishing
   * coefficients that no longer move a prediction: on letter (130 meta-features, 26 classes) the tighter
   * tolerance costs 6.6× the time for the same test accuracy (bench/notes/meta-learner-tolerance.md).
   */
  public static final Learner DEFAULT_META_CLASSIFIER = org.stackwise.learners.linear.LogisticLearner.defaults().withTol(1e-4);

  @Override public ObjectNode spec() {
    ObjectNode body = Json.object();
    ObjectNode ms = body.putObject("members");
    for (Member m : members) ms.set(m.name(), m.learner().spec());
    if (meta != null) body.set("meta", meta.spec());
    body.put("folds", folds.k());
    body.put("fold_kind", folds.kind());
    if (folds.repeats() > 1) body.put("repeats", folds.repeats());
    body.put("stack_method", stackMethod.id());
    body.put("logit", logit);
    body.put("passthrough", passthrough);
    body.put("refit", refit);
    body.put("strict", strict);
    body.put("out_of_bag", outOfBag);
    ObjectNode o = Json.object();
    o.set("stacking", body);
    return o;
  }

  @Override public Model fit(Dataset data, FitContext context) {
    Task task = data.task();
    for (Member m : members) {
      if (!m.learner().supports(task)) {
        throw new BadInputException("member '" + m.name() + "'", "learner '" + m.learner().id() + "' does not support "
            + task.name().toLowerCase());
      }
    }
    FoldPlan plan = folds.plan(data, context.child("folds").seed());
    OutOfFold.Result r = OutOfFold.compute(members, data, plan, stackMethod, logit, !refit, refit, outOfBag, context);
    OofPredictions oof = r.oof();
    List<String> warnings = new ArrayList<>(oof.warnings());
    for (Map.Entry<String, String> f : oof.failures().entrySet()) {
      if (strict) throw new IllegalStateException("member '" + f.getKey() + "' failed: " + f.getValue());
      warnings.add("member '" + f.getKey() + "' was dropped: its fit failed (" + f.getValue() + ")");
    }
    List<String> active = oof.members();
    if (active.isEmpty()) throw new IllegalStateException("every member failed: " + oof.failures());

    Dataset metaData = oof.metaDataset(data, active, passthrough);
    Learner metaLearner = metaFor(metaData, passthrough ? data.columns() : 0);
    Model metaModel = metaLearner.fit(metaData, context.child("meta"));

    int[] widths = new int[active.size()];
    List<List<Model>> models = new ArrayList<>();
    for (int j = 0; j < active.size(); j++) {
      String name = active.get(j);
      widths[j] = oof.columnNames(name).size();
      models.add(refit || oof.foldModels(name).isEmpty() ? List.of(r.fullModels().get(name)) : oof.foldModels(name));
    }
    ObjectNode info = Json.object();
    info.put("scheme", "stacking");
    info.put("folds", plan.size());
    info.put("fold_kind", plan.kind());
    info.put("meta_learner", metaLearner.id());
    info.put("oof_rows", oof.coveredRows().length);
    if (!oof.outOfBagMembers().isEmpty()) {
      ArrayNode bag = info.putArray("out_of_bag_members");
      oof.outOfBagMembers().forEach(bag::add);
    }
    boolean[] skipped = describeWeights(info, metaModel, active, widths, oof);
    info.set("member_oof_scores", memberScores(data, oof, active, stackMethod, logit));
    if (honestScore) info.set("stack_oof_score", metaOofScore(metaData, metaLearner, plan.size(), context));
    ArrayNode w = info.putArray("warnings");
    warnings.forEach(w::add);
    StackCore core = new StackCore("stacking", data.schema(), active, models, widths, skipped, stackMethod, logit,
        passthrough, metaModel, info);
    return task == Task.CLASSIFICATION ? new StackingClassifier(core) : new StackingRegressor(core);
  }

  /** Records the meta-model's weight per member; returns which members can be skipped (all-zero weights). */
  static boolean[] describeWeights(ObjectNode info, Model metaModel, List<String> active, int[] widths, OofPredictions oof) {
    boolean[] skipped = new boolean[active.size()];
    if (!(metaModel instanceof FeatureImportance fi)) return skipped;
    double[][] imp = fi.featureImportance();
    double total = 0;
    double[] perMember = new double[active.size()];
    ObjectNode perClass = Json.object();
    List<String> outputs = metaModel instanceof Classifier c && imp.length == c.classes().size() ? c.classes() : null;
    int o = 0;
    for (int j = 0; j < active.size(); j++) {
      boolean allZero = true;
      for (int out = 0; out < imp.length; out++) {
        double s = 0;
        for (int c = 0; c < widths[j]; c++) {
          double v = Math.abs(imp[out][o + c]);
          s += v;
          if (v != 0) allZero = false;
        }
        perMember[j] += s;
        if (outputs != null) perClass.with(outputs.get(out)).put(active.get(j), s);
      }
      skipped[j] = allZero;
      total += perMember[j];
      o += widths[j];
    }
    double passthroughWeight = 0;
    for (int out = 0; out < imp.length; out++) for (int c = o; c < imp[out].length; c++) passthroughWeight += Math.abs(imp[out][c]);
    total += passthroughWeight;
    ObjectNode weights = info.putObject("meta_weights");
    for (int j = 0; j < active.size(); j++) weights.put(active.get(j), total > 0 ? perMember[j] / total : 0);
    if (passthroughWeight > 0) weights.put("(passthrough features)", passthroughWeight / total);
    // a class-symmetric meta-learner (the opinion pool) gives every class the same weights: no table then
    if (outputs != null && !classSymmetric(perClass, active)) info.set("meta_weights_per_class", perClass);
    ArrayNode sk = info.putArray("skipped_members");
    for (int j = 0; j < active.size(); j++) if (skipped[j]) sk.add(active.get(j));
    return skipped;
  }

  private static boolean classSymmetric(ObjectNode perClass, List<String> active) {
    for (String member : active) {
      double first = Double.NaN;
      for (var it = perClass.elements(); it.hasNext(); ) {
        double v = it.next().path(member).asDouble();
        if (Double.isNaN(first)) first = v;
        else if (v != first) return false;
      }
    }
    return true;
  }

  static ObjectNode memberScores(Dataset data, OofPredictions oof, List<String> active, StackMethod method,
                                 boolean logit) {
    ObjectNode scores = Json.object();
    // decision values and labels are not distributions; only probabilities and regressions are scored
    if (data.task() == Task.CLASSIFICATION && method != StackMethod.AUTO && method != StackMethod.PROBA) return scores;
    int[] rows = oof.coveredRows();
    for (String name : active) {
      double[][] block = oof.block(name);
      double[][] preds = new double[rows.length][];
      for (int i = 0; i < rows.length; i++) {
        double[] f = block[rows[i]];
        if (data.task() == Task.REGRESSION) {
          preds[i] = f;
        } else {
          int k = data.classes().numClasses();
          // only probability blocks can be scored as distributions
          preds[i] = Scoring.distribution(f, k, logit);
        }
      }
      scores.set(name, Scoring.score(data.target(), rows, preds));
    }
    return scores;
  }

  /** The meta-learner's own out-of-fold score on the out-of-fold matrix. */
  static ObjectNode metaOofScore(Dataset metaData, Learner metaLearner, int k, FitContext context) {
    int kk = Math.min(k, metaData.rows());
    FoldPlan plan = FoldPlan.defaultFor(metaData, kk, context.child("meta-cv").seed());
    OutOfFold.Result r = OutOfFold.compute(List.of(new Member("stack", metaLearner)), metaData, plan,
        StackMethod.PROBA, false, false, false, context.child("meta-cv"));
    if (!r.oof().failures().isEmpty()) {
      ObjectNode o = Json.object();
      o.put("error", r.oof().failures().get("stack"));
      return o;
    }
    double[][] block = r.oof().block("stack");
    int[] rows = r.oof().coveredRows();
    double[][] preds = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      preds[i] = metaData.task() == Task.REGRESSION ? block[rows[i]]
          : Scoring.distribution(block[rows[i]], metaData.classes().numClasses(), false);
    }
    return Scoring.score(metaData.target(), rows, preds);
  }
}
