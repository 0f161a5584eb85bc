package org.stackwise.learners.mlp;

import java.util.ArrayList;
import java.util.List;
import org.stackwise.BadInputException;
import org.stackwise.FitContext;
import org.stackwise.Learner;
import org.stackwise.Model;
import org.stackwise.Task;
import org.stackwise.data.Dataset;
import org.stackwise.data.FittedPreprocessing;
import org.stackwise.data.Preprocessing;
import org.stackwise.data.Target;

/**
 * Multilayer perceptron ({@code "mlp"}): dense hidden layers trained by mini-batch Adam on the
 * cross-entropy of a softmax output (classification) or the squared error of a linear output on the
 * standardised target (regression), with an L2 penalty and early stopping on a held-out split.
 * Defaults follow scikit-learn's {@code MLPClassifier} except that early stopping is on.
 *
 * <p>Features are one-hot encoded, imputed and standardised ({@link Preprocessing#LINEAR}). Row weights
 * multiply each row's loss. Training is single-threaded and seeded from the {@link FitContext}, so the
 * same seed gives the same bits at any thread count. {@link MlpTrainer} offers the same training on
 * plain matrices; this record is also the parameter set it takes.
 *
 * @param hidden widths of the hidden layers, input side first; empty for no hidden layer (softmax /
 *     linear regression)
 * @param activation hidden activation: {@code "relu"} or {@code "tanh"}
 * @param alpha L2 penalty on the weights (not the biases), scaled as in scikit-learn:
 *     {@code alpha/2 · ‖W‖² / batch rows} is added to each mini-batch loss
 * @param learningRate Adam step size (β1 = 0.9, β2 = 0.999, ε = 1e-8)
 * @param batchSize mini-batch rows; min(batchSize, training rows) is used
 * @param maxEpochs upper bound on passes over the training rows
 * @param earlyStopping hold out {@code validationFraction} of the rows (stratified by class), stop when
 *     the validation loss has not improved by {@code tol} for {@code patience} epochs, and keep the
 *     weights of the best epoch; when false, the same rule applies to the training loss and the last
 *     weights are kept (scikit-learn's behaviour without early stopping)
 * @param validationFraction share of rows held out for early stopping, in (0, 1)
 * @param patience epochs without improvement before stopping
 * @param tol minimum decrease of the monitored loss that counts as an improvement
 */
