package org.stackwise.ensemble;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.stackwise.BadInputException;
import org.stackwise.FitContext;
import org.stackwise.Learner;
import org.stackwise.Member;
import org.stackwise.Model;
import org.stackwise.Task;
import org.stackwise.data.Dataset;
import org.stackwise.data.Target;
import org.stackwise.folds.FoldPlan;
import org.stackwise.io.Json;

/**
 * Voting, averaging and weighted consensus: members are fitted on all rows and combined by a fixed
 * {@link Combiner} with weights that are equal, given, or learned from out-of-fold outputs
 * ({@link Weighting#NNLS}, {@link Weighting#SELECTION}, {@link Weighting#BMA}). Learned weights never see
 * in-sample outputs: they are fitted on {@link OofPredictions}.
 *
 * @param weights the user's weights, one per member, when {@code weighting} is {@code GIVEN}; else empty
 * @param selectionSteps number of greedy steps of ensemble selection
 * @param selectionMetric metric ensemble selection optimises
 */
public record VotingLearner(List<Member> members, Combiner combiner, Weighting weighting, List<Double> weights,
                            int selectionSteps, EnsembleSelection.Metric selectionMetric, FoldSpec folds,
                            boolean strict) implements Learner {
  public VotingLearner {
    members = List.copyOf(members);
    weights = List.copyOf(weights);
    Objects.requireNonNull(combiner);
    Objects.requireNonNull(weighting);
    Objects.requireNonNull(folds);
    if (members.isEmpty()) throw new BadInputException("voting.members", "a voting ensemble needs at least one member");
    var seen = new HashSet<String>();
    for (Member m : members) {
      if (!seen.add(m.name())) throw new BadInputException("voting.members", "duplicate member name '" + m.name() + "'");
    }
    if (weighting == Weighting.GIVEN) {
      if (weights.size() != members.size()) {
        throw new BadInputException("voting.weights", "weights must have one value per member (" + members.size() + "), got " + weights.size());
      }
      double s = 0;
      for (double w : weights) {
        if (!(w >= 0) || Double.isInfinite(w)) throw new BadInputException("voting.weights", "weights must be finite and >= 0, got " + w);
        s += w;
      }
      if (s <= 0) throw new BadInputException("voting.weights", "at least one weight must be positive");
    }
    if (selectionSteps < 1 || selectionSteps > 10_000) {
      throw new BadInputException("voting.selection_steps", "selection_steps must be between 1 and 10000, got " + selectionSteps);
    }
  }

  /** Soft voting (mean of probabilities / predictions) with equal weights. */
  public static VotingLearner mean(List<Member> members) {
    return new VotingLearner(members, Combiner.MEAN, Weighting.EQUAL, List.of(), 25, null, FoldSpec.of(5), false);
  }

  public VotingLearner withCombiner(Combiner c) { return new VotingLearner(members, c, weighting, weights, selectionSteps, selectionMetric, folds, strict); }
  public VotingLearner withWeighting(Weighting w) { return new VotingLearner(members, combiner, w, weights, selectionSteps, selectionMetric, folds, strict); }
  public VotingLearner withWeights(List<Double> w) { return new VotingLearner(members, combiner, Weighting.GIVEN, w, selectionSteps, selectionMetric, folds, strict); }
  public VotingLearner withSelection(int steps, EnsembleSelection.Metric metric) { return new VotingLearner(members, combiner, Weighting.SELECTION, weights, steps, metric, folds, strict); }
  public VotingLearner withFolds(FoldSpec f) { return new VotingLearner(members, combiner, weighting, weights, selectionSteps, selectionMetric, f, strict); }

  @Override public String id() { return "voting"; }
  @Override public boolean supports(Task task) {
    if (task == Task.REGRESSION && combiner == Combiner.HARD) return false;
    return members.stream().allMatch(m -> m.learner().supports(task));
  }
  @Override public Record params() { return this; }

  @Override public ObjectNode spec() {
    ObjectNode body = Json.object();
    ObjectNode ms = body.putObject("members");
    for (Member m : members) ms.set(m.name(), m.learner().spec());
    body.put("combiner", combiner.id());
    if (weighting == Weighting.GIVEN) {
      ArrayNode w = body.putArray("weights");
      weights.forEach(w::add);
    } else {
      body.put("weights", weighting.id());
    }
    if (weighting == Weighting.SELECTION) {
      body.put("selection_steps", selectionSteps);
      if (selectionMetric != null) body.put("selection_metric", selectionMetric.name().toLowerCase());
    }
    body.put("folds", folds.k());
    ObjectNode o = Json.object();
    o.set("voting", body);
    return o;
  }

  @Override public Model fit(Dataset data, FitContext context) {
    Task task = data.task();
    if (!supports(task)) throw new BadInputException("voting", "combiner '" + combiner.id() + "' or a member does not support " + task.name().toLowerCase());
    boolean learned = weighting == Weighting.NNLS || weighting == Weighting.SELECTION || weighting == Weighting.BMA;
    FoldPlan plan = learned ? folds.plan(data, context.child("folds").seed()) : null;
    OutOfFold.Result r = learned
        ? OutOfFold.compute(members, data, plan, StackMethod.PROBA, false, false, true, context)
        : OutOfFold.fitAll(members, data, context);
    ObjectNode info = Json.object();
    info.put("scheme", "voting");
    info.put("combiner", combiner.id());
    info.put("weighting", weighting.id());
    List<String> warnings = new ArrayList<>(r.oof() == null ? List.of() : r.oof().warnings());
    Map<String, String> failures = r.failures();
    for (var f : failures.entrySet()) {
      if (strict) throw new IllegalStateException("member '" + f.getKey() + "' failed: " + f.getValue());
      warnings.add("member '" + f.getKey() + "' was dropped: its fit failed (" + f.getValue() + ")");
    }
    List<String> active = new ArrayList<>();
    for (Member m : members) if (r.fullModels().containsKey(m.name())) active.add(m.name());
    if (active.isEmpty()) throw new IllegalStateException("every member failed: " + failures);

    double[] w = new double[active.size()];
    if (weighting == Weighting.EQUAL) {
      java.util.Arrays.fill(w, 1.0 / w.length);
    } else if (weighting == Weighting.GIVEN) {
      double s = 0;
      for (int j = 0; j < active.size(); j++) {
        w[j] = weights.get(indexOf(active.get(j)));
        s += w[j];
      }
      if (s <= 0) throw new IllegalStateException("all members with positive weight failed");
      for (int j = 0; j < w.length; j++) w[j] /= s;
    } else {
      w = WeightLearning.learn(weighting, r.oof(), active, data, selectionSteps, selectionMetric);
      info.set("member_oof_scores", StackingLearner.memberScores(data, r.oof(), active, StackMethod.PROBA, false));
      info.set("ensemble_oof_score", WeightLearning.scoreCombination(combiner, w, r.oof(), active, data));
      warnings.add("weights were learned on the same out-of-fold outputs that the ensemble score uses; that score is slightly optimistic");
    }
    ObjectNode wj = info.putObject("weights");
    for (int j = 0; j < active.size(); j++) wj.put(active.get(j), w[j]);
    ArrayNode wa = info.putArray("warnings");
    warnings.forEach(wa::add);
    List<String> kept = new ArrayList<>();
    List<Model> models = new ArrayList<>();
    List<Double> kw = new ArrayList<>();
    for (int j = 0; j < active.size(); j++) {
      if (w[j] > 0) {  // members with zero weight are not kept and never run
        kept.add(active.get(j));
        models.add(r.fullModels().get(active.get(j)));
        kw.add(w[j]);
      }
    }
    return VotingModels.create(data.schema(), kept, models, kw, combiner, info);
  }

  private int indexOf(String name) {
    for (int i = 0; i < members.size(); i++) if (members.get(i).name().equals(name)) return i;
    throw new IllegalArgumentException(name);
  }

  static int[] classTargets(Dataset data, int[] rows) {
    Target.Classes c = data.classes();
    int[] y = new int[rows.length];
    for (int i = 0; i < rows.length; i++) y[i] = c.get(rows[i]);
    return y;
  }
}
