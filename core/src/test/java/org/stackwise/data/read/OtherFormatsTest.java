package org.stackwise.data.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackwise.BadInputException;
import org.stackwise.Task;
import org.stackwise.data.Dataset;

/** ARFF, LibSVM and IDX on small inline files. */
class OtherFormatsTest {
  @TempDir Path dir;

  private static final String ARFF = """
      % a comment
      @RELATION 'test data'

      @ATTRIBUTE width\tREAL
      @attribute 'colour name' { 'dark red', green ,blue}
      @attribute count integer
      @attribute class {zeta,alpha}
      @data
      % comment in data
      1.5,'dark red',3,zeta
      ?,green,?,alpha
      2,"blue",4,'alpha'
      {0 7, 1 blue, 3 alpha}
      """;

  @Test void arffDenseSparseQuotedMissingAndDeclaredOrder() {
    Dataset d = TableReader.read(TestFiles.write(dir, "t.arff", ARFF), ReadOptions.defaults().withTarget("class"));
    assertEquals(List.of("width", "colour name", "count"), d.schema().names());
    assertEquals(List.of("dark red", "green", "blue"), d.schema().column(1).levels());
    assertEquals(List.of("zeta", "alpha"), d.classes().classes()); // declared order, not sorted
    assertArrayEquals(new int[] {0, 1, 1, 1}, d.classes().indices());
    assertArrayEquals(new double[] {1.5, 0, 3}, d.row(0));
    assertTrue(Double.isNaN(d.get(1, 0)) && Double.isNaN(d.get(1, 2)));
    assertEquals(1, d.get(1, 1));
    assertArrayEquals(new double[] {2, 2, 4}, d.row(2));
    assertArrayEquals(new double[] {7, 2, 0}, d.row(3)); // sparse: count not listed → 0
  }

  @Test void arffNumericClassIsRegressionAndEmptyDeclaredClassesAreLeftOut() {
    String reg = "@relation r\n@attribute x numeric\n@attribute y numeric\n@data\n1,2\n2,3\n3,4\n";
    assertEquals(Task.REGRESSION, TableReader.read(TestFiles.write(dir, "r.arff", reg),
        ReadOptions.defaults().withTarget("y")).task());
    String cls = "@relation r\n@attribute x numeric\n@attribute y {a,b,c}\n@data\n1,c\n2,a\n";
    Dataset d = TableReader.read(TestFiles.write(dir, "c.arff", cls), ReadOptions.defaults().withTarget("y"));
    assertEquals(List.of("a", "c"), d.classes().classes());
    assertArrayEquals(new int[] {1, 0}, d.classes().indices());
  }

  @Test void arffCrlfAndGzip() {
    String text = ARFF.replace("\n", "\r\n");
    Path gz = TestFiles.write(dir, "t.arff.gz", TestFiles.gzip(text.getBytes(StandardCharsets.UTF_8)));
    assertEquals(4, TableReader.read(gz, ReadOptions.defaults()).rows());
  }

  @Test void libsvmIsDensifiedAndLabelsInferred() {
    Path p = TestFiles.write(dir, "t.libsvm", "# comment\n+1 1:0.5 3:2\n-1 2:1.5 # trailing\n\n+1 3:-1\n");
    Dataset d = TableReader.read(p);
    assertEquals(List.of("f1", "f2", "f3"), d.schema().names());
    assertArrayEquals(new double[] {0.5, 0, 2, 0, 1.5, 0, 0, 0, -1}, d.toRowMajor());
    assertEquals(List.of("-1", "1"), d.classes().classes());
    assertArrayEquals(new int[] {1, 0, 1}, d.classes().indices());
    Dataset reg = TableReader.read(p, ReadOptions.defaults().withTargetIsNumeric(true));
    assertArrayEquals(new double[] {1, -1, 1}, reg.numericTarget().values());
    Path r = TestFiles.write(dir, "r.svm", "0.25 1:1\n3.5 1:2\n");
    assertEquals(Task.REGRESSION, TableReader.read(r).task());
  }

  @Test void idxImagesWithSiblingLabelsPlainAndGzip() {
    Path images = TestFiles.write(dir, "train-images-idx3-ubyte.gz", TestFiles.gzip(Idx.images(3, 2, 2)));
    TestFiles.write(dir, "train-labels-idx1-ubyte.gz", TestFiles.gzip(Idx.labels(7, 2, 7)));
    Dataset d = TableReader.read(images);
    assertEquals(List.of("px1", "px2", "px3", "px4"), d.schema().names());
    assertArrayEquals(new double[] {1, 2, 3, 4}, d.row(1));
    assertEquals(List.of("2", "7"), d.classes().classes());
    assertArrayEquals(new int[] {1, 0, 1}, d.classes().indices());

    Path plain = TestFiles.write(dir, "t10k-images-idx3-ubyte", Idx.images(2, 1, 3));
    Path labels = TestFiles.write(dir, "other-labels", Idx.labels(0, 1));
    Dataset e = TableReader.readIdx(plain, labels);
    assertEquals(3, e.columns());
    assertArrayEquals(new int[] {0, 1}, e.classes().indices());
    // no labels file next to it: unlabeled
    assertFalse(TableReader.read(plain).hasTarget());
    BadInputAssert.fails(() -> TableReader.read(plain, ReadOptions.defaults().withTarget("label")),
        "t10k-images-idx3-ubyte", 0, "no labels file found");
    // counts must agree
    Path three = TestFiles.write(dir, "three-labels", Idx.labels(0, 1, 1));
    BadInputAssert.fails(() -> TableReader.readIdx(plain, three), "three-labels", 0, "has 3 labels but");
  }

  @Test void truncatedGzipCsvNamesTheLineReached() {
    StringBuilder sb = new StringBuilder("a,b\n");
    for (int i = 0; i < 20_000; i++) sb.append(i).append(',').append(i * 31 % 977).append('\n');
    byte[] gz = TestFiles.gzip(sb.toString().getBytes(StandardCharsets.UTF_8));
    Path p = TestFiles.write(dir, "cut.csv.gz", Arrays.copyOf(gz, gz.length * 2 / 3));
    BadInputException e = assertThrows(BadInputException.class, () -> TableReader.read(p));
    assertTrue(e.line() > 1000, e::getMessage);
    assertTrue(e.getMessage().contains("truncated or corrupt gzip data"), e::getMessage);
  }

  @Test void formatFromFileName() {
    assertEquals(TableFormat.CSV, TableFormat.fromFileName(Path.of("a.csv.gz")));
    assertEquals(TableFormat.CSV, TableFormat.fromFileName(Path.of("KDDTrain+.txt")));
    assertEquals(TableFormat.ARFF, TableFormat.fromFileName(Path.of("x/credit-g.ARFF")));
    assertEquals(TableFormat.LIBSVM, TableFormat.fromFileName(Path.of("a.svm")));
    assertEquals(TableFormat.IDX, TableFormat.fromFileName(Path.of("t10k-images-idx3-ubyte.gz")));
    assertEquals(TableFormat.IDX, TableFormat.fromFileName(Path.of("train-images.idx3-ubyte")));
  }
}
