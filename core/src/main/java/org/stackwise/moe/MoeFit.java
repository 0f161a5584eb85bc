package org.stackwise.moe;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.stackwise.BadInputException;
import org.stackwise.FitContext;
import org.stackwise.Learner;
import org.stackwise.Model;
import org.stackwise.Regressor;
import org.stackwise.Task;
import org.stackwise.data.Dataset;
import org.stackwise.data.FittedPreprocessing;
import org.stackwise.data.Preprocessing;
import org.stackwise.internal.linalg.Matrices;
import org.stackwise.io.Json;
import org.stackwise.learners.linear.LogisticLearner;
import org.stackwise.learners.linear.RidgeLearner;
import org.stackwise.learners.mlp.MlpLearner;

/**
 * The fit of {@link MixtureOfExpertsLearner}: column views, gate initialisation from k-means, joint or
 * EM training, and the fit-time description with utilisation on the training rows.
 */
final class MoeFit {
  /** Epochs of gate pre-training on the k-means assignment (MLP gates) and of each EM gate fit. */
  static final int GATE_EPOCHS = 20;
  /** β of the initial soft k-means gate, in units of 1 / (within-cluster variance per feature). */
  static final double INIT_SHARPNESS = 0.5;

  private MoeFit() { }

  static Model fit(MixtureOfExpertsLearner l, Dataset data, FitContext ctx) {
    Task task = data.task();
    Learner ex = l.expertFor(task);
    if (!ex.supports(task)) {
      throw new BadInputException("moe.expert", "learner '" + ex.id() + "' does not support " + task.name().toLowerCase());
    }
    if (l.variance() && task != Task.REGRESSION) throw new BadInputException("moe.variance", "variance is for regression only");
    boolean joint = MixtureOfExpertsLearner.joint(ex, l.training());
    if (!joint && l.loss() == MoeLoss.COLLAPSING) {
      throw new BadInputException("moe.loss", "loss 'collapsing' needs jointly trained experts (logistic, ridge or mlp), got '"
          + ex.id() + "' trained by EM");
    }
    if (!joint && l.variance()) throw new BadInputException("moe.variance", "variance heads need jointly trained experts (ridge or mlp)");
    int n = data.rows();
    if (n < 1) throw new BadInputException("moe", "needs at least one training row");
    int p = data.columns();
    int[] gateCols = Columns.range(0, p);
    int[] expertCols = Columns.range(0, p);
    if (l.gateColumns() == GateColumns.PASSTHROUGH) {
      int pt = l.passthroughColumns();
      if (pt <= 0 || pt >= p) {
        throw new BadInputException("moe.gate_columns", "'passthrough' needs the mixture to be the meta-learner of a stack or blend "
            + "with passthrough: true" + (pt > 0 ? " (the input has " + p + " columns, " + pt + " passed through)" : ""));
      }
      gateCols = Columns.range(p - pt, p);
      expertCols = Columns.range(0, p - pt);
    }
    int experts = l.experts();
    double[] w = meanOne(data.weights());
    Dataset gateData = Columns.project(data, gateCols);
    FittedPreprocessing gatePre = Preprocessing.LINEAR.fit(gateData);
    double[] u = Matrices.transform(gatePre, gateData);
    int dg = gatePre.width();

    boolean linearGate = l.gate().equals("linear");
    Dense gate = Dense.of(dg, linearGate ? List.of() : l.gateHidden(), experts, false);
    int kTrain = l.topK() == 0 ? experts : Math.min(experts, Math.max(l.topK(), 2));
    Dataset expertData = Columns.project(data, expertCols);
    ObjectNode info = Json.object();
    info.put("scheme", "moe");
    info.put("experts_count", experts);
    info.put("expert_learner", ex.id());
    info.put("training", joint ? "joint" : "em");
    info.put("gate", l.gate());
    info.put("top_k", l.topK() == 0 ? experts : l.topK());
    info.put("train_top_k", kTrain);
    info.put("loss", joint ? l.loss().id() : MoeLoss.LIKELIHOOD.id());
    info.put("balance", l.balance());
    info.put("gate_columns", l.gateColumns().id());
    info.put("gate_inputs", gateCols.length);
    info.put("expert_inputs", expertCols.length);
    Run best = null;
    if (joint) {
      JointSetup setup = new JointSetup(l, ex, data, expertData, w, kTrain);
      ArrayNode finals = info.putArray("restart_losses");
      // restarts are independent and each is single-threaded: run them side by side; each has its own
      // child seed and the pick (lowest loss, ties to the first) does not depend on scheduling
      List<java.util.concurrent.Callable<Run>> tasks = new ArrayList<>();
      for (int r = 0; r < l.restarts(); r++) {
        final int index = r;
        tasks.add(() -> {
          FitContext rc = index == 0 ? ctx : ctx.child("restart" + index);
          return setup.run(index, u, gate, init(l, u, n, dg, gate, w, true, rc), rc);
        });
      }
      for (Run run : org.stackwise.internal.Parallel.run(tasks, ctx.threads())) {
        finals.add(run.score);
        if (best == null || run.score < best.score) best = run;
      }
      info.put("restart", best.index);
      info.put("epochs", best.epochs);
      info.put("final_loss", best.score);
      info.set("loss_curve", Json.doublesToJson(best.curve));
    } else {
      EmTrainer.Config cfg = new EmTrainer.Config(l.emIterations(), l.tol(), GATE_EPOCHS, l.learningRate(), l.batchSize(),
          l.alpha());
      ArrayNode finals = info.putArray("restart_log_likelihoods");
      for (int r = 0; r < l.restarts(); r++) {
        FitContext rc = r == 0 ? ctx : ctx.child("restart" + r);
        Init init = init(l, u, n, dg, gate, w, joint, rc);
        EmTrainer.Result res = EmTrainer.train(expertData, u, w, ex, experts, gate, init.gateTheta, init.r0, cfg, init.rng, rc);
        double[] ll = res.logLikelihood();
        double last = ll.length == 0 || !Double.isFinite(ll[ll.length - 1]) ? Double.NEGATIVE_INFINITY : ll[ll.length - 1];
        finals.add(last);
        // the score is minimised: the negative mean log-likelihood
        Run run = new Run(r, res.gate(), res.experts(), res.variances(), res.iterations(), -last, ll);
        if (best == null || run.score < best.score) best = run;
      }
      info.put("restart", best.index);
      info.put("em_iterations", best.epochs);
      info.set("log_likelihood_curve", Json.doublesToJson(best.curve));
    }
    double[] gateTheta = best.gate;
    List<Model> models = best.models;
    double[] variances = best.variances;
    double yScale = best.models.get(0) instanceof NetExpert.NetRegressor ? JointSetup.yScale(data, w) : 1;
    List<String> classes = task == Task.CLASSIFICATION ? data.classes().classes() : null;
    if (task == Task.REGRESSION && variances == null) variances = new double[experts];
    MoeCore core = new MoeCore(data.schema(), task, classes, gateCols, expertCols, gatePre, gate, gateTheta, models,
        l.topK(), variances, info);
    if (task == Task.REGRESSION && joint && !l.variance()) {
      // each expert's noise variance: its gate-weighted mean squared residual on the training rows
      double[][] g = core.gateWeights(data);
      double[] y = data.numericTarget().values();
      for (int k = 0; k < experts; k++) {
        double[] mu = ((Regressor) models.get(k)).predict(expertData.featuresOnly());
        double num = 0;
        double den = 0;
        for (int i = 0; i < n; i++) {
          double gw = g[i][k] * w[i];
          num += gw * (y[i] - mu[i]) * (y[i] - mu[i]);
          den += gw;
        }
        variances[k] = den > 0 ? num / den : yScale * yScale;
      }
    }
    Utilisation util = core.utilisation(data);
    info.set("experts", util.toJson());
    info.put("gate_entropy", util.gateEntropy());
    info.put("utilisation_rows", util.rows());
    ArrayNode warnings = info.putArray("warnings");
    util.warnings(l.collapseWarning()).forEach(warnings::add);
    core = new MoeCore(data.schema(), task, classes, gateCols, expertCols, gatePre, gate, gateTheta, models, l.topK(),
        variances, info);
    return task == Task.CLASSIFICATION ? new MixtureOfExpertsClassifier(core) : new MixtureOfExpertsRegressor(core);
  }

