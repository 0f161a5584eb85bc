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

    // symmetry breaking: the gate starts as a soft k-means partition of the gate features
    double[][] centres = KMeans.centres(u, n, dg, experts, ctx.child("kmeans").random());
    double beta = 0.5 / Math.max(1e-6, KMeans.withinVariance(u, n, dg, centres));
    boolean linearGate = l.gate().equals("linear");
    Dense gate = Dense.of(dg, linearGate ? List.of() : l.gateHidden(), experts, false);
    double[] gateTheta = gate.init(ctx.child("gate-init").random(), 1.0);
    double[] r0 = softAssignment(u, n, dg, centres, beta);
    SplittableRandom rng = ctx.child("train").random();
    double lambdaGate = l.alpha();
    if (linearGate) {
      for (int k = 0; k < experts; k++) {
        double sq = 0;
        for (int i = 0; i < dg; i++) {
          gateTheta[gate.wOff[0] + k * dg + i] = beta * centres[k][i];
          sq += centres[k][i] * centres[k][i];
        }
        gateTheta[gate.bOff[0] + k] = -0.5 * beta * sq;
      }
    } else if (joint) {
      gateTheta = GateTrainer.fit(u, n, r0, w, gate, gateTheta, GATE_EPOCHS, l.learningRate(), l.batchSize(), lambdaGate, rng, ctx);
    }

    int kTrain = l.topK() == 0 ? experts : Math.min(experts, Math.max(l.topK(), 2));
    Dataset expertData = Columns.project(data, expertCols);
    List<Model> models = new ArrayList<>();
    double[] variances = null;
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
    double yMean = 0;
    double yScale = 1;
    if (joint) {
      FittedPreprocessing ePre = Preprocessing.LINEAR.fit(expertData);
      double[] v = Matrices.transform(ePre, expertData);
      int de = ePre.width();
      int outputs = task == Task.CLASSIFICATION ? data.classes().numClasses() : (l.variance() ? 2 : 1);
      List<Integer> hidden = List.of();
      boolean tanh = false;
      double lambdaExpert;
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
      Dense shape = Dense.of(de, hidden, outputs, tanh);
      int[] yc = null;
      double[] ys = null;
      double[] bias = new double[outputs];
      if (task == Task.CLASSIFICATION) {
        yc = data.classes().indices();
        double[] prior = new double[outputs];
        for (int i = 0; i < n; i++) prior[yc[i]] += w[i];
        for (int c = 0; c < outputs; c++) bias[c] = Math.log((prior[c] + 0.01) / (n + 0.01 * outputs));
      } else {
        double[] y = data.numericTarget().values();
        double s = 0;
        for (int i = 0; i < n; i++) s += w[i] * y[i];
        yMean = s / n;
        double var = 0;
        for (int i = 0; i < n; i++) var += w[i] * (y[i] - yMean) * (y[i] - yMean);
        yScale = Math.sqrt(var / n);
        if (!(yScale > 1e-12)) yScale = 1;
        ys = new double[n];
        for (int i = 0; i < n; i++) ys[i] = (y[i] - yMean) / yScale;
      }
      double[][] thetas = new double[experts][];
      for (int k = 0; k < experts; k++) {
        thetas[k] = shape.init(ctx.child("expert-init" + k).random(), 1.0);
        int last = shape.layers() - 1;
        System.arraycopy(bias, 0, thetas[k], shape.bOff[last], outputs);
      }
      JointTrainer.Config cfg = new JointTrainer.Config(l.loss(), kTrain, l.balance(), l.learningRate(), l.batchSize(),
          l.maxEpochs(), l.patience(), l.tol(), lambdaGate, lambdaExpert, l.variance(), true);
      JointTrainer.Result res = JointTrainer.train(u, v, n, yc, ys, w, gate, gateTheta, shape, thetas, cfg, rng, ctx);
      gateTheta = res.gate();
      for (int k = 0; k < experts; k++) {
        NetExpert.Parts parts = new NetExpert.Parts(ePre, shape, res.experts()[k]);
        models.add(task == Task.CLASSIFICATION ? new NetExpert.NetClassifier(parts, data.classes().classes())
            : new NetExpert.NetRegressor(parts, yMean, yScale, l.variance()));
      }
      info.put("epochs", res.epochs());
      double[] curve = res.lossCurve();
      info.put("final_loss", curve.length == 0 ? Double.NaN : curve[curve.length - 1]);
      info.set("loss_curve", Json.doublesToJson(curve));
    } else {
      EmTrainer.Config cfg = new EmTrainer.Config(l.emIterations(), l.tol(), GATE_EPOCHS, l.learningRate(), l.batchSize(),
          lambdaGate);
      EmTrainer.Result res = EmTrainer.train(expertData, u, w, ex, experts, gate, gateTheta, r0, cfg, rng, ctx);
      gateTheta = res.gate();
      models.addAll(res.experts());
      variances = res.variances();
      info.put("em_iterations", res.iterations());
      info.set("log_likelihood_curve", Json.doublesToJson(res.logLikelihood()));
    }
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
