package org.stackwise.lazy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackwise.BadInputException;
import org.stackwise.FitContext;
import org.stackwise.io.Json;
import org.stackwise.io.MemoryModelStore;
import org.stackwise.io.ModelFile;

/** The routed final policy ({@link LazyStackLearner.FinalPolicy#ROUTED}): the fold cores deployed as they are. */
class LazyRoutedTest {
  static OutputTable valid;
  static OutputTable test;
  static LazyStackModel routed;
  static LazyStackModel refit;

  @BeforeAll static void fit() {
    valid = LazyFixtures.synthetic(600, 4, 3, 1);
    test = LazyFixtures.synthetic(300, 4, 3, 2);
    LazyStackLearner l = LazyFixtures.fast().withCrossFitFolds(3);
    routed = l.withFinalPolicy(LazyStackLearner.FinalPolicy.ROUTED).fit(valid, FitContext.seeded(7));
    refit = l.fit(valid, FitContext.seeded(7));
  }

  /** The cascade tables of {@code rows} run on the given cores, row by row. */
  static MethodTables tables(LazyStackModel m, OutputTable t, java.util.function.IntFunction<LazyStackModel.Route> coreOf) {
    MethodTables mt = new MethodTables(t.rows(), t.memberCount(), t.labels());
    Baselines b = m.baselines();
    for (int i = 0; i < t.rows(); i++) {
      LazyStackModel.Route r = coreOf.apply(i);
      mt.fill(i, t, i, r.policy(), m.exitOnPolicyStop(), r.subs(), r.randomSubs(), b.randomOrder(), b.costOrder());
    }
    return mt;
  }

  @Test void holdsOneCorePerFoldCalibratedExactlyAsTheRefittedModel() {
    assertTrue(routed.routed());
    assertEquals(3, routed.routeCount());
    assertFalse(refit.routed());
    assertEquals(0, refit.routeCount());
    // θ is calibrated on the same out-of-fold cascades whichever core is deployed
    assertEquals(refit.thresholds(LazyStackModel.Mode.SUB), routed.thresholds(LazyStackModel.Mode.SUB));
    assertEquals(refit.thresholds(LazyStackModel.Mode.MASK), routed.thresholds(LazyStackModel.Mode.MASK));
    assertEquals(refit.info().path("validation"), routed.info().path("validation"));
    assertTrue(routed.info().path("data_use").path("policy_and_substackers").asText().contains("routed"));
    assertEquals("routed", routed.info().path("deployed_on_fit_rows").path("final_policy").asText());
  }

  /**
   * On its own fold's rows a core is out of fold: a fitting row whose id routes to the fold that held it
   * out is run exactly as in the calibration — same members, same answer, same cost.
   */
  @Test void aRowRoutedToItsOwnFoldRunsTheCascadeThetaWasCalibratedOn() {
    Map<String, Integer> foldOf = new LinkedHashMap<>();
    for (JsonNode e : routed.info().path("data_use").path("fold_of_row")) foldOf.put(e.get(0).asText(), e.get(1).asInt());
    assertEquals(valid.rows(), foldOf.size());
    Thresholds th = routed.thresholds(LazyStackModel.Mode.SUB);
    MethodTables oof = tables(routed, valid, i -> routed.routes().get(foldOf.get(valid.id(i))));
    int own = 0;
    for (int i = 0; i < valid.rows(); i++) {
      if (routed.routeOf(valid.id(i)) != foldOf.get(valid.id(i))) continue;
      own++;
      LazyPrediction p = routed.predict(i, LazyStackTest.table(valid), valid.id(i));
      assertEquals(oof.sub.answer(i, th, routed.minMembers()), p.predicted());
      assertEquals(oof.sub.exitStep(i, th, routed.minMembers()), p.trace().calls());
    }
    assertTrue(own > valid.rows() / 5, "about a third of the rows route to their own fold, got " + own);
  }

