package org.stackwise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.stackwise.BadInputException;
import org.stackwise.Classifier;
import org.stackwise.data.Dataset;
import org.stackwise.ensemble.EnsembleModel;
import org.stackwise.io.Json;
import org.stackwise.io.ModelFile;
import org.stackwise.io.logs.CostTable;
import org.stackwise.io.logs.ExecutionLog;
import org.stackwise.io.logs.ExecutionLogReader;
import org.stackwise.lazy.CostModel;
import org.stackwise.lazy.LazyFile;
import org.stackwise.lazy.LazyStackLearner;
import org.stackwise.lazy.LazyStackModel;
import org.stackwise.lazy.OutputTable;
import org.stackwise.lazy.ThetaRule;
import org.stackwise.lazy.WhiteBox;
import org.stackwise.lazy.policy.StateSpec;
import org.stackwise.lazy.substack.SubstackerTraining;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code stackwise lazy fit}: fits a lazy stack on validation rows — the outputs of a saved ensemble's
 * members on labelled data (white-box, costs measured here), or an execution log (black-box).
 */
@Command(name = "fit", description = "Fit a lazy stack (member order, substackers, exit threshold) on validation rows.",
    sortOptions = false)
final class LazyFitCommand extends LazySubcommand {
  /** Exactly one source of member outputs. */
  static final class Source {
    @ArgGroup(exclusive = false) WhiteBoxSource whiteBox;
    @Option(names = "--log", paramLabel = "VALID.jsonl", description = "Execution log of validation rows (black-box members).")
    Path log;
  }

  static final class WhiteBoxSource {
    @Option(names = "--model", required = true, paramLabel = "MODEL.swm", description = "A fitted ensemble (e.g. stacking) saved by fit.")
    Path model;
    @Option(names = "--data", required = true, paramLabel = "VALID_FILE", description = "Labelled validation rows the members were not fitted on.")
    Path data;
  }

  @ArgGroup(exclusive = true, multiplicity = "1") Source source;

  @Option(names = "--out", required = true, paramLabel = "LAZY.lzs", description = "Where to write the lazy model.")
  Path out;

  @Option(names = "--costs", paramLabel = "COSTS.json",
      description = "Member costs: {\"unit\": \"ms\", \"costs\": {name: cost}}; overrides logged or measured costs.")
  Path costs;

  @Option(names = "--cost-unit", paramLabel = "UNIT", description = "Unit of the log's costs, e.g. usd or ms (default: cost).")
  String costUnit;

  @Option(names = "--drop-incomplete", description = "Drop log rows that lack a member instead of failing.")
  boolean dropIncomplete;

  @Option(names = "--alpha", paramLabel = "A", description = "Cost weight 1/β: running every member costs A correct answers (default 0.1).")
  Double alpha;

  @Option(names = "--theta", paramLabel = "RULE",
      description = "retain:SHARE (default retain:0.97), target:ACCURACY, fixed:THETA or budget:COST.")
  String theta;

  @Option(names = "--mode", paramLabel = "sub|mask", description = "Default aggregator mode of the model (default sub).")
  String mode;

  @Option(names = "--stacker", paramLabel = "mlp|loglinear",
      description = "Substackers and full stacker: small MLPs (default) or log-linear pools (one weight per member).")
  String stacker;

  @Option(names = "--pool-l2", paramLabel = "L", description = "Weight penalty of log-linear pools (default 0.001).")
  Double poolL2;

  @Option(names = "--exit-on-policy-stop", description = "Also exit where the learned policy says STOP (for θ < 1).")
  boolean exitOnPolicyStop;

  @Option(names = "--min-members", paramLabel = "N", description = "Fewest members before an exit (default 2).")
  Integer minMembers;

  @Option(names = "--prefix-theta-rows", paramLabel = "N",
      description = "Give member sets reached by at least N calibration rows their own θ (default 0: one θ).")
  Integer prefixThetaRows;

  @Option(names = "--folds", paramLabel = "K", description = "Cross-fitting folds (default 3).")
  Integer folds;

  @Option(names = "--entropy-bins", paramLabel = "B", description = "Entropy bins of the MDP state (default 4).")
  Integer entropyBins;

  @Option(names = "--aggregate", paramLabel = "mean|last|mask",
      description = "Aggregate described by the MDP state: mean (default), last member, or the MASK combiner (two-pass fit).")
  String aggregate;

  @Option(names = "--agreement", description = "Add the members' agreement to the MDP state.")
  boolean agreement;

  @Option(names = "--min-coverage", paramLabel = "S", description = "Share of rows a kept trajectory must cover (default 0.02).")
  Double minCoverage;

  @Option(names = "--min-state-rows", paramLabel = "N", description = "Rows a state needs before it is estimated alone (default 20).")
  Integer minStateRows;

