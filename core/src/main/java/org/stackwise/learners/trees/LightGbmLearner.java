package org.stackwise.learners.trees;

import java.math.BigDecimal;
import org.stackwise.BadInputException;
import org.stackwise.FitContext;
import org.stackwise.Learner;
import org.stackwise.Model;
import org.stackwise.Task;
import org.stackwise.data.Dataset;

/**
 * Gradient-boosted decision trees with LightGBM ({@code "lightgbm"}, Ke et al. 2017) through
 * lightgbm4j: leaf-wise trees on histogram bins, binary log-loss for two classes, softmax for more
 * ({@code num_class} = every class of the target, also those without training rows, which then get
 * probabilities near 0), squared error for regression.
 *
 * <p>Defaults are close to scikit-learn's {@code HistGradientBoosting*}: learning rate 0.1, 100 iterations,
 * 31 leaves, no depth limit, 20 rows per leaf, 255 bins, no early stopping — except the L2 penalty on leaf
 * values, {@code lambda_l2 = 1} (as XGBoost's default): with no penalty, rare classes of a very unbalanced
 * multiclass target get leaves with near-zero hessians and huge values, and training diverges (measured:
 * 52 % test accuracy on shuttle and 44 % on NSL-KDD at {@code lambda_l2 = 0}). With
 * {@code early_stopping}, {@code validation_fraction} of the rows (stratified by class) are held out and
 * training stops once the validation loss has not improved for {@code early_stopping_rounds} iterations;
 * the model keeps the best iteration.
 *
 * <p>Rows go to LightGBM as they are: categorical columns are declared {@code categorical_feature}
 * (LightGBM's native categorical splits on level indices), NaN is missing. Row weights become LightGBM
 * weights. Fits are deterministic ({@code deterministic=true}, {@code seed} from the {@link FitContext})
 * and use up to {@link FitContext#threads()} threads (one per 50 000 matrix cells: small fits run
 * single-threaded); the model is the same at any thread count: several threads build column-wise
 * histograms, one thread row-wise ones (faster), and both add the rows to every cell in row order. The fitted model is
 * LightGBM's own text model (see {@link LightGbmModels}).
 *
 * @param learningRate shrinkage of each tree's contribution, in (0, 1]
 * @param numIterations boosting iterations (trees per class)
 * @param numLeaves maximum leaves per tree (2..131072)
 * @param maxDepth maximum tree depth; 0 for unlimited
 * @param minDataInLeaf minimum training rows per leaf
 * @param minSumHessianInLeaf minimum sum of Hessians per leaf
 * @param lambdaL1 L1 penalty on leaf values
 * @param lambdaL2 L2 penalty on leaf values
 * @param minGainToSplit minimum loss reduction for a split
 * @param featureFraction share of features sampled per tree, in (0, 1]
 * @param baggingFraction share of rows sampled per bagging round, in (0, 1]
 * @param baggingFreq resample rows every this many iterations; 0 disables bagging
 * @param maxBin maximum histogram bins per feature (2..65535)
 * @param earlyStopping hold out {@code validationFraction} of the rows and stop when their loss stalls
 * @param validationFraction share of rows held out for early stopping, in (0, 1)
 * @param earlyStoppingRounds iterations without improvement of the validation loss before stopping
 */
