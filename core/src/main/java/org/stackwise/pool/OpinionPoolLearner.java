package org.stackwise.pool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.stackwise.BadInputException;
import org.stackwise.FitContext;
import org.stackwise.Learner;
import org.stackwise.Model;
import org.stackwise.Task;
import org.stackwise.data.Dataset;
import org.stackwise.ensemble.MetaInputAware;
import org.stackwise.io.Json;

/**
 * The weighted logarithmic opinion pool ({@link OpinionPool}) as a stack's meta-learner: one weight per
 * member and one bias per class, fitted on the members' out-of-fold class probabilities. Spec:
 * {@code {"pool": {"l2": 0.001}}} as the {@code meta} of a stacking or blending spec.
 *
 * <p>Why use it: on many classes a logistic meta-learner has {@code k · (members · k + 1)} coefficients to fit
 * on collinear probability columns, the pool {@code members + k}. In a study on cross-validated cells of the
 * training files (bench/notes/meta-choice.md, fifth and sixth runs) it was more accurate than the logistic
 * default on multiclass stacks, with lower log loss; it is not the default because the benchmark runs that
 * would have made it one did not keep every cost target.
 *
 * <p>Its input must be member probabilities: for {@code k > 2} classes, {@code k} columns per member summing
 * to 1; for two classes, one column per member (the second class's probability, as stacks lay it out).
 * It cannot take passthrough features. Classification only. Honours row weights.
 *
 * @param l2 penalty on the member weights ({@code ≥ 0})
 * @param memberColumns meta-input columns holding member outputs, set by the stack through
 *     {@link MetaInputAware}; -1 until then (a pool cannot be fitted on raw features)
 */
public record OpinionPoolLearner(double l2, int memberColumns) implements Learner, MetaInputAware {
  /** Tolerance of the probability checks on the meta-input. */
  private static final double TOLERANCE = 1e-6;

  public OpinionPoolLearner {
    if (!(l2 >= 0) || Double.isInfinite(l2)) throw new BadInputException("l2", "must be a finite number ≥ 0, got " + l2);
  }

  /** The hyperparameters a spec can set. */
  public record Params(double l2) { }

  /** l2 = 1e-3, the value every study run used. */
  public static OpinionPoolLearner defaults() {
    return new OpinionPoolLearner(1e-3, -1);
  }

  public OpinionPoolLearner withL2(double v) { return new OpinionPoolLearner(v, memberColumns); }

  /** Parses the body of a {@code {"pool": {...}}} spec. */
  public static OpinionPoolLearner fromSpec(JsonNode body, String source) {
    if (body == null || !body.isObject()) throw new BadInputException(source, "must be a JSON object");
    OpinionPoolLearner d = defaults();
    for (var it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!f.equals("l2")) throw new BadInputException(source, "unknown key '" + f + "'; known keys: [l2]");
    }
    if (!body.has("l2")) return d;
    JsonNode v = body.get("l2");
    if (!v.isNumber()) throw new BadInputException(source + ".l2", "must be a number, got " + v);
    try {
      return d.withL2(v.asDouble());
    } catch (BadInputException e) {
      throw new BadInputException(source + ".l2", e.rule());
    }
  }

  @Override public String id() { return "pool"; }

  @Override public boolean supports(Task task) { return task == Task.CLASSIFICATION; }

  @Override public Record params() { return new Params(l2); }

  @Override public ObjectNode spec() {
    ObjectNode o = Json.object();
    o.putObject("pool").put("l2", l2);
    return o;
  }

  @Override public Learner forMetaInput(int memberCols, int passthroughColumns) {
    if (passthroughColumns != 0) {
      throw new BadInputException("meta 'pool'", "the opinion pool combines member probabilities only; it cannot take "
          + "passthrough features (set passthrough to false, or choose another meta-learner)");
    }
    return new OpinionPoolLearner(l2, memberCols);
  }

  @Override public Model fit(Dataset data, FitContext context) {
    if (data.task() != Task.CLASSIFICATION) throw new BadInputException("meta 'pool'", "the opinion pool is for classification only");
    if (memberColumns < 0) {
      throw new BadInputException("learner 'pool'", "the opinion pool is a meta-learner: use it as the 'meta' of a "
          + "stacking or blending spec, not on raw features");
    }
    if (data.columns() != memberColumns) throw new IllegalStateException("expected " + memberColumns + " columns, got " + data.columns());
    int k = data.classes().numClasses();
    boolean binary = k == 2;
    if (!binary && memberColumns % k != 0) {
      throw new BadInputException("meta 'pool'", memberColumns + " member columns are not one probability per class for "
          + k + " classes (the pool needs stack_method proba)");
    }
    int members = binary ? memberColumns : memberColumns / k;
    double[][] x = new double[data.rows()][];
    for (int i = 0; i < x.length; i++) {
      double[] row = data.row(i); // a fresh array: expand keeps it as the pool's input for k > 2
      checkProbabilities(row, binary, k, i);
      x[i] = OpinionPoolModel.expand(row, binary, members);
    }
    OpinionPool pool = OpinionPool.fit(x, data.classes().indices(), data.hasWeights() ? data.weights() : null, members, k, l2);
    return new OpinionPoolModel(data.schema(), data.classes().classes(), binary, pool);
  }

  /** Member outputs must be probabilities: a logit, decision value or label would be silently mangled by the log. */
  private static void checkProbabilities(double[] row, boolean binary, int k, int rowIndex) {
    for (int q = 0; q < row.length; q++) {
      if (!(row[q] >= -TOLERANCE && row[q] <= 1 + TOLERANCE)) {
        throw new BadInputException("meta 'pool'", "meta-input row " + rowIndex + ", column " + q + " is " + row[q]
            + ", not a probability (the pool needs stack_method proba without logit)");
      }
    }
    if (binary) return;
    for (int j = 0; j < row.length / k; j++) {
      double s = 0;
      for (int c = 0; c < k; c++) s += row[j * k + c];
      if (Math.abs(s - 1) > TOLERANCE * k) {
        throw new BadInputException("meta 'pool'", "meta-input row " + rowIndex + ": member block " + j + " sums to " + s
            + ", not 1 (the pool needs stack_method proba)");
      }
    }
  }
}
