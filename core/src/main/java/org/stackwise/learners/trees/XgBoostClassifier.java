package org.stackwise.learners.trees;

import java.io.IOException;
import java.util.List;
import ml.dmlc.xgboost4j.java.Booster;
import org.stackwise.Classifier;
import org.stackwise.DecisionFunction;
import org.stackwise.data.Dataset;
import org.stackwise.data.FittedPreprocessing;
import org.stackwise.data.Schema;
import org.stackwise.io.ModelWriter;

/**
 * A fitted XGBoost classifier. Probabilities are computed in double precision from XGBoost's raw
 * margins (sigmoid for two classes, softmax for more), so they sum to 1 exactly enough for stacking;
 * {@link #decision} returns the margins (one for two classes, positive favouring the second). Thread-safe:
 * XGBoost's prediction is thread-safe for tree boosters since 1.4, and the booster is never modified
 * after loading.
 */
public final class XgBoostClassifier implements Classifier, DecisionFunction {
  private final FittedPreprocessing pre;
  private final List<String> classes;
  private final byte[] model;
  private final int rounds;
  private final Booster booster;

  XgBoostClassifier(FittedPreprocessing pre, List<String> classes, byte[] model, int rounds, Booster booster) {
    this.pre = pre;
    this.classes = List.copyOf(classes);
    this.model = model.clone();
    this.rounds = rounds;
    this.booster = booster;
  }

  @Override public Schema schema() { return pre.schema(); }
  @Override public String kind() { return XgBoostLearner.ID; }
  @Override public List<String> classes() { return classes; }

  /** Boosting rounds used for prediction (fewer than trained when early stopping kept an earlier round). */
  public int rounds() { return rounds; }

  @Override public double[] predictProba(double[] row) {
    return proba(decision(row));
  }

  @Override public double[][] predictProba(Dataset data) {
    float[][] m = XgBoostModels.margins(booster, pre, data, rounds);
    double[][] out = new double[m.length][];
    for (int i = 0; i < m.length; i++) out[i] = proba(XgBoostModels.toDouble(m[i]));
    return out;
  }

  @Override public double[] decision(double[] row) {
    return XgBoostModels.toDouble(XgBoostModels.margins(booster, pre, row, rounds));
  }

  private double[] proba(double[] margin) {
    if (classes.size() == 2) {
      double p = 1 / (1 + Math.exp(-margin[0]));
      return new double[] {1 - p, p};
    }
    double max = Double.NEGATIVE_INFINITY;
    for (double v : margin) max = Math.max(max, v);
    double[] p = new double[margin.length];
    double sum = 0;
    for (int k = 0; k < p.length; k++) {
      p[k] = Math.exp(margin[k] - max);
      sum += p[k];
    }
    for (int k = 0; k < p.length; k++) p[k] /= sum;
    return p;
  }

  @Override public void write(ModelWriter out) throws IOException {
    XgBoostModels.write(out, pre, classes, model, rounds);
  }

  @Override public String toString() {
    return "xgboost classifier (" + classes.size() + " classes, " + rounds + " rounds)";
  }
}
