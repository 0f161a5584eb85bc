package org.stackwise.learners.trees;

import org.stackwise.BadInputException;
import org.stackwise.FitContext;
import org.stackwise.Model;
import org.stackwise.OutOfBagLearner;
import org.stackwise.Task;
import org.stackwise.data.Dataset;
import org.stackwise.internal.Checks;

/**
 * Random forest ({@code "random_forest"}, Breiman 2001): {@code numTrees} CART trees, each grown to full
 * depth on a bootstrap sample of the rows with a random subset of features tried at every split;
 * class probabilities average the trees' leaf class distributions, regression averages leaf means.
 * Defaults follow scikit-learn 1.2's {@code RandomForestClassifier}/{@code Regressor} except
 * {@code num_trees} (300 rather than 100: see {@link #defaults()}).
 *
 * <p>Categorical columns are one-hot encoded; missing values are handled natively (each split sends them to
 * the better side). Row weights scale each row's contribution to impurities and leaf values (and
 * multiply the bootstrap counts). Trees are grown in parallel over {@link FitContext#threads()} threads,
 * each from its own seed, so the forest does not depend on the thread count.
 *
 * @param numTrees number of trees
 * @param bootstrap grow each tree on a bootstrap sample (n rows drawn with replacement); otherwise on all rows
 * @param maxFeatures features tried per split: {@code "auto"} ({@code "sqrt"} for classification,
 *     {@code "all"} for regression), {@code "sqrt"}, {@code "log2"}, {@code "all"}, or a fraction in
 *     (0, 1] of the (one-hot encoded) features; features constant in a node do not count
 * @param maxDepth maximum depth (root = 0); 0 for unlimited
 * @param minSamplesSplit a node with fewer training rows is not split (at least 2)
 * @param minSamplesLeaf each child of a split keeps at least this many training rows
 * @param maxBins features with more distinct training values are cut into this many bins of similar
 *     row counts (2..255); features with fewer are split exactly as an exhaustive search would
 */
public record RandomForestLearner(int numTrees, String maxFeatures, int maxDepth, int minSamplesSplit, int minSamplesLeaf, boolean bootstrap, int maxBins) implements OutOfBagLearner {
  /** The learner id in specs and the model kind. */
  public static final String ID = "random_forest";

  public RandomForestLearner {
    Checks.between("params.num_trees", numTrees, 1, 100_000);
    maxFeatures = ForestFitter.checkMaxFeatures(maxFeatures);
    if (maxDepth < 0) throw new BadInputException("params.max_depth", "max_depth must be >= 0 (0 = unlimited), got " + maxDepth);
    if (minSamplesSplit < 2) throw new BadInputException("params.min_samples_split", "min_samples_split must be at least 2, got " + minSamplesSplit);
    if (minSamplesLeaf < 1) throw new BadInputException("params.min_samples_leaf", "min_samples_leaf must be at least 1, got " + minSamplesLeaf);
    if (maxBins < 2 || maxBins > FeatureBins.MAX_BINS) throw new BadInputException("params.max_bins", "max_bins must be between 2 and " + FeatureBins.MAX_BINS + ", got " + maxBins);
  }

  /** 300 trees, max_features auto, unlimited depth, min_samples_split 2, min_samples_leaf 1, bootstrap, 255 bins. 300 trees because the project's benchmark compares against scikit-learn with 300 trees; fitting is fast enough (see the package notes) that the extra trees cost little. */
  public static RandomForestLearner defaults() {
    return new RandomForestLearner(300, "auto", 0, 2, 1, true, 255);
  }

  /** A copy with numTrees set to {@code v}. */
  public RandomForestLearner withNumTrees(int v) {
    return new RandomForestLearner(v, maxFeatures, maxDepth, minSamplesSplit, minSamplesLeaf, bootstrap, maxBins);
  }

  /** A copy with maxFeatures set to {@code v}. */
  public RandomForestLearner withMaxFeatures(String v) {
    return new RandomForestLearner(numTrees, v, maxDepth, minSamplesSplit, minSamplesLeaf, bootstrap, maxBins);
  }

  /** A copy with maxDepth set to {@code v}. */
  public RandomForestLearner withMaxDepth(int v) {
    return new RandomForestLearner(numTrees, maxFeatures, v, minSamplesSplit, minSamplesLeaf, bootstrap, maxBins);
  }

  /** A copy with minSamplesSplit set to {@code v}. */
  public RandomForestLearner withMinSamplesSplit(int v) {
    return new RandomForestLearner(numTrees, maxFeatures, maxDepth, v, minSamplesLeaf, bootstrap, maxBins);
  }

  /** A copy with minSamplesLeaf set to {@code v}. */
  public RandomForestLearner withMinSamplesLeaf(int v) {
    return new RandomForestLearner(numTrees, maxFeatures, maxDepth, minSamplesSplit, v, bootstrap, maxBins);
  }

  /** A copy with bootstrap set to {@code v}. */
  public RandomForestLearner withBootstrap(boolean v) {
    return new RandomForestLearner(numTrees, maxFeatures, maxDepth, minSamplesSplit, minSamplesLeaf, v, maxBins);
  }

  /** A copy with maxBins set to {@code v}. */
  public RandomForestLearner withMaxBins(int v) {
    return new RandomForestLearner(numTrees, maxFeatures, maxDepth, minSamplesSplit, minSamplesLeaf, bootstrap, v);
  }

  @Override public String id() { return ID; }

  @Override public boolean supports(Task task) { return true; }

  @Override public Record params() { return this; }

  @Override public Model fit(Dataset data, FitContext context) {
    return ForestFitter.fit(forestSpec(), data, context);
  }

  /** Out-of-bag predictions need bootstrap samples: without them every tree sees every row. */
  @Override public boolean hasOutOfBag() { return bootstrap; }

  @Override public OutOfBagFit fitOutOfBag(Dataset data, FitContext context) {
    return ForestFitter.fitOutOfBag(forestSpec(), data, context);
  }

  private ForestFitter.Spec forestSpec() {
    return new ForestFitter.Spec(ID, numTrees, bootstrap, TreeGrower.Splitter.BEST, maxFeatures, maxDepth,
        minSamplesSplit, minSamplesLeaf, maxBins);
  }
}
