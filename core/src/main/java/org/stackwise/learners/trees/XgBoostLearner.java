package org.stackwise.learners.trees;

import java.util.LinkedHashMap;
import java.util.Map;
import org.stackwise.BadInputException;
import org.stackwise.FitContext;
import org.stackwise.Learner;
import org.stackwise.Model;
import org.stackwise.Task;
import org.stackwise.data.Dataset;

/**
 * Gradient-boosted trees with XGBoost ({@code "xgboost"}, Chen and Guestrin 2016) through xgboost4j,
 * histogram tree method: {@code binary:logistic} for two classes, {@code multi:softprob} with
 * {@code num_class} = every class of the target for more (classes without training rows get
 * probabilities near 0), {@code reg:squarederror} for regression. Defaults are XGBoost's own: eta 0.3,
 * depth 6, 100 rounds, min_child_weight 1, lambda 1.
 *
 * <p>Categorical columns are one-hot encoded; NaN is XGBoost's missing value (the learned default
 * direction of each split). Row weights become XGBoost weights. Fits use {@link FitContext#threads()}
 * threads and {@code seed} from the context; the model is the same at any thread count. With
 * {@code early_stopping}, {@code validation_fraction} of the rows (stratified by class) are held out and
 * the model keeps the rounds up to the best validation loss. The fitted model is XGBoost's own JSON
 * model (see {@link XgBoostModels}).
 *
 * @param eta learning rate, in (0, 1]
 * @param numRounds boosting rounds
 * @param maxDepth maximum tree depth; 0 for unlimited
 * @param minChildWeight minimum sum of Hessians in a child
 * @param gamma minimum loss reduction for a split
 * @param subsample share of rows sampled per tree, in (0, 1]
 * @param colsampleBytree share of features sampled per tree, in (0, 1]
 * @param lambda L2 penalty on leaf weights
 * @param alpha L1 penalty on leaf weights
 * @param maxBin maximum histogram bins per feature (2..65535)
 * @param earlyStopping hold out {@code validationFraction} of the rows and stop when their loss stalls
 * @param validationFraction share of rows held out for early stopping, in (0, 1)
 * @param earlyStoppingRounds rounds without improvement of the validation loss before stopping
 */
