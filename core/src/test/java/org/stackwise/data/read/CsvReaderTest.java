package org.stackwise.data.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackwise.Task;
import org.stackwise.data.Column;
import org.stackwise.data.Dataset;
import org.stackwise.data.Target;

class CsvReaderTest {
  @TempDir Path dir;

  private Dataset read(String content, ReadOptions opt) {
    return TableReader.read(TestFiles.write(dir, "t.csv", content), opt);
  }

  @Test void typesAreInferredPerColumnAndLevelsSortedNaturally() {
    Dataset d = read("x,colour,size,y\n1.5,red,10,a\n2,blue,2,b\n-3e2,green,b,a\n", ReadOptions.defaults().withTarget("y"));
    assertEquals(List.of("x", "colour", "size"), d.schema().names());
    assertEquals(Column.numeric("x"), d.schema().column(0));
    assertEquals(List.of("blue", "green", "red"), d.schema().column(1).levels());
    // numbers-looking levels first by value, then text: "2" < "10" < "b"
    assertEquals(List.of("2", "10", "b"), d.schema().column(2).levels());
    assertArrayEquals(new double[] {1.5, 2, 1, 2, 0, 0, -300, 1, 2}, d.toRowMajor());
    assertEquals(List.of("a", "b"), d.classes().classes());
    assertArrayEquals(new int[] {0, 1, 0}, d.classes().indices());
  }

  @Test void mixedColumnKeepsOriginalTextOfNumbers() {
    // "01" and "1" are different levels: the second pass reads the text of numeric cells.
    Dataset d = read("a,b\n01,x\n1,y\nfoo,x\n1,x\n", ReadOptions.defaults());
    assertEquals(List.of("01", "1", "foo"), d.schema().column(0).levels());
    assertArrayEquals(new double[] {0, 1, 2, 1}, d.column(0));
  }

  @Test void rfc4180QuotingBomCrlfAndPhysicalLines() {
    String csv = "\uFEFFname,\"note, with comma\",v\r\n"
        + "\"Smith, J\",\"said \"\"hi\"\"\",1\r\n"
        + "\"multi\nline\",plain,2\r\n"
        + "  spaced  , \"q\" ,3\r\n";
    Dataset d = read(csv, ReadOptions.defaults());
    assertEquals(List.of("name", "note, with comma", "v"), d.schema().names());
    assertEquals(List.of("Smith, J", "multi\nline", "spaced"), d.schema().column(0).levels());
    assertEquals(List.of("plain", "q", "said \"hi\""), d.schema().column(1).levels());
    assertArrayEquals(new double[] {1, 2, 3}, d.column(2));
    // a bad value after the embedded newline is reported on its physical line (5, not 4)
    BadInputAssert.fails(() -> read(csv + "x,y,inf\n", ReadOptions.defaults()), "t.csv", 6, "non-finite value 'inf'");
  }

  @Test void delimiterIsDetected() {
    Dataset semi = read("a;b;c\n1,5;2;x\n3;4;y\n", ReadOptions.defaults());
    assertEquals(List.of("a", "b", "c"), semi.schema().names());
    assertTrue(semi.schema().column(0).isCategorical()); // decimal comma is text
    Dataset tab = read("a\tb\n1\t2\n3\t4\n", ReadOptions.defaults());
    assertArrayEquals(new double[] {1, 2, 3, 4}, tab.toRowMajor());
    Dataset explicit = read("a|b\n1|2\n", ReadOptions.defaults().withDelimiter('|'));
    assertEquals(2, explicit.columns());
  }

  @Test void gzipAndTsvByName() {
    Path gz = TestFiles.writeGzip(dir, "t.tsv.gz", "a\tb\n1\t2\n3\t4\n");
    Dataset d = TableReader.read(gz, ReadOptions.defaults().withTarget("b").withTargetIsNumeric(true));
    assertEquals(Task.REGRESSION, d.task());
    assertArrayEquals(new double[] {2, 4}, d.numericTarget().values());
  }

  @Test void noHeaderNamesColumnsC1ToCn() {
    Dataset d = read("1,2,x\n3,4,y\n", ReadOptions.defaults().withHeader(false).withTarget("c3").withDrop("c1"));
    assertEquals(List.of("c2"), d.schema().names());
    assertEquals(List.of("x", "y"), d.classes().classes());
  }

