package org.stackwise.lazy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.stackwise.BadInputException;
import org.stackwise.Classifier;
import org.stackwise.Model;
import org.stackwise.data.Dataset;
import org.stackwise.ensemble.EnsembleModel;

/**
 * White-box members: a fitted ensemble (e.g. a {@link org.stackwise.ensemble.StackingClassifier}) whose
 * members lazy stacking can run itself. {@link #outputs} turns labelled rows into an
 * {@link OutputTable} with <em>measured</em> per-member costs; {@link #invoker} runs members on demand
 * for {@link LazyStackModel#predict}.
 *
 * <h2>Measuring cost</h2>
 * Each member predicts a batch of rows ({@link Timing#batchRows}, the first rows of the data) with its
 * batch path: {@link Timing#warmup} untimed runs (JIT, caches), then {@link Timing#repeats} timed runs;
 * the member's cost is the <b>median</b> run time divided by the batch's rows, in milliseconds per row.
 * Members are timed one after another on the calling thread (a library may still use its own threads;
 * the machine description says how many cores there were). The cost is the same for every row. Give
 * a {@link CostModel} instead to override the measurement (e.g. FLOPs, or costs from production).
 */
public final class WhiteBox {
  /**
   * Timing settings.
   *
   * @param warmup untimed runs before timing
   * @param repeats timed runs (the median is used)
   * @param batchRows rows per timed batch (at most the data's rows)
   */
  public record Timing(int warmup, int repeats, int batchRows) {
    public Timing {
      if (warmup < 0 || repeats < 1 || batchRows < 1) {
        throw new BadInputException("timing", "warmup >= 0, repeats >= 1 and batch_rows >= 1 are required, got "
            + warmup + ", " + repeats + ", " + batchRows);
      }
    }

    /** 2 warm-up runs, 7 timed runs, batches of 2000 rows. */
    public static Timing defaults() { return new Timing(2, 7, 2000); }
  }

  private WhiteBox() { }

  /** The classifier members of an ensemble, in order; members must predict the ensemble's classes. */
  public static List<Classifier> members(EnsembleModel ensemble, List<String> classes) {
    List<Classifier> out = new ArrayList<>();
    for (String name : ensemble.memberNames()) {
      Model m = ensemble.member(name);
      if (!(m instanceof Classifier c)) throw new BadInputException("member '" + name + "'", "lazy stacking needs classifier members");
      if (!c.classes().equals(classes)) {
        throw new BadInputException("member '" + name + "'", "predicts classes " + c.classes() + ", the ensemble " + classes);
      }
      out.add(c);
    }
    return out;
  }

  /**
   * Runs every member of {@code ensemble} on the labelled rows of {@code data} and measures their costs.
   *
   * @param classes the ensemble's classes (label order of the returned table)
   * @param costs costs to use instead of measuring, or null to measure
   */
  public static Measured outputs(EnsembleModel ensemble, List<String> classes, Dataset data, CostModel costs, Timing timing) {
    List<Classifier> members = members(ensemble, classes);
    List<String> names = ensemble.memberNames();
    int n = data.rows();
    if (n == 0) throw new BadInputException("data", "no rows");
    int[] y = new int[n];
    if (data.hasTarget()) {
      List<String> dataClasses = data.classes().classes();
      for (int i = 0; i < n; i++) {
        String c = dataClasses.get(data.classes().get(i));
        y[i] = classes.indexOf(c);
        if (y[i] < 0) throw new BadInputException("data", i + 1, 0, "label '" + c + "' is not one of the model's classes " + classes);
      }
    } else {
      Arrays.fill(y, -1);
    }
    Dataset features = data.featuresOnly();
    double[][][] p = new double[members.size()][][];
    for (int j = 0; j < members.size(); j++) p[j] = members.get(j).predictProba(features);
    CostModel model = costs;
    if (model == null) {
      double[] ms = new double[members.size()];
      int rows = Math.min(n, timing.batchRows());
      int[] idx = new int[rows];
      for (int i = 0; i < rows; i++) idx[i] = i;
      Dataset batch = features.select(idx);
      for (int j = 0; j < members.size(); j++) ms[j] = medianMillis(members.get(j), batch, timing) / rows;
      model = CostModel.perMember(names, ms, "ms").withSource("measured", machine() + "; median of " + timing.repeats()
          + " timed batch predictions of " + rows + " rows after " + timing.warmup() + " warm-up runs");
    } else if (!model.members().equals(names)) {
      throw new BadInputException("costs", "cost model members " + model.members() + " differ from the ensemble's " + names);
    }
    OutputTable.Builder b = OutputTable.builder(names, classes, model.unit());
    double[] c = model.means();
    for (int i = 0; i < n; i++) {
      double[][] d = new double[members.size()][];
      for (int j = 0; j < d.length; j++) d[j] = normalised(p[j][i]);
      b.add("row" + (i + 1), y[i], d, c);
    }
    return new Measured(b.build(), model);
  }

  /** A table and the cost model it was built with. */
  public record Measured(OutputTable table, CostModel costs) { }

  private static double[] normalised(double[] p) {
    // members guarantee sums of 1 up to rounding; renormalise so the table's ±1e-6 check always holds
    double s = 0;
    for (double v : p) s += v;
    double[] out = p.clone();
    for (int c = 0; c < out.length; c++) out[c] /= s;
    return out;
  }

  private static double medianMillis(Classifier c, Dataset batch, Timing timing) {
    for (int w = 0; w < timing.warmup(); w++) c.predictProba(batch);
    double[] t = new double[timing.repeats()];
    for (int r = 0; r < t.length; r++) {
      long t0 = System.nanoTime();
      c.predictProba(batch);
      t[r] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(t);
    return t.length % 2 == 1 ? t[t.length / 2] : (t[t.length / 2 - 1] + t[t.length / 2]) / 2;
  }

  /** Runs members of {@code ensemble} on one raw feature row; the cost is left to the cost model. */
  public static MemberInvoker<double[]> invoker(EnsembleModel ensemble, List<String> classes) {
    List<Classifier> members = members(ensemble, classes);
    return (j, name, row) -> MemberOutput.of(normalised(members.get(j).predictProba(row)));
  }

  /** OS, architecture, cores, Java version and CPU model (from /proc/cpuinfo when readable). */
  public static String machine() {
    String cpu = "";
    try {
      Path info = Path.of("/proc/cpuinfo");
      if (Files.isReadable(info)) {
        for (String line : Files.readAllLines(info)) {
          if (line.startsWith("model name")) {
            cpu = line.substring(line.indexOf(':') + 1).trim();
            break;
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      cpu = "";
    }
    return System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch")
        + ", " + Runtime.getRuntime().availableProcessors() + " cores" + (cpu.isEmpty() ? "" : " (" + cpu + ")")
        + ", Java " + System.getProperty("java.version");
  }
}
