package org.stackwise.cli.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import org.stackwise.BadInputException;
import org.stackwise.Classifier;
import org.stackwise.Model;
import org.stackwise.Regressor;
import org.stackwise.data.Dataset;
import org.stackwise.data.Schema;
import org.stackwise.ensemble.EnsembleModel;
import org.stackwise.io.Json;
import org.stackwise.lazy.CascadeTrace;
import org.stackwise.lazy.LazyPrediction;
import org.stackwise.lazy.LazyStackModel;
import org.stackwise.lazy.MemberInvoker;
import org.stackwise.lazy.WhiteBox;

/**
 * What the server answers with: a fitted model ({@link Plain}) or a lazy stack running the members of
 * its ensemble ({@link Lazy}). Both are immutable and thread-safe, so every worker thread predicts at
 * once without locks.
 */
public sealed interface ServedModel permits ServedModel.Plain, ServedModel.Lazy {
  /** The answers for a batch of rows, with what they used: members run and cost (NaN when not known). */
  record Answers(ArrayNode predictions, int[] membersRun, double[] cost, String[] exits) { }

  /** The raw-row schema requests are checked against. */
  Schema schema();

  /** The target column's name (accepted and ignored in requests), or null. */
  String target();

  /** {@code GET /model}: kind, task, schema, classes, members and (lazy) costs and θ. */
  ObjectNode describe();

  /** Predicts the rows. */
  Answers predict(List<double[]> rows);

  /** Short kind for logs and metrics: the model's kind, or "lazy". */
  String kind();

  /** Number of members (1 for a single model). */
  int memberCount();

  /** Cost unit of {@link Answers#cost()}, or null when costs are not known. */
  String costUnit();

  /** A model file's model; {@code target} is its target column (or null). */
  static ServedModel plain(Model model, String target) {
    return new Plain(model, target);
  }

  /** A lazy stack whose members are those of {@code ensemble} (same names and order). */
  static ServedModel lazy(LazyStackModel lazy, Model ensemble, String target) {
    return new Lazy(lazy, ensemble, target);
  }

  /** A fitted model: batch predictions; an ensemble runs all its members on every row. */
  final class Plain implements ServedModel {
    private final Model model;
    private final String target;
    private final int members;

    Plain(Model model, String target) {
      this.model = Objects.requireNonNull(model);
      this.target = target;
      if (model instanceof EnsembleModel e) {
        int active = e.memberNames().size() - e.describe().path("skipped_members").size();
        this.members = Math.max(1, active);
      } else {
        this.members = 1;
      }
    }

    @Override public Schema schema() { return model.schema(); }
    @Override public String target() { return target; }
    @Override public String kind() { return model.kind(); }
    @Override public int memberCount() { return members; }
    @Override public String costUnit() { return null; }

    @Override public ObjectNode describe() {
      ObjectNode o = base(model.kind(), model instanceof Classifier ? "classification" : "regression", target, model.schema());
      if (model instanceof Classifier c) o.set("classes", Json.stringsToJson(c.classes()));
      if (model instanceof EnsembleModel e) {
        o.set("members", Json.stringsToJson(e.memberNames()));
        ObjectNode info = e.describe();
        for (String k : new String[] {"scheme", "meta_learner", "meta_weights", "weights", "skipped_members", "experts"}) {
          if (info.has(k)) o.set(k, info.get(k));
        }
      }
      return o;
    }

    @Override public Answers predict(List<double[]> rows) {
      Dataset d = Dataset.of(model.schema(), rows.toArray(new double[0][]), null);
      ArrayNode out = Json.array();
      if (model instanceof Classifier c) {
        double[][] p = c.predictProba(d);
        for (int i = 0; i < p.length; i++) {
          for (double v : p[i]) requireFinite(v, i);
          out.add(classAnswer(c.classes(), p[i]));
        }
      } else {
        double[] y = ((Regressor) model).predict(d);
        for (int i = 0; i < y.length; i++) {
          requireFinite(y[i], i);
          ObjectNode o = out.addObject();
          putNumber(o, "value", y[i]);
        }
      }
      int[] run = new int[rows.size()];
      java.util.Arrays.fill(run, members);
      double[] cost = new double[rows.size()];
      java.util.Arrays.fill(cost, Double.NaN);
      return new Answers(out, run, cost, null);
    }
  }

