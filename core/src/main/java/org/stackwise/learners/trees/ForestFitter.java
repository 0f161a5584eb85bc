package org.stackwise.learners.trees;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.stackwise.BadInputException;
import org.stackwise.FitContext;
import org.stackwise.Model;
import org.stackwise.OutOfBagLearner;
import org.stackwise.Task;
import org.stackwise.data.Dataset;
import org.stackwise.data.FittedPreprocessing;
import org.stackwise.data.Preprocessing;
import org.stackwise.data.Target;

/**
 * Fits the tree learners of this package: one-hot encodes categorical columns (missing values stay
 * NaN), bins the features once, then grows the trees — in parallel over {@link FitContext#threads()}
 * threads when there are several. Tree {@code t} draws everything (bootstrap rows, feature order,
 * random thresholds) from its own seed, taken up front from the context's random stream, so the forest
 * is the same bits whatever the number of threads or the order in which trees finish.
 */
final class ForestFitter {
  /** One-hot categorical columns, leave numeric values (and NaN) as they are. */
  static final Preprocessing ENCODING = new Preprocessing(true, false, false);

  /** What to grow. */
  record Spec(String kind, int trees, boolean bootstrap, TreeGrower.Splitter splitter, String maxFeatures,
      int maxDepth, int minSamplesSplit, int minSamplesLeaf, int maxBins) { }

  private ForestFitter() { }

  static Model fit(Spec spec, Dataset data, FitContext context) {
    return grow(spec, data, context, false).model();
  }

  /**
   * {@link #fit}, plus every row's prediction by the trees whose bootstrap sample left it out: summed in
   * tree order, so the same bits at any thread count.
   */
  static OutOfBagLearner.OutOfBagFit fitOutOfBag(Spec spec, Dataset data, FitContext context) {
    if (!spec.bootstrap()) {
      throw new IllegalStateException(spec.kind() + " without bootstrap has no out-of-bag rows: every tree sees every row");
    }
    Grown g = grow(spec, data, context, true);
    int n = data.rows();
    int width = g.width();
    Tree[] trees = g.trees();
    boolean classification = g.classes() > 0;
    double[][] out = new double[n][classification ? g.classes() : 1];
    int[] votes = new int[n];
    for (int t = 0; t < trees.length; t++) {
      long[] inBag = g.inBag()[t];
      Tree tree = trees[t];
      for (int i = 0; i < n; i++) {
        if ((inBag[i >>> 6] & (1L << i)) != 0) continue;
        int leaf = tree.leaf(g.x(), i * width);
        if (classification) tree.addLeafProba(leaf, out[i]);
        else out[i][0] += tree.leafValue(leaf);
        votes[i]++;
      }
    }
    return OutOfBagLearner.OutOfBagFit.averaged(g.model(), out, votes, classification);
  }

  /** A grown forest with what the out-of-bag predictions need: the encoded rows and each tree's in-bag rows. */
  private record Grown(Model model, Tree[] trees, double[] x, int width, int classes, long[][] inBag) { }

  private static Grown grow(Spec spec, Dataset data, FitContext context, boolean keepBags) {
    int n = data.rows();
    if (n < 1) throw new BadInputException("learner '" + spec.kind() + "'", "needs at least 1 training row, got 0");
    double[] rowWeights = data.weights();
    double sum = 0;
    for (double w : rowWeights) sum += w;
    if (!(sum > 0)) throw new BadInputException("learner '" + spec.kind() + "'", "row weights must not all be zero");

    FittedPreprocessing pre = ENCODING.fit(data);
    int width = pre.width();
    double[] x = transform(pre, data);
    FeatureBins bins = FeatureBins.of(x, n, width, spec.maxBins());
    int classes;
    int[] yClass = null;
    double[] yValue = null;
    if (data.task() == Task.CLASSIFICATION) {
      Target.Classes t = data.classes();
      classes = t.numClasses();
      yClass = t.indices();
    } else {
      classes = 0;
      yValue = data.numericTarget().values();
      for (int i = 0; i < n; i++) {
        if (!Double.isFinite(yValue[i])) {
          throw new BadInputException("target '" + data.target().name() + "'", "row " + (i + 1)
              + ": the target must be a finite number, got " + yValue[i]);
        }
      }
    }
    int mtry = resolveMaxFeatures(spec.maxFeatures(), width, data.task());
    int maxDepth = spec.maxDepth() <= 0 ? Integer.MAX_VALUE : spec.maxDepth();

    long[] seeds = new long[spec.trees()];
    SplittableRandom base = context.random();
    for (int t = 0; t < seeds.length; t++) seeds[t] = base.nextLong();

    final int[] yc = yClass;
    final double[] yv = yValue;
    AtomicLong done = new AtomicLong();
    long[][] inBag = keepBags ? new long[seeds.length][] : null;
    TreeTask task = (t, grower) -> {
      context.checkCancelled();
      SplittableRandom r = new SplittableRandom(seeds[t]);
      double[] w = rowWeights.clone();
      if (spec.bootstrap()) {
        int[] counts = new int[n];
        for (int i = 0; i < n; i++) counts[r.nextInt(n)]++;
        for (int i = 0; i < n; i++) w[i] *= counts[i];
        if (inBag != null) {
          // a row drawn at least once was seen by this tree, whatever its weight
          long[] bits = new long[(n + 63) >>> 6];
          for (int i = 0; i < n; i++) if (counts[i] > 0) bits[i >>> 6] |= 1L << i;
          inBag[t] = bits;
        }
      }
      Tree tree = grower.grow(w, r);
      context.progress().update("trees", done.incrementAndGet(), seeds.length);
      return tree;
    };
    // one grower per worker thread, reused for its trees: its work arrays (the histograms, four copies of
    // them for few-bin features: 213 KB with 26 classes) are allocated once, not once per tree
    Supplier<TreeGrower> growers = () -> new TreeGrower(bins, classes, yc, yv, spec.splitter(), mtry, maxDepth,
        spec.minSamplesSplit(), spec.minSamplesLeaf());
    List<Tree> trees = growAll(growers, task, seeds.length, context.threads());
    Tree[] arr = trees.toArray(new Tree[0]);
    Model model = classes > 0
        ? new ForestClassifier(spec.kind(), pre, data.classes().classes(), arr)
        : new ForestRegressor(spec.kind(), pre, arr);
    return new Grown(model, arr, keepBags ? x : null, width, classes, inBag);
  }

