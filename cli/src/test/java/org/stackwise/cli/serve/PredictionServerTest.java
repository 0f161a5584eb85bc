package org.stackwise.cli.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackwise.Classifier;
import org.stackwise.data.Column;
import org.stackwise.data.Schema;
import org.stackwise.io.Json;
import org.stackwise.io.ModelFile;
import org.stackwise.io.ModelWriter;
import org.stackwise.lazy.LazyFile;

/**
 * The server on a free loopback port: valid, invalid and oversized requests, status codes, the lazy
 * trace, metrics, overload (503) and a graceful stop. The clients are the JDK's HTTP client.
 */
class PredictionServerTest {
  @TempDir static Path dir;
  static ServeFixtures.Files3 files;
  static ModelFile.Loaded loaded;
  static PredictionServer plain;
  static PredictionServer lazy;
  static final StringWriter LOG = new StringWriter();
  static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeAll static void start() throws IOException {
    files = ServeFixtures.create(dir);
    loaded = ModelFile.load(files.model());
    PredictionServer.Config config = PredictionServer.Config.defaults().withPort(0).withThreads(2).withMaxBodyBytes(4096)
        .withMaxRows(50).withGrace(Duration.ofSeconds(5));
    plain = PredictionServer.start(ServedModel.plain(loaded.model(), loaded.target()), config, new PrintWriter(LOG, true));
    lazy = PredictionServer.start(ServedModel.lazy(LazyFile.load(files.lazy()), loaded.model(), loaded.target()), config,
        new PrintWriter(LOG, true));
  }

  @AfterAll static void stop() {
    if (plain != null) plain.close();
    if (lazy != null) lazy.close();
  }

  record Answer(int status, String body, HttpResponse<String> response) {
    JsonNode json() {
      try {
        return Json.MAPPER.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    @Override public String toString() {
      return status + " " + body;
    }
  }

  static Answer get(PredictionServer s, String path) throws Exception {
    HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(s.uri().resolve(path)).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body(), r);
  }

