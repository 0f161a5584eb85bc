package org.stackwise.learners;

import java.util.Map;
import java.util.TreeMap;
import org.stackwise.io.ModelLoader;

/** Model kinds of the base-learner catalogue, for {@link org.stackwise.io.ModelLoaders}. */
public final class CatalogueModels {
  private CatalogueModels() { }

  public static Map<String, ModelLoader> loaders() {
    Map<String, ModelLoader> m = new TreeMap<>();
    // one line per model kind: m.put("kind", SomeModel::load);
    m.put("logistic", org.stackwise.learners.linear.LogisticModel::load);
    m.put("ridge", org.stackwise.learners.linear.RidgeRegressor::load);
    m.put("ridge_classifier", org.stackwise.learners.linear.RidgeClassifier::load);
    m.put("linear_svm", org.stackwise.learners.svm.LinearSvmClassifier::load);
    m.put("linear_svr", org.stackwise.learners.svm.LinearSvmRegressor::load);
    m.put("svm", org.stackwise.learners.svm.SvmClassifier::load);
    m.put("svr", org.stackwise.learners.svm.SvmRegressor::load);
    m.put("knn", org.stackwise.learners.neighbors.KnnClassifier::load);
    m.put("knn_regressor", org.stackwise.learners.neighbors.KnnRegressor::load);
    m.put("naive_bayes", org.stackwise.learners.bayes.NaiveBayesModel::load);
    m.put("decision_tree", in -> org.stackwise.learners.trees.ForestModels.load(in, "decision_tree"));
    m.put("random_forest", in -> org.stackwise.learners.trees.ForestModels.load(in, "random_forest"));
    m.put("extra_trees", in -> org.stackwise.learners.trees.ForestModels.load(in, "extra_trees"));
    m.put("lightgbm", org.stackwise.learners.trees.LightGbmModels::load);
    m.put("xgboost", org.stackwise.learners.trees.XgBoostModels::load);
    m.put("mlp", org.stackwise.learners.mlp.MlpModels::load);
    return m;
  }
}
