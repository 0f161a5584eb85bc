package org.stackwise.learners.trees;

import java.io.IOException;
import ml.dmlc.xgboost4j.java.Booster;
import org.stackwise.Regressor;
import org.stackwise.data.Dataset;
import org.stackwise.data.FittedPreprocessing;
import org.stackwise.data.Schema;
import org.stackwise.io.ModelWriter;

/** A fitted XGBoost regressor (squared error). Thread-safe, as {@link XgBoostClassifier}. */
public final class XgBoostRegressor implements Regressor {
  private final FittedPreprocessing pre;
  private final byte[] model;
  private final int rounds;
  private final Booster booster;

  XgBoostRegressor(FittedPreprocessing pre, byte[] model, int rounds, Booster booster) {
    this.pre = pre;
    this.model = model.clone();
    this.rounds = rounds;
    this.booster = booster;
  }

  @Override public Schema schema() { return pre.schema(); }
  @Override public String kind() { return XgBoostLearner.ID; }

  /** Boosting rounds used for prediction. */
  public int rounds() { return rounds; }

  @Override public double predict(double[] row) {
    return XgBoostModels.margins(booster, pre, row, rounds)[0];
  }

  @Override public double[] predict(Dataset data) {
    float[][] m = XgBoostModels.margins(booster, pre, data, rounds);
    double[] out = new double[m.length];
    for (int i = 0; i < m.length; i++) out[i] = m[i][0];
    return out;
  }

  @Override public void write(ModelWriter out) throws IOException {
    XgBoostModels.write(out, pre, null, model, rounds);
  }

  @Override public String toString() {
    return "xgboost regressor (" + rounds + " rounds)";
  }
}