  /** A start: gate parameters, the soft k-means assignment and the training stream. */
  record Init(double[] gateTheta, double[] r0, SplittableRandom rng) { }

  /** One training run's outcome; {@code score} is its final training loss (lower is better). */
  record Run(int index, double[] gate, List<Model> models, double[] variances, int epochs, double score, double[] curve) { }

  /**
   * Symmetry breaking: the gate starts as a soft k-means partition of the gate features (closed form for
   * a linear gate, a short pre-training for an MLP gate).
   */
  static Init init(MixtureOfExpertsLearner l, double[] u, int n, int dg, Dense gate, double[] w, boolean joint, FitContext ctx) {
    int experts = l.experts();
    double[][] centres = KMeans.centres(u, n, dg, experts, ctx.child("kmeans").random());
    double beta = INIT_SHARPNESS / Math.max(1e-6, KMeans.withinVariance(u, n, dg, centres));
    double[] gateTheta = gate.init(ctx.child("gate-init").random(), 1.0);
    double[] r0 = softAssignment(u, n, dg, centres, beta);
    SplittableRandom rng = ctx.child("train").random();
    if (gate.layers() == 1) {
      for (int k = 0; k < experts; k++) {
        double sq = 0;
        for (int i = 0; i < dg; i++) {
          gateTheta[gate.wOff[0] + k * dg + i] = beta * centres[k][i];
          sq += centres[k][i] * centres[k][i];
        }
        gateTheta[gate.bOff[0] + k] = -0.5 * beta * sq;
      }
    } else if (joint) {
      gateTheta = GateTrainer.fit(u, n, r0, w, gate, gateTheta, GATE_EPOCHS, l.learningRate(), l.batchSize(), l.alpha(), rng, ctx);
    }
    return new Init(gateTheta, r0, rng);
  }

