package org.stackwise.data;

import java.util.List;

/**
 * How a learner wants its features prepared: one-hot encoding of categorical columns (else their
 * level index is kept as a number), imputation of missing values (numeric: training mean; one-hot: all
 * zeros), and standardisation of numeric columns (training mean and standard deviation).
 *
 * <p>This is a spec; {@link #fit} learns the statistics from training rows only and returns the
 * immutable {@link FittedPreprocessing} stored inside the fitted model.
 */
public record Preprocessing(boolean oneHot, boolean impute, boolean standardize) {
  /** Nothing changes: for learners that take raw values and NaN (gradient boosting). */
  public static final Preprocessing NONE = new Preprocessing(false, false, false);
  /** One-hot, imputed and standardised: for linear models, SVMs, k-NN and neural networks. */
  public static final Preprocessing LINEAR = new Preprocessing(true, true, true);
  /** One-hot and imputed, not scaled: for models invariant to scale. */
  public static final Preprocessing ENCODED = new Preprocessing(true, true, false);

  /** Learns imputation and scaling statistics from {@code train}. */
  public FittedPreprocessing fit(Dataset train) {
    Schema schema = train.schema();
    int p = schema.size();
    double[] mean = new double[p];
    double[] sd = new double[p];
    for (int j = 0; j < p; j++) {
      if (schema.column(j).isCategorical()) continue;
      double sum = 0;
      double sumSq = 0;
      int n = 0;
      for (int i = 0; i < train.rows(); i++) {
        double v = train.get(i, j);
        if (Double.isNaN(v)) continue;
        sum += v;
        n++;
      }
      double m = n == 0 ? 0 : sum / n;
      for (int i = 0; i < train.rows(); i++) {
        double v = train.get(i, j);
        if (Double.isNaN(v)) continue;
        sumSq += (v - m) * (v - m);
      }
      mean[j] = m;
      double s = n < 2 ? 0 : Math.sqrt(sumSq / n);
      sd[j] = s > 1e-12 ? s : 1.0; // constant columns are left centred, not divided by zero
    }
    return new FittedPreprocessing(this, schema, mean, sd);
  }

  /** Output column names for a schema under this spec. */
  List<String> outputNames(Schema schema) {
    java.util.ArrayList<String> names = new java.util.ArrayList<>();
    for (Column c : schema.columns()) {
      if (c.isCategorical() && oneHot) {
        for (String level : c.levels()) names.add(c.name() + "=" + level);
      } else {
        names.add(c.name());
      }
    }
    return names;
  }
}
