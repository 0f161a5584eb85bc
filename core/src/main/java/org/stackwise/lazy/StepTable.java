package org.stackwise.lazy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every step of an ordered cascade for a set of rows, with no exit taken: after step {@code t}
 * (1-based), the aggregate's confidence {@code conf} and predicted class {@code pred}, the cost spent
 * so far {@code cum} and the member run. Exits for any threshold are then simulated without running
 * anything again: row {@code i} exits at the first step {@code t < m} with
 * {@code t >= minSteps}, {@code θ_t < 1} and {@code conf > θ_t}, else at step {@code m}.
 * Mutable while filled by {@link Cascade}, then only read.
 */
final class StepTable {
  /**
   * The confidence recorded for a step at which the policy says STOP (with exits on STOP enabled):
   * above every θ < 1, so such a step is an exit for any θ < 1 and none for θ = 1.
   */
  static final double POLICY_EXIT = 2.0;

  /** One point of a threshold sweep. */
  record Point(double theta, double accuracy, double meanCost, double meanMembers) { }

  /** Accuracy, mean cost and mean members run at one setting. */
  record Result(double accuracy, double meanCost, double meanMembers) { }

  final int n;
  final int m;
  final double[] conf;
  final int[] pred;
  final double[] cum;
  final int[] member;
  final int[] set;
  final int[] labels;

  StepTable(int n, int m, int[] labels) {
    this.n = n;
    this.m = m;
    this.conf = new double[n * m];
    this.pred = new int[n * m];
    this.cum = new double[n * m];
    this.member = new int[n * m];
    this.set = new int[n * m];
    this.labels = labels.clone();
  }

  /** The step (1-based) at which row {@code i} exits under per-step thresholds {@code th} (length m). */
  int exitStep(int i, double[] th, int minSteps) {
    for (int t = 1; t < m; t++) {
      double c = conf[i * m + t - 1];
      if (t >= minSteps && th[t - 1] < 1 && c > th[t - 1]) return t;
    }
    return m;
  }

  /** The step at which row {@code i} exits under per-set thresholds. */
  int exitStep(int i, Thresholds th, int minSteps) {
    for (int t = 1; t < m; t++) {
      double c = conf[i * m + t - 1];
      double theta = th.at(set[i * m + t - 1]);
      if (t >= minSteps && theta < 1 && c > theta) return t;
    }
    return m;
  }

  Result evaluate(Thresholds th, int minSteps) {
    if (th.perSet().isEmpty()) return evaluate(th.global(), minSteps);
    long correct = 0;
    double cost = 0;
    long members = 0;
    for (int i = 0; i < n; i++) {
      int t = exitStep(i, th, minSteps);
      if (pred[i * m + t - 1] == labels[i]) correct++;
      cost += cum[i * m + t - 1];
      members += t;
    }
    return n == 0 ? new Result(0, 0, 0) : new Result((double) correct / n, cost / n, (double) members / n);
  }

  Result evaluate(double theta, int minSteps) {
    double[] th = new double[m];
    Arrays.fill(th, theta);
    return evaluate(th, minSteps);
  }

  Result evaluate(double[] th, int minSteps) {
    long correct = 0;
    double cost = 0;
    long members = 0;
    for (int i = 0; i < n; i++) {
      int t = exitStep(i, th, minSteps);
      if (pred[i * m + t - 1] == labels[i]) correct++;
      cost += cum[i * m + t - 1];
      members += t;
    }
    return n == 0 ? new Result(0, 0, 0) : new Result((double) correct / n, cost / n, (double) members / n);
  }

  /** The answer (class) of row {@code i} under per-set thresholds. */
  int answer(int i, Thresholds th, int minSteps) {
    return pred[i * m + exitStep(i, th, minSteps) - 1];
  }

  /** The answer (class) of row {@code i} at threshold θ. */
  int answer(int i, double theta, int minSteps) {
    double[] th = new double[m];
    Arrays.fill(th, theta);
    return pred[i * m + exitStep(i, th, minSteps) - 1];
  }

