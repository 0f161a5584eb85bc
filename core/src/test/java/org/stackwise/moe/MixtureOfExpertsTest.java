package org.stackwise.moe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.stackwise.BadInputException;
import org.stackwise.Classifier;
import org.stackwise.FitContext;
import org.stackwise.Learner;
import org.stackwise.Member;
import org.stackwise.Model;
import org.stackwise.Regressor;
import org.stackwise.Task;
import org.stackwise.data.Dataset;
import org.stackwise.data.Schema;
import org.stackwise.data.Target;
import org.stackwise.ensemble.EnsembleModel;
import org.stackwise.ensemble.StackingLearner;
import org.stackwise.io.ModelWriter;
import org.stackwise.learners.Catalogue;
import org.stackwise.learners.linear.LogisticLearner;
import org.stackwise.learners.linear.RidgeLearner;
import org.stackwise.spec.Specs;
import org.stackwise.testing.RoundTrip;
import org.stackwise.testing.SyntheticData;

class MixtureOfExpertsTest {
  private static final Dataset CLASS_TRAIN = Regimes.classes(2000, 0.02, 1);
  private static final Dataset CLASS_TEST = Regimes.classes(3000, 0.0, 2);
  private static final Dataset REG_TRAIN = Regimes.values(2000, 0.1, 3);
  private static final Dataset REG_TEST = Regimes.values(3000, 0.1, 4);

  private static MixtureOfExpertsLearner twoExperts() {
    return MixtureOfExpertsLearner.defaults().withExperts(2);
  }

  /**
   * Two regions with opposite rules: one logistic model is barely better than chance; the specialising
   * loss gives each region its own expert, the gate finds the boundary, and accuracy is near perfect.
   */
  @Test
  void specialisingLossRecoversClassificationRegimes() {
    Classifier global = LogisticLearner.defaults().fit(CLASS_TRAIN, FitContext.seeded(1));
    var moe = (MixtureOfExpertsClassifier) twoExperts().fit(CLASS_TRAIN, FitContext.seeded(2));
    double globalAcc = accuracy(global, CLASS_TEST);
    double moeAcc = accuracy(moe, CLASS_TEST);
    assertTrue(globalAcc < 0.7, "one linear model cannot fit both regimes: " + globalAcc);
    assertTrue(moeAcc > 0.95 && moeAcc > globalAcc + 0.25, "moe " + moeAcc + " vs global " + globalAcc);
    assertTrue(Regimes.gateAccuracy(moe, CLASS_TEST) > 0.95, "gate accuracy on region membership");
    assertEachExpertOwnsOneRegion(moe, CLASS_TEST);
    assertEquals(0, moe.describe().get("warnings").size());
  }

  @Test
  void specialisingLossRecoversRegressionRegimes() {
    Regressor global = RidgeLearner.defaults().fitRegressor(REG_TRAIN, FitContext.seeded(1));
    var moe = (MixtureOfExpertsRegressor) twoExperts().fit(REG_TRAIN, FitContext.seeded(2));
    double globalRmse = rmse(global.predict(REG_TEST), REG_TEST);
    double moeRmse = rmse(moe.predict(REG_TEST), REG_TEST);
    assertTrue(moeRmse < 0.35 * globalRmse, "moe " + moeRmse + " vs global " + globalRmse);
    assertTrue(Regimes.gateAccuracy(moe, REG_TEST) > 0.95);
    assertEachExpertOwnsOneRegion(moe, REG_TEST);
    // with top-1 routing the boundary is sharp: each row is predicted by its region's expert alone
    var sparse = (MixtureOfExpertsRegressor) twoExperts().withTopK(1).fit(REG_TRAIN, FitContext.seeded(2));
    assertTrue(rmse(sparse.predict(REG_TEST), REG_TEST) < 0.35 * globalRmse);
  }