public record LightGbmLearner(
    double learningRate,
    int numIterations,
    int numLeaves,
    int maxDepth,
    int minDataInLeaf,
    double minSumHessianInLeaf,
    double lambdaL1,
    double lambdaL2,
    double minGainToSplit,
    double featureFraction,
    double baggingFraction,
    int baggingFreq,
    int maxBin,
    boolean earlyStopping,
    double validationFraction,
    int earlyStoppingRounds) implements Learner {
  /** The learner id in specs and the model kind. */
  public static final String ID = "lightgbm";

  public LightGbmLearner {
    if (!(learningRate > 0 && learningRate <= 1)) throw bad("learning_rate", "learning_rate must be > 0 and <= 1, got " + learningRate);
    if (numIterations < 1 || numIterations > 1_000_000) throw bad("num_iterations", "num_iterations must be between 1 and 1000000, got " + numIterations);
    if (numLeaves < 2 || numLeaves > 131_072) throw bad("num_leaves", "num_leaves must be between 2 and 131072, got " + numLeaves);
    if (maxDepth < 0) throw bad("max_depth", "max_depth must be >= 0 (0 = unlimited), got " + maxDepth);
    if (minDataInLeaf < 0) throw bad("min_data_in_leaf", "min_data_in_leaf must be >= 0, got " + minDataInLeaf);
    nonNegative("min_sum_hessian_in_leaf", minSumHessianInLeaf);
    nonNegative("lambda_l1", lambdaL1);
    nonNegative("lambda_l2", lambdaL2);
    nonNegative("min_gain_to_split", minGainToSplit);
    if (!(featureFraction > 0 && featureFraction <= 1)) throw bad("feature_fraction", "feature_fraction must be > 0 and <= 1, got " + featureFraction);
    if (!(baggingFraction > 0 && baggingFraction <= 1)) throw bad("bagging_fraction", "bagging_fraction must be > 0 and <= 1, got " + baggingFraction);
    if (baggingFreq < 0) throw bad("bagging_freq", "bagging_freq must be >= 0, got " + baggingFreq);
    if (maxBin < 2 || maxBin > 65_535) throw bad("max_bin", "max_bin must be between 2 and 65535, got " + maxBin);
    if (!(validationFraction > 0 && validationFraction < 1)) {
      throw bad("validation_fraction", "validation_fraction must be > 0 and < 1, got " + validationFraction);
    }
    if (earlyStoppingRounds < 1) throw bad("early_stopping_rounds", "early_stopping_rounds must be at least 1, got " + earlyStoppingRounds);
  }

  private static BadInputException bad(String name, String rule) {
    return new BadInputException("params." + name, rule);
  }

  private static void nonNegative(String name, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) throw bad(name, name + " must be a finite number >= 0, got " + v);
  }

  /**
   * Learning rate 0.1, 100 iterations, 31 leaves, unlimited depth, 20 rows and 1e-3 Hessian per leaf, no
   * L1/L2 penalty, no feature or row sampling, 255 bins, early stopping off (10 % validation, 10 rounds
   * when switched on).
   */
  public static LightGbmLearner defaults() {
    return new LightGbmLearner(0.1, 100, 31, 0, 20, 1e-3, 0, 1.0, 0, 1.0, 1.0, 0, 255, false, 0.1, 10);
  }

  /** A copy with learningRate set to {@code v}. */
  public LightGbmLearner withLearningRate(double v) {
    return new LightGbmLearner(v, numIterations, numLeaves, maxDepth, minDataInLeaf, minSumHessianInLeaf, lambdaL1, lambdaL2, minGainToSplit, featureFraction, baggingFraction, baggingFreq, maxBin, earlyStopping, validationFraction, earlyStoppingRounds);
  }

  /** A copy with numIterations set to {@code v}. */
  public LightGbmLearner withNumIterations(int v) {
    return new LightGbmLearner(learningRate, v, numLeaves, maxDepth, minDataInLeaf, minSumHessianInLeaf, lambdaL1, lambdaL2, minGainToSplit, featureFraction, baggingFraction, baggingFreq, maxBin, earlyStopping, validationFraction, earlyStoppingRounds);
  }

  /** A copy with numLeaves set to {@code v}. */
  public LightGbmLearner withNumLeaves(int v) {
    return new LightGbmLearner(learningRate, numIterations, v, maxDepth, minDataInLeaf, minSumHessianInLeaf, lambdaL1, lambdaL2, minGainToSplit, featureFraction, baggingFraction, baggingFreq, maxBin, earlyStopping, validationFraction, earlyStoppingRounds);
  }

  /** A copy with maxDepth set to {@code v}. */
  public LightGbmLearner withMaxDepth(int v) {
    return new LightGbmLearner(learningRate, numIterations, numLeaves, v, minDataInLeaf, minSumHessianInLeaf, lambdaL1, lambdaL2, minGainToSplit, featureFraction, baggingFraction, baggingFreq, maxBin, earlyStopping, validationFraction, earlyStoppingRounds);
  }

  /** A copy with minDataInLeaf set to {@code v}. */
  public LightGbmLearner withMinDataInLeaf(int v) {
    return new LightGbmLearner(learningRate, numIterations, numLeaves, maxDepth, v, minSumHessianInLeaf, lambdaL1, lambdaL2, minGainToSplit, featureFraction, baggingFraction, baggingFreq, maxBin, earlyStopping, validationFraction, earlyStoppingRounds);
  }

  /** A copy with minSumHessianInLeaf set to {@code v}. */
  public LightGbmLearner withMinSumHessianInLeaf(double v) {
    return new LightGbmLearner(learningRate, numIterations, numLeaves, maxDepth, minDataInLeaf, v, lambdaL1, lambdaL2, minGainToSplit, featureFraction, baggingFraction, baggingFreq, maxBin, earlyStopping, validationFraction, earlyStoppingRounds);
  }

  /** A copy with lambdaL1 set to {@code v}. */
  public LightGbmLearner withLambdaL1(double v) {
    return new LightGbmLearner(learningRate, numIterations, numLeaves, maxDepth, minDataInLeaf, minSumHessianInLeaf, v, lambdaL2, minGainToSplit, featureFraction, baggingFraction, baggingFreq, maxBin, earlyStopping, validationFraction, earlyStoppingRounds);
  }

  /** A copy with lambdaL2 set to {@code v}. */
  public LightGbmLearner withLambdaL2(double v) {
    return new LightGbmLearner(learningRate, numIterations, numLeaves, maxDepth, minDataInLeaf, minSumHessianInLeaf, lambdaL1, v, minGainToSplit, featureFraction, baggingFraction, baggingFreq, maxBin, earlyStopping, validationFraction, earlyStoppingRounds);
  }

  /** A copy with minGainToSplit set to {@code v}. */
  public LightGbmLearner withMinGainToSplit(double v) {
    return new LightGbmLearner(learningRate, numIterations, numLeaves, maxDepth, minDataInLeaf, minSumHessianInLeaf, lambdaL1, lambdaL2, v, featureFraction, baggingFraction, baggingFreq, maxBin, earlyStopping, validationFraction, earlyStoppingRounds);
  }

  /** A copy with featureFraction set to {@code v}. */
  public LightGbmLearner withFeatureFraction(double v) {
    return new LightGbmLearner(learningRate, numIterations, numLeaves, maxDepth, minDataInLeaf, minSumHessianInLeaf, lambdaL1, lambdaL2, minGainToSplit, v, baggingFraction, baggingFreq, maxBin, earlyStopping, validationFraction, earlyStoppingRounds);
  }

  /** A copy with baggingFraction set to {@code v}. */
  public LightGbmLearner withBaggingFraction(double v) {
    return new LightGbmLearner(learningRate, numIterations, numLeaves, maxDepth, minDataInLeaf, minSumHessianInLeaf, lambdaL1, lambdaL2, minGainToSplit, featureFraction, v, baggingFreq, maxBin, earlyStopping, validationFraction, earlyStoppingRounds);
  }

  /** A copy with baggingFreq set to {@code v}. */
  public LightGbmLearner withBaggingFreq(int v) {
    return new LightGbmLearner(learningRate, numIterations, numLeaves, maxDepth, minDataInLeaf, minSumHessianInLeaf, lambdaL1, lambdaL2, minGainToSplit, featureFraction, baggingFraction, v, maxBin, earlyStopping, validationFraction, earlyStoppingRounds);
  }

  /** A copy with maxBin set to {@code v}. */
  public LightGbmLearner withMaxBin(int v) {
    return new LightGbmLearner(learningRate, numIterations, numLeaves, maxDepth, minDataInLeaf, minSumHessianInLeaf, lambdaL1, lambdaL2, minGainToSplit, featureFraction, baggingFraction, baggingFreq, v, earlyStopping, validationFraction, earlyStoppingRounds);
  }

  /** A copy with earlyStopping set to {@code v}. */
  public LightGbmLearner withEarlyStopping(boolean v) {
    return new LightGbmLearner(learningRate, numIterations, numLeaves, maxDepth, minDataInLeaf, minSumHessianInLeaf, lambdaL1, lambdaL2, minGainToSplit, featureFraction, baggingFraction, baggingFreq, maxBin, v, validationFraction, earlyStoppingRounds);
  }

  /** A copy with validationFraction set to {@code v}. */
  public LightGbmLearner withValidationFraction(double v) {
    return new LightGbmLearner(learningRate, numIterations, numLeaves, maxDepth, minDataInLeaf, minSumHessianInLeaf, lambdaL1, lambdaL2, minGainToSplit, featureFraction, baggingFraction, baggingFreq, maxBin, earlyStopping, v, earlyStoppingRounds);
  }

  /** A copy with earlyStoppingRounds set to {@code v}. */
  public LightGbmLearner withEarlyStoppingRounds(int v) {
    return new LightGbmLearner(learningRate, numIterations, numLeaves, maxDepth, minDataInLeaf, minSumHessianInLeaf, lambdaL1, lambdaL2, minGainToSplit, featureFraction, baggingFraction, baggingFreq, maxBin, earlyStopping, validationFraction, v);
  }

  @Override public String id() { return ID; }

  @Override public boolean supports(Task task) { return true; }

  @Override public Record params() { return this; }

  @Override public Model fit(Dataset data, FitContext context) {
    return LightGbmFitter.fit(this, data, context);
  }

  /** The LightGBM training parameters (everything but objective, seed and threads). */
  String boosterParams() {
    return "learning_rate=" + num(learningRate) + " num_leaves=" + numLeaves + " max_depth=" + (maxDepth == 0 ? -1 : maxDepth)
        + " min_data_in_leaf=" + minDataInLeaf + " min_sum_hessian_in_leaf=" + num(minSumHessianInLeaf)
        + " lambda_l1=" + num(lambdaL1) + " lambda_l2=" + num(lambdaL2) + " min_gain_to_split=" + num(minGainToSplit)
        + " feature_fraction=" + num(featureFraction) + " bagging_fraction=" + num(baggingFraction)
        + " bagging_freq=" + baggingFreq;
  }

  /** A double in plain decimal notation, which LightGBM's parameter parser reads exactly. */
  static String num(double v) {
    return BigDecimal.valueOf(v).toPlainString();
  }
}
