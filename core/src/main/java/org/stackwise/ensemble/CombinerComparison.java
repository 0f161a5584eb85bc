package org.stackwise.ensemble;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stackwise.BadInputException;
import org.stackwise.Classifier;
import org.stackwise.FitContext;
import org.stackwise.Member;
import org.stackwise.Model;
import org.stackwise.Regressor;
import org.stackwise.Task;
import org.stackwise.data.Dataset;
import org.stackwise.folds.Fold;
import org.stackwise.folds.FoldPlan;
import org.stackwise.io.Json;

/**
 * Fits a stack's members once and compares, on held-out rows, each member and four ways of combining
 * them: {@code stacking} (the stack itself), {@code voting} (soft vote, equal weights),
 * {@code selection} (soft vote with ensemble-selection weights) and {@code blending}. Used by
 * {@code stackwise cv} inside each outer fold.
 *
 * <p>One out-of-fold pass over the training rows serves every combiner, so the cost is that of fitting
 * the stack alone ((K + 1) × members fits):
 * <ul>
 *   <li>members and {@code voting}: the members refitted on all training rows;
 *   <li>{@code stacking}: the meta-learner on the out-of-fold outputs, members refitted on all rows —
 *       the same models, seeds and predictions as {@code stack.fit(train, context)};
 *   <li>{@code selection}: weights chosen by greedy ensemble selection on the out-of-fold outputs
 *       (as {@code {"voting": {"weights": "selection"}}} with the stack's folds);
 *   <li>{@code blending}: fold 0 of the stack's fold plan is the blend split: the members' fold-0
 *       models (fitted on the other folds) feed a meta-learner trained on the fold-0 rows only, so the
 *       blend fraction is 1/K.
 * </ul>
 * No combiner sees an output of a model fitted on the same row. The test rows are never used for
 * fitting. A stack that stacks decision values or labels, or uses the logit transform, is fitted on
 * its own for {@code stacking} (its meta-features are not probabilities), at the cost of a second pass; so is
 * a stack whose members give out-of-bag outputs ({@code out_of_bag}), since its meta-learner trains on those.
 */
public final class CombinerComparison {
  /** The combiners compared, in report order. */
  public static final List<String> COMBINERS = List.of("stacking", "voting", "selection", "blending");

  /**
   * Predictions for the test rows, one array per row: a class distribution (classifiers) or a single
   * value (regressors).
   *
   * @param members members that fitted (failed members are listed in {@code failures} instead)
   * @param memberPredictions member name → predictions
   * @param combinerPredictions combiner name (see {@link #COMBINERS}) → predictions
   * @param selectionWeights ensemble-selection weight per member
   * @param warnings fold-plan and member warnings
   * @param failures member name → why its fit failed
   */
  public record Result(List<String> members, Map<String, double[][]> memberPredictions,
                       Map<String, double[][]> combinerPredictions, Map<String, Double> selectionWeights,
                       List<String> warnings, Map<String, String> failures) {
    public Result {
      members = List.copyOf(members);
      memberPredictions = Collections.unmodifiableMap(new LinkedHashMap<>(memberPredictions));
      combinerPredictions = Collections.unmodifiableMap(new LinkedHashMap<>(combinerPredictions));
      selectionWeights = Collections.unmodifiableMap(new LinkedHashMap<>(selectionWeights));
      warnings = List.copyOf(warnings);
      failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
    }
  }

  private static final int SELECTION_STEPS = 25;

  private CombinerComparison() { }

