package org.stackwise.io.logs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackwise.BadInputException;
import org.stackwise.lazy.OutputTable;

class RouterBenchImporterTest {
  static final String HEADER = ",sample_id,prompt,eval_name,big/m,small,big/m|model_response,small|model_response,"
      + "big/m|total_cost,small|total_cost,oracle_model_to_route_to\n";

  static RouterBenchImporter.Result read(String body) throws IOException {
    return RouterBenchImporter.read(new StringReader(HEADER + body), "rb.csv");
  }

  @Test void convertsAnswersGoldAndCosts() throws IOException {
    String csv = "0,q1,\"['Question?\nA) x\nB) \"\"y\"\"']\",arc,1.0,0.0,\"['B\\n']\",['I do not know'],0.005,0.0001,big/m\n"
        + "1,q2,p,arc,0.0,0.0,['A)'],['C'],0.004,0.0002,small\n"
        + "2,q3,p,arc,,1.0,['D'],['D'],0.006,0.0001,small\n"
        + "3,q3,p2,arc,1.0,,['D'],['A'],0.012,0.0002,small\n";
    RouterBenchImporter.Result r = read(csv);
    OutputTable t = r.table();
    assertEquals(List.of("big/m", "small"), t.members());
    assertEquals(RouterBenchImporter.CLASSES, t.classes());
    assertEquals(List.of("q1", "q2", "q3#2", "q3#3"), t.ids());
    assertEquals("B", t.classes().get(t.label(0)));
    assertEquals("invalid", t.classes().get(t.argMax(0, 1)));
    assertEquals("none", t.classes().get(t.label(1)), "nobody correct");
    assertEquals("A", t.classes().get(t.argMax(1, 0)));
    assertEquals("D", t.classes().get(t.label(2)));
    assertEquals("D", t.classes().get(t.label(3)), "gold shared across rows of one sample id");
    assertEquals(0.005, t.cost(0, 0));
    assertEquals("usd", t.costUnit());
    assertArrayEquals(new double[] {0, 1, 0, 0, 0, 0, 0}, t.proba(0, 0), 0.0);
    assertTrue(r.notes().stream().anyMatch(n -> n.contains("labelled 'none'")), r.notes().toString());
  }

  @Test void answerParsing() {
    assertEquals("B", RouterBenchImporter.answer("['B\\n']"));
    assertEquals("A", RouterBenchImporter.answer("['\\nA) lotion']"));
    assertEquals("C", RouterBenchImporter.answer("[\"C\"]"));
    assertEquals("invalid", RouterBenchImporter.answer("['I do']"));
    assertEquals("invalid", RouterBenchImporter.answer("['13']"));
    assertEquals("invalid", RouterBenchImporter.answer(""));
  }

  @Test void badInputIsNamed() {
    BadInputException e = assertThrows(BadInputException.class, () -> read("0,q1,p,arc,1.0,0.0,['A'],['B'],-1,0.1,x\n"));
    assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("cost must be"), e.getMessage());
    e = assertThrows(BadInputException.class, () -> read("0,q1,p,arc,1.0,1.0,['A'],['B'],1,0.1,x\n"));
    assertTrue(e.getMessage().contains("answered both"), e.getMessage());
    e = assertThrows(BadInputException.class, () -> read("0,q1,p,arc,1.0,0.0,['A'],['B'],1\n"));
    assertTrue(e.getMessage().contains("expected 11 fields"), e.getMessage());
    e = assertThrows(BadInputException.class, () -> RouterBenchImporter.read(new StringReader("a,b\n1,2\n"), "x.csv"));
    assertTrue(e.getMessage().contains("sample_id"), e.getMessage());
  }

  @Test void realArcChallengeFilesMatchTheBenchmarkGrades(@TempDir Path dir) throws IOException {
    Path data = findData("routerbench-arc/arc_challenge_test.csv");
    Assumptions.assumeTrue(data != null, "shared data not found");
    Path out = dir.resolve("test.jsonl");
    OutputTable t = RouterBenchImporter.convert(data, out).table();
    assertEquals(445, t.rows());
    assertEquals(11, t.memberCount());
    int gpt4 = t.memberIndex("gpt-4-1106-preview");
    int correct = 0;
    for (int i = 0; i < t.rows(); i++) if (t.argMax(i, gpt4) == t.label(i)) correct++;
    assertEquals(0.944, (double) correct / t.rows(), 0.01);
    OutputTable back = ExecutionLogReader.read(out, ExecutionLogReader.Options.defaults().withCostUnit("usd")).table();
    assertEquals(t.ids(), back.ids());
    assertEquals(t.classes(), back.classes());
  }

  static Path findData(String rel) {
    Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (int up = 0; up < 6 && p != null; up++, p = p.getParent()) {
      Path cand = p.resolve("shared/data").resolve(rel);
      if (Files.exists(cand)) return cand;
      cand = p.resolve("data").resolve(rel);
      if (p.getFileName() != null && p.getFileName().toString().equals("shared") && Files.exists(cand)) return cand;
    }
    Path abs = Path.of("/work/shared/data").resolve(rel);
    return Files.exists(abs) ? abs : null;
  }
}
