package org.stackwise.learners.trees;

import java.util.HashMap;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.stackwise.BadInputException;
import org.stackwise.FitContext;
import org.stackwise.Model;
import org.stackwise.Task;
import org.stackwise.data.Dataset;
import org.stackwise.data.FittedPreprocessing;

/**
 * Trains an {@link XgBoostLearner}: one-hot encodes, boosts round by round (scoring a held-out split for
 * early stopping when asked), serialises XGBoost's JSON model and loads it back for prediction, so a fresh
 * model and one read from a file predict through the same path. Training objects are freed before
 * returning.
 */
final class XgBoostFitter {
  private XgBoostFitter() { }

  static Model fit(XgBoostLearner spec, Dataset data, FitContext context) {
    String who = "learner '" + XgBoostLearner.ID + "'";
    if (data.rows() < 1) throw new BadInputException(who, "needs at least 1 training row, got 0");
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

    FittedPreprocessing pre = ForestFitter.ENCODING.fit(data);
    int width = pre.width();
    float[] x = XgBoostModels.toFloat(ForestFitter.transform(pre, data));

    Map<String, Object> params = spec.boosterParams();
    if (!classification) {
      params.put("objective", "reg:squarederror");
      params.put("eval_metric", "rmse");
    } else if (classes == 2) {
      params.put("objective", "binary:logistic");
      params.put("eval_metric", "logloss");
    } else {
      params.put("objective", "multi:softprob");
      params.put("num_class", classes);
      params.put("eval_metric", "mlogloss");
    }
    params.put("seed", context.intSeed());
    params.put("nthread", context.threads());

    int[] trainRows = null;
    int[] validRows = null;
    if (spec.earlyStopping() && data.rows() >= 2) {
      Holdout h = Holdout.of(data, spec.validationFraction(), context.child("early-stopping").random());
      trainRows = h.train;
      validRows = h.validation;
    }
    byte[] bytes;
    int rounds;
    DMatrix train = null;
    DMatrix valid = null;
    Booster booster = null;
    try {
      train = matrix(x, width, trainRows, labels, w, data.rows(), data.hasWeights());
      if (validRows != null) valid = matrix(x, width, validRows, labels, w, data.rows(), data.hasWeights());
      booster = XGBoost.train(train, params, 0, new HashMap<>(), null, null);
      int best = 0;
      double bestLoss = Double.POSITIVE_INFINITY;
      rounds = 0;
      for (int it = 0; it < spec.numRounds(); it++) {
        context.checkCancelled();
        booster.update(train, it);
        rounds = it + 1;
        context.progress().update("xgboost rounds", rounds, spec.numRounds());
        if (valid != null) {
          double loss = lastMetric(booster.evalSet(new DMatrix[] {valid}, new String[] {"valid"}, it));
          if (loss < bestLoss) {
            bestLoss = loss;
            best = rounds;
          } else if (rounds - best >= spec.earlyStoppingRounds()) {
            break;
          }
        }
      }
      if (valid != null) rounds = Math.max(best, 1);
      bytes = booster.toByteArray("json");
    } catch (XGBoostError e) {
      throw new IllegalStateException("XGBoost training failed: " + e.getMessage(), e);
    } finally {
      if (booster != null) booster.dispose();
      if (valid != null) valid.dispose();
      if (train != null) train.dispose();
    }
    Booster b = XgBoostModels.loadBooster(bytes);
    return classification
        ? new XgBoostClassifier(pre, data.classes().classes(), bytes, rounds, b)
        : new XgBoostRegressor(pre, bytes, rounds, b);
  }

  /** The value of the last metric in an {@code evalSet} line such as {@code "[3]\tvalid-mlogloss:0.41"}. */
  private static double lastMetric(String line) {
    int colon = line.lastIndexOf(':');
    return Double.parseDouble(line.substring(colon + 1).trim());
  }

  private static DMatrix matrix(float[] x, int width, int[] rows, float[] labels, double[] weights, int n,
      boolean weighted) throws XGBoostError {
    int m = rows == null ? n : rows.length;
    float[] xs = x;
    float[] y = labels;
    float[] w = new float[m];
    if (rows != null) {
      xs = new float[m * width];
      y = new float[m];
      for (int i = 0; i < m; i++) {
        System.arraycopy(x, rows[i] * width, xs, i * width, width);
        y[i] = labels[rows[i]];
        w[i] = (float) weights[rows[i]];
      }
    } else {
      for (int i = 0; i < m; i++) w[i] = (float) weights[i];
    }
    DMatrix d = new DMatrix(xs, m, width, Float.NaN);
    try {
      d.setLabel(y);
      if (weighted) d.setWeight(w);
      return d;
    } catch (XGBoostError | RuntimeException e) {
      d.dispose();
      throw e;
    }
  }
}
