package org.stackwise.moe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import org.stackwise.BadInputException;
import org.stackwise.FitContext;
import org.stackwise.Learner;
import org.stackwise.Model;
import org.stackwise.Task;
import org.stackwise.data.Dataset;
import org.stackwise.ensemble.MetaInputAware;
import org.stackwise.io.Json;
import org.stackwise.learners.Catalogue;
import org.stackwise.learners.linear.LogisticLearner;
import org.stackwise.learners.linear.RidgeLearner;
import org.stackwise.learners.mlp.MlpLearner;

/**
 * Mixture of experts ({@code {"moe": {...}}}): {@code y(x) = Σ_k g_k(x)·f_k(x)} with a softmax gate
 * {@code g(x) = softmax(A·x)} over the preprocessed features (or a small MLP), so each input is
 * combined by its own weights instead of one global set.
 *
 * <p>Experts are either trained jointly with the gate by Adam ({@link ExpertTraining#JOINT}: linear
 * experts from a {@code logistic} or {@code ridge} spec, MLP experts from an {@code mlp} spec) or, for
 * any other catalogue learner, by EM-style alternation ({@link ExpertTraining#EM}). The gate starts from
 * a seeded k-means of the gate features so the experts start out different. With {@code topK > 0} only
 * the {@code topK} largest gates are kept and renormalised, and only those experts run at prediction.
 * The fitted model reports each expert's utilisation so a collapse onto one expert is visible
 * ({@link MixtureOfExpertsModel#describe()}, key {@code "experts"}).
 *
 * @param experts number of experts K (1..64)
 * @param expert the expert spec; null for the default linear expert ({@code logistic} for classes,
 *     {@code ridge} for numbers)
 * @param training how experts are trained; {@code AUTO} picks joint training where it can
 * @param gate {@code "linear"} (softmax of a linear map) or {@code "mlp"} (one or more hidden layers)
 * @param gateHidden hidden layer widths of an MLP gate (ignored for a linear gate)
 * @param topK number of experts kept per row (0 = all, dense gating); training routes each row to its top
 *     {@code max(topK, 2)} experts because a gate renormalised over one expert gets no gradient
 * @param loss the training objective of joint training ({@link MoeLoss})
 * @param balance weight of the load-balancing term {@code balance·K·Σ_k f_k·P_k} (Fedus et al. 2021,
 *     Switch Transformer: f_k = share of rows whose largest gate is k, P_k = mean gate probability), 0 = off;
 *     joint training only (EM fits the gate to the posterior responsibilities)
 * @param alpha L2 penalty on the gate's weights (per mean row loss)
 * @param learningRate Adam step size of joint training and of gate fits
 * @param batchSize mini-batch rows
 * @param maxEpochs joint training epochs at most
 * @param patience stop joint training after this many epochs without the training loss improving by
 *     {@code tol}
 * @param tol minimum improvement of the mean training loss (joint) or relative log-likelihood (EM)
 * @param emIterations EM iterations at most (EM training)
 * @param restarts independent runs, each with its own k-means and expert initialisation; the one with
 *     the lowest final training loss (joint) or highest log-likelihood (EM) is kept. Training can end
 *     in a local optimum where the gate splits along the wrong direction; a few restarts avoid it
 * @param variance regression only: experts also predict a log-variance, making the mixture a Gaussian
 *     mixture whose predictive variance {@link MixtureOfExpertsRegressor#predictVariance} reports
 * @param gateColumns which columns the gate sees
 * @param passthroughColumns with {@code gateColumns = PASSTHROUGH}: the number of trailing original
 *     columns, set by the stack ({@link MetaInputAware}); 0 when not known yet
 * @param collapseWarning warn when one expert is the top expert for more than this share of rows
 */