  @FunctionalInterface
  private interface TreeTask {
    /** Tree {@code t}, grown with {@code grower} (which depends only on the fit, so any worker's will do). */
    Tree grow(int t, TreeGrower grower);
  }

  /** Trees 0 … count−1 in order; each worker thread takes the next tree index and grows it with its own grower. */
  private static List<Tree> growAll(Supplier<TreeGrower> growers, TreeTask task, int count, int threads) {
    Tree[] out = new Tree[count];
    if (threads <= 1 || count == 1) {
      TreeGrower grower = growers.get();
      for (int t = 0; t < count; t++) out[t] = task.grow(t, grower);
      return List.of(out);
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, count), r -> {
      Thread th = new Thread(r, "stackwise-trees");
      th.setDaemon(true);
      return th;
    });
    try {
      AtomicInteger next = new AtomicInteger();
      List<Future<?>> fs = new ArrayList<>();
      for (int w = 0; w < Math.min(threads, count); w++) {
        fs.add(pool.submit(() -> {
          TreeGrower grower = growers.get();
          for (int t; (t = next.getAndIncrement()) < count; ) out[t] = task.grow(t, grower);
          return null;
        }));
      }
      for (Future<?> f : fs) f.get();
      return List.of(out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.util.concurrent.CancellationException("interrupted while growing trees");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) throw re;
      if (c instanceof Error err) throw err;
      throw new IllegalStateException(c);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Features tried per split: {@code "auto"} is {@code "sqrt"} for classification and {@code "all"} for
   * regression (scikit-learn 1.2's forest defaults); a fraction {@code f} means {@code max(1, ⌊f·p⌋)}.
   */
  static int resolveMaxFeatures(String spec, int width, Task task) {
    String s = spec.equals("auto") ? (task == Task.CLASSIFICATION ? "sqrt" : "all") : spec;
    int m = switch (s) {
      case "all" -> width;
      case "sqrt" -> (int) Math.floor(Math.sqrt(width));
      case "log2" -> (int) Math.floor(Math.log(width) / Math.log(2));
      default -> (int) Math.floor(Double.parseDouble(s) * width);
    };
    return Math.max(1, Math.min(width, m));
  }

  /** Validates a {@code max_features} value; returns it normalised. */
  static String checkMaxFeatures(String value) {
    String rule = "max_features must be \"auto\", \"sqrt\", \"log2\", \"all\" or a fraction in (0, 1], got " + value;
    if (value == null) throw new BadInputException("params.max_features", rule);
    String v = value.trim();
    switch (v) {
      case "auto", "sqrt", "log2", "all" -> { return v; }
      default -> { }
    }
    try {
      double f = Double.parseDouble(v);
      if (f > 0 && f <= 1) return v;
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw new BadInputException("params.max_features", rule);
  }

  /** All rows of {@code data} through {@code pre}, row-major. */
  static double[] transform(FittedPreprocessing pre, Dataset data) {
    int w = pre.width();
    int n = data.rows();
    double[] out = new double[n * w];
    double[] raw = new double[data.columns()];
    double[] row = new double[w];
    for (int i = 0; i < n; i++) {
      data.copyRow(i, raw);
      pre.transform(raw, row);
      System.arraycopy(row, 0, out, i * w, w);
    }
    return out;
  }
}