public record MlpLearner(List<Integer> hidden, String activation, double alpha, double learningRate, int batchSize,
    int maxEpochs, boolean earlyStopping, double validationFraction, int patience, double tol) implements Learner {

  /** The learner id in specs and the model kind. */
  public static final String ID = "mlp";

  public MlpLearner {
    if (hidden == null) throw bad("hidden", "hidden must be a list of layer widths, got null");
    List<Integer> h = new ArrayList<>(hidden.size());
    for (Integer v : hidden) {
      if (v == null || v < 1 || v > MlpNetwork.MAX_WIDTH) {
        throw bad("hidden", "hidden layer widths must be between 1 and " + MlpNetwork.MAX_WIDTH + ", got " + hidden);
      }
      h.add(v);
    }
    hidden = List.copyOf(h);
    if (activation == null || Activation.byId(activation) == null) {
      throw bad("activation", "activation must be one of " + Activation.IDS + ", got " + activation);
    }
    if (!(alpha >= 0) || Double.isInfinite(alpha)) throw bad("alpha", "alpha must be a finite number >= 0, got " + alpha);
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw bad("learning_rate", "learning_rate must be a finite number > 0, got " + learningRate);
    }
    if (batchSize < 1) throw bad("batch_size", "batch_size must be at least 1, got " + batchSize);
    if (maxEpochs < 1) throw bad("max_epochs", "max_epochs must be at least 1, got " + maxEpochs);
    if (!(validationFraction > 0 && validationFraction < 1)) {
      throw bad("validation_fraction", "validation_fraction must be > 0 and < 1, got " + validationFraction);
    }
    if (patience < 1) throw bad("patience", "patience must be at least 1, got " + patience);
    if (!(tol >= 0) || Double.isInfinite(tol)) throw bad("tol", "tol must be a finite number >= 0, got " + tol);
  }

  private static BadInputException bad(String name, String rule) {
    return new BadInputException("params." + name, rule);
  }

  /** hidden [100], relu, alpha 1e-4, learning rate 1e-3, batch 200, 200 epochs, early stopping (10 %, patience 10, tol 1e-4). */
  public static MlpLearner defaults() {
    return new MlpLearner(List.of(100), "relu", 1e-4, 1e-3, 200, 200, true, 0.1, 10, 1e-4);
  }

  public MlpLearner withHidden(int... widths) {
    List<Integer> h = new ArrayList<>();
    for (int w : widths) h.add(w);
    return withHidden(h);
  }

  public MlpLearner withHidden(List<Integer> widths) {
    return new MlpLearner(widths, activation, alpha, learningRate, batchSize, maxEpochs, earlyStopping,
        validationFraction, patience, tol);
  }

  public MlpLearner withActivation(String a) {
    return new MlpLearner(hidden, a, alpha, learningRate, batchSize, maxEpochs, earlyStopping, validationFraction, patience, tol);
  }

  public MlpLearner withAlpha(double a) {
    return new MlpLearner(hidden, activation, a, learningRate, batchSize, maxEpochs, earlyStopping, validationFraction, patience, tol);
  }

  public MlpLearner withLearningRate(double lr) {
    return new MlpLearner(hidden, activation, alpha, lr, batchSize, maxEpochs, earlyStopping, validationFraction, patience, tol);
  }

  public MlpLearner withBatchSize(int b) {
    return new MlpLearner(hidden, activation, alpha, learningRate, b, maxEpochs, earlyStopping, validationFraction, patience, tol);
  }

  public MlpLearner withMaxEpochs(int e) {
    return new MlpLearner(hidden, activation, alpha, learningRate, batchSize, e, earlyStopping, validationFraction, patience, tol);
  }

  public MlpLearner withEarlyStopping(boolean es) {
    return new MlpLearner(hidden, activation, alpha, learningRate, batchSize, maxEpochs, es, validationFraction, patience, tol);
  }

  public MlpLearner withValidationFraction(double f) {
    return new MlpLearner(hidden, activation, alpha, learningRate, batchSize, maxEpochs, earlyStopping, f, patience, tol);
  }

  public MlpLearner withPatience(int p) {
    return new MlpLearner(hidden, activation, alpha, learningRate, batchSize, maxEpochs, earlyStopping, validationFraction, p, tol);
  }

  public MlpLearner withTol(double t) {
    return new MlpLearner(hidden, activation, alpha, learningRate, batchSize, maxEpochs, earlyStopping, validationFraction, patience, t);
  }

  @Override public String id() { return ID; }

  @Override public boolean supports(Task task) { return true; }

  @Override public Record params() { return this; }

  Activation activationFunction() { return Activation.byId(activation); }

  @Override public Model fit(Dataset data, FitContext context) {
    if (data.rows() == 0) throw new BadInputException("learner 'mlp'", "needs at least one training row, got none");
    FittedPreprocessing pre = Preprocessing.LINEAR.fit(data);
    double[] x = MlpModels.transform(pre, data);
    double[] w = data.hasWeights() ? data.weights() : null;
    int p = pre.width();
    if (data.task() == Task.CLASSIFICATION) {
      Target.Classes t = data.classes();
      MlpNetwork net = MlpTrainer.train(x, data.rows(), p, t.indices(), t.numClasses(), null, w, this,
          context.seed(), context);
      return new MlpClassifier(pre, t.classes(), net);
    }
    MlpNetwork net = MlpTrainer.train(x, data.rows(), p, null, 1, data.numericTarget().values(), w, this,
        context.seed(), context);
    return new MlpRegressor(pre, net);
  }
}
