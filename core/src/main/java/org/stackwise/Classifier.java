package org.stackwise;

import java.util.List;
import org.stackwise.data.Dataset;

/**
 * A fitted classifier. Probabilities are over {@link #classes()} in that order, finite and summing to 1.
 * Implementations that can predict a batch faster than row by row override
 * {@link #predictProba(Dataset)}.
 */
public non-sealed interface Classifier extends Model {
  /** Class names in the order of probability columns (the training target's levels). */
  List<String> classes();

  /** Class probabilities for one raw feature row (schema space, NaN = missing). */
  double[] predictProba(double[] row);

  /** Class probabilities for every row of {@code data}; one array per row. */
  default double[][] predictProba(Dataset data) {
    double[][] out = new double[data.rows()][];
    double[] row = new double[data.columns()];
    for (int i = 0; i < out.length; i++) {
      data.copyRow(i, row);
      out[i] = predictProba(row);
    }
    return out;
  }

  /** Index (into {@link #classes()}) of the most probable class; ties go to the lower index. */
  default int predict(double[] row) {
    return argMax(predictProba(row));
  }

  /** Index of the largest value; ties go to the lower index. */
  static int argMax(double[] p) {
    int best = 0;
    for (int k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
    return best;
  }
}