  /** What joint training needs besides the start: expert features, shape, target and penalties. */
  static final class JointSetup {
    final MixtureOfExpertsLearner l;
    final Task task;
    final FittedPreprocessing pre;
    final double[] v;
    final Dense shape;
    final int[] yc;
    final double[] ys;
    final double[] w;
    final double[] bias;
    final double yMean;
    final double yScale;
    final double lambdaExpert;
    final int kTrain;
    final List<String> classes;

    JointSetup(MixtureOfExpertsLearner l, Learner ex, Dataset data, Dataset expertData, double[] w, int kTrain) {
      this.l = l;
      this.task = data.task();
      this.w = w;
      this.kTrain = kTrain;
      int n = data.rows();
      pre = Preprocessing.LINEAR.fit(expertData);
      v = Matrices.transform(pre, expertData);
      int outputs = task == Task.CLASSIFICATION ? data.classes().numClasses() : (l.variance() ? 2 : 1);
      List<Integer> hidden = List.of();
      boolean tanh = false;
      int batch = Math.min(l.batchSize(), n);
      if (ex instanceof MlpLearner m) {
        hidden = m.hidden();
        tanh = m.activation().equals("tanh");
        lambdaExpert = m.alpha() / batch;
      } else if (ex instanceof LogisticLearner lo) {
        lambdaExpert = 1.0 / (lo.c() * n);
      } else {
        lambdaExpert = ((RidgeLearner) ex).alpha() / n;
      }
      shape = Dense.of(pre.width(), hidden, outputs, tanh);
      bias = new double[outputs];
      if (task == Task.CLASSIFICATION) {
        classes = data.classes().classes();
        yc = data.classes().indices();
        ys = null;
        double[] prior = new double[outputs];
        for (int i = 0; i < n; i++) prior[yc[i]] += w[i];
        // output biases start at the (smoothed) log class prior
        for (int c = 0; c < outputs; c++) bias[c] = Math.log((prior[c] + 0.01) / (n + 0.01 * outputs));
        yMean = 0;
        yScale = 1;
      } else {
        classes = null;
        yc = null;
        double[] y = data.numericTarget().values();
        double s = 0;
        for (int i = 0; i < n; i++) s += w[i] * y[i];
        yMean = s / n;
        yScale = yScale(data, w);
        ys = new double[n];
        for (int i = 0; i < n; i++) ys[i] = (y[i] - yMean) / yScale;
      }
    }