  @Option(names = "--alpha-grid", paramLabel = "A,A,...", split = ",",
      description = "Choose α among these on the out-of-fold rows (the cheapest reaching the θ rule's target; for a budget, the most accurate within it).")
  List<Double> alphaGrid;

  @Option(names = "--min-members-grid", paramLabel = "N,N,...", split = ",",
      description = "Choose min_members among these on the out-of-fold rows (with --alpha-grid: every combination).")
  List<Integer> minMembersGrid;

  @Option(names = "--agreement-grid", description = "Choose on the out-of-fold rows whether the MDP state has the agreement flag.")
  boolean agreementGrid;

  @Option(names = "--vote-bins", paramLabel = "V",
      description = "Add the top vote share (share of the run members voting for the most voted class) in V bins to the MDP state; "
          + "bin V-1 = all agree (default: not in the state). With --entropy-bins 1 --no-class-in-state the state is the member set "
          + "plus this bin only, coarse enough for a few hundred rows of hard-label members (LLM answers).")
  Integer voteBins;

  @Option(names = "--no-class-in-state", description = "Drop the predicted class from the MDP state.")
  boolean noClassInState;

  @Option(names = "--final-policy", paramLabel = "refit|bagged|routed",
      description = "Deployed policy: refit (solve again on all rows, default), bagged (the cross-fitting folds' policies, "
          + "majority action per state), or routed (the folds' policies and substackers themselves, each input sent to one "
          + "by a hash of its id: the deployed cascade is the out-of-fold one θ was calibrated on, so a --theta budget holds).")
  String finalPolicy;

  @Option(names = "--double-estimate",
      description = "Estimate MDP state values by cross-evaluating two halves of the rows (less optimistic on few rows).")
  boolean doubleEstimate;

  @Option(names = "--json", description = "Print one JSON object on stdout.")
  boolean json;

  @Mixin TableOptions table;
  @Mixin RunOptions run;

  LazyStackLearner learner() {
    LazyStackLearner l = LazyStackLearner.defaults();
    if (alpha != null) l = l.withAlpha(alpha);
    if (theta != null) l = l.withTheta(ThetaRule.parse(theta, "--theta"));
    if (mode != null) l = l.withMode(LazyStackModel.Mode.parse(mode, "--mode"));
    if (minMembers != null) l = l.withMinMembers(minMembers);
    if (stacker != null) l = l.withStacker(SubstackerTraining.Kind.parse(stacker, "--stacker"));
    if (poolL2 != null) l = l.withPoolL2(poolL2);
    if (exitOnPolicyStop) l = l.withExitOnPolicyStop(true);
    if (prefixThetaRows != null) l = l.withPrefixThetaRows(prefixThetaRows);
    if (folds != null) l = l.withCrossFitFolds(folds);
    StateSpec s = l.state();
    if (entropyBins != null) s = s.withEntropyBins(entropyBins);
    if (aggregate != null) {
      s = switch (aggregate) {
        case "mean" -> s.withAggregate(StateSpec.Aggregate.MEAN);
        case "last" -> s.withAggregate(StateSpec.Aggregate.LAST);
        case "mask" -> s.withAggregate(StateSpec.Aggregate.MASK);
        default -> throw new BadInputException("--aggregate", "aggregate must be mean, last or mask, got '" + aggregate + "'");
      };
    }
    if (agreement) s = s.withAgreementInState(true);
    if (noClassInState) s = s.withClassInState(false);
    if (voteBins != null) s = s.withVoteBins(voteBins);
    l = l.withState(s);
    if (doubleEstimate) l = l.withDoubleEstimate(true);
    if (finalPolicy != null) l = l.withFinalPolicy(LazyStackLearner.FinalPolicy.parse(finalPolicy, "--final-policy"));
    if (minCoverage != null) l = l.withMinCoverage(minCoverage);
    if (minStateRows != null) l = l.withMinStateRows(minStateRows);
    if (alphaGrid != null) l = l.withAlphaGrid(alphaGrid);
    if (minMembersGrid != null) l = l.withMinMembersGrid(minMembersGrid);
    if (agreementGrid) l = l.withAgreementGrid(List.of(false, true));
    return l;
  }