  @Test void missingTokensAreNaNAndBlankLinesSkipped() {
    Dataset d = read("a,b,c\n1,NA,x\n\n?,2,\nNaN,null,y\n", ReadOptions.defaults());
    assertEquals(3, d.rows());
    assertTrue(Double.isNaN(d.get(0, 1)) && Double.isNaN(d.get(1, 0)) && Double.isNaN(d.get(1, 2)));
    assertTrue(Double.isNaN(d.get(2, 0)) && Double.isNaN(d.get(2, 1)));
    assertEquals(List.of("x", "y"), d.schema().column(2).levels());
    // custom tokens: "-" is missing, "NA" becomes a level
    Dataset e = read("a\n-\nNA\n", ReadOptions.defaults().withMissing(List.of("-")));
    assertEquals(List.of("NA"), e.schema().column(0).levels());
    assertTrue(Double.isNaN(e.get(0, 0)));
  }

  @Test void targetTypeInference() {
    StringBuilder few = new StringBuilder("x,y\n");
    StringBuilder many = new StringBuilder("x,y\n");
    for (int i = 0; i < 30; i++) {
      few.append(i).append(',').append(i % 3 == 0 ? 10 : i % 3 == 1 ? 2 : -1).append('\n');
      many.append(i).append(',').append(i).append('\n');
    }
    Dataset classes = read(few.toString(), ReadOptions.defaults().withTarget("y"));
    assertEquals(Task.CLASSIFICATION, classes.task());
    assertEquals(List.of("-1", "2", "10"), classes.classes().classes()); // numeric order
    assertEquals(Task.REGRESSION, read(many.toString(), ReadOptions.defaults().withTarget("y")).task());
    assertEquals(Task.REGRESSION, read("x,y\n1,0.5\n2,1\n", ReadOptions.defaults().withTarget("y")).task());
    assertEquals(Task.CLASSIFICATION,
        read(many.toString(), ReadOptions.defaults().withTarget("y").withTargetIsNumeric(false)).task());
    assertEquals(Task.REGRESSION,
        read(few.toString(), ReadOptions.defaults().withTarget("y").withTargetIsNumeric(true)).task());
    // class names keep their text: "01" stays "01"
    Dataset text = read("x,y\n1,01\n2,02\n3,01\n", ReadOptions.defaults().withTarget("y"));
    assertEquals(List.of("01", "02"), text.classes().classes());
  }

  @Test void sklearnBundledLayout() {
    Dataset d = read("4,2,setosa,versicolor\n1,2,0\n3,4,1\n5,6,1\n7,8,0\n", ReadOptions.defaults().withTarget("target"));
    assertEquals(List.of("c1", "c2"), d.schema().names());
    assertEquals(List.of("setosa", "versicolor"), d.classes().classes());
    assertArrayEquals(new int[] {0, 1, 1, 0}, d.classes().indices());
    // a header that only looks like it (row count differs) stays an ordinary header
    Dataset plain = read("9,2,z\n1,2,0\n3,4,1\n", ReadOptions.defaults());
    assertEquals(List.of("9", "2", "z"), plain.schema().names());
  }

  @Test void unicodeTextIsDecoded() {
    Path p = TestFiles.write(dir, "u.csv", "city,n\nZürich,1\n東京,2\n".getBytes(StandardCharsets.UTF_8));
    Dataset d = TableReader.read(p, ReadOptions.defaults());
    assertEquals(List.of("Zürich", "東京"), d.schema().column(0).levels());
  }

  @Test void unlabeledWhenNoTarget() {
    Dataset d = read("a,b\n1,2\n", ReadOptions.defaults());
    assertFalse(d.hasTarget());
  }

  @Test void numericLabelsWithDifferentSpellingAreOneClass() {
    Dataset d = read("x,y\n1,1\n2,1.0\n3,2\n", ReadOptions.defaults().withTarget("y"));
    Target.Classes c = d.classes();
    assertEquals(2, c.numClasses());
    assertArrayEquals(new int[] {0, 0, 1}, c.indices());
  }
}
