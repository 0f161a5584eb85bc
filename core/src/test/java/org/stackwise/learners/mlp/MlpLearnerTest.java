package org.stackwise.learners.mlp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stackwise.BadInputException;
import org.stackwise.Classifier;
import org.stackwise.FitContext;
import org.stackwise.Model;
import org.stackwise.Regressor;
import org.stackwise.data.Dataset;
import org.stackwise.io.Json;
import org.stackwise.io.MemoryModelStore;
import org.stackwise.io.ModelReader;
import org.stackwise.learners.Catalogue;
import org.stackwise.testing.RoundTrip;
import org.stackwise.testing.SyntheticData;

/** The {@code "mlp"} catalogue learner: parameters, fitting schema data, model files. */
class MlpLearnerTest {

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(delimiter = ';', value = {
      "hidden; [0]; hidden layer widths must be between 1 and 1048576, got [0]",
      "activation; \"sigmoid\"; activation must be one of [relu, tanh], got sigmoid",
      "alpha; -1.0; alpha must be a finite number >= 0, got -1.0",
      "learning_rate; 0.0; learning_rate must be a finite number > 0, got 0.0",
      "batch_size; 0; batch_size must be at least 1, got 0",
      "max_epochs; 0; max_epochs must be at least 1, got 0",
      "validation_fraction; 1.0; validation_fraction must be > 0 and < 1, got 1.0",
      "patience; 0; patience must be at least 1, got 0",
      "tol; -0.5; tol must be a finite number >= 0, got -0.5"})
  void badParametersAreNamed(String name, String json, String rule) throws IOException {
    JsonNode params = Json.MAPPER.readTree("{\"" + name + "\": " + json + "}");
    BadInputException e = assertThrows(BadInputException.class, () -> Catalogue.bind("mlp", params, "spec.json"));
    assertEquals("spec.json: " + rule, e.getMessage());
    var wrapped = assertThrows(com.fasterxml.jackson.databind.exc.ValueInstantiationException.class,
        () -> Json.MAPPER.treeToValue(merge(params), MlpLearner.class));
    assertEquals("params." + name, ((BadInputException) wrapped.getCause()).source());
  }

  private static JsonNode merge(JsonNode params) {
    var o = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.valueToTree(MlpLearner.defaults());
    o.setAll((com.fasterxml.jackson.databind.node.ObjectNode) params);
    return o;
  }

  @Test void bindsSnakeCaseParamsOverDefaults() throws IOException {
    MlpLearner l = (MlpLearner) Catalogue.bind("mlp",
        Json.MAPPER.readTree("{\"hidden\": [32, 16], \"learning_rate\": 0.01, \"early_stopping\": false}"), "spec");
    assertEquals(MlpLearner.defaults().withHidden(32, 16).withLearningRate(0.01).withEarlyStopping(false), l);
    JsonNode spec = Catalogue.toSpec(MlpLearner.defaults());
    assertEquals("{\"learner\":\"mlp\",\"params\":{\"hidden\":[100],\"activation\":\"relu\",\"alpha\":1.0E-4,"
        + "\"learning_rate\":0.001,\"batch_size\":200,\"max_epochs\":200,\"early_stopping\":true,"
        + "\"validation_fraction\":0.1,\"patience\":10,\"tol\":1.0E-4}}", Json.MAPPER.writeValueAsString(spec));
    assertEquals(List.of(), MlpLearner.defaults().withHidden().hidden());
  }

  @Test void classifiesWine() throws IOException {
    Dataset[] parts = MlpTestData.split(MlpTestData.sklearnCsv("wine/wine_data.csv"), 3, 0);
    Classifier c = MlpLearner.defaults().fitClassifier(parts[0], FitContext.seeded(1));
    double[][] p = c.predictProba(parts[1]);
    int ok = 0;
    for (int i = 0; i < p.length; i++) if (Classifier.argMax(p[i]) == parts[1].classes().get(i)) ok++;
    assertTrue(ok / (double) p.length > 0.93, "wine accuracy " + ok / (double) p.length);
    assertEquals(List.of("class_0", "class_1", "class_2"), c.classes());
  }

  @Test void aClassMissingFromTheTrainingRowsIsImprobable() {
    Dataset all = SyntheticData.blobs(300, 4, 3, 21);
    Dataset noClass2 = all.select(IntStream.range(0, 300).filter(i -> all.classes().get(i) != 2).toArray());
    Classifier c = MlpLearner.defaults().withHidden(16).fitClassifier(noClass2, FitContext.seeded(2));
    assertEquals(3, c.classes().size());
    for (double[] p : c.predictProba(all)) {
      assertEquals(3, p.length);
      assertTrue(p[2] < 0.01, "p(class2) = " + p[2]);
    }
  }

