package org.stackwise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad usage and bad input, through the real command line: every case must exit with 2, print exactly one
 * line {@code stackwise: error: ...} on stderr that names where the problem is (file and line, or the
 * parameter) and the rule broken, print nothing on stdout, and leave no output or temporary file behind.
 *
 * <p>In the arguments, {@code @/name} is a file in the shared fixture directory and {@code OUT/name} a
 * file in a per-case output directory that must stay empty.
 */
class BadInputTest {
  @TempDir static Path fixtures;

  /** A fast spec (tiny network, few epochs) so the fixture model takes well under a second. */
  static final String FAST = "{\"learner\": \"mlp\", \"params\": {\"hidden\": [4], \"max_epochs\": 20}}";

  /**
   * One bad-input case.
   *
   * @param name what is wrong
   * @param args command line with {@code @/} and {@code OUT/} placeholders
   * @param where text the message must contain to say where: a file name, "line N", a parameter
   * @param rule a phrase of the rule broken (case-insensitive)
   */
  record Case(String name, String args, String where, String rule) {
    @Override public String toString() { return name; }
  }

  static Stream<Case> cases() {
    String fit = "fit --out OUT/m.swm --spec " + q(FAST) + " --target label --train ";
    String fitGood = "fit --train @/good.csv --target label --out OUT/m.swm ";
    return Stream.of(
        // tables
        new Case("empty file", fit + "@/empty.csv", "empty.csv", "empty file"),
        new Case("header only", fit + "@/header-only.csv", "header-only.csv, line 1", "header line only"),
        new Case("ragged row", fit + "@/ragged.csv", "ragged.csv, line 4", "fields"),
        new Case("unknown target column", "fit --train @/good.csv --target nope --out OUT/m.swm --spec " + q(FAST),
            "good.csv", "unknown target column 'nope'"),
        new Case("one class only", fit + "@/one-class.csv", "one-class.csv", "only one class"),
        new Case("infinity in a feature", fit + "@/inf.csv", "inf.csv, line 3, column 1", "non-finite value 'inf'"),
        new Case("-Infinity in a feature", fit + "@/minus-infinity.csv", "minus-infinity.csv, line 5, column 2",
            "non-finite value"),
        new Case("target missing in some rows", fit + "@/missing-target.csv", "missing-target.csv, line 3", "target 'label' is missing"),
        new Case("missing input file", fit + "@/nope.csv", "nope.csv", "file not found"),
        new Case("unknown drop column", fitGood + "--spec " + q(FAST) + " --drop nope", "good.csv", "unknown drop column 'nope'"),
        new Case("bad delimiter", fitGood + "--spec " + q(FAST) + " --delimiter x", "--delimiter", "delimiter must be one of"),
        new Case("no feature column left", fitGood + "--spec " + q(FAST) + " --drop x1,x2,colour", "good.csv",
            "no feature columns left"),
        // specs
        new Case("unknown learner", fitGood + "--spec " + q("{\"learner\": \"nope\"}"), "--spec", "unknown learner 'nope'"),
        new Case("unknown parameter", fitGood + "--spec " + q("{\"learner\": \"mlp\", \"params\": {\"depth\": 3}}"),
            "--spec", "unknown parameter 'depth'"),
        new Case("mistyped parameter", fitGood + "--spec " + q("{\"learner\": \"mlp\", \"params\": {\"alpha\": \"big\"}}"),
            "--spec", "wrong type"),
        new Case("out-of-range parameter", fitGood + "--spec " + q("{\"learner\": \"mlp\", \"params\": {\"alpha\": -1}}"),
            "--spec", "alpha must be a finite number >= 0, got -1"),
        new Case("invalid JSON spec file", fitGood + "--spec @/broken-spec.json", "broken-spec.json, line 3, column", "invalid JSON"),
        new Case("invalid JSON spec text", fitGood + "--spec " + q("{\"learner\": \"mlp\",}"), "--spec, line 1, column", "invalid JSON"),
        new Case("missing spec file", fitGood + "--spec @/no-such-spec.json", "no-such-spec.json", "file not found"),
        new Case("unknown ensemble key", fitGood + "--spec " + q("{\"stacking\": {\"members\": {\"a\": " + FAST + "}, \"depth\": 2}}"),
            "--spec: stacking", "unknown key 'depth'"),
        new Case("duplicate member names", fitGood + "--spec @/duplicate-members.json", "duplicate-members.json, line 4",
            "duplicate field 'a'"),
        new Case("empty member list", fitGood + "--spec " + q("{\"voting\": {\"members\": {}}}"), "voting.members",
            "non-empty"),
        new Case("bad member name", fitGood + "--spec " + q("{\"voting\": {\"members\": {\"a b\": " + FAST + "}}}"),
            "member 'a b'", "member names must match"),
        new Case("out-of-range ensemble option", fitGood + "--spec " + q("{\"stacking\": {\"members\": {\"a\": " + FAST + "}, \"folds\": 1}}"),
            "folds", "folds must be between 2 and"),
        new Case("unknown preset", fitGood + "--preset turbo", "--preset", "unknown preset 'turbo'"),
        new Case("spec and preset together", fitGood + "--preset fast --spec " + q(FAST), "--spec", "not both"),
        // options
        new Case("missing --target", "fit --train @/good.csv --out OUT/m.swm --spec " + q(FAST), "--target", "needs the target column"),
        new Case("missing required --train", "fit --target label --out OUT/m.swm", "--train", "missing required option"),
        new Case("unknown option", fitGood + "--colour blue", "--colour", "unknown option"),
        new Case("non-numeric --seed", fitGood + "--seed lots --spec " + q(FAST), "--seed", "invalid value"),
        new Case("--threads 0", fitGood + "--threads 0 --spec " + q(FAST), "--threads", "threads must be at least 1, got 0"),
        new Case("output directory missing", "fit --train @/good.csv --target label --spec " + q(FAST) + " --out OUT/nodir/m.swm",
            "nodir", "output directory"),
        new Case("--folds 1", "cv --data @/good.csv --target label --spec " + q(FAST) + " --folds 1 --save-oof OUT/oof.csv",
            "--folds", "folds must be at least 2, got 1"),
        new Case("--folds above rows", "cv --data @/good.csv --target label --spec " + q(FAST) + " --folds 1000 --save-oof OUT/oof.csv",
            "--folds", "at most the number of rows"),
        new Case("cv --save-oof directory missing", "cv --data @/good.csv --target label --spec " + q(FAST)
            + " --save-oof OUT/nodir/oof.csv", "nodir", "output directory"),
        // model files
        new Case("corrupt model file", "predict --model @/corrupt.swm --data @/good.csv --out OUT/p.csv", "corrupt.swm",
            "not a valid model file"),
        new Case("truncated model file", "predict --model @/truncated.swm --data @/good.csv --out OUT/p.csv", "truncated.swm",
            "truncated"),
        new Case("newer format version", "evaluate --model @/newer.swm --data @/good.csv", "newer.swm",
            "format version 99 is newer than this stackwise supports"),
        new Case("missing model file", "describe --model @/nope.swm", "nope.swm", "file not found"),
        new Case("not a model (zip without manifest)", "describe --model @/no-manifest.swm", "no-manifest.swm", "no manifest.json"),
        new Case("model data with a missing column", "predict --model @/model.swm --data @/no-x2.csv --out OUT/p.csv",
            "no-x2.csv, line 1", "column 'x2' is missing"),
        new Case("text in a numeric column of evaluation data", "evaluate --model @/model.swm --data @/text-in-numeric.csv",
            "text-in-numeric.csv, line 3, column 1", "must be numbers, got 'tall'"),
        new Case("evaluation label the model never saw", "evaluate --model @/model.swm --data @/unseen-label.csv",
            "unseen-label.csv, line 4", "not one of the model's classes"),
        new Case("evaluation data without labels", "evaluate --model @/model.swm --data @/unlabeled.csv", "unlabeled.csv",
            "no labels"),
        new Case("predict output directory missing", "predict --model @/model.swm --data @/good.csv --out OUT/nodir/p.csv",
            "nodir", "output directory"));
  }

