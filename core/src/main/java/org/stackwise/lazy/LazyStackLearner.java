package org.stackwise.lazy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.stackwise.BadInputException;
import org.stackwise.FitContext;
import org.stackwise.data.Target;
import org.stackwise.folds.Fold;
import org.stackwise.folds.FoldPlan;
import org.stackwise.io.Json;
import org.stackwise.lazy.policy.MdpSolver;
import org.stackwise.lazy.policy.Policy;
import org.stackwise.lazy.policy.StateSpec;
import org.stackwise.lazy.policy.Trajectories;
import org.stackwise.lazy.substack.Features;
import org.stackwise.lazy.substack.SubstackerTraining;
import org.stackwise.lazy.substack.SubstackerTraining.SubRows;
import org.stackwise.lazy.substack.Substackers;
import org.stackwise.learners.mlp.MlpLearner;

/**
 * Lazy stacking (LazyStack): fits the member order, the prefix substackers and the exit threshold on
 * the labelled member outputs of validation rows ({@link OutputTable}). An immutable spec; {@link #fit}
 * returns a {@link LazyStackModel}.
 *
 * <h2>Stages</h2>
 * <ol>
 *   <li><b>Trajectory discovery</b> ({@link MdpSolver}): the member-selection MDP, solved exactly;
 *       the policy is rolled out on the rows and the trajectories followed by at least
 *       {@code minCoverage} of them are kept.
 *   <li><b>Prefix meta-learning</b> ({@link SubstackerTraining}): a SUB network per proper prefix of a
 *       kept trajectory, the shared MASK network and the full stacker.
 *   <li><b>Threshold</b>: θ chosen by {@link ThetaRule} (default: keep 97 % of the full stacker's
 *       accuracy), separately for the SUB and MASK modes; the comparison methods are tuned the same way.
 * </ol>
 *
 * <h2>Honest use of the rows (cross-fitting)</h2>
 * The rows are cut into {@code crossFitFolds} stratified folds. For each fold, stages 1–2 are fitted on
 * the other folds and the held-out fold's rows are run through the resulting cascades, every step
 * recorded: so every row gets out-of-fold cascade outputs — produced by a policy and substackers that
 * never saw it. θ (and every comparison method's setting) is calibrated on these pooled out-of-fold
 * outputs. Finally stages 1–2 are refitted on all rows for the returned model, which uses the
 * calibrated θ — or, with {@link FinalPolicy#BAGGED}, every policy (each fold's and the deployed one) is
 * a bag of policies solved on parts of its rows, so θ is calibrated on cascades of bags built like the
 * deployed one (no policy or substacker ever runs, for calibration, rows it was fitted on).
 * The model's {@code info().data_use} records which rows fed which stage, and
 * {@code info().deployed_on_fit_rows} compares the deployed cascade's cost on the fitting rows with the
 * out-of-fold one.
 *
 * <h2>Choosing settings on the out-of-fold rows</h2>
 * When any of {@code alphaGrid}, {@code minMembersGrid}, {@code agreementGrid} is non-empty, every
 * combination is cross-fitted (same folds, same seed) and its θ calibrated as above; the combination
 * whose out-of-fold cascade in the default mode is best for the θ rule wins ({@link StepTable#better}:
 * for accuracy rules, reaching the target and then cheapest, else most accurate; for a budget, within
 * it and then most accurate). The winner is then fitted as usual. The test rows are never involved;
 * the out-of-fold rows serve both θ and this choice (a second, small reuse of the labels, recorded
 * in {@code info().selection} with every candidate's out-of-fold accuracy and cost).
 *
 * <h2>Choices the paper leaves open (all parameters here)</h2>
 * {@code alpha} (cost weight 1/β; running every member costs α on average), the state features
 * ({@link StateSpec}: mean aggregate — or the last member's output, or the MASK combiner's output
 * with a two-pass fit —, 4 entropy bins, predicted class, optional agreement flag), {@code minStateRows}
 * for back-off, the kind of substackers (MLPs or log-linear pools), their networks and input
 * {@link Features}, which rows train SUB networks ({@link SubRows}), {@code minMembers} before an exit
 * (default 2), strict exit ({@code confidence > θ}), whether the policy's STOP is an exit too, and
 * one θ per mode or per member set. {@code bench/notes/lazy-stacking.md} reports what each changes on
 * NSL-KDD, RouterBench and satimage.
 *
 * @param alpha cost weight α = 1/β of the MDP reward
 * @param state MDP state features
 * @param minStateRows fewest rows for a state to be estimated alone (else back-off)
 * @param minCoverage share of rows a trajectory must cover to be kept (0.02)
 * @param minMembers fewest members before an exit (the policy's STOP too); at least 1
 * @param exitOnPolicyStop also exit where the policy says STOP (for θ < 1), not only on confidence
 * @param theta how θ is chosen
 * @param mode the default mode of the fitted model
 * @param stacker kind of substackers and full stacker: small MLPs (default) or log-linear pools
 * @param poolL2 weight penalty of log-linear pools
 * @param features substacker input transform (MLPs only; pools take probabilities)
 * @param subNet SUB network hyperparameters
 * @param maskNet MASK network hyperparameters
 * @param fullNet full stacker hyperparameters (no hidden layer: multinomial logistic regression)
 * @param subRows which rows train SUB networks
 * @param crossFitFolds folds for out-of-fold calibration, at least 2
 * @param prefixThetaRows 0 for one θ per mode; else every member set reached by at least this many
 *     calibration rows gets its own θ (per-prefix thresholds, tuned by coordinate descent)
 * @param abcTierSizes tier sizes tried for the ABC baseline (each at least 2)
 * @param alphaGrid α values to choose from on the out-of-fold rows (empty: use {@code alpha}); see
 *     <em>Choosing settings</em>
 * @param minMembersGrid {@code min_members} values to choose from (empty: use {@code minMembers})
 * @param agreementGrid agreement-flag settings of the state to choose from (empty: use {@code state}'s)
 * @param finalPolicy the deployed policy: refitted on all rows, or bagged (also inside every fold)
 * @param doubleEstimate MDP state values by two-half cross-evaluation, less optimistic on few rows
 *     ({@link MdpSolver}, <em>Optimism</em>)
 */