  @Test void regressionRoundTripsAndUsesCategoricalColumns() {
    Dataset d = SyntheticData.linear(400, 4, 0.1, 3);
    Regressor r = MlpLearner.defaults().fitRegressor(d, FitContext.seeded(3));
    Regressor back = RoundTrip.of(r);
    assertArrayEquals(r.predict(d), back.predict(d));
    double[] y = d.numericTarget().values();
    double[] pred = r.predict(d);
    double sse = 0;
    double sst = 0;
    double mean = java.util.Arrays.stream(y).average().getAsDouble();
    for (int i = 0; i < y.length; i++) {
      sse += (pred[i] - y[i]) * (pred[i] - y[i]);
      sst += (y[i] - mean) * (y[i] - mean);
    }
    assertTrue(1 - sse / sst > 0.97, "R² " + (1 - sse / sst));
    // a categorical column is one-hot encoded: 4 numeric + 3 levels
    MlpClassifier c = (MlpClassifier) MlpLearner.defaults().withHidden(4).withMaxEpochs(3)
        .fitClassifier(SyntheticData.blobs(60, 4, 2, 5), FitContext.seeded(1));
    assertEquals(7, c.network().inputs());
    assertEquals(1, c.decision(SyntheticData.blobs(60, 4, 2, 5).row(0)).length);
  }

  @Test void rowWeightsAreHonoured() {
    Dataset d = SyntheticData.blobs(200, 3, 2, 9);
    double[] w = new double[200];
    for (int i = 0; i < 200; i++) w[i] = d.classes().get(i) == 0 ? 1 : 0.05;
    Classifier weighted = MlpLearner.defaults().withHidden(8).fitClassifier(d.withWeights(w), FitContext.seeded(1));
    Classifier plain = MlpLearner.defaults().withHidden(8).fitClassifier(d, FitContext.seeded(1));
    double pw = 0;
    double pp = 0;
    for (int i = 0; i < 200; i++) {
      pw += weighted.predictProba(d.row(i))[0];
      pp += plain.predictProba(d.row(i))[0];
    }
    assertTrue(pw > pp + 5, "down-weighting class 1 must raise p(class 0): " + pw + " vs " + pp);
  }

  @Test void modelFilesAreValidatedOnLoad() throws IOException {
    Model m = MlpLearner.defaults().withHidden(3).withMaxEpochs(2).fit(SyntheticData.blobs(40, 2, 2, 1), FitContext.seeded(1));
    MemoryModelStore store = new MemoryModelStore("m.swm");
    store.writer().model("model", m);
    Map<String, byte[]> good = store.entries();
    assertTrue(good.containsKey("model/weights.bin") && good.containsKey("model/network.json"), good.keySet().toString());

    assertCorrupt(good, e -> e.put("model/weights.bin", new byte[16]), "weights.bin': expected 26 parameters for layer sizes [5, 3, 2], got 2");
    assertCorrupt(good, e -> e.put("model/kind", bytes("mlp ")), null); // whitespace around the kind is fine
    assertCorrupt(good, e -> replace(e, "model/network.json", "\"relu\"", "\"swish\""), "activation must be one of");
    assertCorrupt(good, e -> replace(e, "model/network.json", "\"sizes\" : [ 5,", "\"sizes\" : [ -5,"), "sizes must be integers");
    assertCorrupt(good, e -> replace(e, "model/model.json", "\"class0\", ", ""), "one output per class");
    assertCorrupt(good, e -> replace(e, "model/model.json", "classification", "ranking"), "task must be");
    assertCorrupt(good, e -> e.remove("model/preprocessing.json"), "missing entry 'model/preprocessing.json'");
    byte[] nan = good.get("model/weights.bin").clone();
    java.nio.ByteBuffer.wrap(nan).order(java.nio.ByteOrder.LITTLE_ENDIAN).putDouble(8, Double.NaN);
    assertCorrupt(good, e -> e.put("model/weights.bin", nan), "parameter 1 is not finite");
  }

  private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }

  private static void replace(Map<String, byte[]> e, String entry, String from, String to) {
    String s = new String(e.get(entry), StandardCharsets.UTF_8);
    assertTrue(s.contains(from), entry + " does not contain " + from + ":\n" + s);
    e.put(entry, bytes(s.replace(from, to)));
  }

  private static void assertCorrupt(Map<String, byte[]> good, Consumer<Map<String, byte[]>> edit, String message)
      throws IOException {
    Map<String, byte[]> e = new HashMap<>(good);
    edit.accept(e);
    ModelReader r = new MapReader(e, "");
    if (message == null) {
      r.model("model");
      return;
    }
    BadInputException ex = assertThrows(BadInputException.class, () -> r.model("model"));
    assertTrue(ex.getMessage().startsWith("m.swm: "), ex.getMessage());
    assertTrue(ex.getMessage().contains(message), ex.getMessage());
  }

  /** A reader over an editable entry map (MemoryModelStore's entries are read-only). */
  private record MapReader(Map<String, byte[]> entries, String dir) implements ModelReader {
    @Override public String source() { return "m.swm"; }
    @Override public String path(String name) { return dir.isEmpty() ? name : dir + "/" + name; }
    @Override public byte[] bytes(String name) {
      byte[] b = entries.get(path(name));
      if (b == null) throw new BadInputException(source(), "missing entry '" + path(name) + "'");
      return b.clone();
    }
    @Override public boolean has(String name) { return entries.containsKey(path(name)); }
    @Override public ModelReader child(String directory) { return new MapReader(entries, path(directory)); }
  }
}