  /**
   * Collapse made visible: experts that can each fit everything (MLPs), trained on the collapsing loss
   * L(y, Σ g_k f_k), have no reason to share the work: one expert ends up with nearly every row, the
   * utilisation table shows it and describe warns. Linear experts on the specialising loss, same data,
   * split the rows between them; and the load-balancing term keeps the MLP experts in use.
   */
  @Test
  void collapsingLossCollapsesAndTheUtilisationShowsIt() {
    MixtureOfExpertsLearner mlps = twoExperts().withExpert(org.stackwise.learners.mlp.MlpLearner.defaults().withHidden(32))
        .withRestarts(1);
    var collapsed = (MixtureOfExpertsRegressor) mlps.withLoss(MoeLoss.COLLAPSING).fit(REG_TRAIN, FitContext.seeded(1));
    Utilisation u = collapsed.utilisation(REG_TEST);
    assertTrue(u.maxTopShare() > 0.9, "one expert takes nearly every row: " + u);
    ObjectNode d = collapsed.describe();
    assertTrue(d.get("warnings").toString().contains("collapsed"), d.get("warnings").toString());
    assertEquals(2, d.get("experts").size());
    assertTrue(d.get("experts").get(0).has("top_share") && d.get("experts").get(0).has("mean_gate"));
    assertTrue(d.get("gate_entropy").isNumber());

    var specialised = (MixtureOfExpertsRegressor) twoExperts().fit(REG_TRAIN, FitContext.seeded(2));
    Utilisation s = specialised.utilisation(REG_TEST);
    assertTrue(s.maxTopShare() < 0.6, "the specialising mixture shares the rows: " + s);
    assertEquals(0, specialised.describe().get("warnings").size());

    var balanced = (MixtureOfExpertsRegressor) mlps.withBalance(0.1).fit(REG_TRAIN, FitContext.seeded(1));
    assertTrue(balanced.utilisation(REG_TEST).maxTopShare() < 0.6, "balanced: " + balanced.utilisation(REG_TEST));
  }

  /** Top-1 routing runs exactly one expert per row, on both prediction paths; dense routing runs all. */
  @Test
  void topOnePredictionRunsOneExpertPerRow() {
    AtomicLong rows = new AtomicLong();
    Learner counting = new Counting(LogisticLearner.defaults(), rows);
    Dataset train = CLASS_TRAIN.slice(0, 600);
    Dataset test = CLASS_TEST.slice(0, 200);
    MixtureOfExpertsLearner l = MixtureOfExpertsLearner.defaults().withExperts(3).withExpert(counting).withTopK(1)
        .withEmIterations(3);
    var sparse = (MixtureOfExpertsClassifier) l.fit(train, FitContext.seeded(3));
    assertEquals("em", sparse.describe().get("training").asText());
    rows.set(0);
    double[][] batch = sparse.predictProba(test);
    assertEquals(test.rows(), rows.get(), "batch path");
    rows.set(0);
    for (int i = 0; i < test.rows(); i++) assertArrayEquals(batch[i], sparse.predictProba(test.row(i)), 1e-12);
    assertEquals(test.rows(), rows.get(), "row path");
    for (int i = 0; i < 20; i++) {
      double[] g = sparse.gateWeights(test.row(i));
      int nonZero = 0;
      for (double v : g) if (v != 0) nonZero++;
      assertEquals(1, nonZero);
    }

    var dense = (MixtureOfExpertsClassifier) l.withTopK(0).fit(train, FitContext.seeded(3));
    rows.set(0);
    dense.predictProba(test);
    assertEquals(3L * test.rows(), rows.get());
  }

