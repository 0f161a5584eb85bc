package org.stackwise.learners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.stackwise.BadInputException;
import org.stackwise.Learner;
import org.stackwise.io.Json;
import org.stackwise.learners.svm.LinearSvmLearner;
import org.stackwise.learners.svm.SvmLearner;

/** Spec binding of the linear, SVM, neighbour and Bayes learners: JSON names, defaults, errors. */
class LinearFamilyCatalogueTest {
  @ParameterizedTest
  @ValueSource(strings = {"logistic", "linear_svm", "ridge", "svm", "knn", "naive_bayes"})
  void defaultsSurviveASpecRoundTrip(String id) throws Exception {
    Learner defaults = Catalogue.defaults(id);
    assertEquals(id, defaults.id());
    JsonNode spec = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(Catalogue.toSpec(defaults)));
    assertEquals(defaults, Catalogue.bind(id, spec.get("params"), "spec.json"));
  }

  @Test
  void parameterNamesAreSnakeCase() {
    JsonNode p = Catalogue.toSpec(Catalogue.defaults("svm")).get("params");
    assertTrue(p.has("cache_size_mb"), p.toString());
    assertEquals("scale", p.get("gamma").asText());
    assertTrue(Catalogue.toSpec(Catalogue.defaults("logistic")).get("params").has("max_iter"));
    assertTrue(Catalogue.toSpec(Catalogue.defaults("naive_bayes")).get("params").has("var_smoothing"));
  }

  @Test
  void numbersAreAcceptedWhereAStringParameterCanBeNumeric() throws Exception {
    SvmLearner s = (SvmLearner) Catalogue.bind("svm", Json.MAPPER.readTree("{\"gamma\": 0.5, \"kernel\": \"poly\"}"), "spec.json");
    assertEquals("0.5", s.gamma());
    LinearSvmLearner l = (LinearSvmLearner) Catalogue.bind("linear_svm", Json.MAPPER.readTree("{\"tol\": 0.01}"), "spec.json");
    assertEquals(0.01, l.tol());
  }

  @Test
  void invalidValuesAreReportedWithTheSpecSource() throws Exception {
    BadInputException e = assertThrows(BadInputException.class,
        () -> Catalogue.bind("knn", Json.MAPPER.readTree("{\"weights\": \"gaussian\"}"), "spec.json: members.knn"));
    assertEquals("spec.json: members.knn: weights must be one of " + List.of("uniform", "distance") + ", got gaussian",
        e.getMessage());
    e = assertThrows(BadInputException.class,
        () -> Catalogue.bind("ridge", Json.MAPPER.readTree("{\"alphas\": [1, -2]}"), "spec.json"));
    assertTrue(e.getMessage().contains("alphas must be finite numbers >= 0"), e.getMessage());
  }
}