public record LazyStackLearner(double alpha, StateSpec state, int minStateRows, double minCoverage, int minMembers,
    boolean exitOnPolicyStop, ThetaRule theta, LazyStackModel.Mode mode, SubstackerTraining.Kind stacker, double poolL2, Features features,
    MlpLearner subNet, MlpLearner maskNet,
    MlpLearner fullNet, SubRows subRows, int crossFitFolds, int prefixThetaRows, List<Integer> abcTierSizes,
    List<Double> alphaGrid, List<Integer> minMembersGrid, List<Boolean> agreementGrid, FinalPolicy finalPolicy,
    boolean doubleEstimate) {

  /**
   * Which policy the fitted model deploys. θ and the settings are calibrated on the cross-fitting folds'
   * policies (each run on the rows it did not see); the deployed policy is either refitted on all rows
   * or the folds' policies combined.
   */
  public enum FinalPolicy {
    /**
     * Solve the MDP again on all rows (the default). Its decisions may differ from every fold policy's
     * where a state's best action sits on a boundary (seen on RouterBench: the first member flips from a
     * cheap model to gpt-4), and then θ's out-of-fold cost does not carry over.
     */
    REFIT,
    /**
     * Deploy a bagged policy ({@link Policy#vote}: the majority action per state over policies solved on
     * the training parts of {@code crossFitFolds} folds, ties to STOP, then the cheaper member), and build
     * every cross-fitting fold's policy the same way from that fold's training rows only (nested: the
     * bag of fold k never saw fold k). So θ is calibrated on cascades of bags built exactly like the
     * deployed one, rather than on single policies whose mixture the deployed policy need not resemble;
     * where the parts agree the bag makes their decisions. Costs {@code crossFitFolds + 1} times the
     * policy solves of REFIT. The substackers are refitted along the bag's trajectories.
     */
    BAGGED,
    /**
     * Deploy the cross-fitting folds' cores themselves — each fold's policy and substackers, fitted on
     * the other folds' rows — and route every input to one of them by a hash of its routing key
     * ({@link LazyStackModel#routeOf}). θ is calibrated on exactly these cores' out-of-fold cascades, so
     * the deployed accuracy and cost are, in expectation over inputs, the out-of-fold ones: a budget met
     * out of fold is met in deployment, which neither a refitted nor a bagged policy guarantees (on
     * RouterBench they cost 0.4–2.5× the out-of-fold cost). The model file holds one core per fold
     * (plus the refitted one, kept for {@code describe} and trajectory statistics); fitting costs the
     * same as REFIT.
     */
    ROUTED;

    public String id() { return name().toLowerCase(java.util.Locale.ROOT); }

    /** Parses {@code refit}, {@code bagged} or {@code routed}. */
    public static FinalPolicy parse(String s, String source) {
      for (FinalPolicy f : values()) if (f.id().equals(s)) return f;
      throw new BadInputException(source, "final policy must be refit, bagged or routed, got '" + s + "'");
    }
  }

  public LazyStackLearner {
    if (!(alpha >= 0) || Double.isInfinite(alpha)) throw new BadInputException("params.alpha", "alpha must be a finite number >= 0, got " + alpha);
    if (state == null) throw new BadInputException("params.state", "state must not be null");
    if (minStateRows < 1) throw new BadInputException("params.min_state_rows", "min_state_rows must be at least 1, got " + minStateRows);
    if (!(minCoverage > 0 && minCoverage <= 1)) throw new BadInputException("params.min_coverage", "min_coverage must be in (0, 1], got " + minCoverage);
    if (minMembers < 1) throw new BadInputException("params.min_members", "min_members must be at least 1, got " + minMembers);
    if (theta == null) throw new BadInputException("params.theta", "theta rule must not be null");
    if (mode == null) throw new BadInputException("params.mode", "mode must be sub or mask");
    if (stacker == null) throw new BadInputException("params.stacker", "stacker must be mlp or loglinear");
    if (features == null || subNet == null || maskNet == null || fullNet == null || subRows == null) {
      throw new BadInputException("params", "substacker settings must not be null");
    }
    if (crossFitFolds < 2 || crossFitFolds > 20) {
      throw new BadInputException("params.cross_fit_folds", "cross_fit_folds must be between 2 and 20, got " + crossFitFolds);
    }
    if (finalPolicy == null) throw new BadInputException("params.final_policy", "final_policy must be refit, bagged or routed");
    if (prefixThetaRows < 0) throw new BadInputException("params.prefix_theta_rows", "prefix_theta_rows must be >= 0, got " + prefixThetaRows);
    abcTierSizes = List.copyOf(abcTierSizes);
    if (abcTierSizes.isEmpty()) throw new BadInputException("params.abc_tier_sizes", "abc_tier_sizes must not be empty");
    for (int s : abcTierSizes) {
      if (s < 2) throw new BadInputException("params.abc_tier_sizes", "ABC tiers need at least 2 members, got " + s);
    }
    alphaGrid = List.copyOf(alphaGrid);
    minMembersGrid = List.copyOf(minMembersGrid);
    agreementGrid = List.copyOf(agreementGrid);
    for (double a : alphaGrid) {
      if (!(a >= 0) || Double.isInfinite(a)) throw new BadInputException("params.alpha_grid", "alpha_grid values must be finite numbers >= 0, got " + a);
    }
    for (int v : minMembersGrid) {
      if (v < 1) throw new BadInputException("params.min_members_grid", "min_members_grid values must be at least 1, got " + v);
    }
  }

  /** A small MLP for substackers: one hidden layer of {@code width} ReLUs, Adam, early stopping. */
  public static MlpLearner network(int width) {
    MlpLearner d = MlpLearner.defaults().withAlpha(1e-3).withBatchSize(128).withMaxEpochs(200).withPatience(10);
    return width == 0 ? d.withHidden(List.of()) : d.withHidden(width);
  }

  /**
   * α 0.1, default state, 20 rows per state, 2 % coverage, 2 members, retain 97 %, SUB mode,
   * probability features, SUB [16], MASK [32] (batch 256, learning rate 3e-3, 100 epochs: it trains on
   * m−1 prefixes per row), full stacker [32], SUB networks on all rows, 3 folds, ABC tiers of 2 or 3.
   */
  public static LazyStackLearner defaults() {
    return new LazyStackLearner(0.1, StateSpec.defaults(), 20, 0.02, 2, false, ThetaRule.defaults(), LazyStackModel.Mode.SUB,
        SubstackerTraining.Kind.MLP, 1e-3, Features.PROBA, network(16), network(32).withBatchSize(256).withLearningRate(3e-3).withMaxEpochs(100),
        network(32), SubRows.ALL, 3, 0, List.of(2, 3), List.of(), List.of(), List.of(), FinalPolicy.REFIT, false);
  }

  public LazyStackLearner withAlpha(double v) { return new LazyStackLearner(v, state, minStateRows, minCoverage, minMembers, exitOnPolicyStop, theta, mode, stacker, poolL2, features, subNet, maskNet, fullNet, subRows, crossFitFolds, prefixThetaRows, abcTierSizes, alphaGrid, minMembersGrid, agreementGrid, finalPolicy, doubleEstimate); }
  public LazyStackLearner withState(StateSpec v) { return new LazyStackLearner(alpha, v, minStateRows, minCoverage, minMembers, exitOnPolicyStop, theta, mode, stacker, poolL2, features, subNet, maskNet, fullNet, subRows, crossFitFolds, prefixThetaRows, abcTierSizes, alphaGrid, minMembersGrid, agreementGrid, finalPolicy, doubleEstimate); }
  public LazyStackLearner withMinStateRows(int v) { return new LazyStackLearner(alpha, state, v, minCoverage, minMembers, exitOnPolicyStop, theta, mode, stacker, poolL2, features, subNet, maskNet, fullNet, subRows, crossFitFolds, prefixThetaRows, abcTierSizes, alphaGrid, minMembersGrid, agreementGrid, finalPolicy, doubleEstimate); }
  public LazyStackLearner withMinCoverage(double v) { return new LazyStackLearner(alpha, state, minStateRows, v, minMembers, exitOnPolicyStop, theta, mode, stacker, poolL2, features, subNet, maskNet, fullNet, subRows, crossFitFolds, prefixThetaRows, abcTierSizes, alphaGrid, minMembersGrid, agreementGrid, finalPolicy, doubleEstimate); }
  public LazyStackLearner withMinMembers(int v) { return new LazyStackLearner(alpha, state, minStateRows, minCoverage, v, exitOnPolicyStop, theta, mode, stacker, poolL2, features, subNet, maskNet, fullNet, subRows, crossFitFolds, prefixThetaRows, abcTierSizes, alphaGrid, minMembersGrid, agreementGrid, finalPolicy, doubleEstimate); }
  public LazyStackLearner withExitOnPolicyStop(boolean v) { return new LazyStackLearner(alpha, state, minStateRows, minCoverage, minMembers, v, theta, mode, stacker, poolL2, features, subNet, maskNet, fullNet, subRows, crossFitFolds, prefixThetaRows, abcTierSizes, alphaGrid, minMembersGrid, agreementGrid, finalPolicy, doubleEstimate); }
  public LazyStackLearner withTheta(ThetaRule v) { return new LazyStackLearner(alpha, state, minStateRows, minCoverage, minMembers, exitOnPolicyStop, v, mode, stacker, poolL2, features, subNet, maskNet, fullNet, subRows, crossFitFolds, prefixThetaRows, abcTierSizes, alphaGrid, minMembersGrid, agreementGrid, finalPolicy, doubleEstimate); }
  public LazyStackLearner withMode(LazyStackModel.Mode v) { return new LazyStackLearner(alpha, state, minStateRows, minCoverage, minMembers, exitOnPolicyStop, theta, v, stacker, poolL2, features, subNet, maskNet, fullNet, subRows, crossFitFolds, prefixThetaRows, abcTierSizes, alphaGrid, minMembersGrid, agreementGrid, finalPolicy, doubleEstimate); }
  public LazyStackLearner withStacker(SubstackerTraining.Kind v) { return new LazyStackLearner(alpha, state, minStateRows, minCoverage, minMembers, exitOnPolicyStop, theta, mode, v, poolL2, features, subNet, maskNet, fullNet, subRows, crossFitFolds, prefixThetaRows, abcTierSizes, alphaGrid, minMembersGrid, agreementGrid, finalPolicy, doubleEstimate); }
  public LazyStackLearner withPoolL2(double v) { return new LazyStackLearner(alpha, state, minStateRows, minCoverage, minMembers, exitOnPolicyStop, theta, mode, stacker, v, features, subNet, maskNet, fullNet, subRows, crossFitFolds, prefixThetaRows, abcTierSizes, alphaGrid, minMembersGrid, agreementGrid, finalPolicy, doubleEstimate); }
  public LazyStackLearner withFeatures(Features v) { return new LazyStackLearner(alpha, state, minStateRows, minCoverage, minMembers, exitOnPolicyStop, theta, mode, stacker, poolL2, v, subNet, maskNet, fullNet, subRows, crossFitFolds, prefixThetaRows, abcTierSizes, alphaGrid, minMembersGrid, agreementGrid, finalPolicy, doubleEstimate); }
  public LazyStackLearner withSubNet(MlpLearner v) { return new LazyStackLearner(alpha, state, minStateRows, minCoverage, minMembers, exitOnPolicyStop, theta, mode, stacker, poolL2, features, v, maskNet, fullNet, subRows, crossFitFolds, prefixThetaRows, abcTierSizes, alphaGrid, minMembersGrid, agreementGrid, finalPolicy, doubleEstimate); }
  public LazyStackLearner withMaskNet(MlpLearner v) { return new LazyStackLearner(alpha, state, minStateRows, minCoverage, minMembers, exitOnPolicyStop, theta, mode, stacker, poolL2, features, subNet, v, fullNet, subRows, crossFitFolds, prefixThetaRows, abcTierSizes, alphaGrid, minMembersGrid, agreementGrid, finalPolicy, doubleEstimate); }
  public LazyStackLearner withFullNet(MlpLearner v) { return new LazyStackLearner(alpha, state, minStateRows, minCoverage, minMembers, exitOnPolicyStop, theta, mode, stacker, poolL2, features, subNet, maskNet, v, subRows, crossFitFolds, prefixThetaRows, abcTierSizes, alphaGrid, minMembersGrid, agreementGrid, finalPolicy, doubleEstimate); }
  public LazyStackLearner withSubRows(SubRows v) { return new LazyStackLearner(alpha, state, minStateRows, minCoverage, minMembers, exitOnPolicyStop, theta, mode, stacker, poolL2, features, subNet, maskNet, fullNet, v, crossFitFolds, prefixThetaRows, abcTierSizes, alphaGrid, minMembersGrid, agreementGrid, finalPolicy, doubleEstimate); }
  public LazyStackLearner withCrossFitFolds(int v) { return new LazyStackLearner(alpha, state, minStateRows, minCoverage, minMembers, exitOnPolicyStop, theta, mode, stacker, poolL2, features, subNet, maskNet, fullNet, subRows, v, prefixThetaRows, abcTierSizes, alphaGrid, minMembersGrid, agreementGrid, finalPolicy, doubleEstimate); }
  public LazyStackLearner withPrefixThetaRows(int v) { return new LazyStackLearner(alpha, state, minStateRows, minCoverage, minMembers, exitOnPolicyStop, theta, mode, stacker, poolL2, features, subNet, maskNet, fullNet, subRows, crossFitFolds, v, abcTierSizes, alphaGrid, minMembersGrid, agreementGrid, finalPolicy, doubleEstimate); }
  public LazyStackLearner withAlphaGrid(List<Double> v) { return new LazyStackLearner(alpha, state, minStateRows, minCoverage, minMembers, exitOnPolicyStop, theta, mode, stacker, poolL2, features, subNet, maskNet, fullNet, subRows, crossFitFolds, prefixThetaRows, abcTierSizes, v, minMembersGrid, agreementGrid, finalPolicy, doubleEstimate); }
  public LazyStackLearner withMinMembersGrid(List<Integer> v) { return new LazyStackLearner(alpha, state, minStateRows, minCoverage, minMembers, exitOnPolicyStop, theta, mode, stacker, poolL2, features, subNet, maskNet, fullNet, subRows, crossFitFolds, prefixThetaRows, abcTierSizes, alphaGrid, v, agreementGrid, finalPolicy, doubleEstimate); }
  public LazyStackLearner withAgreementGrid(List<Boolean> v) { return new LazyStackLearner(alpha, state, minStateRows, minCoverage, minMembers, exitOnPolicyStop, theta, mode, stacker, poolL2, features, subNet, maskNet, fullNet, subRows, crossFitFolds, prefixThetaRows, abcTierSizes, alphaGrid, minMembersGrid, v, finalPolicy, doubleEstimate); }
  public LazyStackLearner withFinalPolicy(FinalPolicy v) { return new LazyStackLearner(alpha, state, minStateRows, minCoverage, minMembers, exitOnPolicyStop, theta, mode, stacker, poolL2, features, subNet, maskNet, fullNet, subRows, crossFitFolds, prefixThetaRows, abcTierSizes, alphaGrid, minMembersGrid, agreementGrid, v, doubleEstimate); }
  public LazyStackLearner withDoubleEstimate(boolean v) { return new LazyStackLearner(alpha, state, minStateRows, minCoverage, minMembers, exitOnPolicyStop, theta, mode, stacker, poolL2, features, subNet, maskNet, fullNet, subRows, crossFitFolds, prefixThetaRows, abcTierSizes, alphaGrid, minMembersGrid, agreementGrid, finalPolicy, v); }
  public LazyStackLearner withAbcTierSizes(List<Integer> v) { return new LazyStackLearner(alpha, state, minStateRows, minCoverage, minMembers, exitOnPolicyStop, theta, mode, stacker, poolL2, features, subNet, maskNet, fullNet, subRows, crossFitFolds, prefixThetaRows, v, alphaGrid, minMembersGrid, agreementGrid, finalPolicy, doubleEstimate); }

  /** The parameters as JSON (written into the lazy model's manifest). */
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("alpha", alpha);
    o.set("state", state.toJson());
    o.put("min_state_rows", minStateRows);
    o.put("min_coverage", minCoverage);
    o.put("min_members", minMembers);
    o.put("exit_on_policy_stop", exitOnPolicyStop);
    o.set("theta", theta.toJson());
    o.put("mode", mode.id());
    o.put("stacker", stacker.id());
    o.put("pool_l2", poolL2);
    o.put("features", features.id());
    o.set("sub_net", Json.MAPPER.valueToTree(subNet));
    o.set("mask_net", Json.MAPPER.valueToTree(maskNet));
    o.set("full_net", Json.MAPPER.valueToTree(fullNet));
    o.put("sub_rows", subRows.id());
    o.put("cross_fit_folds", crossFitFolds);
    o.put("prefix_theta_rows", prefixThetaRows);
    ArrayNode a = o.putArray("abc_tier_sizes");
    abcTierSizes.forEach(a::add);
    alphaGrid.forEach(o.putArray("alpha_grid")::add);
    minMembersGrid.forEach(o.putArray("min_members_grid")::add);
    agreementGrid.forEach(o.putArray("agreement_grid")::add);
    o.put("final_policy", finalPolicy.id());
    o.put("double_estimate", doubleEstimate);
    return o;
  }

  /** Stages 1–2 fitted on some rows. */
  record Core(Policy policy, Trajectories trajectories, int[] keptSets, Substackers subs, Substackers randomSubs) { }

  /**
   * Fits a lazy stack on the labelled member outputs of {@code table} (the validation rows: outputs
   * of members that were not fitted on them).
   */
  public LazyStackModel fit(OutputTable table, FitContext ctx) {
    return fit(table, null, ctx);
  }

  /**
   * As {@link #fit(OutputTable, FitContext)}, with the cost model to store (e.g. measured costs with a
   * machine description); null derives it from the table.
   */
  public LazyStackModel fit(OutputTable table, CostModel costModel, FitContext ctx) {
    if (!alphaGrid.isEmpty() || !minMembersGrid.isEmpty() || !agreementGrid.isEmpty()) return select(table, costModel, ctx);
    int n = table.rows();
    int m = table.memberCount();
    int k = table.classCount();
    if (!table.labelled()) throw new BadInputException("rows", "lazy stacking is fitted on labelled rows; some rows have no label");
    if (m > MdpSolver.MAX_MEMBERS) {
      throw new BadInputException("members", "lazy stacking handles at most " + MdpSolver.MAX_MEMBERS + " members, got " + m);
    }
    if (n < 2 * crossFitFolds) {
      throw new BadInputException("rows", "need at least " + 2 * crossFitFolds + " rows for " + crossFitFolds
          + " cross-fitting folds, got " + n);
    }
    CostModel costs = costModel != null ? costModel : CostModel.perRow(table);
    if (!costs.members().equals(table.members())) {
      throw new BadInputException("costs", "cost model members " + costs.members() + " differ from the table's " + table.members());
    }
    int minM = Math.min(minMembers, m);
    int[] labels = table.labels();
    int[] all = new int[n];
    for (int i = 0; i < n; i++) all[i] = i;
    int[] costOrder = costOrder(table);
    int[] randomOrder = randomOrder(m, ctx.child("random-order").random());

    FoldPlan plan = FoldPlan.stratified(new Target.Classes("label", table.classes(), labels), crossFitFolds,
        ctx.child("folds").seed());
    MethodTables oof = new MethodTables(n, m, labels);
    ArrayNode foldInfo = Json.array();
    int[] foldOf = new int[n];
    List<Core> foldCores = new ArrayList<>();
    for (Fold f : plan.folds()) {
      ctx.checkCancelled();
      Core core = fitCore(table, f.train(), randomOrder, ctx.child("fold-" + f.index()), finalPolicy == FinalPolicy.BAGGED);
      foldCores.add(core);
      for (int r : f.test()) {
        foldOf[r] = f.index();
        oof.fill(r, table, r, core.policy(), exitOnPolicyStop, core.subs(), core.randomSubs(), randomOrder, costOrder);
      }
      ObjectNode fi = foldInfo.addObject();
      fi.put("fold", f.index());
      fi.put("fit_rows", f.trainSize());
      fi.put("calibration_rows", f.testSize());
      fi.put("kept_trajectories", core.trajectories().kept(minCoverage).size());
      fi.put("sub_networks", core.keptSets().length);
      ctx.progress().update("lazy cross-fitting folds", f.index() + 1, plan.size());
    }
    Core fin = fitCore(table, all, randomOrder, ctx.child("final"), finalPolicy == FinalPolicy.BAGGED);
    List<LazyStackModel.Route> routes = new ArrayList<>();
    if (finalPolicy == FinalPolicy.ROUTED) {
      for (Core c : foldCores) routes.add(new LazyStackModel.Route(c.policy(), c.subs(), c.randomSubs()));
    }
    // the deployed parts run on the fitting rows (in-sample: a diagnostic of how far the deployed cascade
    // is from the out-of-fold one θ was calibrated on; nothing is chosen on it). Routed, a row runs on the
    // core of its id, which saw it unless that core is its own fold's.
    MethodTables deployed = new MethodTables(n, m, labels);
    LazyStackModel.Route refitted = new LazyStackModel.Route(fin.policy(), fin.subs(), fin.randomSubs());
    for (int r = 0; r < n; r++) {
      LazyStackModel.Route d = routes.isEmpty() ? refitted : routes.get(LazyStackModel.routeIndex(table.id(r), routes.size()));
      deployed.fill(r, table, r, d.policy(), exitOnPolicyStop, d.subs(), d.randomSubs(), randomOrder, costOrder);
    }

    // calibration on the pooled out-of-fold cascades
    int[] fullPred = oof.fullPreds();
    double fullAcc = accuracy(fullPred, labels);
    // the accuracy the rule must reach; under a fixed θ or a budget the baselines use the default 97 % retention
    double target = theta instanceof ThetaRule.Target tg ? tg.accuracy()
        : (theta instanceof ThetaRule.Retain r ? r.share() : 0.97) * fullAcc;
    Thresholds thetaSub = calibrate(oof.sub, minM, target);
    Thresholds thetaMask = calibrate(oof.mask, minM, target);
    Thresholds thetaAvg = calibrate(oof.avg, minM, target);
    Thresholds thetaRandom = calibrate(oof.random, minM, target);
    double[] costThresholds = tuneSteps(oof.cost, theta, target);
    int[] tierEnds = chooseTiers(table, all, costOrder, fullPred, target);
    int best = bestSingle(table, costs);
    Baselines baselines = new Baselines(randomOrder, thetaRandom, thetaAvg, costOrder, costThresholds, tierEnds, best);

    Trajectories tr = fin.trajectories();
    ObjectNode info = Json.object();
    info.set("params", toJson());
    info.put("seed", ctx.seed());
    info.put("rows", n);
    ObjectNode trajInfo = info.putObject("trajectories");
    trajInfo.put("distinct", tr.all().size());
    trajInfo.put("kept", tr.kept(minCoverage).size());
    trajInfo.put("kept_coverage", tr.kept(minCoverage).stream().mapToDouble(Trajectories.Trajectory::coverage).sum());
    trajInfo.put("trajectories_95", tr.coverCount(0.95));
    trajInfo.put("mean_length", tr.meanLength());
    trajInfo.put("sub_networks", fin.keptSets().length);
    info.set("policy", fin.policy().info());
    StepTable.Result oofRes = (mode == LazyStackModel.Mode.SUB ? oof.sub : oof.mask)
        .evaluate(mode == LazyStackModel.Mode.SUB ? thetaSub : thetaMask, minM);
    StepTable.Result depRes = (mode == LazyStackModel.Mode.SUB ? deployed.sub : deployed.mask)
        .evaluate(mode == LazyStackModel.Mode.SUB ? thetaSub : thetaMask, minM);
    ObjectNode dep = info.putObject("deployed_on_fit_rows");
    dep.put("final_policy", finalPolicy.id());
    dep.put("accuracy", depRes.accuracy());
    dep.put("mean_cost", depRes.meanCost());
    dep.put("mean_members_run", depRes.meanMembers());
    dep.put("oof_accuracy", oofRes.accuracy());
    dep.put("oof_mean_cost", oofRes.meanCost());
    dep.put("cost_ratio_to_oof", oofRes.meanCost() > 0 ? depRes.meanCost() / oofRes.meanCost() : Double.NaN);
    if (routes.isEmpty()) {
      // the deployed policy with each row's fold substackers: separates the policy's share of the gap from the
      // substackers' (a routed model deploys the fold policies themselves: there is no separate policy to isolate)
      MethodTables policyOnly = new MethodTables(n, m, labels);
      for (Fold f : plan.folds()) {
        Core c = foldCores.get(f.index());
        for (int r : f.test()) policyOnly.fill(r, table, r, fin.policy(), exitOnPolicyStop, c.subs(), c.randomSubs(), randomOrder, costOrder);
      }
      StepTable.Result polRes = (mode == LazyStackModel.Mode.SUB ? policyOnly.sub : policyOnly.mask)
          .evaluate(mode == LazyStackModel.Mode.SUB ? thetaSub : thetaMask, minM);
      dep.put("deployed_policy_fold_substackers_accuracy", polRes.accuracy());
      dep.put("deployed_policy_fold_substackers_mean_cost", polRes.meanCost());
    }
    dep.put("note", "the deployed policy and substackers with the calibrated θ on the fitting rows they were fitted on "
        + "(in-sample, optimistic in accuracy; its cost shows whether the out-of-fold cost carries over); not used for any choice");
    ObjectNode use = info.putObject("data_use");
    use.put("scheme", "cross-fitting with " + crossFitFolds + " stratified folds");
    use.put("policy_and_substackers", "per fold: MDP policy, trajectories and substackers fitted on the other folds' rows; "
        + (finalPolicy == FinalPolicy.BAGGED
            ? "policies bagged (majority action per state of " + crossFitFolds + " policies solved on the training parts of "
                + crossFitFolds + " folds of the fold's own rows); final model: the same bag over all " + n
                + " rows, substackers refitted on all rows along its trajectories"
            : finalPolicy == FinalPolicy.ROUTED
                ? "final model: the " + crossFitFolds + " fold cores themselves, each input routed to one by a hash of its "
                    + "routing key (a refitted core on all " + n + " rows is kept for describe only)"
                : "final model: refitted on all " + n + " rows"));
    use.put("theta_and_baselines", "calibrated on the pooled out-of-fold cascades of all " + n
        + " rows (each row run by a policy and substackers that never saw it)");
    use.put("labels_reused", "every row's label is used twice: to fit the other folds' stages 1-2 and to calibrate θ "
        + "on its own out-of-fold outputs; the final refit sees every row");
    use.set("folds", foldInfo);
    ArrayNode ids = use.putArray("fold_of_row");
    for (int i = 0; i < n; i++) ids.addArray().add(table.id(i)).add(foldOf[i]);
    LazyStackModel model = new LazyStackModel(table.members(), table.classes(), costs, fin.policy(), fin.subs(),
        fin.randomSubs(), mode, thetaSub, thetaMask, minM, exitOnPolicyStop, baselines, tr.kept(minCoverage), info, routes);
    ObjectNode validation = LazyEvaluation.report(model, table, all, oof, fullPred);
    validation.put("note", "out-of-fold: each row's cascade was run by the policy and substackers of the fold that held it out");
    info.set("validation", validation);
    return new LazyStackModel(table.members(), table.classes(), costs, fin.policy(), fin.subs(), fin.randomSubs(), mode,
        thetaSub, thetaMask, minM, exitOnPolicyStop, baselines, tr.kept(minCoverage), info, routes);
  }

  /** The candidate settings of the grids (each without grids). */
  List<LazyStackLearner> candidates() {
    List<LazyStackLearner> out = new ArrayList<>();
    LazyStackLearner base = withAlphaGrid(List.of()).withMinMembersGrid(List.of()).withAgreementGrid(List.of());
    for (double a : alphaGrid.isEmpty() ? List.of(alpha) : alphaGrid) {
      for (int mm : minMembersGrid.isEmpty() ? List.of(minMembers) : minMembersGrid) {
        for (boolean ag : agreementGrid.isEmpty() ? List.of(state.agreementInState()) : agreementGrid) {
          out.add(base.withAlpha(a).withMinMembers(mm).withState(state.withAgreementInState(ag)));
        }
      }
    }
    return out;
  }

  /** Cross-fits every candidate of the grids, keeps the best out-of-fold one, fits it (see the class comment). */
  private LazyStackModel select(OutputTable table, CostModel costModel, FitContext ctx) {
    List<LazyStackLearner> cands = candidates();
    LazyStackModel bestModel = null;
    StepTable.Result bestRes = null;
    LazyStackLearner best = null;
    ArrayNode tried = Json.array();
    double target = Double.NaN;
    for (LazyStackLearner c : cands) {
      ctx.checkCancelled();
      LazyStackModel mdl = c.fit(table, costModel, ctx);
      JsonNode v = mdl.info().path("validation");
      StepTable.Result r = new StepTable.Result(v.path("accuracy").asDouble(), v.path("mean_cost").asDouble(),
          v.path("mean_members_run").asDouble());
      target = theta instanceof ThetaRule.Target tg ? tg.accuracy()
          : (theta instanceof ThetaRule.Retain rr ? rr.share() : 0.97) * v.path("full_accuracy").asDouble();
      ObjectNode o = tried.addObject();
      o.put("alpha", c.alpha());
      o.put("min_members", c.minMembers());
      o.put("agreement_in_state", c.state().agreementInState());
      o.put("oof_accuracy", r.accuracy());
      o.put("oof_mean_cost", r.meanCost());
      o.put("oof_mean_members", r.meanMembers());
      o.put("theta", mdl.theta());
      if (bestRes == null || StepTable.better(r, bestRes, theta, target)) {
        bestRes = r;
        best = c;
        bestModel = mdl;
      }
    }
    ObjectNode info = bestModel.info();
    ObjectNode sel = info.putObject("selection");
    sel.put("rule", "best out-of-fold cascade in the default mode for the θ rule: reach the target then cheapest, "
        + "else most accurate (budget: within it, then most accurate)");
    sel.put("target_accuracy", target);
    sel.put("chosen_alpha", best.alpha());
    sel.put("chosen_min_members", best.minMembers());
    sel.put("chosen_agreement_in_state", best.state().agreementInState());
    sel.set("candidates", tried);
    ((ObjectNode) info.path("params")).setAll(toJson().retain("alpha_grid", "min_members_grid", "agreement_grid"));
    return bestModel.withInfo(info);
  }

  /** The MDP parameters of this spec. */
  public MdpSolver.Params mdpParams(int m) {
    return new MdpSolver.Params(alpha, state, minStateRows, Math.min(minMembers, m), doubleEstimate);
  }

  /** Substacker parameters of this spec. */
  public SubstackerTraining.Params substackerParams() {
    return new SubstackerTraining.Params(features, subNet, maskNet, fullNet, subRows, stacker, poolL2);
  }

  /**
   * Stages 1–2 on {@code rows}; when {@code bagged}, the policy is the bag ({@link #bag}) of policies
   * solved on parts of {@code rows}, and the substackers follow its trajectories.
   */
  Core fitCore(OutputTable table, int[] rows, int[] randomOrder, FitContext ctx, boolean bagged) {
    int m = table.memberCount();
    int[] randomSets = prefixSets(randomOrder);
    if (state.aggregate() == StateSpec.Aggregate.MASK) {
      // pass 1: policy on the mean aggregate → prefixes → MASK combiner and full stacker
      MdpSolver.Params p1 = new MdpSolver.Params(alpha, state.withAggregate(StateSpec.Aggregate.MEAN), minStateRows,
          Math.min(minMembers, m), doubleEstimate);
      Trajectories tr1 = Trajectories.rollout(MdpSolver.solve(table, rows, p1), table, rows);
      Substackers base = SubstackerTraining.fit(table, rows, orders(tr1, rows.length), new int[0], new int[0],
          substackerParams(), ctx.child("pass-1"));
      // pass 2: the policy on that MASK combiner's output; SUB combiners for its kept prefixes
      Policy policy = bagged ? bag(table, rows, base::mask, ctx) : MdpSolver.solve(table, rows, mdpParams(m), base::mask);
      Trajectories tr = Trajectories.rollout(policy, table, rows, base::mask);
      int[] kept = tr.keptPrefixMasks(minCoverage);
      Substackers subs = SubstackerTraining.fitSubsOnly(table, rows, orders(tr, rows.length), kept, randomSets,
          substackerParams(), base, ctx);
      return new Core(policy, tr, kept, subs.restrictedTo(kept), subs.restrictedTo(randomSets));
    }
    Policy policy = bagged ? bag(table, rows, null, ctx) : MdpSolver.solve(table, rows, mdpParams(m));
    Trajectories tr = Trajectories.rollout(policy, table, rows);
    int[] kept = tr.keptPrefixMasks(minCoverage);
    Substackers subs = SubstackerTraining.fit(table, rows, orders(tr, rows.length), kept, randomSets, substackerParams(), ctx);
    return new Core(policy, tr, kept, subs.restrictedTo(kept), subs.restrictedTo(randomSets));
  }

  /**
   * The bagged policy of {@code rows}: {@code crossFitFolds} stratified folds of these rows, the MDP
   * solved on each fold's training part, the policies combined by {@link Policy#vote} (ties: STOP, then
   * the cheaper member). Used for the deployed policy (on all rows) and, the same way, inside every
   * cross-fitting fold (on that fold's training rows only), so the out-of-fold cascades θ is calibrated
   * on come from a bag that never saw the rows it runs — and that is built like the deployed one.
   */
  Policy bag(OutputTable table, int[] rows, org.stackwise.lazy.policy.SetAggregator aggregator, FitContext ctx) {
    int[] y = new int[rows.length];
    for (int i = 0; i < rows.length; i++) y[i] = table.label(rows[i]);
    FoldPlan plan = FoldPlan.stratified(new Target.Classes("label", table.classes(), y), crossFitFolds, ctx.child("bag-folds").seed());
    List<Policy> policies = new ArrayList<>();
    MdpSolver.Params p = mdpParams(table.memberCount());
    for (Fold f : plan.folds()) {
      ctx.checkCancelled();
      int[] part = new int[f.trainSize()];
      int i = 0;
      for (int r : f.train()) part[i++] = rows[r];
      policies.add(aggregator == null ? MdpSolver.solve(table, part, p) : MdpSolver.solve(table, part, p, aggregator));
    }
    return Policy.vote(policies, costOrder(table));
  }

  private static int[][] orders(Trajectories tr, int n) {
    int[][] orders = new int[n][];
    for (int r = 0; r < n; r++) orders[r] = tr.order(r);
    return orders;
  }

  /** The proper prefixes of an order as member-set bit masks. */
  static int[] prefixSets(int[] order) {
    int[] sets = new int[order.length - 1];
    int s = 0;
    for (int i = 0; i + 1 < order.length; i++) {
      s |= 1 << order[i];
      sets[i] = s;
    }
    return sets;
  }

  /** Members by mean cost, cheapest first (ties: lower index). */
  static int[] costOrder(OutputTable t) {
    Integer[] o = new Integer[t.memberCount()];
    double[] c = new double[o.length];
    for (int j = 0; j < o.length; j++) {
      o[j] = j;
      c[j] = t.meanCost(j);
    }
    Arrays.sort(o, (a, b) -> c[a] != c[b] ? Double.compare(c[a], c[b]) : Integer.compare(a, b));
    return Arrays.stream(o).mapToInt(Integer::intValue).toArray();
  }

  static int[] randomOrder(int m, SplittableRandom rnd) {
    int[] o = new int[m];
    for (int j = 0; j < m; j++) o[j] = j;
    for (int i = m - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = o[i];
      o[i] = o[j];
      o[j] = t;
    }
    return o;
  }

  static double accuracy(int[] pred, int[] y) {
    int c = 0;
    for (int i = 0; i < y.length; i++) if (pred[i] == y[i]) c++;
    return y.length == 0 ? 0 : (double) c / y.length;
  }

  /** The most accurate member on the rows (ties: cheaper, then lower index). */
  static int bestSingle(OutputTable t, CostModel costs) {
    int best = 0;
    double bestAcc = -1;
    for (int j = 0; j < t.memberCount(); j++) {
      int c = 0;
      for (int i = 0; i < t.rows(); i++) if (t.argMax(i, j) == t.label(i)) c++;
      double acc = (double) c / t.rows();
      if (acc > bestAcc + 1e-12 || (Math.abs(acc - bestAcc) <= 1e-12 && costs.mean(j) < costs.mean(best))) {
        best = j;
        bestAcc = acc;
      }
    }
    return best;
  }

  /** The thresholds of one cascade: the rule's global θ, then per-set θs when {@code prefixThetaRows > 0}. */
  private Thresholds calibrate(StepTable st, int minSteps, double target) {
    double global = StepTable.choose(st.sweep(minSteps), theta, target);
    if (prefixThetaRows == 0 || theta instanceof ThetaRule.Fixed) return Thresholds.uniform(global);
    return st.tunePerSet(global, minSteps, prefixThetaRows, theta, target);
  }

  /**
   * Per-step thresholds of the cost cascade: start from the single θ the rule picks, then two passes
   * of coordinate descent over steps, each step trying up to 64 quantiles of its confidences and 1.
   */
  static double[] tuneSteps(StepTable st, ThetaRule rule, double target) {
    int m = st.m;
    double t0 = StepTable.choose(st.sweep(1), rule, target);
    double[] th = new double[m];
    Arrays.fill(th, t0);
    if (rule instanceof ThetaRule.Fixed) return th;
    StepTable.Result cur = st.evaluate(th, 1);
    for (int pass = 0; pass < 2; pass++) {
      for (int t = 1; t < m; t++) {
        double[] vals = new double[st.n];
        for (int i = 0; i < st.n; i++) vals[i] = st.conf[i * m + t - 1];
        Arrays.sort(vals);
        List<Double> cand = new ArrayList<>();
        cand.add(1.0);
        for (int q = 0; q < 64 && st.n > 0; q++) cand.add(vals[(int) ((long) q * (st.n - 1) / 63)]);
        double keep = th[t - 1];
        for (double c : cand) {
          th[t - 1] = c;
          StepTable.Result r = st.evaluate(th, 1);
          if (StepTable.better(r, cur, rule, target)) {
            cur = r;
            keep = c;
          }
        }
        th[t - 1] = keep;
      }
    }
    return th;
  }

  private int[] chooseTiers(OutputTable t, int[] rows, int[] costOrder, int[] fullPred, double target) {
    int m = t.memberCount();
    int[] bestEnds = null;
    StepTable.Result bestRes = null;
    for (int size : abcTierSizes) {
      int[] ends = MethodTables.tierEnds(m, size);
      StepTable.Result r = MethodTables.abc(t, rows, costOrder, ends, fullPred).evaluate(0.5, 1);
      if (bestRes == null || StepTable.better(r, bestRes, theta instanceof ThetaRule.Fixed ? ThetaRule.defaults() : theta, target)) {
        bestRes = r;
        bestEnds = ends;
      }
    }
    return bestEnds;
  }
}