public record MixtureOfExpertsLearner(int experts, Learner expert, ExpertTraining training, String gate,
    List<Integer> gateHidden, int topK, MoeLoss loss, double balance, double alpha, double learningRate,
    int batchSize, int maxEpochs, int patience, double tol, int emIterations, int restarts, boolean variance,
    GateColumns gateColumns, int passthroughColumns, double collapseWarning) implements Learner, MetaInputAware {

  /** The spec key and model kind. */
  public static final String ID = "moe";
  static final int MAX_EXPERTS = 64;

  /** Validates the hyperparameters. */
  public MixtureOfExpertsLearner {
    if (experts < 1 || experts > MAX_EXPERTS) throw bad("experts", "experts must be between 1 and " + MAX_EXPERTS + ", got " + experts);
    Objects.requireNonNull(training, "training");
    Objects.requireNonNull(loss, "loss");
    Objects.requireNonNull(gateColumns, "gateColumns");
    if (!"linear".equals(gate) && !"mlp".equals(gate)) throw bad("gate", "gate must be 'linear' or 'mlp', got '" + gate + "'");
    if (gateHidden == null || gateHidden.isEmpty()) throw bad("gate_hidden", "gate_hidden must be a non-empty list of widths, got " + gateHidden);
    for (Integer h : gateHidden) {
      if (h == null || h < 1 || h > 4096) throw bad("gate_hidden", "gate_hidden widths must be between 1 and 4096, got " + gateHidden);
    }
    gateHidden = List.copyOf(gateHidden);
    if (topK < 0 || topK > experts) throw bad("top_k", "top_k must be between 0 (all experts) and experts (" + experts + "), got " + topK);
    if (!(balance >= 0) || Double.isInfinite(balance)) throw bad("balance", "balance must be a finite number >= 0, got " + balance);
    if (!(alpha >= 0) || Double.isInfinite(alpha)) throw bad("alpha", "alpha must be a finite number >= 0, got " + alpha);
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) throw bad("learning_rate", "learning_rate must be a finite number > 0, got " + learningRate);
    if (batchSize < 1) throw bad("batch_size", "batch_size must be at least 1, got " + batchSize);
    if (maxEpochs < 1) throw bad("max_epochs", "max_epochs must be at least 1, got " + maxEpochs);
    if (patience < 1) throw bad("patience", "patience must be at least 1, got " + patience);
    if (!(tol >= 0) || Double.isInfinite(tol)) throw bad("tol", "tol must be a finite number >= 0, got " + tol);
    if (emIterations < 1) throw bad("em_iterations", "em_iterations must be at least 1, got " + emIterations);
    if (restarts < 1 || restarts > 100) throw bad("restarts", "restarts must be between 1 and 100, got " + restarts);
    if (passthroughColumns < 0) throw bad("passthrough_columns", "passthrough_columns must be >= 0, got " + passthroughColumns);
    if (!(collapseWarning > 0 && collapseWarning <= 1)) throw bad("collapse_warning", "collapse_warning must be in (0, 1], got " + collapseWarning);
    if (variance && loss == MoeLoss.COLLAPSING) throw bad("variance", "variance needs loss 'specialising' or 'likelihood', not 'collapsing'");
    if (expert != null && training == ExpertTraining.JOINT && !jointCapable(expert)) {
      throw bad("training", "training 'joint' needs logistic, ridge or mlp experts, got '" + expert.id() + "'; use 'em'");
    }
    if (expert != null && loss == MoeLoss.COLLAPSING && !joint(expert, training)) {
      throw bad("loss", "loss 'collapsing' needs jointly trained experts (logistic, ridge or mlp), got '" + expert.id()
          + "' trained by EM");
    }
  }

  private static BadInputException bad(String name, String rule) {
    return new BadInputException("moe." + name, rule);
  }

  /**
   * Four linear experts, linear gate, dense gating, specialising loss, no load balancing; Adam with step
   * 0.01, batches of 256, at most 200 epochs (patience 10, tol 1e-4), best of 3 restarts; 10 EM iterations;
   * collapse warning above 90 %.
   */
  public static MixtureOfExpertsLearner defaults() {
    return new MixtureOfExpertsLearner(4, null, ExpertTraining.AUTO, "linear", List.of(16), 0, MoeLoss.SPECIALISING,
        0.0, 1e-4, 0.01, 256, 200, 10, 1e-4, 10, 3, false, GateColumns.ALL, 0, 0.9);
  }

  public MixtureOfExpertsLearner withExperts(int v) { return new MixtureOfExpertsLearner(v, expert, training, gate, gateHidden, topK, loss, balance, alpha, learningRate, batchSize, maxEpochs, patience, tol, emIterations, restarts, variance, gateColumns, passthroughColumns, collapseWarning); }
  public MixtureOfExpertsLearner withExpert(Learner v) { return new MixtureOfExpertsLearner(experts, v, training, gate, gateHidden, topK, loss, balance, alpha, learningRate, batchSize, maxEpochs, patience, tol, emIterations, restarts, variance, gateColumns, passthroughColumns, collapseWarning); }
  public MixtureOfExpertsLearner withTraining(ExpertTraining v) { return new MixtureOfExpertsLearner(experts, expert, v, gate, gateHidden, topK, loss, balance, alpha, learningRate, batchSize, maxEpochs, patience, tol, emIterations, restarts, variance, gateColumns, passthroughColumns, collapseWarning); }
  /** A linear gate. */
  public MixtureOfExpertsLearner withLinearGate() { return new MixtureOfExpertsLearner(experts, expert, training, "linear", gateHidden, topK, loss, balance, alpha, learningRate, batchSize, maxEpochs, patience, tol, emIterations, restarts, variance, gateColumns, passthroughColumns, collapseWarning); }
  /** An MLP gate with the given hidden widths. */
  public MixtureOfExpertsLearner withMlpGate(List<Integer> hidden) { return new MixtureOfExpertsLearner(experts, expert, training, "mlp", hidden, topK, loss, balance, alpha, learningRate, batchSize, maxEpochs, patience, tol, emIterations, restarts, variance, gateColumns, passthroughColumns, collapseWarning); }
  public MixtureOfExpertsLearner withTopK(int v) { return new MixtureOfExpertsLearner(experts, expert, training, gate, gateHidden, v, loss, balance, alpha, learningRate, batchSize, maxEpochs, patience, tol, emIterations, restarts, variance, gateColumns, passthroughColumns, collapseWarning); }
  public MixtureOfExpertsLearner withLoss(MoeLoss v) { return new MixtureOfExpertsLearner(experts, expert, training, gate, gateHidden, topK, v, balance, alpha, learningRate, batchSize, maxEpochs, patience, tol, emIterations, restarts, variance, gateColumns, passthroughColumns, collapseWarning); }
  public MixtureOfExpertsLearner withBalance(double v) { return new MixtureOfExpertsLearner(experts, expert, training, gate, gateHidden, topK, loss, v, alpha, learningRate, batchSize, maxEpochs, patience, tol, emIterations, restarts, variance, gateColumns, passthroughColumns, collapseWarning); }
  public MixtureOfExpertsLearner withAlpha(double v) { return new MixtureOfExpertsLearner(experts, expert, training, gate, gateHidden, topK, loss, balance, v, learningRate, batchSize, maxEpochs, patience, tol, emIterations, restarts, variance, gateColumns, passthroughColumns, collapseWarning); }
  public MixtureOfExpertsLearner withLearningRate(double v) { return new MixtureOfExpertsLearner(experts, expert, training, gate, gateHidden, topK, loss, balance, alpha, v, batchSize, maxEpochs, patience, tol, emIterations, restarts, variance, gateColumns, passthroughColumns, collapseWarning); }
  public MixtureOfExpertsLearner withBatchSize(int v) { return new MixtureOfExpertsLearner(experts, expert, training, gate, gateHidden, topK, loss, balance, alpha, learningRate, v, maxEpochs, patience, tol, emIterations, restarts, variance, gateColumns, passthroughColumns, collapseWarning); }
  public MixtureOfExpertsLearner withMaxEpochs(int v) { return new MixtureOfExpertsLearner(experts, expert, training, gate, gateHidden, topK, loss, balance, alpha, learningRate, batchSize, v, patience, tol, emIterations, restarts, variance, gateColumns, passthroughColumns, collapseWarning); }
  public MixtureOfExpertsLearner withPatience(int v) { return new MixtureOfExpertsLearner(experts, expert, training, gate, gateHidden, topK, loss, balance, alpha, learningRate, batchSize, maxEpochs, v, tol, emIterations, restarts, variance, gateColumns, passthroughColumns, collapseWarning); }
  public MixtureOfExpertsLearner withTol(double v) { return new MixtureOfExpertsLearner(experts, expert, training, gate, gateHidden, topK, loss, balance, alpha, learningRate, batchSize, maxEpochs, patience, v, emIterations, restarts, variance, gateColumns, passthroughColumns, collapseWarning); }
  public MixtureOfExpertsLearner withEmIterations(int v) { return new MixtureOfExpertsLearner(experts, expert, training, gate, gateHidden, topK, loss, balance, alpha, learningRate, batchSize, maxEpochs, patience, tol, v, restarts, variance, gateColumns, passthroughColumns, collapseWarning); }
  public MixtureOfExpertsLearner withRestarts(int v) { return new MixtureOfExpertsLearner(experts, expert, training, gate, gateHidden, topK, loss, balance, alpha, learningRate, batchSize, maxEpochs, patience, tol, emIterations, v, variance, gateColumns, passthroughColumns, collapseWarning); }
  public MixtureOfExpertsLearner withVariance(boolean v) { return new MixtureOfExpertsLearner(experts, expert, training, gate, gateHidden, topK, loss, balance, alpha, learningRate, batchSize, maxEpochs, patience, tol, emIterations, restarts, v, gateColumns, passthroughColumns, collapseWarning); }
  public MixtureOfExpertsLearner withGateColumns(GateColumns v) { return new MixtureOfExpertsLearner(experts, expert, training, gate, gateHidden, topK, loss, balance, alpha, learningRate, batchSize, maxEpochs, patience, tol, emIterations, restarts, variance, v, passthroughColumns, collapseWarning); }
  public MixtureOfExpertsLearner withPassthroughColumns(int v) { return new MixtureOfExpertsLearner(experts, expert, training, gate, gateHidden, topK, loss, balance, alpha, learningRate, batchSize, maxEpochs, patience, tol, emIterations, restarts, variance, gateColumns, v, collapseWarning); }
  public MixtureOfExpertsLearner withCollapseWarning(double v) { return new MixtureOfExpertsLearner(experts, expert, training, gate, gateHidden, topK, loss, balance, alpha, learningRate, batchSize, maxEpochs, patience, tol, emIterations, restarts, variance, gateColumns, passthroughColumns, v); }

  @Override public String id() { return ID; }

  @Override public boolean supports(Task task) {
    if (variance && task != Task.REGRESSION) return false;
    return expert == null || expert.supports(task);
  }

  @Override public Record params() { return this; }

  @Override public Learner forMetaInput(int memberColumns, int passthrough) {
    return gateColumns == GateColumns.PASSTHROUGH ? withPassthroughColumns(passthrough) : this;
  }

  /** The expert learner used for {@code task}: the configured one or the default linear expert. */
  public Learner expertFor(Task task) {
    if (expert != null) return expert;
    return task == Task.CLASSIFICATION ? LogisticLearner.defaults() : RidgeLearner.defaults();
  }

  /** Whether experts of this kind can be trained jointly with the gate (our own network form exists). */
  static boolean jointCapable(Learner l) {
    return l instanceof LogisticLearner || l instanceof RidgeLearner || l instanceof MlpLearner;
  }

  static boolean joint(Learner l, ExpertTraining t) {
    return t == ExpertTraining.JOINT || (t == ExpertTraining.AUTO && jointCapable(l));
  }

  @Override public Model fit(Dataset data, FitContext context) {
    return MoeFit.fit(this, data, context);
  }

  @Override public ObjectNode spec() {
    ObjectNode b = Json.object();
    b.put("experts", experts);
    if (expert != null) b.set("expert", expert.spec());
    b.put("training", training.id());
    b.put("gate", gate);
    ArrayNode gh = b.putArray("gate_hidden");
    gateHidden.forEach(gh::add);
    b.put("top_k", topK);
    b.put("loss", loss.id());
    b.put("balance", balance);
    b.put("alpha", alpha);
    b.put("learning_rate", learningRate);
    b.put("batch_size", batchSize);
    b.put("max_epochs", maxEpochs);
    b.put("patience", patience);
    b.put("tol", tol);
    b.put("em_iterations", emIterations);
    b.put("restarts", restarts);
    b.put("variance", variance);
    b.put("gate_columns", gateColumns.id());
    b.put("collapse_warning", collapseWarning);
    ObjectNode o = Json.object();
    o.set(ID, b);
    return o;
  }

  private static final Set<String> KEYS = Set.of("experts", "expert", "training", "gate", "gate_hidden", "top_k", "loss",
      "balance", "alpha", "learning_rate", "batch_size", "max_epochs", "patience", "tol", "em_iterations", "restarts", "variance",
      "gate_columns", "collapse_warning");

  /**
   * Parses the body of a {@code {"moe": {...}}} spec; omitted keys keep their {@link #defaults()}.
   *
   * @param body the JSON object under {@code "moe"}
   * @param source where it came from, for errors (e.g. {@code "spec.json: moe"})
   * @param specParser parses a nested spec (the expert) given its node and source
   */
  public static MixtureOfExpertsLearner fromSpec(JsonNode body, String source,
                                                 BiFunction<JsonNode, String, Learner> specParser) {
    if (body == null || !body.isObject()) throw new BadInputException(source, "must be a JSON object");
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!KEYS.contains(f)) throw new BadInputException(source, "unknown key '" + f + "'; allowed keys: " + new TreeSet<>(KEYS));
    }
    MixtureOfExpertsLearner d = defaults();
    Learner expert = null;
    if (body.has("expert")) {
      JsonNode e = body.get("expert");
      // "expert": "mlp" is shorthand for {"learner": "mlp"}
      expert = e.isTextual() ? Catalogue.defaults(e.asText()) : specParser.apply(e, at(source, "expert"));
    }
    List<Integer> hidden = d.gateHidden();
    if (body.has("gate_hidden")) {
      JsonNode h = body.get("gate_hidden");
      if (!h.isArray()) throw new BadInputException(at(source, "gate_hidden"), "gate_hidden must be a list of integers, got " + h);
      hidden = new ArrayList<>();
      for (JsonNode v : h) {
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw new BadInputException(at(source, "gate_hidden"), "gate_hidden must be a list of integers, got " + h);
        hidden.add(v.asInt());
      }
    }
    return new MixtureOfExpertsLearner(integer(body, "experts", d.experts(), source), expert,
        ExpertTraining.parse(string(body, "training", d.training().id(), source), at(source, "training")),
        string(body, "gate", d.gate(), source), hidden, integer(body, "top_k", d.topK(), source),
        MoeLoss.parse(string(body, "loss", d.loss().id(), source), at(source, "loss")),
        number(body, "balance", d.balance(), source), number(body, "alpha", d.alpha(), source),
        number(body, "learning_rate", d.learningRate(), source), integer(body, "batch_size", d.batchSize(), source),
        integer(body, "max_epochs", d.maxEpochs(), source), integer(body, "patience", d.patience(), source),
        number(body, "tol", d.tol(), source), integer(body, "em_iterations", d.emIterations(), source), integer(body, "restarts", d.restarts(), source),
        bool(body, "variance", d.variance(), source),
        GateColumns.parse(string(body, "gate_columns", d.gateColumns().id(), source), at(source, "gate_columns")), 0,
        number(body, "collapse_warning", d.collapseWarning(), source));
  }

  private static String at(String src, String key) {
    return src + (src.contains(": ") ? "." : ": ") + key;
  }

  private static int integer(JsonNode b, String key, int dflt, String src) {
    JsonNode v = b.get(key);
    if (v == null) return dflt;
    if (!v.isIntegralNumber() || !v.canConvertToInt()) throw new BadInputException(at(src, key), key + " must be an integer, got " + v);
    return v.asInt();
  }

  private static double number(JsonNode b, String key, double dflt, String src) {
    JsonNode v = b.get(key);
    if (v == null) return dflt;
    if (!v.isNumber()) throw new BadInputException(at(src, key), key + " must be a number, got " + v);
    return v.asDouble();
  }

  private static boolean bool(JsonNode b, String key, boolean dflt, String src) {
    JsonNode v = b.get(key);
    if (v == null) return dflt;
    if (!v.isBoolean()) throw new BadInputException(at(src, key), key + " must be true or false, got " + v);
    return v.asBoolean();
  }

  private static String string(JsonNode b, String key, String dflt, String src) {
    JsonNode v = b.get(key);
    if (v == null) return dflt;
    if (!v.isTextual()) throw new BadInputException(at(src, key), key + " must be a string, got " + v);
    return v.asText();
  }
}
