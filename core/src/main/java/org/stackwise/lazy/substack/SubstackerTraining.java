package org.stackwise.lazy.substack;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.stackwise.BadInputException;
import org.stackwise.FitContext;
import org.stackwise.internal.Parallel;
import org.stackwise.lazy.OutputTable;
import org.stackwise.learners.mlp.MlpLearner;
import org.stackwise.learners.mlp.MlpTrainer;

/**
 * Fits {@link Substackers} on labelled rows of an {@link OutputTable}. Networks are independent, so
 * they are fitted in parallel on {@link FitContext#threads()} threads, each seeded from its own
 * child context ({@code "sub-<set>"}, {@code "mask"}, {@code "full"}): the result does not depend on
 * the thread count.
 *
 * <p>Training rows: a SUB network for set {@code E} is trained on every given row
 * ({@link SubRows#ALL}, default) or only on rows whose policy order starts with {@code E}
 * ({@link SubRows#REACHING}: the rows that reach {@code E} online; falls back to all rows when fewer
 * than 20 do). The MASK network is trained on each row's prefixes of lengths 1..m−1 along its policy
 * order — the member sets it meets online. The full stacker is trained on all members of every row.
 */
public final class SubstackerTraining {
  /** Which rows train a SUB network. */
  public enum SubRows {
    /** All fitting rows. */
    ALL,
    /** Rows whose policy order starts with the set (at least 20, else all rows). */
    REACHING;

    public String id() { return name().toLowerCase(); }
  }

  /** What kind of combiner the substackers and the full stacker are. */
  public enum Kind {
    /** Small MLPs (the paper's substackers). */
    MLP,
    /** Weighted log-linear pools ({@link LogLinearPool}): one weight per member, class-symmetric. */
    LOGLINEAR;

    public String id() { return name().toLowerCase(); }

    public static Kind parse(String s, String source) {
      for (Kind k : values()) if (k.id().equals(s)) return k;
      throw new BadInputException(source, "stacker must be mlp or loglinear, got '" + s + "'");
    }
  }

  /** Fewest reaching rows before {@link SubRows#REACHING} falls back to all rows. */
  static final int MIN_REACHING = 20;

  /**
   * Network settings.
   *
   * @param features input transform
   * @param subNet hyperparameters of SUB networks
   * @param maskNet hyperparameters of the MASK network
   * @param fullNet hyperparameters of the full stacker (no hidden layer: multinomial logistic regression)
   * @param subRows which rows train SUB networks
   * @param kind MLP networks or log-linear pools
   * @param poolL2 weight penalty of log-linear pools
   */
  public record Params(Features features, MlpLearner subNet, MlpLearner maskNet, MlpLearner fullNet, SubRows subRows,
      Kind kind, double poolL2) {
    public Params {
      if (features == null || subNet == null || maskNet == null || fullNet == null || subRows == null || kind == null) {
        throw new BadInputException("params", "substacker settings must not be null");
      }
      if (kind == Kind.LOGLINEAR && features != Features.PROBA) {
        throw new BadInputException("params.features", "log-linear pools take probabilities (features proba), got " + features.id());
      }
      if (!(poolL2 >= 0) || Double.isInfinite(poolL2)) throw new BadInputException("params.pool_l2", "pool_l2 must be a finite number >= 0, got " + poolL2);
    }
  }

  private SubstackerTraining() { }

  /**
   * Fits SUB networks for {@code subSets}, the MASK network and the full stacker.
   *
   * @param table member outputs and labels
   * @param rows the fitting rows
   * @param orders each fitting row's full member order under the policy (for MASK and REACHING)
   * @param subSets member sets (bit masks, not the full set) that get a SUB network
   * @param extraSets more member sets that get a SUB network trained on all rows (e.g. the prefixes of
   *     an ablation's fixed order); sets in both lists are fitted once, by the rules of {@code subSets}
   */
  public static Substackers fit(OutputTable table, int[] rows, int[][] orders, int[] subSets, int[] extraSets, Params p,
      FitContext ctx) {
    return fit(table, rows, orders, subSets, extraSets, p, ctx, true);
  }