  @BeforeAll
  static void writeFixtures() throws IOException {
    StringBuilder good = new StringBuilder("x1,x2,colour,label\n");
    for (int i = 0; i < 60; i++) {
      int c = i % 3;
      good.append(String.format(Locale.ROOT, "%.2f,%.2f,%s,%s%n", c + 0.1 * (i % 7), 2 - c + 0.05 * (i % 5),
          List.of("red", "green", "blue").get((i / 3) % 3), List.of("a", "b", "c").get(c)));
    }
    write("good.csv", good.toString());
    write("empty.csv", "");
    write("header-only.csv", "x1,x2,label\n");
    write("ragged.csv", "x1,x2,label\n1,2,a\n3,4,b\n5,6\n7,8,a\n");
    write("one-class.csv", "x1,x2,label\n1,2,a\n3,4,a\n5,6,a\n");
    write("inf.csv", "x1,x2,label\n1,2,a\ninf,4,b\n5,6,a\n7,8,b\n");
    write("minus-infinity.csv", "x1,x2,label\n1,2,a\n3,4,b\n5,6,a\n7,-Infinity,b\n");
    write("missing-target.csv", "x1,x2,label\n1,2,a\n3,4,\n5,6,b\n7,8,NA\n");
    write("broken-spec.json", "{\n  \"learner\": \"mlp\",\n  \"params\": {\"hidden\": [4}\n}\n");
    write("duplicate-members.json", "{\"voting\": {\"members\": {\n  \"a\": " + FAST + ",\n  \"b\": " + FAST + ",\n  \"a\": "
        + FAST + "}}}\n");
    write("no-x2.csv", "x1,colour,label\n1,red,a\n2,blue,b\n");
    write("text-in-numeric.csv", "x1,x2,colour,label\n1,2,red,a\ntall,2,red,b\n");
    write("unseen-label.csv", "x1,x2,colour,label\n1,2,red,a\n1,2,red,b\n1,2,red,zebra\n");
    write("unlabeled.csv", "x1,x2,colour\n1,2,red\n");
    write("corrupt.swm", "this is not a zip file at all, just some text\n".repeat(10));

    CliRunner.Result r = CliRunner.run("fit", "--train", fixtures.resolve("good.csv").toString(), "--target", "label",
        "--spec", FAST, "--out", fixtures.resolve("model.swm").toString(), "--quiet");
    assertEquals(0, r.code(), r::toString);
    byte[] model = Files.readAllBytes(fixtures.resolve("model.swm"));
    Files.write(fixtures.resolve("truncated.swm"), Arrays.copyOf(model, model.length / 2));
    Files.write(fixtures.resolve("newer.swm"), rewriteManifest(model, "\"format_version\" : 1", "\"format_version\" : 99"));
    Files.write(fixtures.resolve("no-manifest.swm"), zip("model/kind", "mlp"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void exitsWithTwoAndSaysWhereAndWhy(Case c, @TempDir Path out) throws IOException {
    List<String> args = splitArgs(c.args()).stream()
        .map(a -> a.replace("@/", fixtures.toString() + "/").replace("OUT/", out.toString() + "/"))
        .toList();
    CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
    assertEquals(2, r.code(), () -> c + ": " + r);
    assertEquals("", r.out(), () -> c + ": nothing may be printed on stdout: " + r);
    String err = r.err().strip();
    assertTrue(err.startsWith("stackwise: error: "), () -> c + ": " + r);
    assertEquals(1, err.lines().count(), () -> c + ": the error must be one line: " + r);
    assertTrue(err.contains(c.where()), () -> c + ": the message must name '" + c.where() + "': " + r);
    assertTrue(err.toLowerCase(Locale.ROOT).contains(c.rule().toLowerCase(Locale.ROOT)),
        () -> c + ": the message must state the rule '" + c.rule() + "': " + r);
    assertEquals(0, CliRunner.filesIn(out), () -> c + ": no output or temporary file may be left in " + out);
  }

  /** Splits on spaces, except inside single quotes (used for JSON). */
  private static List<String> splitArgs(String s) {
    List<String> out = new java.util.ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (char ch : s.toCharArray()) {
      if (ch == '\'') {
        quoted = !quoted;
      } else if (ch == ' ' && !quoted) {
        if (cur.length() > 0) out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(ch);
      }
    }
    if (cur.length() > 0) out.add(cur.toString());
    return out;
  }

  private static String q(String json) {
    return "'" + json + "'";
  }

  private static void write(String name, String content) throws IOException {
    Files.writeString(fixtures.resolve(name), content, StandardCharsets.UTF_8);
  }

  private static byte[] rewriteManifest(byte[] zip, String from, String to) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip));
         ZipOutputStream out = new ZipOutputStream(bytes)) {
      ZipEntry e;
      boolean replaced = false;
      while ((e = in.getNextEntry()) != null) {
        byte[] data = in.readAllBytes();
        if (e.getName().equals("manifest.json")) {
          String m = new String(data, StandardCharsets.UTF_8);
          assertTrue(m.contains(from), "manifest has " + from + ": " + m);
          data = m.replace(from, to).getBytes(StandardCharsets.UTF_8);
          replaced = true;
        }
        out.putNextEntry(new ZipEntry(e.getName()));
        out.write(data);
        out.closeEntry();
      }
      assertTrue(replaced, "model file has a manifest");
    }
    return bytes.toByteArray();
  }

  private static byte[] zip(String name, String content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      out.putNextEntry(new ZipEntry(name));
      out.write(content.getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return bytes.toByteArray();
  }
}
