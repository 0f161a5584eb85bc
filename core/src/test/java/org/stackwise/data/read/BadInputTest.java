package org.stackwise.data.read;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.stackwise.data.Column;
import org.stackwise.data.Schema;

/**
 * Every kind of bad input gives a {@link org.stackwise.BadInputException} naming the file, the line
 * where it applies and the rule.
 */
class BadInputTest {
  @TempDir static Path dir;

  private static final ReadOptions DEF = ReadOptions.defaults();

  /** One case: a file to write, how to read it, and what the message must say. */
  private record Case(String file, byte[] content, Function<Path, Executable> read, long line, String phrase) { }

  private static Case csv(String file, String content, ReadOptions opt, long line, String phrase) {
    return new Case(file, content.getBytes(StandardCharsets.UTF_8), p -> () -> TableReader.read(p, opt), line, phrase);
  }

  private static Case bytes(String file, byte[] content, ReadOptions opt, long line, String phrase) {
    return new Case(file, content, p -> () -> TableReader.read(p, opt), line, phrase);
  }

  static Stream<Arguments> cases() {
    byte[] big = new byte[20_000];
    for (int i = 0; i < big.length; i++) big[i] = (byte) (i % 10 == 9 ? '\n' : '0' + (i * 7) % 10);
    byte[] gz = TestFiles.gzip(big);
    byte[] truncatedGz = Arrays.copyOf(gz, gz.length / 2);
    byte[] latin1 = "name,v\nZ\u00fcrich,1\n".getBytes(StandardCharsets.ISO_8859_1);
    byte[] nul = "a,b\n1,\u0000\n".getBytes(StandardCharsets.ISO_8859_1);
    byte[] badMagic = Idx.images(2, 2, 2);
    badMagic[2] = 0x42;
    byte[] truncatedIdx = Arrays.copyOf(Idx.images(3, 2, 2), 16 + 9);
    byte[] garbage = new byte[4096];
    new java.util.SplittableRandom(3).nextBytes(garbage);
    garbage[0] = 'x'; // not gzip magic
    String arffHead = "@relation r\n@attribute x numeric\n@attribute c {a,b}\n@data\n";
    List<Case> cases = List.of(
        bytes("empty.csv", new byte[0], DEF, 0, "empty file"),
        csv("blank.csv", "\n  \n\n", DEF, 0, "empty file"),
        csv("header-only.csv", "a,b,c\n", DEF, 1, "no data rows"),
        csv("ragged.csv", "a,b,c\n1,2,3\n4,5\n", DEF, 3, "expected 3 fields, got 2"),
        csv("ragged-long.csv", "a,b\n1,2\n\n4,5,6\n", DEF, 4, "expected 2 fields, got 3"),
        csv("quote.csv", "a,b\n1,\"open\n2,3\n", DEF, 2, "unterminated quoted field"),
        csv("after-quote.csv", "a,b\n1,\"x\"y\n", DEF, 2, "after the closing quote"),
        csv("target.csv", "a,b\n1,2\n", DEF.withTarget("zz"), 0, "unknown target column 'zz'; available columns: a, b"),
        csv("drop.csv", "a,b\n1,2\n", DEF.withDrop("q"), 0, "unknown drop column 'q'"),
        csv("target-missing.csv", "x,y\n1,a\n2,\n3,b\n4,NA\n", DEF.withTarget("y"), 3,
            "target 'y' is missing at line 3 (and in 1 more rows)"),
        csv("one-class.csv", "x,y\n1,a\n2,a\n", DEF.withTarget("y"), 0, "only one class"),
        csv("inf.csv", "x,y\n1,2\ninf,3\n", DEF, 3, "non-finite value 'inf'"),
        csv("infinity.csv", "x,y\n1,-Infinity\n", DEF, 2, "non-finite value '-Infinity'"),
        csv("nan.csv", "x\n1\nNaN\n", DEF.withMissing(List.of("")), 3, "non-finite value 'NaN'"),
        csv("overflow.csv", "x\n1e999\n", DEF, 2, "non-finite value '1e999'"),
        csv("dup.csv", "a,b,a\n1,2,3\n", DEF, 1, "duplicate column name 'a'"),
        csv("headerless.csv", "0,1,0,5\n1,2,3,4\n", DEF, 1, "--no-header"),
        csv("not-numeric.csv", "x,y\n1,2.5\n2,abc\n", DEF.withTarget("y").withTargetIsNumeric(true), 3,
            "must be numeric"),
        bytes("latin1.csv", latin1, DEF, 2, "invalid UTF-8"),
        bytes("nul.csv", nul, DEF, 2, "NUL byte"),
        bytes("garbage.csv", garbage, DEF, 1, "binary file"),
        bytes("idx-as-csv.csv.gz", TestFiles.gzip(Idx.images(2, 3, 3)), DEF, 1, "binary file"),
        bytes("truncated.csv.gz", truncatedGz, DEF.withHeader(false), 0, "truncated or corrupt gzip data"),
        bytes("bad-magic-images-idx3-ubyte", badMagic, DEF, 0, "bad IDX magic number"),
        bytes("short-images-idx3-ubyte", truncatedIdx, DEF, 0, "truncated IDX file"),
        bytes("labels-as-images-idx3-ubyte", Idx.labels(1, 2), DEF, 0, "is this a labels file?"),
        csv("string.arff", "@relation r\n@attribute x numeric\n@attribute s string\n@data\n1,'a'\n", DEF, 3,
            "ARFF attribute type 'string' is not supported"),
        csv("date.arff", "@relation r\n@attribute d date 'yyyy-MM-dd'\n@data\n", DEF, 2, "ARFF attribute type 'date'"),
        csv("undeclared.arff", arffHead + "1,a\n2,z\n", DEF, 6, "value 'z' is not one of the declared values"),
        csv("ragged.arff", arffHead + "1,a\n2\n", DEF, 6, "expected 2 values, got 1"),
        csv("text-in-numeric.arff", arffHead + "x1,a\n", DEF, 5, "is not a number"),
        csv("no-data.arff", "@relation r\n@attribute x numeric\n", DEF, 0, "no @data section"),
        csv("quote.arff", arffHead + "1,'a\n", DEF, 5, "unterminated quoted value"),
        csv("bad.libsvm", "1 1:0.5 2:1\n0 1:0.5 oops\n", DEF, 2, "expected index:value"),
        csv("order.libsvm", "1 2:0.5 1:1\n", DEF, 1, "feature indices must increase"),
        csv("label.libsvm", "1 1:2\nx 1:3\n", DEF, 2, "label must be a number"),
        new Case("like.csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8),
            p -> () -> TableReader.readLike(p, DEF, Schema.of(List.of(Column.numeric("a"), Column.numeric("c"))), null),
            0, "column 'c' is missing: the model needs it"),
        new Case("like-numeric.csv", "a,b\n1,2\nx,3\n".getBytes(StandardCharsets.UTF_8),
            p -> () -> TableReader.readLike(p, DEF, Schema.of(List.of(Column.numeric("a"))), null), 3, "must be numbers, got 'x'"),
        new Case("like-label.csv", "a,y\n1,cat\n2,emu\n".getBytes(StandardCharsets.UTF_8),
            p -> () -> TableReader.readLike(p, DEF.withTarget("y"), Schema.of(List.of(Column.numeric("a"))), List.of("cat", "dog")),
            3, "label 'emu' is not one of the model's classes [cat, dog]"),
        new Case("missing.csv", new byte[0], p -> () -> TableReader.read(p.resolveSibling("nope.csv")), 0, "file not found"));
    return cases.stream().map(c -> Arguments.of(c.file(), c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void badInputIsReportedWithFileLineAndRule(String name, Case c) {
    Path p = TestFiles.write(dir, c.file(), c.content());
    String expectedFile = c.phrase().equals("file not found") ? "nope.csv" : c.file();
    BadInputAssert.fails(c.read().apply(p), expectedFile, c.line(), c.phrase());
  }
}