    static double yScale(Dataset data, double[] w) {
      double[] y = data.numericTarget().values();
      int n = y.length;
      double s = 0;
      for (int i = 0; i < n; i++) s += w[i] * y[i];
      double m = s / n;
      double var = 0;
      for (int i = 0; i < n; i++) var += w[i] * (y[i] - m) * (y[i] - m);
      double sd = Math.sqrt(var / n);
      return sd > 1e-12 ? sd : 1;
    }

    Run run(int index, double[] u, Dense gate, Init init, FitContext ctx) {
      int experts = l.experts();
      double[][] thetas = new double[experts][];
      for (int k = 0; k < experts; k++) {
        thetas[k] = shape.init(ctx.child("expert-init" + k).random(), 1.0);
        System.arraycopy(bias, 0, thetas[k], shape.bOff[shape.layers() - 1], bias.length);
      }
      JointTrainer.Config cfg = new JointTrainer.Config(l.loss(), kTrain, l.balance(), l.learningRate(), l.batchSize(),
          l.maxEpochs(), l.patience(), l.tol(), l.alpha(), lambdaExpert, l.variance(), true);
      JointTrainer.Result res = JointTrainer.train(u, v, yc != null ? yc.length : ys.length, yc, ys, w, gate,
          init.gateTheta(), shape, thetas, cfg, init.rng(), ctx);
      List<Model> models = new ArrayList<>();
      for (int k = 0; k < experts; k++) {
        NetExpert.Parts parts = new NetExpert.Parts(pre, shape, res.experts()[k]);
        models.add(task == Task.CLASSIFICATION ? new NetExpert.NetClassifier(parts, classes)
            : new NetExpert.NetRegressor(parts, yMean, yScale, l.variance()));
      }
      double[] curve = res.lossCurve();
      double score = curve.length == 0 ? Double.POSITIVE_INFINITY : curve[curve.length - 1];
      if (!Double.isFinite(score)) score = Double.POSITIVE_INFINITY;
      return new Run(index, res.gate(), models, null, res.epochs(), score, curve);
    }
  }

  /** Soft k-means assignment: softmax over experts of {@code β (c_k·u − ½‖c_k‖²)}, {@code n × K}. */
  static double[] softAssignment(double[] u, int n, int d, double[][] c, double beta) {
    int k = c.length;
    double[] logits = new double[n * k];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < k; j++) {
        double dot = 0;
        double sq = 0;
        for (int f = 0; f < d; f++) {
          dot += c[j][f] * u[i * d + f];
          sq += c[j][f] * c[j][f];
        }
        logits[i * k + j] = beta * (dot - 0.5 * sq);
      }
    }
    double[] out = new double[n * k];
    double[] g = new double[k];
    for (int i = 0; i < n; i++) {
      Routing.softmax(logits, i * k, k, g);
      System.arraycopy(g, 0, out, i * k, k);
    }
    return out;
  }

  /** Row weights rescaled to mean 1. */
  static double[] meanOne(double[] w) {
    double s = 0;
    for (double v : w) s += v;
    if (!(s > 0)) throw new BadInputException("weights", "row weights must not all be zero");
    double[] out = new double[w.length];
    for (int i = 0; i < w.length; i++) out[i] = w[i] * w.length / s;
    return out;
  }
}
