package org.stackwise.data.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stackwise.Task;
import org.stackwise.data.Dataset;

/** The real data sets of shared/data (skipped when absent). Layouts checked with head first. */
class RealDataTest {
  private static final ReadOptions DEF = ReadOptions.defaults();

  private static void assertShape(Dataset d, int rows, int columns, int classes) {
    assertEquals(rows, d.rows(), d::toString);
    assertEquals(columns, d.columns(), d::toString);
    assertEquals(classes, d.classes().numClasses(), d::toString);
  }

  @Test void iris() {
    // iris.csv uses scikit-learn's bundled layout: "150,4,setosa,versicolor,virginica", then rows.
    Dataset csv = TableReader.read(TestFiles.shared("iris/iris.csv"), DEF.withTarget("target"));
    assertShape(csv, 150, 4, 3);
    assertEquals(List.of("setosa", "versicolor", "virginica"), csv.classes().classes());
    Dataset arff = TableReader.read(TestFiles.shared("iris/iris.arff"), DEF.withTarget("class"));
    assertShape(arff, 150, 4, 3);
    assertEquals(List.of("Iris-setosa", "Iris-versicolor", "Iris-virginica"), arff.classes().classes());
    assertEquals(csv.get(0, 0), arff.get(0, 0));
  }

  @Test void creditGMixedTypes() {
    Dataset d = TableReader.read(TestFiles.shared("credit-g/credit-g.arff"), DEF.withTarget("class"));
    assertShape(d, 1000, 20, 2);
    assertEquals(List.of("good", "bad"), d.classes().classes());
    assertEquals(13, d.schema().columns().stream().filter(c -> c.isCategorical()).count());
    assertEquals(List.of("<0", "0<=X<200", ">=200", "no checking"), d.schema().column(0).levels());
    DataSplits.Split s = DataSplits.trainTest(d, TestFiles.shared("credit-g/test_rows.txt"));
    assertEquals(1000, s.train().rows() + s.test().rows());
  }

  @Test void segmentTrainAndTestAlign() {
    Dataset train = TableReader.read(TestFiles.shared("segment/segment-challenge.arff"), DEF.withTarget("class"));
    assertShape(train, 1500, 19, 7);
    Dataset test = TableReader.readLike(TestFiles.shared("segment/segment-test.arff"), DEF.withTarget("class"),
        train.schema(), train.classes().classes());
    assertEquals(810, test.rows());
    assertEquals(train.classes().classes(), test.classes().classes());
  }

  @Test void digitsNoHeaderLastColumnLabel() {
    Dataset d = TableReader.read(TestFiles.shared("digits/digits.csv.gz"), DEF.withHeader(false).withTarget("c65"));
    assertShape(d, 1797, 64, 10);
    assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), d.classes().classes());
    DataSplits.Split s = DataSplits.trainTest(d, TestFiles.shared("digits/test_rows.txt"));
    assertTrue(s.test().rows() > 100 && s.train().rows() > 1000);
  }

  @Test void statlogAndUciCsvs() {
    assertShape(TableReader.read(TestFiles.shared("satimage/Satellite.csv"), DEF.withTarget("classes")), 6435, 36, 6);
    assertShape(TableReader.read(TestFiles.shared("spambase/spam.csv"), DEF.withTarget("type")), 4601, 57, 2);
    Dataset shuttle = TableReader.read(TestFiles.shared("shuttle/Shuttle.csv"), DEF.withTarget("Class"));
    assertShape(shuttle, 58000, 9, 7);
    assertEquals(45586, Arrays.stream(shuttle.classes().counts()).max().orElse(0));
  }

  @Test void letterAndNslKddParseFast() {
    Path letter = TestFiles.shared("letter/LetterRecognition.csv");
    Path kdd = TestFiles.shared("nsl-kdd/KDDTrain+_20Percent.txt");
    ReadOptions kddOpt = DEF.withHeader(false).withTarget("c42").withDrop("c43");
    long letterNs = 0;
    long kddNs = 0;
    Dataset l = null;
    Dataset k = null;
    for (int rep = 0; rep < 4; rep++) { // the first rounds warm the JIT up; the last one is reported
      long t0 = System.nanoTime();
      l = TableReader.read(letter, DEF.withTarget("lettr"));
      long t1 = System.nanoTime();
      k = TableReader.read(kdd, kddOpt);
      long t2 = System.nanoTime();
      letterNs = t1 - t0;
      kddNs = t2 - t1;
    }
    System.out.printf("parse time after warm-up: letter %.1f ms, nsl-kdd %.1f ms%n", letterNs / 1e6, kddNs / 1e6);
    assertShape(l, 20000, 16, 26);
    assertEquals("A", l.classes().classes().get(0));
    assertShape(k, 25192, 41, 22);
    assertEquals(List.of("icmp", "tcp", "udp"), k.schema().column(1).levels());
    assertTrue(k.schema().column(2).isCategorical() && k.schema().column(3).isCategorical());
    assertEquals(38, k.schema().columns().stream().filter(c -> !c.isCategorical()).count());
  }

  @Test void fashionMnistT10kFindsItsLabels() {
    Dataset d = TableReader.read(TestFiles.shared("fashion-mnist/t10k-images-idx3-ubyte.gz"));
    assertShape(d, 10000, 784, 10);
    assertEquals("px784", d.schema().column(783).name());
    for (int c : d.classes().counts()) assertEquals(1000, c);
  }

  @Test void regressionSets() {
    Dataset diamonds = TableReader.read(TestFiles.shared("diamonds/diamonds.csv"), DEF.withTarget("price"));
    assertEquals(Task.REGRESSION, diamonds.task());
    assertEquals(List.of("Fair", "Good", "Ideal", "Premium", "Very Good"), diamonds.schema().column(1).levels());
    assertEquals(Task.REGRESSION,
        TableReader.read(TestFiles.shared("concrete/concrete.csv"), DEF.withTarget("compressive_strength")).task());
  }

  @Test void sklearnLayoutWineAndBreastCancer() {
    assertShape(TableReader.read(TestFiles.shared("wine/wine_data.csv"), DEF.withTarget("target")), 178, 13, 3);
    Dataset bc = TableReader.read(TestFiles.shared("breast-cancer/breast_cancer.csv"), DEF.withTarget("target"));
    assertShape(bc, 569, 30, 2);
    assertEquals(List.of("malignant", "benign"), bc.classes().classes());
  }
}
