package org.stackwise.learners.trees;

import org.stackwise.BadInputException;
import org.stackwise.FitContext;
import org.stackwise.Learner;
import org.stackwise.Model;
import org.stackwise.Task;
import org.stackwise.data.Dataset;

/**
 * A single CART decision tree ({@code "decision_tree"}, Breiman, Friedman, Olshen and Stone 1984):
 * Gini impurity for classification, squared error for regression, grown until leaves are pure or a
 * limit stops them. Defaults follow scikit-learn's {@code DecisionTreeClassifier}/{@code Regressor}:
 * every feature is tried at every split, unlimited depth, one row per leaf allowed.
 *
 * <p>Categorical columns are one-hot encoded; missing values go to the better side of each split. Row
 * weights scale impurities and leaf values. With {@code max_features} below {@code "all"} the tree is
 * randomised by the fit seed. Class probabilities are the leaf's weighted class shares.
 *
 * @param maxFeatures features tried per split: {@code "auto"} ({@code "sqrt"} for classification,
 *     {@code "all"} for regression), {@code "sqrt"}, {@code "log2"}, {@code "all"}, or a fraction in
 *     (0, 1] of the (one-hot encoded) features; features constant in a node do not count
 * @param maxDepth maximum depth (root = 0); 0 for unlimited
 * @param minSamplesSplit a node with fewer training rows is not split (at least 2)
 * @param minSamplesLeaf each child of a split keeps at least this many training rows
 * @param maxBins features with more distinct training values are cut into this many bins of similar
 *     row counts (2..255); features with fewer are split exactly as an exhaustive search would
 */
public record DecisionTreeLearner(String maxFeatures, int maxDepth, int minSamplesSplit, int minSamplesLeaf, int maxBins) implements Learner {
  /** The learner id in specs and the model kind. */
  public static final String ID = "decision_tree";

  public DecisionTreeLearner {
    maxFeatures = ForestFitter.checkMaxFeatures(maxFeatures);
    if (maxDepth < 0) throw new BadInputException("params.max_depth", "max_depth must be >= 0 (0 = unlimited), got " + maxDepth);
    if (minSamplesSplit < 2) throw new BadInputException("params.min_samples_split", "min_samples_split must be at least 2, got " + minSamplesSplit);
    if (minSamplesLeaf < 1) throw new BadInputException("params.min_samples_leaf", "min_samples_leaf must be at least 1, got " + minSamplesLeaf);
    if (maxBins < 2 || maxBins > FeatureBins.MAX_BINS) throw new BadInputException("params.max_bins", "max_bins must be between 2 and " + FeatureBins.MAX_BINS + ", got " + maxBins);
  }

  /** all features, unlimited depth, min_samples_split 2, min_samples_leaf 1, 255 bins. */
  public static DecisionTreeLearner defaults() {
    return new DecisionTreeLearner("all", 0, 2, 1, 255);
  }

  /** A copy with maxFeatures set to {@code v}. */
  public DecisionTreeLearner withMaxFeatures(String v) {
    return new DecisionTreeLearner(v, maxDepth, minSamplesSplit, minSamplesLeaf, maxBins);
  }

  /** A copy with maxDepth set to {@code v}. */
  public DecisionTreeLearner withMaxDepth(int v) {
    return new DecisionTreeLearner(maxFeatures, v, minSamplesSplit, minSamplesLeaf, maxBins);
  }

  /** A copy with minSamplesSplit set to {@code v}. */
  public DecisionTreeLearner withMinSamplesSplit(int v) {
    return new DecisionTreeLearner(maxFeatures, maxDepth, v, minSamplesLeaf, maxBins);
  }

  /** A copy with minSamplesLeaf set to {@code v}. */
  public DecisionTreeLearner withMinSamplesLeaf(int v) {
    return new DecisionTreeLearner(maxFeatures, maxDepth, minSamplesSplit, v, maxBins);
  }

  /** A copy with maxBins set to {@code v}. */
  public DecisionTreeLearner withMaxBins(int v) {
    return new DecisionTreeLearner(maxFeatures, maxDepth, minSamplesSplit, minSamplesLeaf, v);
  }

  @Override public String id() { return ID; }

  @Override public boolean supports(Task task) { return true; }

  @Override public Record params() { return this; }

  @Override public Model fit(Dataset data, FitContext context) {
    return ForestFitter.fit(new ForestFitter.Spec(ID, 1, false, TreeGrower.Splitter.BEST, maxFeatures,
        maxDepth, minSamplesSplit, minSamplesLeaf, maxBins), data, context);
  }
}