  private static Substackers fit(OutputTable table, int[] rows, int[][] orders, int[] subSets, int[] extraSets, Params p,
      FitContext ctx, boolean maskAndFull) {
    int m = table.memberCount();
    int k = table.classCount();
    int full = (1 << m) - 1;
    int[] y = new int[rows.length];
    for (int r = 0; r < rows.length; r++) {
      y[r] = table.label(rows[r]);
      if (y[r] < 0) throw new BadInputException("row '" + table.id(rows[r]) + "'", "substackers need labelled rows");
    }
    java.util.TreeSet<Integer> main = new java.util.TreeSet<>();
    for (int s : subSets) main.add(s);
    java.util.TreeSet<Integer> all = new java.util.TreeSet<>(main);
    for (int s : extraSets) all.add(s);
    int[] sets = all.stream().mapToInt(Integer::intValue).toArray();
    List<Callable<Combiner>> tasks = new ArrayList<>();
    for (int s : sets) {
      if (s <= 0 || s >= full) throw new IllegalArgumentException("bad SUB member set " + s);
      boolean reach = p.subRows() == SubRows.REACHING && main.contains(s);
      tasks.add(() -> {
        int[] use = reach ? reaching(s, orders) : null;
        if (use == null || use.length < MIN_REACHING) use = identity(rows.length);
        double[][] x = new double[use.length][];
        int[] yy = new int[use.length];
        for (int u = 0; u < use.length; u++) {
          x[u] = Substackers.subInput(s, outputs(table, rows[use[u]]), k, p.features());
          yy[u] = y[use[u]];
        }
        return train(x, yy, Integer.bitCount(s), k, false, p, p.subNet(), ctx.singleThreadedChild("sub-" + s));
      });
    }
    if (!maskAndFull) {
      List<Combiner> nets = Parallel.run(tasks, ctx.threads());
      Map<Integer, Combiner> subs = new HashMap<>();
      for (int i = 0; i < sets.length; i++) subs.put(sets[i], nets.get(i));
      return Substackers.subsOnly(m, k, p.features(), subs);
    }
    tasks.add(() -> {
      List<double[]> x = new ArrayList<>();
      List<Integer> yy = new ArrayList<>();
      for (int r = 0; r < rows.length; r++) {
        double[][] out = outputs(table, rows[r]);
        int set = 0;
        for (int step = 0; step < m - 1; step++) {
          set |= 1 << orders[r][step];
          x.add(Substackers.maskInput(set, out, m, k, p.features()));
          yy.add(y[r]);
        }
      }
      if (x.isEmpty()) {
        // one member: the MASK network is never used before the full set; train it on the full set
        for (int r = 0; r < rows.length; r++) {
          x.add(Substackers.maskInput(full, outputs(table, rows[r]), m, k, p.features()));
          yy.add(y[r]);
        }
      }
      return train(x.toArray(new double[0][]), yy.stream().mapToInt(Integer::intValue).toArray(), m, k, true, p,
          p.maskNet(), ctx.singleThreadedChild("mask"));
    });
    tasks.add(() -> {
      double[][] x = new double[rows.length][];
      for (int r = 0; r < rows.length; r++) x[r] = Substackers.subInput(full, outputs(table, rows[r]), k, p.features());
      return train(x, y, m, k, false, p, p.fullNet(), ctx.singleThreadedChild("full"));
    });
    List<Combiner> nets = Parallel.run(tasks, ctx.threads());
    Map<Integer, Combiner> subs = new HashMap<>();
    for (int i = 0; i < sets.length; i++) subs.put(sets[i], nets.get(i));
    return new Substackers(m, k, p.features(), subs, nets.get(sets.length), nets.get(sets.length + 1));
  }

  private static Combiner train(double[][] x, int[] y, int members, int k, boolean maskBits, Params p, MlpLearner net,
      FitContext ctx) {
    if (p.kind() == Kind.LOGLINEAR) {
      return LogLinearPool.fit(x, y, members, k, maskBits, p.poolL2());
    }
    return Combiner.mlp(MlpTrainer.fitClassifier(x, y, k, null, net, ctx));
  }

  /**
   * Fits only SUB combiners (for {@code subSets} and {@code extraSets}) and pairs them with the MASK
   * combiner and full stacker of {@code base} — for a second pass whose policy was solved on
   * {@code base}'s MASK combiner, which must therefore stay as it is.
   */
  public static Substackers fitSubsOnly(OutputTable table, int[] rows, int[][] orders, int[] subSets, int[] extraSets,
      Params p, Substackers base, FitContext ctx) {
    Substackers fresh = fit(table, rows, orders, subSets, extraSets, p, ctx, false);
    java.util.TreeSet<Integer> sets = new java.util.TreeSet<>();
    for (int s : subSets) sets.add(s);
    for (int s : extraSets) sets.add(s);
    return base.withSubsOf(fresh, sets.stream().mapToInt(Integer::intValue).toArray());
  }

  /** All members' outputs of one table row. */
  public static double[][] outputs(OutputTable t, int row) {
    double[][] out = new double[t.memberCount()][];
    for (int j = 0; j < out.length; j++) out[j] = t.proba(row, j);
    return out;
  }

  private static int[] reaching(int set, int[][] orders) {
    int len = Integer.bitCount(set);
    List<Integer> out = new ArrayList<>();
    for (int r = 0; r < orders.length; r++) {
      int s = 0;
      for (int i = 0; i < len; i++) s |= 1 << orders[r][i];
      if (s == set) out.add(r);
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int[] identity(int n) {
    int[] r = new int[n];
    for (int i = 0; i < n; i++) r[i] = i;
    return r;
  }
}