public record XgBoostLearner(
    double eta,
    int numRounds,
    int maxDepth,
    double minChildWeight,
    double gamma,
    double subsample,
    double colsampleBytree,
    double lambda,
    double alpha,
    int maxBin,
    boolean earlyStopping,
    double validationFraction,
    int earlyStoppingRounds) implements Learner {
  /** The learner id in specs and the model kind. */
  public static final String ID = "xgboost";

  public XgBoostLearner {
    if (!(eta > 0 && eta <= 1)) throw bad("eta", "eta must be > 0 and <= 1, got " + eta);
    if (numRounds < 1 || numRounds > 1_000_000) throw bad("num_rounds", "num_rounds must be between 1 and 1000000, got " + numRounds);
    if (maxDepth < 0 || maxDepth > 64) throw bad("max_depth", "max_depth must be between 0 (unlimited) and 64, got " + maxDepth);
    nonNegative("min_child_weight", minChildWeight);
    nonNegative("gamma", gamma);
    if (!(subsample > 0 && subsample <= 1)) throw bad("subsample", "subsample must be > 0 and <= 1, got " + subsample);
    if (!(colsampleBytree > 0 && colsampleBytree <= 1)) {
      throw bad("colsample_bytree", "colsample_bytree must be > 0 and <= 1, got " + colsampleBytree);
    }
    nonNegative("lambda", lambda);
    nonNegative("alpha", alpha);
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

  /** XGBoost's defaults: eta 0.3, 100 rounds, depth 6, min_child_weight 1, gamma 0, no sampling, lambda 1, alpha 0, 256 bins; early stopping off. */
  public static XgBoostLearner defaults() {
    return new XgBoostLearner(0.3, 100, 6, 1, 0, 1, 1, 1, 0, 256, false, 0.1, 10);
  }

  /** A copy with eta set to {@code v}. */
  public XgBoostLearner withEta(double v) {
    return new XgBoostLearner(v, numRounds, maxDepth, minChildWeight, gamma, subsample, colsampleBytree, lambda, alpha, maxBin, earlyStopping, validationFraction, earlyStoppingRounds);
  }

  /** A copy with numRounds set to {@code v}. */
  public XgBoostLearner withNumRounds(int v) {
    return new XgBoostLearner(eta, v, maxDepth, minChildWeight, gamma, subsample, colsampleBytree, lambda, alpha, maxBin, earlyStopping, validationFraction, earlyStoppingRounds);
  }

  /** A copy with maxDepth set to {@code v}. */
  public XgBoostLearner withMaxDepth(int v) {
    return new XgBoostLearner(eta, numRounds, v, minChildWeight, gamma, subsample, colsampleBytree, lambda, alpha, maxBin, earlyStopping, validationFraction, earlyStoppingRounds);
  }

  /** A copy with minChildWeight set to {@code v}. */
  public XgBoostLearner withMinChildWeight(double v) {
    return new XgBoostLearner(eta, numRounds, maxDepth, v, gamma, subsample, colsampleBytree, lambda, alpha, maxBin, earlyStopping, validationFraction, earlyStoppingRounds);
  }

  /** A copy with gamma set to {@code v}. */
  public XgBoostLearner withGamma(double v) {
    return new XgBoostLearner(eta, numRounds, maxDepth, minChildWeight, v, subsample, colsampleBytree, lambda, alpha, maxBin, earlyStopping, validationFraction, earlyStoppingRounds);
  }

  /** A copy with subsample set to {@code v}. */
  public XgBoostLearner withSubsample(double v) {
    return new XgBoostLearner(eta, numRounds, maxDepth, minChildWeight, gamma, v, colsampleBytree, lambda, alpha, maxBin, earlyStopping, validationFraction, earlyStoppingRounds);
  }

  /** A copy with colsampleBytree set to {@code v}. */
  public XgBoostLearner withColsampleBytree(double v) {
    return new XgBoostLearner(eta, numRounds, maxDepth, minChildWeight, gamma, subsample, v, lambda, alpha, maxBin, earlyStopping, validationFraction, earlyStoppingRounds);
  }

  /** A copy with lambda set to {@code v}. */
  public XgBoostLearner withLambda(double v) {
    return new XgBoostLearner(eta, numRounds, maxDepth, minChildWeight, gamma, subsample, colsampleBytree, v, alpha, maxBin, earlyStopping, validationFraction, earlyStoppingRounds);
  }

  /** A copy with alpha set to {@code v}. */
  public XgBoostLearner withAlpha(double v) {
    return new XgBoostLearner(eta, numRounds, maxDepth, minChildWeight, gamma, subsample, colsampleBytree, lambda, v, maxBin, earlyStopping, validationFraction, earlyStoppingRounds);
  }

  /** A copy with maxBin set to {@code v}. */
  public XgBoostLearner withMaxBin(int v) {
    return new XgBoostLearner(eta, numRounds, maxDepth, minChildWeight, gamma, subsample, colsampleBytree, lambda, alpha, v, earlyStopping, validationFraction, earlyStoppingRounds);
  }

  /** A copy with earlyStopping set to {@code v}. */
  public XgBoostLearner withEarlyStopping(boolean v) {
    return new XgBoostLearner(eta, numRounds, maxDepth, minChildWeight, gamma, subsample, colsampleBytree, lambda, alpha, maxBin, v, validationFraction, earlyStoppingRounds);
  }

  /** A copy with validationFraction set to {@code v}. */
  public XgBoostLearner withValidationFraction(double v) {
    return new XgBoostLearner(eta, numRounds, maxDepth, minChildWeight, gamma, subsample, colsampleBytree, lambda, alpha, maxBin, earlyStopping, v, earlyStoppingRounds);
  }

  /** A copy with earlyStoppingRounds set to {@code v}. */
  public XgBoostLearner withEarlyStoppingRounds(int v) {
    return new XgBoostLearner(eta, numRounds, maxDepth, minChildWeight, gamma, subsample, colsampleBytree, lambda, alpha, maxBin, earlyStopping, validationFraction, v);
  }

  @Override public String id() { return ID; }

  @Override public boolean supports(Task task) { return true; }

  @Override public Record params() { return this; }

  @Override public Model fit(Dataset data, FitContext context) {
    return XgBoostFitter.fit(this, data, context);
  }

  /** The XGBoost training parameters (everything but objective, seed and threads). */
  Map<String, Object> boosterParams() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("tree_method", "hist");
    p.put("eta", eta);
    p.put("max_depth", maxDepth);
    p.put("min_child_weight", minChildWeight);
    p.put("gamma", gamma);
    p.put("subsample", subsample);
    p.put("colsample_bytree", colsampleBytree);
    p.put("lambda", lambda);
    p.put("alpha", alpha);
    p.put("max_bin", maxBin);
    p.put("verbosity", 0);
    return p;
  }
}
