package org.stackwise.data.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackwise.data.Column;
import org.stackwise.data.Dataset;
import org.stackwise.data.Schema;

/** {@link TableReader#readLike}: new data lined up with a fitted model's schema. */
class SchemaAlignmentTest {
  @TempDir Path dir;

  private final Schema model = Schema.of(List.of(
      Column.numeric("x"), Column.categorical("colour", List.of("red", "green", "blue")), Column.categorical("n", List.of("1", "2"))));

  @Test void columnsByNameLevelsByNameUnseenLevelIsMissing() {
    Path p = TestFiles.write(dir, "new.csv", "extra,n,colour,x,y\nq,2,blue,1.5,b\nr,1.0,purple,,a\ns,3,red,2,b\n");
    Dataset d = TableReader.readLike(p, ReadOptions.defaults().withTarget("y"), model, List.of("a", "b", "c"));
    assertEquals(model, d.schema());
    assertArrayEquals(new double[] {1.5, 2, 1}, d.row(0));
    assertTrue(Double.isNaN(d.get(1, 0)));
    assertTrue(Double.isNaN(d.get(1, 1))); // "purple" was never seen: missing
    assertEquals(0, d.get(1, 2)); // "1.0" matches level "1" by value
    assertTrue(Double.isNaN(d.get(2, 2))); // "3" unseen
    assertEquals(List.of("a", "b", "c"), d.classes().classes());
    assertArrayEquals(new int[] {1, 0, 1}, d.classes().indices());
  }

  @Test void targetIsOptional() {
    Path p = TestFiles.write(dir, "predict.csv", "x,colour,n\n1,red,1\n");
    assertFalse(TableReader.readLike(p, ReadOptions.defaults().withTarget("y"), model, List.of("a", "b")).hasTarget());
    Path empty = TestFiles.write(dir, "predict2.csv", "x,colour,n,y\n1,red,1,\n2,blue,2,\n");
    assertFalse(TableReader.readLike(empty, ReadOptions.defaults().withTarget("y"), model, List.of("a", "b")).hasTarget());
  }

  @Test void regressionTargetAndNumericClassLabels() {
    Path p = TestFiles.write(dir, "reg.csv", "x,colour,n,y\n1,red,1,2.5\n");
    assertArrayEquals(new double[] {2.5},
        TableReader.readLike(p, ReadOptions.defaults().withTarget("y"), model, null).numericTarget().values());
    Path q = TestFiles.write(dir, "cls.csv", "x,colour,n,y\n1,red,1,2.0\n1,red,1,10\n");
    Dataset d = TableReader.readLike(q, ReadOptions.defaults().withTarget("y"), model, List.of("2", "10"));
    assertArrayEquals(new int[] {0, 1}, d.classes().indices());
  }

  @Test void arffDataForACsvModel() {
    Path p = TestFiles.write(dir, "new.arff", "@relation r\n@attribute colour {blue,red}\n@attribute x numeric\n"
        + "@attribute n {2,1}\n@data\nred,3,1\nblue,?,2\n");
    Dataset d = TableReader.readLike(p, ReadOptions.defaults(), model, null);
    assertArrayEquals(new double[] {3, 0, 0}, d.row(0));
    assertEquals(2, d.get(1, 1));
    assertEquals(1, d.get(1, 2));
  }

  @Test void libsvmByPosition() {
    Path train = TestFiles.write(dir, "train.libsvm", "1 1:1 3:2\n2 2:1\n");
    Dataset t = TableReader.read(train);
    Path test = TestFiles.write(dir, "test.libsvm", "2 1:5\n1 2:1 4:9\n");
    Dataset d = TableReader.readLike(test, ReadOptions.defaults(), t.schema(), t.classes().classes());
    assertEquals(t.schema(), d.schema());
    assertArrayEquals(new double[] {5, 0, 0, 0, 1, 0}, d.toRowMajor()); // index 4 unknown to the model: ignored
    assertArrayEquals(new int[] {1, 0}, d.classes().indices());
    BadInputAssert.fails(() -> TableReader.readLike(test, ReadOptions.defaults(), model, null), "test.libsvm", 0,
        "matched by position");
  }

  @Test void idxByPosition() {
    Path images = TestFiles.write(dir, "t-images-idx3-ubyte", Idx.images(2, 2, 2));
    TestFiles.write(dir, "t-labels-idx1-ubyte", Idx.labels(3, 5));
    Dataset d = TableReader.readLike(images, ReadOptions.defaults(), Schema.numeric("px", 4), List.of("3", "4", "5"));
    assertArrayEquals(new int[] {0, 2}, d.classes().indices());
    BadInputAssert.fails(() -> TableReader.readLike(images, ReadOptions.defaults(), Schema.numeric("px", 4), List.of("3")),
        "t-labels-idx1-ubyte", 0, "label '5' of item 2 is not one of the model's classes");
    BadInputAssert.fails(() -> TableReader.readLike(images, ReadOptions.defaults(), Schema.numeric("px", 5), null),
        "t-images-idx3-ubyte", 0, "the images have 4 pixels but the model expects 5");
  }
}
