package org.stackwise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.stackwise.Classifier;
import org.stackwise.Model;
import org.stackwise.Regressor;
import org.stackwise.data.Dataset;
import org.stackwise.data.Target;

/** Predictions of a model on a data set and their scores against its target. */
final class Evaluation {
  private Evaluation() { }

  /** Class distributions (classifiers) or one-element arrays (regressors), one per row. */
  static double[][] predict(Model m, Dataset data) {
    Dataset features = data.hasTarget() ? data.featuresOnly() : data;
    if (m instanceof Classifier c) return c.predictProba(features);
    double[] y = ((Regressor) m).predict(features);
    double[][] out = new double[y.length][];
    for (int i = 0; i < y.length; i++) out[i] = new double[] {y[i]};
    return out;
  }

  /** Every metric of {@link Scores} for predictions of the rows of {@code target} (unweighted). */
  static ObjectNode score(Target target, double[][] predictions) {
    return score(target, predictions, null, false);
  }

  /**
   * Every metric of {@link Scores}; {@code weights} may be null; {@code confusion} adds the confusion
   * matrix of a classifier.
   */
  static ObjectNode score(Target target, double[][] predictions, double[] weights, boolean confusion) {
    if (target instanceof Target.Classes c) {
      return Scores.classification(c.indices(), predictions, c.numClasses(), weights, confusion);
    }
    double[] y = ((Target.Numeric) target).values();
    double[] f = new double[y.length];
    for (int i = 0; i < f.length; i++) f[i] = predictions[i][0];
    return Scores.regression(y, f, weights);
  }

  /** A metric from a score object, NaN when missing or null. */
  static double metric(JsonNode scores, String key) {
    JsonNode v = scores == null ? null : scores.get(key);
    return v == null || !v.isNumber() ? Double.NaN : v.asDouble();
  }
}
