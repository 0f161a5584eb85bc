package org.stackwise.ensemble;

import java.util.ArrayList;
import java.util.List;
import org.stackwise.BadInputException;
import org.stackwise.Classifier;
import org.stackwise.DecisionFunction;
import org.stackwise.MemberFailureException;
import org.stackwise.Model;
import org.stackwise.Regressor;
import org.stackwise.data.Dataset;

/**
 * Turns a member's predictions into meta-feature columns, the same way at fit time (out of fold) and
 * at prediction time, so the meta-learner always sees identically built inputs.
 *
 * <p>A member that throws or returns NaN or infinite values fails here with a
 * {@link MemberFailureException} naming it: out of fold that drops the member (see {@link OutOfFold}),
 * at prediction time it fails the prediction, so a broken member never yields silently NaN answers.
 */
final class MemberOutputs {
  private static final double EPS = 1e-7;

  private MemberOutputs() { }

  /** The method actually used for a model ({@code AUTO} resolved). */
  static StackMethod resolve(StackMethod method, Model model) {
    if (model instanceof Regressor) return StackMethod.AUTO;
    return method == StackMethod.AUTO ? StackMethod.PROBA : method;
  }

  /** Number of meta-feature columns a model contributes. */
  static int width(StackMethod method, Model model, int decisionWidth) {
    if (model instanceof Regressor) return 1;
    int k = ((Classifier) model).classes().size();
    return switch (resolve(method, model)) {
      case PROBA, LABEL -> k == 2 ? 1 : k;
      case DECISION -> decisionWidth;
      case AUTO -> throw new AssertionError();
    };
  }

  /** Column names for a member's block. */
  static List<String> names(String member, StackMethod method, Model model, int width) {
    List<String> names = new ArrayList<>();
    if (model instanceof Regressor) {
      names.add(member);
      return names;
    }
    List<String> classes = ((Classifier) model).classes();
    StackMethod m = resolve(method, model);
    if (m == StackMethod.DECISION) {
      for (int j = 0; j < width; j++) names.add(member + ":decision" + (width == 1 ? "" : ":" + classes.get(j)));
    } else if (classes.size() == 2) {
      names.add(member + ":" + classes.get(1));
    } else {
      for (String c : classes) names.add(member + ":" + c);
    }
    return names;
  }

  /** Meta-features for every row of {@code data}: one array (of the block width) per row; checked finite. */
  static double[][] compute(String member, StackMethod method, boolean logit, Model model, Dataset data) {
    double[][] out = MemberFailureException.guard(member, () -> computeUnchecked(member, method, logit, model, data));
    return MemberFailureException.requireFinite(member, out);
  }

  private static double[][] computeUnchecked(String member, StackMethod method, boolean logit, Model model, Dataset data) {
    if (model instanceof Regressor r) {
      double[] y = r.predict(data);
      double[][] out = new double[y.length][];
      for (int i = 0; i < y.length; i++) out[i] = new double[] {y[i]};
      return out;
    }
    Classifier c = (Classifier) model;
    StackMethod m = resolve(method, model);
    int k = c.classes().size();
    double[][] out = new double[data.rows()][];
    switch (m) {
      case DECISION -> {
        if (!(model instanceof DecisionFunction df)) {
          throw new BadInputException("member '" + member + "'", "stack_method 'decision' needs a model with a decision function, and "
              + model.kind() + " has none; use 'proba'");
        }
        double[] row = new double[data.columns()];
        for (int i = 0; i < out.length; i++) {
          data.copyRow(i, row);
          out[i] = df.decision(row);
        }
      }
      case PROBA -> {
        double[][] p = c.predictProba(data);
        for (int i = 0; i < out.length; i++) out[i] = probaFeatures(p[i], k, logit);
      }
      case LABEL -> {
        double[][] p = c.predictProba(data);
        for (int i = 0; i < out.length; i++) out[i] = labelFeatures(Classifier.argMax(p[i]), k);
      }
      default -> throw new AssertionError(m);
    }
    return out;
  }

  /**
   * Meta-features from predictions already made for every row (out-of-bag predictions): {@code predictions}
   * holds class probabilities for a classifier, one value for a regressor. Decision values cannot be
   * built this way. Checked finite.
   */
  static double[][] fromPredictions(String member, StackMethod method, boolean logit, Model model, double[][] predictions) {
    double[][] out = new double[predictions.length][];
    if (model instanceof Regressor) {
      for (int i = 0; i < out.length; i++) out[i] = predictions[i].clone();
    } else {
      int k = ((Classifier) model).classes().size();
      StackMethod m = resolve(method, model);
      for (int i = 0; i < out.length; i++) {
        out[i] = switch (m) {
          case PROBA -> probaFeatures(predictions[i], k, logit);
          case LABEL -> labelFeatures(Classifier.argMax(predictions[i]), k);
          default -> throw new IllegalArgumentException("out-of-bag predictions cannot give " + m.id() + " outputs");
        };
      }
    }
    return MemberFailureException.requireFinite(member, out);
  }

  /** Meta-features of one row (the online path); checked finite. */
  static double[] computeRow(String member, StackMethod method, boolean logit, Model model, double[] row) {
    return MemberFailureException.requireFinite(member,
        MemberFailureException.guard(member, () -> computeRowUnchecked(method, logit, model, row)));
  }

  private static double[] computeRowUnchecked(StackMethod method, boolean logit, Model model, double[] row) {
    if (model instanceof Regressor r) return new double[] {r.predict(row)};
    Classifier c = (Classifier) model;
    int k = c.classes().size();
    return switch (resolve(method, model)) {
      case DECISION -> ((DecisionFunction) model).decision(row);
      case PROBA -> probaFeatures(c.predictProba(row), k, logit);
      case LABEL -> labelFeatures(c.predict(row), k);
      case AUTO -> throw new AssertionError();
    };
  }

  static double[] probaFeatures(double[] p, int k, boolean logit) {
    double[] f = k == 2 ? new double[] {p[1]} : p.clone();
    if (logit) {
      for (int j = 0; j < f.length; j++) {
        double q = Math.min(1 - EPS, Math.max(EPS, f[j]));
        f[j] = Math.log(q / (1 - q));
      }
    }
    return f;
  }

  static double[] labelFeatures(int label, int k) {
    if (k == 2) return new double[] {label};
    double[] f = new double[k];
    f[label] = 1.0;
    return f;
  }
}