  @Test
  void modelsSurviveSaveAndLoadBitForBit() {
    var c = (Classifier) twoExperts().withRestarts(1).withMaxEpochs(20).fit(CLASS_TRAIN.slice(0, 500), FitContext.seeded(4));
    var c2 = RoundTrip.of(c);
    assertArrayEquals(c.predictProba(CLASS_TEST.slice(0, 50))[7], c2.predictProba(CLASS_TEST.slice(0, 50))[7], 0.0);
    assertEquals(((EnsembleModel) c).describe(), ((EnsembleModel) c2).describe());

    var r = (MixtureOfExpertsRegressor) twoExperts().withRestarts(1).withMaxEpochs(20).withVariance(true).withTopK(1)
        .fit(REG_TRAIN.slice(0, 500), FitContext.seeded(4));
    var r2 = (MixtureOfExpertsRegressor) RoundTrip.of(r);
    assertArrayEquals(r.predictMeanAndVariance(REG_TEST.slice(0, 40))[3], r2.predictMeanAndVariance(REG_TEST.slice(0, 40))[3], 0.0);
    assertTrue(r.predictVariance(REG_TEST.row(3)) > 0);

    var em = (Classifier) MixtureOfExpertsLearner.defaults().withExperts(2).withTraining(ExpertTraining.EM)
        .withEmIterations(2).fit(CLASS_TRAIN.slice(0, 400), FitContext.seeded(5));
    var em2 = RoundTrip.of(em);
    assertArrayEquals(em.predictProba(CLASS_TEST.row(1)), em2.predictProba(CLASS_TEST.row(1)), 0.0);
    assertInstanceOf(org.stackwise.learners.linear.LogisticModel.class, ((EnsembleModel) em2).member("expert1"));
  }

  @Test
  void sameSeedSameBitsAtAnyThreadCount() {
    Dataset train = CLASS_TRAIN.slice(0, 600);
    MixtureOfExpertsLearner joint = twoExperts().withRestarts(2).withMaxEpochs(15).withTopK(1).withBalance(0.01);
    double[][] a = ((Classifier) joint.fit(train, FitContext.seeded(9))).predictProba(CLASS_TEST.slice(0, 100));
    double[][] b = ((Classifier) joint.fit(train, FitContext.seeded(9).withThreads(2))).predictProba(CLASS_TEST.slice(0, 100));
    for (int i = 0; i < a.length; i++) assertArrayEquals(a[i], b[i], 0.0);

    MixtureOfExpertsLearner em = twoExperts().withExpert(Catalogue.defaults("naive_bayes")).withEmIterations(3)
        .withMlpGate(List.of(8));
    double[][] c = ((Classifier) em.fit(train, FitContext.seeded(9))).predictProba(CLASS_TEST.slice(0, 100));
    double[][] d = ((Classifier) em.fit(train, FitContext.seeded(9).withThreads(3))).predictProba(CLASS_TEST.slice(0, 100));
    for (int i = 0; i < c.length; i++) assertArrayEquals(c[i], d[i], 0.0);
  }

  @Test
  void specParsesAndRoundTrips() {
    Learner l = Specs.parse("""
        {"moe": {"experts": 4, "expert": {"learner": "logistic"}, "gate": "linear", "top_k": 2, "loss": "specialising"}}""",
        "spec.json");
    var moe = assertInstanceOf(MixtureOfExpertsLearner.class, l);
    assertEquals(4, moe.experts());
    assertEquals(2, moe.topK());
    assertInstanceOf(LogisticLearner.class, moe.expert());
    assertEquals(moe, Specs.parse(moe.spec(), "again"));
    var mlp = (MixtureOfExpertsLearner) Specs.parse("""
        {"moe": {"expert": "mlp", "gate": "mlp", "gate_hidden": [8, 4], "loss": "likelihood", "balance": 0.01}}""", "s");
    assertEquals(List.of(8, 4), mlp.gateHidden());
    assertEquals(mlp, Specs.parse(mlp.spec(), "again"));

    BadInputException e = assertThrows(BadInputException.class, () -> Specs.parse("{\"moe\": {\"top_k\": 5}}", "spec.json"));
    assertTrue(e.getMessage().contains("top_k must be between 0 (all experts) and experts (4), got 5"), e.getMessage());
    e = assertThrows(BadInputException.class, () -> Specs.parse("{\"moe\": {\"gates\": 2}}", "spec.json"));
    assertTrue(e.getMessage().contains("unknown key 'gates'"), e.getMessage());
    e = assertThrows(BadInputException.class, () -> Specs.parse(
        "{\"moe\": {\"expert\": {\"learner\": \"knn\"}, \"loss\": \"collapsing\"}}", "spec.json"));
    assertTrue(e.getMessage().contains("needs jointly trained experts"), e.getMessage());
    e = assertThrows(BadInputException.class, () -> Specs.parse("{\"moe\": {\"loss\": \"cooperative\"}}", "spec.json"));
    assertTrue(e.getMessage().contains("loss must be one of [specialising, collapsing, likelihood]"), e.getMessage());
    e = assertThrows(BadInputException.class, () -> twoExperts().withGateColumns(GateColumns.PASSTHROUGH)
        .fit(CLASS_TRAIN.slice(0, 50), FitContext.seeded(1)));
    assertTrue(e.getMessage().contains("meta-learner of a stack"), e.getMessage());
  }

