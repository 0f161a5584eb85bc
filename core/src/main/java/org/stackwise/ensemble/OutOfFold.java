package org.stackwise.ensemble;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.stackwise.FitContext;
import org.stackwise.Member;
import org.stackwise.MemberFailureException;
import org.stackwise.Model;
import org.stackwise.OutOfBagLearner;
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
 *
 * <p>A member fails when its fit throws, when it returns NaN or infinite outputs for held-out rows (for
 * members fitted on all rows only, as in fixed-weight voting, for the first few training rows), or when
 * one of its fits takes longer than {@link FitContext#memberTimeout()}: that fit is cancelled and
 * abandoned on its own daemon thread and the pool goes on. Once a member failed, its remaining fits
 * are skipped. The failure reported is the member's first in task order (fold 0, 1, …, then the refit on
 * all rows), which is the same at any thread count for a member that fails deterministically.
 *
 * <p>With {@code outOfBag}, a member whose learner is an {@link OutOfBagLearner} with out-of-bag rows (a
 * forest with bootstrap samples, bagging) is fitted once, on all rows, and its out-of-fold outputs are its
 * out-of-bag predictions: each row's from the trees (or estimators) whose sample left it out. That replaces its K fold
 * fits and its refit by one fit. It applies only where out-of-bag rows are as honest as held-out folds and
 * the fold models are not needed: plain, stratified or repeated plans on data without groups, members
 * refitted on all rows, and probability, label or regression outputs (not decision values). Otherwise the
 * member gets its K fold fits as usual.
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
    return compute(members, data, plan, method, logit, keepFoldModels, refitOnAll, false, context);
  }

  /**
   * @param keepFoldModels keep each fold's fitted models (for {@code refit: false} stacks)
   * @param refitOnAll also fit every member on all rows
   * @param outOfBag use out-of-bag predictions for members that have them, where that is honest (see above)
   */
  public static Result compute(List<Member> members, Dataset data, FoldPlan plan, StackMethod method, boolean logit,
                               boolean keepFoldModels, boolean refitOnAll, boolean outOfBag, FitContext context) {
    if (plan.rows() != data.rows()) throw new IllegalArgumentException("fold plan has " + plan.rows() + " rows, data has " + data.rows());
    return run(members, data, plan, method, logit, keepFoldModels, refitOnAll, outOfBag, context);
  }

  /** Fold plans whose held-out rows out-of-bag rows can stand in for: no groups, no time order, no single holdout. */
  private static final java.util.Set<String> OUT_OF_BAG_PLANS = java.util.Set.of("kfold", "stratified", "repeated");

  /** Whether {@code member} gets one out-of-bag fit instead of fold fits (see the class notes). */
  static boolean usesOutOfBag(Member member, Dataset data, FoldPlan plan, StackMethod method, boolean keepFoldModels,
                              boolean refitOnAll, boolean outOfBag) {
    return outOfBag && member.learner() instanceof OutOfBagLearner
        && whyNotOutOfBag(member, data, plan, method, keepFoldModels, refitOnAll) == null;
  }

  /**
   * Why a member that could give out-of-bag outputs gets fold fits instead, in words for a warning; null
   * when nothing stands in the way.
   */
  static String whyNotOutOfBag(Member member, Dataset data, FoldPlan plan, StackMethod method, boolean keepFoldModels,
                               boolean refitOnAll) {
    if (!(member.learner() instanceof OutOfBagLearner ob)) return "it has no out-of-bag predictions";
    if (!ob.hasOutOfBag()) return "its samples leave no row out (no bootstrap)";
    if (plan == null || !refitOnAll || keepFoldModels) return "its fold models are kept for prediction (refit: false)";
    if (data.hasGroups()) return "the rows have groups, and a row's group-mates are in the samples that leave it out";
    if (!OUT_OF_BAG_PLANS.contains(plan.kind())) {
      return "the folds are " + plan.kind() + ", and out-of-bag rows are only as honest as plain or stratified folds";
    }
    if (method == StackMethod.DECISION) return "decision values are stacked, and out-of-bag outputs are probabilities";
    return null;
  }

  /** Fits every member on all rows only (no out-of-fold outputs; {@link Result#oof()} is null). */
  public static Result fitAll(List<Member> members, Dataset data, FitContext context) {
    return run(members, data, null, StackMethod.AUTO, false, false, true, false, context);
  }

  /** The fold index of a member's one out-of-bag fit on all rows (-1 is the plain refit on all rows). */
  private static final int OUT_OF_BAG = -2;

  private static Result run(List<Member> members, Dataset data, FoldPlan plan, StackMethod method, boolean logit,
                            boolean keepFoldModels, boolean refitOnAll, boolean outOfBag, FitContext context) {
    int n = data.rows();
    List<Fold> folds = plan == null ? List.of() : plan.folds();
    List<Dataset> trainSets = new ArrayList<>();
    List<Dataset> testSets = new ArrayList<>();
    for (Fold f : folds) {
      trainSets.add(data.select(f.train()));
      testSets.add(data.select(f.test()).featuresOnly());
    }

    record Task(Member member, int fold, int first) { }
    List<Task> tasks = new ArrayList<>();
    List<String> foldNotes = new ArrayList<>();
    for (Member m : members) {
      int first = tasks.size();
      if (m.learner() instanceof PrefitLearner) {
        tasks.add(new Task(m, -1, first));
        continue;
      }
      if (usesOutOfBag(m, data, plan, method, keepFoldModels, refitOnAll, outOfBag)) {
        tasks.add(new Task(m, OUT_OF_BAG, first));
        continue;
      }
      if (outOfBag && m.learner() instanceof OutOfBagLearner) {
        // the user asked for out-of-bag outputs and this member could give them: say why it does not
        foldNotes.add("member '" + m.name() + "' was fitted on folds, not out of bag: "
            + whyNotOutOfBag(m, data, plan, method, keepFoldModels, refitOnAll));
      }
      for (int f = 0; f < folds.size(); f++) tasks.add(new Task(m, f, first));
      if (refitOnAll) tasks.add(new Task(m, -1, first));
    }
    long total = tasks.size();
    AtomicLong done = new AtomicLong();
    // which tasks failed: a member's later tasks are skipped once an earlier one of its own failed, so the
    // first failure in task order (the one reported) is the same at any thread count
    AtomicIntegerArray failed = new AtomicIntegerArray(tasks.size());
    Duration timeout = context.memberTimeout();
    ExecutorService watched = timeout == null ? null : Executors.newCachedThreadPool(r -> {
      Thread th = new Thread(r, "stackwise-member-fit");
      th.setDaemon(true);  // an abandoned (hung) member fit must not keep the JVM alive
      return th;
    });
    List<Callable<Outcome>> calls = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      Task t = tasks.get(i);
      int index = i;
      calls.add(() -> {
        context.checkCancelled();
        try {
          for (int j = t.first; j < index; j++) if (failed.get(j) == 1) return Outcome.SKIPPED;
          FitContext c = context.child(t.member.name()).singleThreadedChild(t.fold < 0 ? "all" : "fold" + t.fold);
          Outcome o = timeout == null ? fitTask(t.member, t.fold, c, data, plan, trainSets, testSets, method, logit)
              : fitWithin(timeout, watched, t.member, t.fold, c.withOwnCancellation(), data, plan, trainSets, testSets, method, logit);
          if (o.failure != null) failed.set(index, 1);
          return o;
        } finally {
          context.progress().update("member fits", done.incrementAndGet(), total);
        }
      });
    }
    List<Outcome> outcomes;
    try {
      outcomes = org.stackwise.internal.Parallel.run(calls, context.threads());
    } finally {
      if (watched != null) watched.shutdownNow();
    }

    Map<String, double[][]> blocks = new LinkedHashMap<>();
    Map<String, int[]> counts = new LinkedHashMap<>();
    Map<String, List<String>> names = new LinkedHashMap<>();
    Map<String, List<Model>> foldModels = new LinkedHashMap<>();
    Map<String, Model> fullModels = new LinkedHashMap<>();
    Map<String, String> failures = new LinkedHashMap<>();
    List<String> warnings = new ArrayList<>(plan == null ? List.of() : plan.warnings());
    List<String> outOfBagMembers = new ArrayList<>();
    warnings.addAll(foldNotes);
    for (int i = 0; i < tasks.size(); i++) {
      Task t = tasks.get(i);
      Outcome o = outcomes.get(i);
      String name = t.member.name();
      if (failures.containsKey(name) || o == Outcome.SKIPPED) continue;
      if (o.failure != null) {
        failures.put(name, o.failure);
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
      if (t.fold == OUT_OF_BAG) {
        outOfBagMembers.add(name);
        if (o.uncovered > 0) {
          warnings.add("member '" + name + "': " + o.uncovered + " rows were in the sample of every tree (or estimator), so "
              + "their out-of-bag outputs are a neutral guess; more trees leave fewer such rows");
        }
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
    outOfBagMembers.retainAll(ok);
    OofPredictions oof = new OofPredictions(plan, ok, blocks, names, foldModels, failures, covered, warnings, outOfBagMembers);
    return new Result(oof, fullModels, failures);
  }

  /** One task's result: a model and its held-out outputs, a failure message, or skipped. */
  private record Outcome(Model model, double[][] outputs, String failure, int uncovered) {
    static final Outcome SKIPPED = new Outcome(null, null, null, 0);

    Outcome(Model model, double[][] outputs, String failure) {
      this(model, outputs, failure, 0);
    }
  }

  /** Rows checked for finite outputs when a member is fitted on all rows with no held-out fold to check. */
  private static final int PROBE_ROWS = 16;

  /** Fits one member on one fold (or all rows) and computes its outputs; a failure becomes the outcome. */
  private static Outcome fitTask(Member member, int fold, FitContext c, Dataset data, FoldPlan plan,
                                 List<Dataset> trainSets, List<Dataset> testSets, StackMethod method, boolean logit) {
    try {
      if (fold == OUT_OF_BAG) {
        OutOfBagLearner.OutOfBagFit f = ((OutOfBagLearner) member.learner()).fitOutOfBag(data, c);
        if (f == null || f.model() == null) return new Outcome(null, null, "fit returned no model");
        double[][] out = MemberOutputs.fromPredictions(member.name(), method, logit, f.model(), f.predictions());
        return new Outcome(f.model(), out, null, f.uncovered());
      }
      Dataset train = fold < 0 ? data : trainSets.get(fold);
      Model model = member.learner().fit(train, c);
      if (model == null) return new Outcome(null, null, "fit returned no model");
      double[][] out = null;
      if (fold >= 0) {
        out = MemberOutputs.compute(member.name(), method, logit, model, testSets.get(fold));
      } else if (plan != null && member.learner() instanceof PrefitLearner) {
        out = MemberOutputs.compute(member.name(), method, logit, model, data.featuresOnly());
      } else if (plan == null) {
        // no held-out rows will ever check this model (fixed-weight voting): probe a few training rows so a
        // member that answers NaN is dropped now rather than failing every prediction later
        int[] rows = identity(Math.min(PROBE_ROWS, data.rows()));
        MemberOutputs.compute(member.name(), method, logit, model, data.select(rows).featuresOnly());
      }
      return new Outcome(model, out, null);
    } catch (CancellationException e) {
      throw e;
    } catch (MemberFailureException e) {
      String m = e.getMessage();
      String prefix = "member '" + member.name() + "' ";
      return new Outcome(null, null, m.startsWith(prefix) ? m.substring(prefix.length()) : m);
    } catch (RuntimeException | StackOverflowError e) {
      return new Outcome(null, null, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /**
   * {@link #fitTask} on a watched thread: after {@code timeout} the fit is cancelled (its context and an
   * interrupt, for learners that check) and abandoned, and the member counts as failed. The abandoned
   * thread is a daemon; the pool moves on at once, so a member that never returns cannot hang the fit.
   */
  private static Outcome fitWithin(Duration timeout, ExecutorService watched, Member member, int fold, FitContext c,
                                   Dataset data, FoldPlan plan, List<Dataset> trainSets, List<Dataset> testSets,
                                   StackMethod method, boolean logit) {
    Future<Outcome> f = watched.submit(() -> fitTask(member, fold, c, data, plan, trainSets, testSets, method, logit));
    try {
      return f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      c.cancel();
      f.cancel(true);
      return new Outcome(null, null, "timed out: one fit took longer than the member timeout of " + seconds(timeout));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof CancellationException ce) throw ce;
      if (cause instanceof Error err) throw err;
      return new Outcome(null, null, cause.getClass().getSimpleName() + ": " + cause.getMessage());
    } catch (InterruptedException e) {
      c.cancel();
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted");
    }
  }

  private static String seconds(Duration d) {
    double s = d.toNanos() / 1e9;
    return (s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s)) + " s";
  }

  private static int[] identity(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) a[i] = i;
    return a;
  }
}
