package org.stackwise.ensemble;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.stackwise.FitContext;
import org.stackwise.Member;
import org.stackwise.Model;
import org.stackwise.data.Dataset;
import org.stackwise.folds.Fold;
import org.stackwise.folds.FoldPlan;

/**
 * Builds {@link OofPredictions}: for each fold of one shared {@link FoldPlan}, every member is fitted on
 * the fold's training rows and predicts its held-out rows. Optionally every member is also fitted on all
 * rows (the models used at prediction time).
 *
 * <p>Fold × member fits are independent tasks on one bounded pool of {@code context.threads()} threads;
 * each task runs single-threaded with a seed derived from the member's name and the fold index, so the
 * result is bit-identical at any thread count. A member that fails in any fold is reported in
 * {@link OofPredictions#failures()} and left out; whether that is fatal is the caller's decision.
 */
public final class OutOfFold {
  /** The out-of-fold outputs and, when asked for, each member refitted on all rows. */
  public record Result(OofPredictions oof, Map<String, Model> fullModels, Map<String, String> failures) { }

  private OutOfFold() { }

  /**
   * @param keepFoldModels keep each fold's fitted models (for {@code refit: false} stacks)
   * @param refitOnAll also fit every member on all rows
   */
  public static Result compute(List<Member> members, Dataset data, FoldPlan plan, StackMethod method, boolean logit,
                               boolean keepFoldModels, boolean refitOnAll, FitContext context) {
    if (plan.rows() != data.rows()) throw new IllegalArgumentException("fold plan has " + plan.rows() + " rows, data has " + data.rows());
    return run(members, data, plan, method, logit, keepFoldModels, refitOnAll, context);
  }

  /** Fits every member on all rows only (no out-of-fold outputs; {@link Result#oof()} is null). */
  public static Result fitAll(List<Member> members, Dataset data, FitContext context) {
    return run(members, data, null, StackMethod.AUTO, false, false, true, context);
  }

  private static Result run(List<Member> members, Dataset data, FoldPlan plan, StackMethod method, boolean logit,
                            boolean keepFoldModels, boolean refitOnAll, FitContext context) {
    int n = data.rows();
    List<Fold> folds = plan == null ? List.of() : plan.folds();
    List<Dataset> trainSets = new ArrayList<>();
    List<Dataset> testSets = new ArrayList<>();
    for (Fold f : folds) {
      trainSets.add(data.select(f.train()));
      testSets.add(data.select(f.test()).featuresOnly());
    }

    record Task(Member member, int fold) { }
    record Outcome(Model model, double[][] outputs, RuntimeException error) { }
    List<Task> tasks = new ArrayList<>();
    for (Member m : members) {
      if (m.learner() instanceof PrefitLearner) {
        tasks.add(new Task(m, -1));
        continue;
      }
      for (int f = 0; f < folds.size(); f++) tasks.add(new Task(m, f));
      if (refitOnAll) tasks.add(new Task(m, -1));
    }
    long total = tasks.size();
    AtomicLong done = new AtomicLong();
    List<Callable<Outcome>> calls = new ArrayList<>();
    for (Task t : tasks) {
      calls.add(() -> {
        context.checkCancelled();
        FitContext c = context.child(t.member.name()).singleThreadedChild(t.fold < 0 ? "all" : "fold" + t.fold);
        try {
          Dataset train = t.fold < 0 ? data : trainSets.get(t.fold);
          Model model = t.member.learner().fit(train, c);
          double[][] out = null;
          if (t.fold >= 0) {
            out = MemberOutputs.compute(t.member.name(), method, logit, model, testSets.get(t.fold));
          } else if (plan != null && t.member.learner() instanceof PrefitLearner) {
            out = MemberOutputs.compute(t.member.name(), method, logit, model, data.featuresOnly());
          }
          return new Outcome(model, out, null);
        } catch (RuntimeException e) {
          if (e instanceof java.util.concurrent.CancellationException) throw e;
          return new Outcome(null, null, e);
        } finally {
          context.progress().update("member fits", done.incrementAndGet(), total);
        }
      });
    }
    List<Outcome> outcomes = org.stackwise.internal.Parallel.run(calls, context.threads());

    Map<String, double[][]> blocks = new LinkedHashMap<>();
    Map<String, int[]> counts = new LinkedHashMap<>();
    Map<String, List<String>> names = new LinkedHashMap<>();
    Map<String, List<Model>> foldModels = new LinkedHashMap<>();
    Map<String, Model> fullModels = new LinkedHashMap<>();
    Map<String, String> failures = new LinkedHashMap<>();
    List<String> warnings = new ArrayList<>(plan == null ? List.of() : plan.warnings());
    for (int i = 0; i < tasks.size(); i++) {
      Task t = tasks.get(i);
      Outcome o = outcomes.get(i);
      String name = t.member.name();
      if (failures.containsKey(name)) continue;
      if (o.error != null) {
        failures.put(name, o.error.getClass().getSimpleName() + ": " + o.error.getMessage());
        continue;
      }
      if (t.fold < 0) fullModels.put(name, o.model);
      if (o.outputs == null) continue;
      double[][] block = blocks.computeIfAbsent(name, k -> new double[n][]);
      int[] cnt = counts.computeIfAbsent(name, k -> new int[n]);
      int[] rows = t.fold < 0 ? identity(n) : folds.get(t.fold).test();
      for (int r = 0; r < rows.length; r++) {
        double[] v = o.outputs[r];
        int row = rows[r];
        if (block[row] == null) block[row] = v.clone();
        else for (int j = 0; j < v.length; j++) block[row][j] += v[j];
        cnt[row]++;
      }
      if (o.outputs.length > 0) names.putIfAbsent(name, MemberOutputs.names(name, method, o.model, o.outputs[0].length));
      if (keepFoldModels && t.fold >= 0) foldModels.computeIfAbsent(name, k -> new ArrayList<>()).add(o.model);
      if (t.member.learner() instanceof PrefitLearner) {
        warnings.add("member '" + name + "' is prefit: its meta-features are in-sample, not out of fold");
      }
    }
    List<String> ok = new ArrayList<>();
    for (Member m : members) {
      String name = m.name();
      if (failures.containsKey(name)) {
        blocks.remove(name);
        fullModels.remove(name);
        foldModels.remove(name);
        continue;
      }
      ok.add(name);
      double[][] block = blocks.get(name);
      int[] cnt = counts.get(name);
      if (block == null) continue;
      for (int r = 0; r < n; r++) {
        if (cnt[r] > 1) for (int j = 0; j < block[r].length; j++) block[r][j] /= cnt[r];
      }
    }
    if (plan == null) return new Result(null, fullModels, failures);
    boolean[] covered = new boolean[n];
    int[] heldOut = plan.heldOutCounts();
    for (int r = 0; r < n; r++) covered[r] = heldOut[r] > 0;
    OofPredictions oof = new OofPredictions(plan, ok, blocks, names, foldModels, failures, covered, warnings);
    return new Result(oof, fullModels, failures);
  }

  private static int[] identity(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) a[i] = i;
    return a;
  }
}