  /**
   * Input-dependent stacking: as the meta-learner of a stack with passthrough, the gate sees the original
   * features and the experts see the member outputs. The members are each good in one region only.
   */
  @Test
  void mixtureAsStackMetaLearnerGatesOnPassthroughColumns() {
    Dataset train = CLASS_TRAIN.slice(0, 1200);
    MixtureOfExpertsLearner meta = twoExperts().withGateColumns(GateColumns.PASSTHROUGH).withRestarts(1);
    StackingLearner stack = StackingLearner.of(List.of(new Member("lin", LogisticLearner.defaults()),
        new Member("nb", Catalogue.defaults("naive_bayes")))).withMeta(meta).withPassthrough(true).withFolds(
        org.stackwise.ensemble.FoldSpec.of(3)).withHonestScore(false);
    Classifier model = stack.fitClassifier(train, FitContext.seeded(6));
    var moe = assertInstanceOf(MixtureOfExpertsClassifier.class, ((EnsembleModel) model).metaModel());
    assertEquals(4, moe.describe().get("gate_inputs").asInt());
    assertEquals(2, moe.describe().get("expert_inputs").asInt());
    double acc = accuracy(model, CLASS_TEST);
    assertTrue(acc > 0.6, "stack with a gated meta-learner: " + acc);
    Classifier reloaded = RoundTrip.of(model);
    assertArrayEquals(model.predictProba(CLASS_TEST.row(5)), reloaded.predictProba(CLASS_TEST.row(5)), 0.0);

    // and a mixture as an ordinary stack member
    Classifier withMember = StackingLearner.of(List.of(new Member("moe", twoExperts().withRestarts(2).withMaxEpochs(80)),
        new Member("lin", LogisticLearner.defaults()))).withFolds(org.stackwise.ensemble.FoldSpec.of(3))
        .withHonestScore(false).fitClassifier(train, FitContext.seeded(6));
    assertTrue(accuracy(withMember, CLASS_TEST) > 0.9, "stack with a mixture member: " + accuracy(withMember, CLASS_TEST));
  }

  @Test
  void classesWithoutRowsGetZeroishProbability() {
    Dataset blobs = SyntheticData.blobs(300, 3, 3, 7);
    int[] rows = java.util.stream.IntStream.range(0, blobs.rows()).filter(i -> blobs.classes().get(i) != 1).toArray();
    Dataset two = blobs.select(rows);
    for (MixtureOfExpertsLearner l : List.of(twoExperts().withRestarts(1).withMaxEpochs(30),
        twoExperts().withTraining(ExpertTraining.EM).withEmIterations(2))) {
      Classifier c = (Classifier) l.fit(two, FitContext.seeded(1));
      assertEquals(3, c.classes().size());
      for (double[] p : c.predictProba(blobs.slice(0, 30))) {
        assertEquals(1.0, p[0] + p[1] + p[2], 1e-9);
        assertTrue(p[1] < 0.05 && p[1] >= 0, "class without rows: " + p[1]);
      }
    }
  }