  /** A lazy stack: one cascade per row; each answer carries its trace. */
  final class Lazy implements ServedModel {
    private final LazyStackModel lazy;
    private final Model ensemble;
    private final String target;
    private final MemberInvoker<double[]> invoker;

    Lazy(LazyStackModel lazy, Model ensemble, String target) {
      this.lazy = Objects.requireNonNull(lazy);
      this.ensemble = Objects.requireNonNull(ensemble);
      this.target = target;
      if (!(ensemble instanceof EnsembleModel e) || !(ensemble instanceof Classifier)) {
        throw new BadInputException("--model", "the lazy stack needs the classifier ensemble it was fitted on");
      }
      if (!e.memberNames().equals(lazy.members())) {
        throw new BadInputException("--model", "members " + e.memberNames() + " differ from the lazy model's " + lazy.members());
      }
      // members predict in the lazy model's class order; the cost of a call is the cost model's
      this.invoker = WhiteBox.invoker(e, lazy.classes());
    }

    @Override public Schema schema() { return ensemble.schema(); }
    @Override public String target() { return target; }
    @Override public String kind() { return "lazy"; }
    @Override public int memberCount() { return lazy.members().size(); }
    @Override public String costUnit() { return lazy.costModel().unit(); }

    @Override public ObjectNode describe() {
      ObjectNode o = base("lazy", "classification", target, ensemble.schema());
      o.set("classes", Json.stringsToJson(lazy.classes()));
      o.set("members", Json.stringsToJson(lazy.members()));
      o.put("ensemble_kind", ensemble.kind());
      o.put("mode", lazy.mode().id());
      o.put("theta", lazy.theta());
      ObjectNode th = o.putObject("thresholds");
      for (LazyStackModel.Mode m : LazyStackModel.Mode.values()) th.set(m.id(), lazy.thresholds(m).toJson());
      o.put("min_members", lazy.minMembers());
      o.put("exit_on_policy_stop", lazy.exitOnPolicyStop());
      // a routed model sends each row to one cross-fitted core by a hash of the row's values
      if (lazy.routed()) o.put("routes", lazy.routeCount());
      o.set("costs", lazy.costModel().toJson());
      o.set("trajectories", org.stackwise.lazy.policy.Trajectories.toJson(lazy.trajectories(), lazy.members()));
      return o;
    }

    @Override public Answers predict(List<double[]> rows) {
      ArrayNode out = Json.array();
      int[] run = new int[rows.size()];
      double[] cost = new double[rows.size()];
      String[] exits = new String[rows.size()];
      for (int i = 0; i < rows.size(); i++) {
        LazyPrediction p = lazy.predict(rows.get(i), invoker);
        ObjectNode o = classAnswer(lazy.classes(), p.proba());
        CascadeTrace t = p.trace();
        ObjectNode trace = t.toJson(lazy.classes());
        trace.set("members_run", Json.stringsToJson(t.membersRun()));
        o.set("trace", trace);
        out.add(o);
        run[i] = t.calls();
        cost[i] = t.totalCost();
        exits[i] = t.exitReason().id();
      }
      return new Answers(out, run, cost, exits);
    }
  }

  /** A NaN or infinite answer is a fault of the model, never sent as a silent null. */
  private static void requireFinite(double v, int row) {
    if (!Double.isFinite(v)) {
      throw new IllegalStateException("the model answered NaN or infinity for row " + row + " of the request");
    }
  }

  private static ObjectNode base(String kind, String task, String target, Schema schema) {
    ObjectNode o = Json.object();
    o.put("kind", kind);
    o.put("task", task);
    if (target != null) o.put("target", target);
    else o.putNull("target");
    o.set("schema", Json.schemaToJson(schema));
    return o;
  }

  private static ObjectNode classAnswer(List<String> classes, double[] p) {
    ObjectNode o = Json.object();
    int best = 0;
    for (int c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
    o.put("label", classes.get(best));
    ObjectNode proba = o.putObject("proba");
    for (int c = 0; c < p.length; c++) putNumber(proba, classes.get(c), p[c]);
    return o;
  }

  private static void putNumber(ObjectNode o, String key, double v) {
    if (Double.isFinite(v)) o.put(key, v);
    else o.putNull(key);
  }
}
