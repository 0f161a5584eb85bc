package org.stackwise.bench;

import java.util.List;

/**
 * One row of the learner table: a Stackwise catalogue learner (as a spec) and its scikit-learn 1.2
 * counterpart, as fitted by {@code bench/python/reference.py} under the same id.
 *
 * @param id the Stackwise learner id (also the reference script's model key)
 * @param spec the Stackwise spec fitted on our side
 * @param counterpart the scikit-learn estimator, for the report; null when there is none
 * @param targeted whether the accuracy target (|Δ| ≤ 2 points) applies; otherwise only reported
 * @param maxTrainRows skip on both sides above this many training rows (0 = never skip)
 */
record Contender(String id, String spec, String counterpart, boolean targeted, int maxTrainRows) {
  /** Rows above which kernel SVMs are skipped on both sides (SVC is quadratic to cubic in rows). */
  static final int SVM_MAX_TRAIN_ROWS = 10_000;

  /** The learner table, in catalogue order. */
  static final List<Contender> ALL = List.of(
      learner("logistic", "StandardScaler + LogisticRegression(max_iter=1000)", true),
      learner("linear_svm", "StandardScaler + LinearSVC() (no probabilities)", false),
      new Contender("svm", spec("svm"), "StandardScaler + SVC(probability=True)", false, SVM_MAX_TRAIN_ROWS),
      // k = 15 on both sides, as in the default preset
      new Contender("knn", "{\"learner\": \"knn\", \"params\": {\"k\": 15}}",
          "StandardScaler + KNeighborsClassifier(15, n_jobs=2)", true, 0),
      learner("naive_bayes", "GaussianNB()", true),
      learner("decision_tree", "DecisionTreeClassifier()", false),
      learner("random_forest", "RandomForestClassifier(n_estimators=300, n_jobs=2)", true),
      learner("extra_trees", "ExtraTreesClassifier(n_estimators=300, n_jobs=2)", false),
      learner("lightgbm", "HistGradientBoostingClassifier()", true),
      learner("xgboost", null, false),
      learner("mlp", "StandardScaler + MLPClassifier()", false));

  private static Contender learner(String id, String counterpart, boolean targeted) {
    return new Contender(id, spec(id), counterpart, targeted, 0);
  }

  private static String spec(String id) {
    return "{\"learner\": \"" + id + "\"}";
  }

  /** Why this contender is skipped on a training set of {@code trainRows} rows, or null. */
  String skipReason(int trainRows) {
    if (maxTrainRows > 0 && trainRows > maxTrainRows) {
      return "skipped on both sides: " + trainRows + " training rows > " + maxTrainRows
          + " (kernel SVM fit time grows quadratically or worse)";
    }
    return null;
  }
}