  static Answer post(PredictionServer s, String path, String body) throws Exception {
    HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(s.uri().resolve(path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body(), r);
  }

  static String row(double x1, double x2, double x3, String colour) {
    return "{\"x1\": " + x1 + ", \"x2\": " + x2 + ", \"x3\": " + x3 + ", \"colour\": " + (colour == null ? "null" : "\"" + colour + "\"") + "}";
  }

  /** An error answer: the status, JSON with only an "error" message that contains {@code part}, and no stack trace. */
  static void assertError(Answer a, int status, String part) {
    assertEquals(status, a.status(), a::toString);
    JsonNode j = a.json();
    assertEquals(1, j.size(), a::toString);
    String msg = j.path("error").asText();
    assertTrue(msg.contains(part), () -> "'" + part + "' in " + msg);
    assertFalse(a.body().contains("Exception") || a.body().contains("\tat ") || a.body().contains("at org."), a::toString);
  }

  @Test void healthAndModel() throws Exception {
    Answer h = get(plain, "/health");
    assertEquals(200, h.status(), h::toString);
    assertEquals("ok", h.json().path("status").asText());
    Answer m = get(plain, "/model");
    assertEquals(200, m.status(), m::toString);
    JsonNode j = m.json();
    assertEquals("stacking", j.path("kind").asText());
    assertEquals("label", j.path("target").asText());
    assertEquals(List.of("a", "b", "c"), Json.strings(j.get("classes"), "classes"));
    assertEquals(List.of("x1", "x2", "x3", "colour"), List.of(j.at("/schema/0/name").asText(), j.at("/schema/1/name").asText(),
        j.at("/schema/2/name").asText(), j.at("/schema/3/name").asText()));
    assertEquals(3, j.path("members").size());
    assertTrue(j.has("meta_weights") && j.at("/limits/max_rows").asInt() == 50, j::toString);
  }

  @Test void oneRowMatchesTheModel() throws Exception {
    Answer a = post(plain, "/predict", row(0.5, -1.25, 0.75, "green"));
    assertEquals(200, a.status(), a::toString);
    assertTrue(a.response().headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    JsonNode j = a.json();
    Classifier c = (Classifier) loaded.model();
    Schema s = c.schema();
    double[] raw = {0.5, -1.25, 0.75, s.column(3).levels().indexOf("green")};
    double[] expected = c.predictProba(raw);
    double[] got = new double[3];
    for (int k = 0; k < 3; k++) got[k] = j.path("proba").path(c.classes().get(k)).asDouble();
    assertArrayEquals(expected, got, 0.0);
    assertEquals(c.classes().get(Classifier.argMax(expected)), j.path("label").asText());
  }

  @Test void batchesAsRowsObjectOrArray() throws Exception {
    String rows = row(1, 2, 3, "red") + ", " + row(-1, 0.5, 0, "blue") + ", " + row(0, 0, 0, null);
    for (String body : new String[] {"{\"rows\": [" + rows + "]}", "[" + rows + "]"}) {
      Answer a = post(plain, "/predict", body);
      assertEquals(200, a.status(), a::toString);
      assertEquals(3, a.json().path("rows").asInt());
      assertEquals(3, a.json().path("predictions").size());
      for (JsonNode p : a.json().path("predictions")) {
        double sum = 0;
        for (JsonNode v : p.path("proba")) sum += v.asDouble();
        assertEquals(1, sum, 1e-9, a::toString);
      }
    }
    // the target column may come along and is ignored; a missing value is null
    Answer t = post(plain, "/predict", "{\"x1\": 1, \"x2\": null, \"x3\": 0, \"colour\": \"red\", \"label\": \"b\"}");
    assertEquals(200, t.status(), t::toString);
    // a level never seen in training is missing, with a warning naming the field
    Answer w = post(plain, "/predict", row(1, 1, 1, "purple"));
    assertEquals(200, w.status(), w::toString);
    assertTrue(w.json().path("warnings").get(0).asText().contains("colour") && w.json().path("warnings").get(0).asText().contains("purple"), w::toString);
  }

  @Test void invalidRequestsAre400NamingTheField() throws Exception {
    assertError(post(plain, "/predict", "{\"x1\": 1, \"x2\": 2, \"x3\": 3, \"colour\": \"red\", \"height\": 4}"), 400, "height: unknown column");
    assertError(post(plain, "/predict", "{\"x1\": 1, \"x2\": 2, \"colour\": \"red\"}"), 400, "x3: missing column");
    assertError(post(plain, "/predict", "{\"rows\": [" + row(1, 2, 3, "red") + ", {\"x1\": \"abc\", \"x2\": 2, \"x3\": 3, \"colour\": \"red\"}]}"),
        400, "rows[1].x1: expected a number or null, got string \"abc\"");
    assertError(post(plain, "/predict", "{\"x1\": 1, \"x2\": 2, \"x3\": 3, \"colour\": true}"), 400, "colour: expected a level");
    assertError(post(plain, "/predict", "[" + row(1, 2, 3, "red") + ", 7]"), 400, "[1]: expected an object");
    assertError(post(plain, "/predict", "{\"rows\": []}"), 400, "no rows");
    assertError(post(plain, "/predict", "{\"x1\": 1,"), 400, "not valid JSON");
    assertError(post(plain, "/predict", ""), 400, "empty");
    assertError(post(plain, "/predict", "\"hello\""), 400, "expected a JSON object");
  }

  @Test void oversizedRequestsAre413() throws Exception {
    StringBuilder big = new StringBuilder("{\"rows\": [");
    for (int i = 0; i < 200; i++) big.append(i == 0 ? "" : ",").append(row(1.0 + i, 2, 3, "red"));
    String body = big.append("]}").toString();
    assertTrue(body.length() > 4096);
    assertError(post(plain, "/predict", body), 413, "request body too large");
    StringBuilder many = new StringBuilder("[");
    for (int i = 0; i < 51; i++) many.append(i == 0 ? "" : ",").append("{\"x1\":1,\"x2\":2,\"x3\":3,\"colour\":null}");
    String rows = many.append("]").toString();
    assertTrue(rows.length() < 4096);
    assertError(post(plain, "/predict", rows), 413, "too many rows: 51");
    // the server still answers afterwards
    assertEquals(200, post(plain, "/predict", row(1, 2, 3, "red")).status());
  }

  @Test void wrongMethodAndUnknownPath() throws Exception {
    Answer a = get(plain, "/predict");
    assertError(a, 405, "use POST");
    assertEquals("POST", a.response().headers().firstValue("Allow").orElse(""));
    assertError(post(plain, "/health", "{}"), 405, "use GET");
    assertError(get(plain, "/predictions"), 404, "no such endpoint");
    assertError(get(plain, "/"), 404, "endpoints: POST /predict");
  }

  @Test void lazyAnswersCarryTheTrace() throws Exception {
    Answer a = post(lazy, "/predict", "[" + row(0.3, 0.2, -0.1, "red") + ", " + row(2, -2, 1, "blue") + "]");
    assertEquals(200, a.status(), a::toString);
    for (JsonNode p : a.json().path("predictions")) {
      JsonNode t = p.path("trace");
      assertTrue(t.path("steps").size() >= 1 && t.path("members_run").size() >= 1, t::toString);
      assertTrue(List.of("confident", "all_members_run", "member_failed").contains(t.path("exit").asText()), t::toString);
      double cost = 0;
      for (JsonNode s : t.path("steps")) cost += s.path("cost").asDouble();
      assertEquals(t.path("cost").asDouble(), cost, 1e-9);
      assertTrue(List.of("a", "b", "c").contains(p.path("label").asText()));
    }
    JsonNode m = get(lazy, "/model").json();
    assertEquals("lazy", m.path("kind").asText());
    assertTrue(m.has("theta") && m.at("/costs/unit").asText().equals("ms") && m.at("/costs/mean/knn").asDouble() == 16, m::toString);
    assertError(post(lazy, "/predict", "{\"x1\": 1}"), 400, "missing column");
    String metrics = get(lazy, "/metrics").body();
    assertTrue(metrics.contains("stackwise_cost_total{unit=\"ms\"}"), metrics);
    assertTrue(metrics.contains("stackwise_exits_total{reason="), metrics);
    assertTrue(metrics.contains("stackwise_members_run_bucket{le=\"3\"}"), metrics);
  }

  @Test void metricsCountRequestsErrorsAndLatency() throws Exception {
    post(plain, "/predict", row(1, 2, 3, "red"));
    post(plain, "/predict", "{\"nope\": 1}");
    Answer a = get(plain, "/metrics");
    assertEquals(200, a.status());
    assertTrue(a.response().headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
    String m = a.body();
    assertTrue(counter(m, "stackwise_requests_total{endpoint=\"predict\",code=\"200\"}") >= 1, m);
    assertTrue(counter(m, "stackwise_requests_total{endpoint=\"predict\",code=\"400\"}") >= 1, m);
    assertTrue(counter(m, "stackwise_request_errors_total{endpoint=\"predict\"}") >= 1, m);
    assertTrue(counter(m, "stackwise_request_duration_seconds_count{endpoint=\"predict\"}") >= 2, m);
    assertEquals(counter(m, "stackwise_request_duration_seconds_count{endpoint=\"predict\"}"),
        counter(m, "stackwise_request_duration_seconds_bucket{endpoint=\"predict\",le=\"+Inf\"}"), 0.0);
    assertTrue(counter(m, "stackwise_members_run_total") >= 3, m);
    assertTrue(m.contains("# TYPE stackwise_request_duration_seconds histogram"), m);
  }

  static double counter(String metrics, String name) {
    for (String line : metrics.split("\n")) {
      if (line.startsWith(name + " ")) return Double.parseDouble(line.substring(name.length() + 1).trim());
    }
    return Double.NaN;
  }

  /** A classifier that waits for a latch: keeps a worker busy on purpose. */
  static final class Blocking implements Classifier {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final Schema schema = Schema.of(List.of(Column.numeric("x")));

    @Override public Schema schema() { return schema; }
    @Override public String kind() { return "blocking"; }
    @Override public void write(ModelWriter out) { throw new UnsupportedOperationException(); }
    @Override public List<String> classes() { return List.of("no", "yes"); }

    @Override public double[] predictProba(double[] row) {
      entered.countDown();
      try {
        if (!release.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("not released");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      return new double[] {0.25, 0.75};
    }
  }

  @Test void fullPoolIs503AndStopIsGraceful() throws Exception {
    Blocking model = new Blocking();
    PredictionServer s = PredictionServer.start(ServedModel.plain(model, null),
        PredictionServer.Config.defaults().withPort(0).withThreads(1).withQueue(0).withGrace(Duration.ofSeconds(20)),
        new PrintWriter(LOG, true));
    try {
      CompletableFuture<HttpResponse<String>> first = CLIENT.sendAsync(HttpRequest.newBuilder(s.uri().resolve("/predict"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"x\": 1}")).build(), HttpResponse.BodyHandlers.ofString());
      assertTrue(model.entered.await(20, TimeUnit.SECONDS), "the first request reached the model");
      // the only worker is busy and there is no queue: refused at once
      Answer busy = post(s, "/predict", "{\"x\": 2}");
      assertError(busy, 503, "server busy");
      assertEquals("1", busy.response().headers().firstValue("Retry-After").orElse(""));
      // stop while the first request is in progress: it still gets its answer
      CompletableFuture<Void> closing = CompletableFuture.runAsync(s::close);
      long t0 = System.nanoTime();
      while (!s.stopping() && System.nanoTime() - t0 < 5_000_000_000L) Thread.sleep(5);
      assertTrue(s.stopping());
      assertFalse(closing.isDone(), "close waits for the request in progress");
      model.release.countDown();
      HttpResponse<String> r = first.get(20, TimeUnit.SECONDS);
      assertEquals(200, r.statusCode(), r.body());
      assertEquals("yes", Json.MAPPER.readTree(r.body()).path("label").asText());
      closing.get(20, TimeUnit.SECONDS);
      List<Throwable> failures = new ArrayList<>();
      try {
        get(s, "/health");
      } catch (IOException e) {
        failures.add(e);
      }
      assertEquals(1, failures.size(), "the stopped server refuses connections");
    } finally {
      model.release.countDown();
      s.close();
    }
  }

  @Test void internalErrorsStayInTheLog() throws Exception {
    Classifier broken = new Classifier() {
      final Schema schema = Schema.of(List.of(Column.numeric("x")));
      @Override public Schema schema() { return schema; }
      @Override public String kind() { return "broken"; }
      @Override public void write(ModelWriter out) { }
      @Override public List<String> classes() { return List.of("a", "b"); }
      @Override public double[] predictProba(double[] row) { throw new IllegalStateException("secret internal detail"); }
    };
    StringWriter log = new StringWriter();
    try (PredictionServer s = PredictionServer.start(ServedModel.plain(broken, null), PredictionServer.Config.defaults().withPort(0)
        .withThreads(1), new PrintWriter(log, true))) {
      Answer a = post(s, "/predict", "{\"x\": 1}");
      assertError(a, 500, "internal error");
      assertFalse(a.body().contains("secret"), a::toString);
      assertTrue(log.toString().contains("secret internal detail"), log::toString);
    }
  }

  @Test void serveCommandRefusesBadUsage() {
    for (String[] args : new String[][] {{"serve"}, {"serve", "--model", dir.resolve("missing.swm").toString()},
        {"serve", "--model", files.model().toString(), "--port", "70000"},
        {"serve", "--model", files.model().toString(), "--threads", "0"},
        {"serve", "--model", files.model().toString(), "--max-body", "10"}}) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
      int code;
      try (java.io.PrintStream o = new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
           java.io.PrintStream e = new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8)) {
        code = org.stackwise.cli.Main.run(args, o, e);
      }
      String msg = err.toString(java.nio.charset.StandardCharsets.UTF_8);
      assertEquals(2, code, () -> String.join(" ", args) + ": " + msg);
      assertTrue(msg.startsWith("stackwise: error: "), msg);
    }
  }

  @Test void startsOnlyOnTheGivenLoopbackAddress() {
    assertTrue(plain.address().getAddress().isLoopbackAddress());
    assertTrue(plain.port() > 0);
    assertTrue(Files.exists(files.model()));
  }
}
