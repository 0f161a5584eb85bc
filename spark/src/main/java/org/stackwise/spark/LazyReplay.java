package org.stackwise.spark;

import java.util.List;
import org.stackwise.lazy.LazyPrediction;
import org.stackwise.lazy.LazyStackModel;
import org.stackwise.lazy.MemberInvoker;
import org.stackwise.lazy.MemberOutput;

/**
 * One row's lazy cascade, advanced a step at a time from the outputs gathered so far.
 *
 * <p>Core's {@link LazyStackModel#predict} runs a whole cascade through a {@link MemberInvoker}, pulling
 * member outputs one by one. A batch engine works the other way round: it runs a member on many rows
 * at once, then asks each row what it needs next. The row's state is its history — the members run so
 * far and their outputs, in order. Replaying the history through {@code predict} with an invoker that
 * answers from it is deterministic, so it reaches exactly the state the online cascade would have; the
 * first member the replay asks for that is not in the history is the row's next member. (Core's
 * {@link LazyStackModel.Walk} is mutable and lives in one JVM, while a row's state here must travel
 * between Spark jobs as a column; replaying costs O(steps²) substacker evaluations per row, small for the
 * handful of members a lazy stack has.)
 *
 * <p>History encoding (a flat {@code double[]}): for each member run, its index then its k probabilities.
 */
final class LazyReplay {
  /** The outcome of a replay: the next member to run, or the finished prediction. */
  record Step(int next, LazyPrediction prediction) {
    boolean done() { return next < 0; }
  }

  private LazyReplay() { }

  /** Thrown by the replay invoker to stop at the first member without an output. */
  private static final class NeedMember extends Exception {
    private static final long serialVersionUID = 1L;

    NeedMember() { super("not run yet", null, false, false); }
  }

  /**
   * The row's next step. {@code routingKey} picks the core of a {@linkplain LazyStackModel#routed() routed}
   * model ({@link LazyStackModel#routingKey} of the row's features, as a keyless online call would); other
   * models ignore it.
   */
  static Step step(LazyStackModel model, double[] history, String routingKey) {
    int k = model.classes().size();
    int[] need = {-1};
    MemberInvoker<double[]> replay = (j, name, h) -> {
      for (int o = 0; o < h.length; o += k + 1) {
        if ((int) h[o] == j) {
          double[] p = new double[k];
          System.arraycopy(h, o + 1, p, 0, k);
          return MemberOutput.of(p);
        }
      }
      if (need[0] < 0) need[0] = j;
      throw new NeedMember();
    };
    LazyPrediction p;
    try {
      p = model.predict(history, replay, routingKey);
    } catch (IllegalStateException e) {
      // nothing ran yet and every member "failed": the first one asked for is next
      if (need[0] >= 0) return new Step(need[0], null);
      throw e;
    }
    return need[0] >= 0 ? new Step(need[0], null) : new Step(-1, p);
  }

  /** {@code history} with member {@code j}'s output appended. */
  static double[] append(double[] history, int j, double[] proba) {
    double[] h = java.util.Arrays.copyOf(history, history.length + 1 + proba.length);
    h[history.length] = j;
    System.arraycopy(proba, 0, h, history.length + 1, proba.length);
    return h;
  }

  /** Member names in a trace, for the members-run column. */
  static List<String> membersRun(LazyPrediction p) {
    return p.trace().membersRun();
  }
}