  @Test
  void likelihoodLossAndMlpGateAlsoFindTheRegimes() {
    var lik = (MixtureOfExpertsClassifier) twoExperts().withLoss(MoeLoss.LIKELIHOOD).fit(CLASS_TRAIN, FitContext.seeded(1));
    assertTrue(accuracy(lik, CLASS_TEST) > 0.95);
    var mlpGate = (MixtureOfExpertsRegressor) twoExperts().withMlpGate(List.of(8)).withRestarts(2)
        .fit(REG_TRAIN, FitContext.seeded(1));
    assertTrue(Regimes.gateAccuracy(mlpGate, REG_TEST) > 0.9);
    // EM with catalogue ridge experts: posterior-weighted refits find the same regimes
    var em = (MixtureOfExpertsRegressor) twoExperts().withTraining(ExpertTraining.EM).withRestarts(1)
        .fit(REG_TRAIN, FitContext.seeded(1));
    assertEquals("em", em.describe().get("training").asText());
    assertInstanceOf(org.stackwise.learners.linear.RidgeRegressor.class, em.member("expert0"));
    assertTrue(Regimes.gateAccuracy(em, REG_TEST) > 0.9, "EM gate accuracy " + Regimes.gateAccuracy(em, REG_TEST));
    assertTrue(em.predictVariance(REG_TEST.row(0)) > 0);
  }

  private static void assertEachExpertOwnsOneRegion(MixtureOfExpertsModel m, Dataset d) {
    double[][] g = m.gateWeights(d);
    int[][] table = new int[m.expertCount()][2];
    for (int i = 0; i < d.rows(); i++) table[Classifier.argMax(g[i])][Regimes.region(d.row(i))]++;
    for (int[] t : table) {
      int total = t[0] + t[1];
      assertTrue(total > 0.3 * d.rows(), "every expert is used");
      assertTrue(Math.max(t[0], t[1]) > 0.95 * total, "an expert serves one region: " + t[0] + "/" + t[1]);
    }
    assertFalse(table[0][0] > table[0][1] == table[1][0] > table[1][1], "the two experts serve different regions");
  }

  static double accuracy(Classifier c, Dataset d) {
    double[][] p = c.predictProba(d);
    int ok = 0;
    for (int i = 0; i < p.length; i++) if (Classifier.argMax(p[i]) == d.classes().get(i)) ok++;
    return ok / (double) p.length;
  }

  static double rmse(double[] pred, Dataset d) {
    double s = 0;
    for (int i = 0; i < pred.length; i++) s += Math.pow(pred[i] - d.numericTarget().get(i), 2);
    return Math.sqrt(s / pred.length);
  }

  /** Wraps a classifier learner; its models count the rows they predict (both paths). */
  record Counting(Learner inner, AtomicLong rows) implements Learner {
    @Override public String id() { return "counting"; }
    @Override public boolean supports(Task task) { return task == Task.CLASSIFICATION; }
    @Override public Record params() { return this; }

    @Override public Model fit(Dataset data, FitContext context) {
      Classifier c = inner.fitClassifier(data, context);
      return new Classifier() {
        @Override public Schema schema() { return c.schema(); }
        @Override public String kind() { return "counting"; }
        @Override public void write(ModelWriter out) throws IOException { throw new UnsupportedOperationException(); }
        @Override public List<String> classes() { return c.classes(); }
        @Override public double[] predictProba(double[] row) {
          rows.incrementAndGet();
          return c.predictProba(row);
        }
        @Override public double[][] predictProba(Dataset d) {
          rows.addAndGet(d.rows());
          return c.predictProba(d);
        }
      };
    }
  }
}