  /**
   * Every distinct outcome of a single threshold, from θ = 1 (no early exit) down to θ = 0: one point
   * per distinct confidence value below 1 at an eligible step, plus θ = 1. Descending θ.
   */
  List<Point> sweep(int minSteps) {
    // events: (value, row, step) where a row's running maximum over eligible steps rises
    List<double[]> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int t = Math.max(1, minSteps); t < m; t++) {
        double c = conf[i * m + t - 1];
        if (c > max) {
          max = c;
          events.add(new double[] {c, i, t});
        }
      }
    }
    events.sort((a, b) -> a[0] != b[0] ? Double.compare(b[0], a[0]) : Double.compare(b[2], a[2]));
    int[] exit = new int[n];
    Arrays.fill(exit, m);
    long correct = 0;
    double cost = 0;
    long members = (long) n * m;
    for (int i = 0; i < n; i++) {
      if (pred[i * m + m - 1] == labels[i]) correct++;
      cost += cum[i * m + m - 1];
    }
    List<Point> out = new ArrayList<>();
    out.add(point(1.0, correct, cost, members));
    int e = 0;
    // candidate thresholds: each distinct event value below 1, then 0
    List<Double> candidates = new ArrayList<>();
    for (double[] ev : events) {
      if (ev[0] < 1 && (candidates.isEmpty() || candidates.get(candidates.size() - 1) != ev[0])) candidates.add(ev[0]);
    }
    if (candidates.isEmpty() || candidates.get(candidates.size() - 1) > 0) candidates.add(0.0);
    for (double theta : candidates) {
      while (e < events.size() && events.get(e)[0] > theta) {
        double[] ev = events.get(e++);
        int i = (int) ev[1];
        int t = (int) ev[2];
        if (t >= exit[i]) continue;
        int old = exit[i];
        if (pred[i * m + old - 1] == labels[i]) correct--;
        cost -= cum[i * m + old - 1];
        members -= old;
        exit[i] = t;
        if (pred[i * m + t - 1] == labels[i]) correct++;
        cost += cum[i * m + t - 1];
        members += t;
      }
      out.add(point(theta, correct, cost, members));
    }
    return out;
  }

  private Point point(double theta, long correct, double cost, long members) {
    return n == 0 ? new Point(theta, 0, 0, 0) : new Point(theta, (double) correct / n, cost / n, (double) members / n);
  }

  /**
   * The threshold a rule picks from a sweep. {@code target} is the accuracy the Retain rule must
   * reach (share × the full stacker's accuracy on the same rows).
   */
  static double choose(List<Point> sweep, ThetaRule rule, double target) {
    if (rule instanceof ThetaRule.Target t) target = t.accuracy();
    if (rule instanceof ThetaRule.Fixed f) return f.theta();
    if (rule instanceof ThetaRule.Budget b) {
      // cost only grows with θ: the first point (from θ = 1 down) within budget is the largest such θ
      Point cheapest = sweep.get(0);
      for (Point p : sweep) {
        if (p.meanCost() <= b.meanCost() + 1e-15) return p.theta();
        if (p.meanCost() < cheapest.meanCost()) cheapest = p;
      }
      return cheapest.theta();
    }
    int top = -1;
    for (int i = 0; i < sweep.size(); i++) {
      if (sweep.get(i).accuracy() >= target - 1e-12) {
        top = i;
        break;
      }
    }
    if (top < 0) {
      Point best = sweep.get(0);
      for (Point p : sweep) {
        if (p.accuracy() > best.accuracy() + 1e-12
            || (Math.abs(p.accuracy() - best.accuracy()) <= 1e-12 && p.meanCost() < best.meanCost())) {
          best = p;
        }
      }
      return best.theta();
    }
    int i = top;
    while (i + 1 < sweep.size() && sweep.get(i + 1).accuracy() >= target - 1e-12) i++;
    return sweep.get(i).theta();
  }

  /**
   * Whether result {@code a} is better than {@code b} for a rule: for accuracy rules, reaching the
   * target and then cheaper, else more accurate; for a budget, within it and then more accurate,
   * else cheaper.
   */
  static boolean better(Result a, Result b, ThetaRule rule, double target) {
    if (rule instanceof ThetaRule.Budget bu) {
      boolean fa = a.meanCost() <= bu.meanCost() + 1e-15;
      boolean fb = b.meanCost() <= bu.meanCost() + 1e-15;
      if (fa != fb) return fa;
      if (fa) return a.accuracy() > b.accuracy() + 1e-12 || (Math.abs(a.accuracy() - b.accuracy()) <= 1e-12 && a.meanCost() < b.meanCost());
      return a.meanCost() < b.meanCost();
    }
    if (rule instanceof ThetaRule.Target t) target = t.accuracy();
    boolean fa = a.accuracy() >= target - 1e-12;
    boolean fb = b.accuracy() >= target - 1e-12;
    if (fa != fb) return fa;
    if (fa) return a.meanCost() < b.meanCost() - 1e-15;
    return a.accuracy() > b.accuracy() + 1e-12 || (Math.abs(a.accuracy() - b.accuracy()) <= 1e-12 && a.meanCost() < b.meanCost());
  }

  /**
   * Per-prefix thresholds: starting from the global θ, every member set reached (at an eligible
   * step) by at least {@code minRows} rows gets its own θ, chosen by coordinate descent (two passes,
   * most visited sets first; each set tries up to 32 quantiles of its confidences, its current value,
   * the global θ and 1) to be {@link #better} for the rule.
   */
  Thresholds tunePerSet(double global, int minSteps, int minRows, ThetaRule rule, double target) {
    java.util.Map<Integer, Integer> visits = new java.util.HashMap<>();
    java.util.Map<Integer, List<Double>> confs = new java.util.HashMap<>();
    for (int i = 0; i < n; i++) {
      for (int t = Math.max(1, minSteps); t < m; t++) {
        int s = set[i * m + t - 1];
        visits.merge(s, 1, Integer::sum);
        confs.computeIfAbsent(s, x -> new ArrayList<>()).add(conf[i * m + t - 1]);
      }
    }
    List<Integer> sets = new ArrayList<>();
    for (var e : visits.entrySet()) if (e.getValue() >= minRows) sets.add(e.getKey());
    sets.sort((a, b) -> visits.get(a).equals(visits.get(b)) ? Integer.compare(a, b) : Integer.compare(visits.get(b), visits.get(a)));
    java.util.Map<Integer, Double> per = new java.util.TreeMap<>();
    Result cur = evaluate(new Thresholds(global, per), minSteps);
    for (int pass = 0; pass < 2; pass++) {
      for (int s : sets) {
        double[] v = confs.get(s).stream().mapToDouble(Double::doubleValue).sorted().toArray();
        java.util.TreeSet<Double> cand = new java.util.TreeSet<>();
        cand.add(1.0);
        cand.add(global);
        for (int q = 0; q < 32; q++) cand.add(Math.min(1.0, v[(int) ((long) q * (v.length - 1) / 31)]));
        Double keep = per.get(s);
        for (double c : cand) {
          per.put(s, c);
          Result r = evaluate(new Thresholds(global, per), minSteps);
          if (better(r, cur, rule, target)) {
            cur = r;
            keep = c;
          }
        }
        if (keep == null) per.remove(s);
        else per.put(s, keep);
      }
    }
    return new Thresholds(global, per);
  }
}
