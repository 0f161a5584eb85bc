package org.stackwise.cli.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import org.stackwise.BadInputException;
import org.stackwise.FitContext;
import org.stackwise.Model;
import org.stackwise.data.Dataset;
import org.stackwise.lazy.LazyStackModel;
import org.stackwise.lazy.OutputTable;

/**
 * Self-contained HTML reports of fitted models on labelled data, as written by {@code stackwise report}:
 * one file with inline SVG charts and no external resource, so it opens offline from disk.
 *
 * <ul>
 *   <li>{@link #model}: members and combiners with out-of-fold and test scores (bootstrap 95 %
 *       intervals) and predict times; meta-learner weights; member error correlation (diversity);
 *       confusion matrix; reliability diagram; expert utilisation of a mixture of experts. Regressors get
 *       a predicted-against-actual plot instead of the confusion matrix and calibration.
 *   <li>{@link #lazy}: cost–accuracy curves of every method (log-scale cost), the trajectories as a
 *       flow, the most frequent paths, exits per depth, cost per class, confusion matrix and calibration.
 * </ul>
 */
public final class HtmlReport {
  /**
   * Report settings.
   *
   * @param seed seed of the bootstrap
   * @param resamples bootstrap resamples per interval
   */
  public record Options(long seed, int resamples) {
    public Options {
      if (resamples < 10 || resamples > 100_000) {
        throw new BadInputException("--bootstrap", "bootstrap resamples must be between 10 and 100000, got " + resamples);
      }
    }

    /** Seed 42, 1000 resamples. */
    public static Options defaults() {
      return new Options(42, 1000);
    }
  }

  private HtmlReport() { }

  /** A stand-in manifest for a model fitted in memory (not loaded from a file): its fit time, rows and seed. */
  public static ObjectNode manifest(double fitSeconds, int trainRows, long seed) {
    ObjectNode m = org.stackwise.io.Json.object();
    ObjectNode p = m.putObject("provenance");
    p.put("fit_seconds", fitSeconds);
    p.put("train_rows", trainRows);
    p.put("seed", seed);
    p.put("created_at", java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    return m;
  }

  /**
   * The report of {@code model} on the labelled rows of {@code data} (read against the model's schema and
   * classes).
   *
   * @param manifest the model file's manifest (for provenance), or null
   * @param progress receives "predictions" and "bootstrap" steps
   */
  public static String model(Model model, ObjectNode manifest, Dataset data, String modelName, String dataName, Options options,
                             FitContext.Progress progress) {
    Objects.requireNonNull(model, "model");
    if (!data.hasTarget()) throw new BadInputException("data", "the report needs labelled rows: the target column is missing");
    if (data.rows() == 0) throw new BadInputException("data", "no rows");
    return new ModelReport(model, manifest, data, options, progress).render(modelName, dataName);
  }

  /**
   * The report of a lazy stack on labelled rows whose member outputs (and costs) are in {@code table}.
   *
   * @param progress receives "cascades" steps
   */
  public static String lazy(LazyStackModel lazy, OutputTable table, String lazyName, String dataName, Options options,
                            FitContext.Progress progress) {
    if (!table.labelled()) throw new BadInputException("data", "the report needs labelled rows; some rows have no label");
    if (table.rows() == 0) throw new BadInputException("data", "no rows");
    return new LazyStackReport(lazy, table, options, progress).render(lazyName, dataName);
  }
}
