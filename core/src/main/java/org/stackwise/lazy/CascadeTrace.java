package org.stackwise.lazy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.stackwise.io.Json;

/**
 * The record of one lazy prediction: the members run in order with each call's cost, the confidence
 * and predicted class of the aggregate after each, failures, the total cost and why the cascade
 * stopped. Immutable; built step by step with a {@link Builder} and frozen by
 * {@link Builder#snapshot()}.
 */
public final class CascadeTrace {
  /** Why a cascade stopped. */
  public enum ExitReason {
    /** The aggregate's confidence exceeded θ after at least {@code min_members} members. */
    CONFIDENT,
    /** Every member ran; the full stacker answered. */
    ALL_MEMBERS_RUN,
    /** A member failed; the answer is the aggregate of the members that had run (or the first that could). */
    MEMBER_FAILED;

    public String id() { return name().toLowerCase(); }
  }

  /**
   * One member call.
   *
   * @param member the member's name
   * @param index the member's index
   * @param cost what the call cost (charged even when it failed)
   * @param confidence the aggregate's top probability after the call (NaN after a failure)
   * @param predicted the aggregate's class index after the call (-1 after a failure)
   * @param failure the failure message, or null
   */
  public record Step(String member, int index, double cost, double confidence, int predicted, String failure) {
    public boolean failed() { return failure != null; }
  }

  private final List<Step> steps;
  private final ExitReason exit;
  private final double theta;
  private final String mode;
  private final double totalCost;

  private CascadeTrace(List<Step> steps, ExitReason exit, double theta, String mode) {
    this.steps = List.copyOf(steps);
    this.exit = exit;
    this.theta = theta;
    this.mode = mode;
    double c = 0;
    for (Step s : steps) c += s.cost();
    this.totalCost = c;
  }

  /** A builder for a cascade run with threshold {@code theta} in mode {@code mode}. */
  public static Builder builder(double theta, String mode) {
    return new Builder(theta, mode);
  }

  /** Collects steps of one cascade; not thread-safe. */
  public static final class Builder {
    private final List<Step> steps = new ArrayList<>();
    private final double theta;
    private final String mode;
    private ExitReason exit;

    private Builder(double theta, String mode) {
      this.theta = theta;
      this.mode = Objects.requireNonNull(mode);
    }

    public Builder ran(String member, int index, double cost, double confidence, int predicted) {
      steps.add(new Step(member, index, cost, confidence, predicted, null));
      return this;
    }

    public Builder failed(String member, int index, double cost, String message) {
      steps.add(new Step(member, index, cost, Double.NaN, -1, message == null ? "failed" : message));
      return this;
    }

    public Builder exit(ExitReason reason) {
      this.exit = Objects.requireNonNull(reason);
      return this;
    }

    /** The steps so far (for inspection while building). */
    public int size() { return steps.size(); }

    /** An immutable trace of what was recorded; the exit reason must have been set. */
    public CascadeTrace snapshot() {
      if (exit == null) throw new IllegalStateException("exit reason not set");
      return new CascadeTrace(steps, exit, theta, mode);
    }
  }

  public List<Step> steps() { return steps; }
  public ExitReason exitReason() { return exit; }
  public double theta() { return theta; }
  public String mode() { return mode; }

  /** Sum of the costs of every call, failed ones included. */
  public double totalCost() { return totalCost; }

  /** Names of the members that ran successfully, in order. */
  public List<String> membersRun() {
    return steps.stream().filter(s -> !s.failed()).map(Step::member).toList();
  }

  /** Number of member calls, failed ones included. */
  public int calls() { return steps.size(); }

  public ObjectNode toJson(List<String> classes) {
    ObjectNode o = Json.object();
    o.put("mode", mode);
    o.put("theta", theta);
    o.put("exit", exit.id());
    o.put("cost", totalCost);
    ArrayNode a = o.putArray("steps");
    for (Step s : steps) {
      ObjectNode so = a.addObject();
      so.put("member", s.member());
      so.put("cost", s.cost());
      if (s.failed()) {
        so.put("failure", s.failure());
      } else {
        so.put("confidence", s.confidence());
        so.put("predicted", classes.get(s.predicted()));
      }
    }
    return o;
  }

  @Override public String toString() {
    return "CascadeTrace[" + exit.id() + ", cost " + totalCost + ", " + steps + "]";
  }
}