  /** Fits on {@code train} and predicts {@code test} (whose target, if any, is ignored). */
  public static Result run(StackingLearner stack, Dataset train, Dataset test, FitContext context) {
    Task task = train.task();
    for (Member m : stack.members()) {
      if (!m.learner().supports(task)) {
        throw new BadInputException("member '" + m.name() + "'", "learner '" + m.learner().id() + "' does not support "
            + task.name().toLowerCase());
      }
    }
    if (!test.schema().equals(train.schema())) throw new IllegalArgumentException("test and train schemas differ");
    Dataset features = test.featuresOnly();
    FoldPlan plan = stack.folds().plan(train, context.child("folds").seed());
    OutOfFold.Result r = OutOfFold.compute(stack.members(), train, plan, StackMethod.PROBA, false, true, true, context);
    OofPredictions oof = r.oof();
    List<String> warnings = new ArrayList<>(oof.warnings());
    for (var f : oof.failures().entrySet()) {
      if (stack.strict()) throw new IllegalStateException("member '" + f.getKey() + "' failed: " + f.getValue());
      warnings.add("member '" + f.getKey() + "' was dropped: its fit failed (" + f.getValue() + ")");
    }
    List<String> active = oof.members();
    if (active.isEmpty()) throw new IllegalStateException("every member failed: " + oof.failures());

    Map<String, double[][]> memberPreds = new LinkedHashMap<>();
    List<Model> full = new ArrayList<>();
    for (String name : active) {
      Model m = r.fullModels().get(name);
      full.add(m);
      memberPreds.put(name, predict(m, features));
    }
    int[] widths = new int[active.size()];
    for (int j = 0; j < widths.length; j++) widths[j] = oof.columnNames(active.get(j)).size();

    Map<String, double[][]> combined = new LinkedHashMap<>();
    // stacking
    boolean probabilityStack = !stack.logit()
        && (stack.stackMethod() == StackMethod.AUTO || stack.stackMethod() == StackMethod.PROBA);
    // a stack whose forests give out-of-bag outputs trains its meta-learner on those, not on this pass's folds
    boolean outOfBag = stack.members().stream().anyMatch(m -> OutOfFold.usesOutOfBag(m, train, plan, stack.stackMethod(),
        !stack.refit(), stack.refit(), stack.outOfBag()));
    if (probabilityStack && !outOfBag) {
      Dataset metaData = oof.metaDataset(train, active, stack.passthrough());
      Model meta = stack.metaFor(metaData, stack.passthrough() ? train.columns() : 0).fit(metaData, context.child("meta"));
      List<List<Model>> models = new ArrayList<>();
      for (int j = 0; j < active.size(); j++) {
        List<Model> folds = oof.foldModels(active.get(j));
        models.add(stack.refit() || folds.isEmpty() ? List.of(full.get(j)) : folds);
      }
      combined.put("stacking", predict(stackModel("stacking", train, active, models, widths, stack.passthrough(), meta, oof),
          features));
    } else {
      combined.put("stacking", predict(stack.fit(train, context), features));
    }
    // soft voting, equal weights
    double[] equal = new double[active.size()];
    Arrays.fill(equal, 1.0 / equal.length);
    combined.put("voting", vote(memberPreds, active, equal, task));
    // ensemble selection on the out-of-fold outputs
    double[] w = WeightLearning.learn(Weighting.SELECTION, oof, active, train, SELECTION_STEPS, null);
    combined.put("selection", vote(memberPreds, active, w, task));
    Map<String, Double> weights = new LinkedHashMap<>();
    for (int j = 0; j < active.size(); j++) weights.put(active.get(j), w[j]);
    // blending: fold 0 is the blend split
    Fold blend = plan.folds().get(0);
    int[] covered = oof.coveredRows();
    int[] position = new int[train.rows()];
    Arrays.fill(position, -1);
    for (int i = 0; i < covered.length; i++) position[covered[i]] = i;
    int[] blendRows = Arrays.stream(blend.test()).map(i -> position[i]).filter(i -> i >= 0).toArray();
    Dataset blendData = oof.metaDataset(train, active, stack.passthrough()).select(blendRows);
    Model blendMeta = stack.metaFor(blendData, stack.passthrough() ? train.columns() : 0).fit(blendData, context.child("blend-meta"));
    List<List<Model>> blendModels = new ArrayList<>();
    for (int j = 0; j < active.size(); j++) {
      List<Model> folds = oof.foldModels(active.get(j));
      blendModels.add(List.of(folds.isEmpty() ? full.get(j) : folds.get(0)));
    }
    combined.put("blending", predict(stackModel("blending", train, active, blendModels, widths, stack.passthrough(),
        blendMeta, oof), features));
    return new Result(active, memberPreds, combined, weights, warnings, oof.failures());
  }

  private static Model stackModel(String scheme, Dataset train, List<String> active, List<List<Model>> models,
                                  int[] widths, boolean passthrough, Model meta, OofPredictions oof) {
    ObjectNode info = Json.object();
    boolean[] skipped = StackingLearner.describeWeights(info, meta, active, widths, oof);
    StackCore core = new StackCore(scheme, train.schema(), active, models, widths, skipped, StackMethod.PROBA, false,
        passthrough, meta, info);
    return meta instanceof Classifier ? new StackingClassifier(core) : new StackingRegressor(core);
  }

  private static double[][] vote(Map<String, double[][]> preds, List<String> active, double[] w, Task task) {
    int n = preds.get(active.get(0)).length;
    double[][] out = new double[n][];
    for (int i = 0; i < n; i++) {
      double[] acc = new double[preds.get(active.get(0))[i].length];
      for (int j = 0; j < active.size(); j++) {
        if (w[j] == 0) continue;
        double[] p = preds.get(active.get(j))[i];
        for (int c = 0; c < acc.length; c++) acc[c] += w[j] * p[c];
      }
      out[i] = acc;
    }
    return out;
  }

  /** Class distributions of a classifier, or one-element rows of a regressor's values. */
  static double[][] predict(Model m, Dataset features) {
    if (m instanceof Classifier c) return c.predictProba(features);
    double[] y = ((Regressor) m).predict(features);
    double[][] out = new double[y.length][];
    for (int i = 0; i < y.length; i++) out[i] = new double[] {y[i]};
    return out;
  }
}