  @Override public Integer call() throws Exception {
    Terminal term = terminal(json);
    OutputFiles.check("--out", out, source.log, source.whiteBox == null ? null : source.whiteBox.model,
        source.whiteBox == null ? null : source.whiteBox.data, costs);
    LazyStackLearner learner = learner();
    CostTable costTable = costs == null ? null : CostTable.read(costs);
    OutputTable valid;
    CostModel costModel = null;
    String sourceDescription;
    if (source.log != null) {
      ExecutionLogReader.Options o = ExecutionLogReader.Options.defaults().withCosts(costTable)
          .withDropRowsWithMissingMembers(dropIncomplete);
      if (costUnit != null) o = o.withCostUnit(costUnit);
      ExecutionLog log = ExecutionLogReader.read(source.log, o);
      log.notes().forEach(term::note);
      valid = log.table();
      sourceDescription = "log " + source.log;
    } else {
      ModelFile.Loaded loaded = ModelInput.load(source.whiteBox.model);
      if (!(loaded.model() instanceof EnsembleModel ens) || !(loaded.model() instanceof Classifier c)) {
        throw new BadInputException(source.whiteBox.model.toString(), "lazy stacking needs a classifier ensemble (stacking, voting, ...), got "
            + loaded.model().kind());
      }
      String target = ModelInput.target(table, loaded);
      if (target == null) throw new BadInputException("--target", "the model does not name its target column; give --target COL");
      Dataset d = ModelInput.read(source.whiteBox.data, table, loaded, target);
      if (!d.hasTarget()) throw new BadInputException(source.whiteBox.data.toString(), "no labels in target column '" + target + "'");
      CostModel given = null;
      if (costTable != null) {
        double[] cs = new double[ens.memberNames().size()];
        for (int j = 0; j < cs.length; j++) {
          Double v = costTable.cost(ens.memberNames().get(j));
          if (v == null) throw new BadInputException(costs.toString(), "no cost for member '" + ens.memberNames().get(j) + "'");
          cs[j] = v;
        }
        given = CostModel.perMember(ens.memberNames(), cs, costTable.unit());
      }
      term.note("running " + ens.memberNames().size() + " members on " + d.rows() + " rows"
          + (given == null ? " and measuring their costs" : ""));
      WhiteBox.Measured mm = WhiteBox.outputs(ens, c.classes(), d, given, WhiteBox.Timing.defaults());
      valid = mm.table();
      costModel = mm.costs();
      sourceDescription = "model " + source.whiteBox.model + " on " + source.whiteBox.data;
    }
    LazyStackModel model;
    try (ProgressBar bar = term.progress("lazy fit")) {
      model = learner.fit(valid, costModel, run.context(bar));
    }
    ObjectNode info = model.info();
    info.put("source", sourceDescription);
    if (source.whiteBox != null) {
      info.put("ensemble_model", source.whiteBox.model.toAbsolutePath().toString());
      info.put("target", ModelInput.target(table, ModelInput.load(source.whiteBox.model)));
    }
    model = model.withInfo(info);
    LazyFile.save(model, out);
    ObjectNode result = Json.object();
    result.put("out", out.toString());
    result.put("rows", valid.rows());
    result.put("members", valid.memberCount());
    result.put("mode", model.mode().id());
    result.put("theta_sub", model.theta(LazyStackModel.Mode.SUB));
    result.put("theta_mask", model.theta(LazyStackModel.Mode.MASK));
    result.set("cost_model", model.costModel().toJson());
    result.set("trajectories", info.path("trajectories"));
    result.set("validation", LazyReport.withoutCurve(info.path("validation")));
    result.set("data_use", LazyReport.withoutRows(info.path("data_use")));
    if (info.has("selection")) result.set("selection", info.path("selection"));
    result.set("params", info.path("params"));
    result.set("deployed_on_fit_rows", info.path("deployed_on_fit_rows"));
    if (json) term.printJson(result);
    PrintWriter h = term.human();
    h.println("lazy stack on " + valid.rows() + " validation rows, " + valid.memberCount() + " members; costs in "
        + model.costModel().unit() + " (" + model.costModel().source() + ")");
    h.println("kept " + info.path("trajectories").path("kept").asInt() + " of " + info.path("trajectories").path("distinct").asInt()
        + " trajectories; " + info.path("trajectories").path("trajectories_95").asInt() + " cover 95 % of the rows");
    h.println("out-of-fold validation (θ and comparison methods calibrated on these rows):");
    LazyReport.methods(info.path("validation")).print(h);
    JsonNode dep = info.path("deployed_on_fit_rows");
    h.printf(java.util.Locale.ROOT, "deployed %s policy on the fitting rows (in-sample): mean cost %.6g = %.3f× the out-of-fold %.6g%n",
        dep.path("final_policy").asText(), dep.path("mean_cost").asDouble(), dep.path("cost_ratio_to_oof").asDouble(),
        dep.path("oof_mean_cost").asDouble());
    if (model.routed()) {
      h.println("routed: " + model.routeCount() + " fold cores deployed, each input sent to one by a hash of its routing key");
    }
    h.println("saved " + out);
    h.flush();
    return Main.OK;
  }
}
