package org.stackwise.learners.trees;

import java.util.StringJoiner;
import org.stackwise.BadInputException;
import org.stackwise.FitContext;
import org.stackwise.Model;
import org.stackwise.Task;
import org.stackwise.data.Dataset;
import org.stackwise.data.Schema;

/**
 * Trains a {@link LightGbmLearner}: builds LightGBM datasets from the raw rows, boosts (with optional
 * early stopping on a held-out split), saves LightGBM's text model and loads it back for prediction, so a
 * freshly fitted model and one read from a file predict through exactly the same path. Native training
 * objects are freed before returning.
 */
final class LightGbmFitter {
  private LightGbmFitter() { }

  static Model fit(LightGbmLearner spec, Dataset data, FitContext context) {
    LightGbmNative.ensureLoaded();
    String who = "learner '" + LightGbmLearner.ID + "'";
    if (data.rows() < 1) throw new BadInputException(who, "needs at least 1 training row, got 0");
    Schema schema = data.schema();
    boolean classification = data.task() == Task.CLASSIFICATION;
    int classes = classification ? data.classes().numClasses() : 0;
    if (classification && classes < 2) {
      throw new BadInputException(who, "needs a target with at least 2 classes, got " + classes);
    }
    float[] labels = new float[data.rows()];
    if (classification) {
      for (int i = 0; i < labels.length; i++) labels[i] = data.classes().get(i);
    } else {
      double[] y = data.numericTarget().values();
      for (int i = 0; i < labels.length; i++) {
        if (!Double.isFinite(y[i])) {
          throw new BadInputException("target '" + data.target().name() + "'", "row " + (i + 1)
              + ": the target must be a finite number, got " + y[i]);
        }
        labels[i] = (float) y[i];
      }
    }
    double[] w = data.weights();
    double wsum = 0;
    for (double v : w) wsum += v;
    if (!(wsum > 0)) throw new BadInputException(who, "row weights must not all be zero");

    int seed = context.intSeed();
    int threads = LightGbmNative.threadsFor(context.threads(), data.rows(), data.columns());
    String objective;
    String metric;
    if (!classification) {
      objective = "objective=regression";
      metric = "l2";
    } else if (classes == 2) {
      objective = "objective=binary";
      metric = "binary_logloss";
    } else {
      objective = "objective=multiclass num_class=" + classes;
      metric = "multi_logloss";
    }
    String datasetParams = "max_bin=" + spec.maxBin() + " feature_pre_filter=false verbose=-1 seed=" + seed
        + categoricalParam(schema);
    // Single-threaded, row-wise histograms are 12-20 % faster (letter, NSL-KDD, shuttle) and add each row's
    // gradient to every cell in row order, as column-wise ones do: the same model. With several threads,
    // row-wise histograms are summed per thread block, so column-wise keeps the model thread-count free.
    String histograms = threads == 1 ? "force_row_wise=true" : "force_col_wise=true";
    String boosterParams = objective + " metric=" + metric + " " + spec.boosterParams()
        + " deterministic=true " + histograms + " verbose=-1 seed=" + seed + " num_threads=" + threads;

    int[] trainRows = null;
    int[] validRows = null;
    if (spec.earlyStopping() && data.rows() >= 2) {
      Holdout h = Holdout.of(data, spec.validationFraction(), context.child("early-stopping").random());
      trainRows = h.train;
      validRows = h.validation;
    }
    String text;
    LightGbmNative.TrainingData train = null;
    LightGbmNative.TrainingData valid = null;
    LightGbmNative.Trainer booster = null;
    try {
      train = dataset(data, trainRows, labels, w, datasetParams, null);
      if (validRows != null) valid = dataset(data, validRows, labels, w, datasetParams, train);
      booster = new LightGbmNative.Trainer(train, boosterParams);
      if (valid != null) booster.addValidation(valid);
      int best = 0;
      double bestLoss = Double.POSITIVE_INFINITY;
      int iterations = 0;
      for (int it = 1; it <= spec.numIterations(); it++) {
        context.checkCancelled();
        boolean finished = booster.updateOneIter();
        iterations = it;
        context.progress().update("lightgbm iterations", it, spec.numIterations());
        if (valid != null) {
          double loss = booster.validationLoss();
          if (loss < bestLoss) {
            bestLoss = loss;
            best = it;
          } else if (it - best >= spec.earlyStoppingRounds()) {
            break;
          }
        }
        if (finished) break; // no split has positive gain any more
      }
      text = booster.modelText(valid != null ? Math.max(best, 1) : iterations);
      // the parameters section records the thread count; keep saved models identical at any thread count
      text = text.replace("\n[num_threads: " + threads + "]\n", "\n[num_threads: 0]\n")
          // and the histogram layout, which does not change the model (see above)
          .replace("\n[force_col_wise: 0]\n", "\n[force_col_wise: 1]\n")
          .replace("\n[force_row_wise: 1]\n", "\n[force_row_wise: 0]\n");
    } catch (LightGbmNative.LightGbmError e) {
      throw new IllegalStateException("LightGBM training failed: " + e.getMessage(), e);
    } finally {
      if (booster != null) booster.close();
      if (valid != null) valid.close();
      if (train != null) train.close();
    }
    LightGbmTrees trees;
    try {
      trees = LightGbmModels.parse(text, schema.size(), classification ? classes : 0);
    } catch (LightGbmText.Invalid e) {
      throw new IllegalStateException("LightGBM wrote a model this version cannot read: " + e.getMessage(), e);
    }
    return classification
        ? new LightGbmClassifier(schema, data.classes().classes(), text, trees)
        : new LightGbmRegressor(schema, text, trees);
  }

  /** {@code " categorical_feature=i,j"} for the schema's categorical columns, or "". */
  private static String categoricalParam(Schema schema) {
    StringJoiner j = new StringJoiner(",", " categorical_feature=", "");
    j.setEmptyValue("");
    for (int c = 0; c < schema.size(); c++) if (schema.column(c).isCategorical()) j.add(Integer.toString(c));
    return j.toString();
  }

  private static LightGbmNative.TrainingData dataset(Dataset data, int[] rows, float[] labels, double[] weights,
      String params, LightGbmNative.TrainingData reference) {
    Dataset part = rows == null ? data : data.select(rows);
    int n = part.rows();
    float[] y = new float[n];
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      int r = rows == null ? i : rows[i];
      y[i] = labels[r];
      w[i] = (float) weights[r];
    }
    LightGbmNative.TrainingData ds = new LightGbmNative.TrainingData(part.toRowMajor(), n, part.columns(), params, reference);
    try {
      ds.setField("label", y);
      if (data.hasWeights()) ds.setField("weight", w);
      return ds;
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
  }
}