  @Test void predictionsFollowTheRouteOfTheKeyAndMatchTheEvaluation() {
    MethodTables mt = tables(routed, test, i -> routed.routes().get(routed.routeOf(test.id(i))));
    Thresholds th = routed.thresholds(LazyStackModel.Mode.SUB);
    double cost = 0;
    int correct = 0;
    for (int i = 0; i < test.rows(); i++) {
      LazyPrediction p = routed.predict(i, LazyStackTest.table(test), test.id(i));
      assertEquals(mt.sub.answer(i, th, routed.minMembers()), p.predicted());
      cost += p.trace().totalCost();
      if (p.predicted() == test.label(i)) correct++;
      // a walk on the same key makes the same decisions
      LazyStackModel.Walk w = routed.start(test.id(i));
      while (!w.done()) {
        int j = w.next();
        w.offer(j, test.proba(i, j), test.cost(i, j));
      }
      assertArrayEquals(p.proba(), w.result().proba(), 0.0);
    }
    ObjectNode ev = LazyEvaluation.evaluate(routed, test);
    assertEquals((double) correct / test.rows(), ev.path("accuracy").asDouble(), 1e-12);
    assertEquals(cost / test.rows(), ev.path("mean_cost").asDouble(), 1e-9);
  }

  @Test void keysSpreadEvenlyAndTheSameKeyAlwaysTakesTheSameRoute() throws Exception {
    int n = 6000;
    int[] counts = new int[routed.routeCount()];
    for (int i = 0; i < n; i++) counts[routed.routeOf("row-" + i)]++;
    for (int c : counts) assertTrue(Math.abs(c - n / 3.0) < 0.05 * n, java.util.Arrays.toString(counts));
    // keyless calls route by the input's value: equal arrays, same route and answer, from any thread
    double[] x = {0.25, 1.5};
    assertEquals(LazyStackModel.routingKey(x), LazyStackModel.routingKey(x.clone()));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<double[]>> fs = new ArrayList<>();
      for (int i = 0; i < test.rows(); i++) {
        int row = i;
        fs.add(pool.submit(() -> routed.predict(row, LazyStackTest.table(test)).proba()));
      }
      for (int i = 0; i < test.rows(); i++) {
        assertArrayEquals(routed.predict(i, LazyStackTest.table(test), Integer.toString(i)).proba(), fs.get(i).get(), 0.0);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test void aWalkWithoutAKeyIsRefusedOnlyForRoutedModels() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> routed.start());
    assertTrue(e.getMessage().contains("routing key"), e.getMessage());
    assertFalse(refit.start().done());
  }

  @Test void routedFilesRoundTripAndUnroutedOnesStayVersionOne(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("r.lzs");
    LazyFile.save(routed, f);
    LazyStackModel back = LazyFile.load(f);
    assertEquals(3, back.routeCount());
    for (int i = 0; i < test.rows(); i++) {
      assertArrayEquals(routed.predict(i, LazyStackTest.table(test), test.id(i)).proba(),
          back.predict(i, LazyStackTest.table(test), test.id(i)).proba(), 0.0);
    }
    assertEquals(LazyEvaluation.evaluate(routed, test), LazyEvaluation.evaluate(back, test));
    Path g = dir.resolve("r2.lzs");
    LazyFile.save(back, g);
    assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(g));
    assertEquals(2, manifest(f).path("format_version").asInt());
    Path u = dir.resolve("u.lzs");
    LazyFile.save(refit, u);
    assertEquals(1, manifest(u).path("format_version").asInt());
    assertFalse(manifest(u).has("routes"));
  }

  @Test void aManifestWithBadRoutesIsRejectedNamingTheRule(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("r.lzs");
    LazyFile.save(routed, f);
    for (String[] edit : new String[][] {{"1", "2"}, {"2", "1"}, {"\"x\"", "2"}}) {
      Map<String, byte[]> entries = new LinkedHashMap<>(ModelFile.readZip(f));
      ObjectNode man = (ObjectNode) Json.MAPPER.readTree(entries.get("manifest.json"));
      man.set("routes", Json.MAPPER.readTree(edit[0]));
      man.put("format_version", Integer.parseInt(edit[1]));
      entries.put("manifest.json", Json.MAPPER.writeValueAsBytes(man));
      BadInputException e = assertThrows(BadInputException.class,
          () -> LazyFile.read(MemoryModelStore.of("bad.lzs", entries).reader()));
      assertTrue(e.getMessage().contains("routes"), e.getMessage());
    }
  }

  static JsonNode manifest(Path f) throws Exception {
    return Json.MAPPER.readTree(ModelFile.readZip(f).get("manifest.json"));
  }
}
