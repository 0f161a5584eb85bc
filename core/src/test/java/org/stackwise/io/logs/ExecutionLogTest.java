package org.stackwise.io.logs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stackwise.BadInputException;
import org.stackwise.lazy.LazyFixtures;
import org.stackwise.lazy.OutputTable;

class ExecutionLogTest {
  @TempDir Path dir;

  static final String GOOD1 = "{\"id\": \"q1\", \"label\": \"C\", \"outputs\": {\"gpt-4\": {\"proba\": {\"A\": 0.0, \"C\": 1.0}, \"cost\": 0.0051}, "
      + "\"small\": {\"proba\": {\"A\": 0.25, \"B\": 0.75}, \"cost\": 0.0001}}}";
  static final String GOOD2 = "{\"id\": 2, \"label\": \"A\", \"outputs\": {\"gpt-4\": {\"proba\": {\"A\": 1.0}, \"cost\": 0.006}, "
      + "\"small\": {\"proba\": {\"A\": 0.5, \"C\": 0.5}, \"cost\": 0.0002}}}";

  Path write(String... lines) throws IOException {
    Path p = dir.resolve("log.jsonl");
    Files.write(p, List.of(lines));
    return p;
  }

  @Test void readsTheDocumentedFormat() throws IOException {
    ExecutionLog log = ExecutionLogReader.read(write(GOOD1, "", GOOD2));
    OutputTable t = log.table();
    assertEquals(List.of("gpt-4", "small"), t.members());
    assertEquals(List.of("A", "B", "C"), t.classes());
    assertEquals(List.of("q1", "2"), t.ids());
    assertEquals(2, t.label(0));
    assertArrayEquals(new double[] {0.25, 0.75, 0}, t.proba(0, 1), 0.0);
    assertEquals(0.0051, t.cost(0, 0));
    assertEquals(0, log.droppedRows());
  }

  @Test void writerRoundTripsExactly() throws IOException {
    OutputTable t = LazyFixtures.synthetic(50, 3, 4, 3);
    Path p = dir.resolve("out.jsonl");
    ExecutionLogWriter.write(t, p);
    OutputTable back = ExecutionLogReader.read(p, ExecutionLogReader.Options.defaults().withCostUnit("ms")).table();
    assertEquals(t.members(), back.members());
    assertEquals(t.classes(), back.classes());
    assertEquals(t.ids(), back.ids());
    assertArrayEquals(t.labels(), back.labels());
    for (int i = 0; i < t.rows(); i++) {
      for (int j = 0; j < 3; j++) {
        assertArrayEquals(t.proba(i, j), back.proba(i, j), 0.0);
        assertEquals(t.cost(i, j), back.cost(i, j));
      }
    }
  }

  @Test void costTableSuppliesAndOverridesCosts() throws IOException {
    String noCost = "{\"id\": \"a\", \"label\": \"x\", \"outputs\": {\"m1\": {\"proba\": {\"x\": 1}}, \"m2\": {\"proba\": {\"y\": 1}, \"cost\": 9}}}";
    CostTable costs = new CostTable("ms", Map.of("m1", 2.0, "m2", 3.0));
    OutputTable t = ExecutionLogReader.read(write(noCost), ExecutionLogReader.Options.defaults().withCosts(costs)).table();
    assertEquals(2.0, t.cost(0, 0));
    assertEquals(3.0, t.cost(0, 1), "the table overrides a logged cost");
    assertEquals("ms", t.costUnit());
    Path cf = dir.resolve("costs.json");
    Files.writeString(cf, "{\"unit\": \"usd\", \"costs\": {\"m1\": 0.5}}");
    assertEquals(0.5, CostTable.read(cf).cost("m1"));
    Files.writeString(cf, "{\"m1\": -1}");
    BadInputException e = assertThrows(BadInputException.class, () -> CostTable.read(cf));
    assertTrue(e.getMessage().contains("m1"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "bad json|{\"id\": \"a\",|line 2|not valid JSON",
      "missing id|{\"label\": \"A\", \"outputs\": {\"gpt-4\": {\"proba\": {\"A\": 1}, \"cost\": 1}, \"small\": {\"proba\": {\"A\": 1}, \"cost\": 1}}}|line 2|'id' is required",
      "missing label|{\"id\": \"z\", \"outputs\": {\"gpt-4\": {\"proba\": {\"A\": 1}, \"cost\": 1}, \"small\": {\"proba\": {\"A\": 1}, \"cost\": 1}}}|line 2|'label' is required",
      "not normalised|{\"id\": \"z\", \"label\": \"A\", \"outputs\": {\"gpt-4\": {\"proba\": {\"A\": 0.9}, \"cost\": 1}, \"small\": {\"proba\": {\"A\": 1}, \"cost\": 1}}}|line 2|member 'gpt-4': probabilities must sum to 1",
      "negative proba|{\"id\": \"z\", \"label\": \"A\", \"outputs\": {\"gpt-4\": {\"proba\": {\"A\": 1.5, \"B\": -0.5}, \"cost\": 1}, \"small\": {\"proba\": {\"A\": 1}, \"cost\": 1}}}|line 2|finite and >= 0",
      "negative cost|{\"id\": \"z\", \"label\": \"A\", \"outputs\": {\"gpt-4\": {\"proba\": {\"A\": 1}, \"cost\": -2}, \"small\": {\"proba\": {\"A\": 1}, \"cost\": 1}}}|line 2|member 'gpt-4': cost must be a finite number >= 0",
      "missing cost|{\"id\": \"z\", \"label\": \"A\", \"outputs\": {\"gpt-4\": {\"proba\": {\"A\": 1}}, \"small\": {\"proba\": {\"A\": 1}, \"cost\": 1}}}|line 2|'cost' is missing",
      "missing member|{\"id\": \"z\", \"label\": \"A\", \"outputs\": {\"gpt-4\": {\"proba\": {\"A\": 1}, \"cost\": 1}}}|line 2|member 'small' is missing",
      "extra member|{\"id\": \"z\", \"label\": \"A\", \"outputs\": {\"gpt-4\": {\"proba\": {\"A\": 1}, \"cost\": 1}, \"small\": {\"proba\": {\"A\": 1}, \"cost\": 1}, \"new\": {\"proba\": {\"A\": 1}, \"cost\": 1}}}|line 2|member 'new' does not appear on line 1",
      "duplicate id|{\"id\": \"q1\", \"label\": \"A\", \"outputs\": {\"gpt-4\": {\"proba\": {\"A\": 1}, \"cost\": 1}, \"small\": {\"proba\": {\"A\": 1}, \"cost\": 1}}}|line 2|duplicate id 'q1'",
      "unknown field|{\"id\": \"z\", \"lable\": \"A\", \"outputs\": {}}|line 2|unknown field 'lable'",
      "proba not object|{\"id\": \"z\", \"label\": \"A\", \"outputs\": {\"gpt-4\": {\"proba\": [1, 0], \"cost\": 1}, \"small\": {\"proba\": {\"A\": 1}, \"cost\": 1}}}|line 2|'proba' must be a non-empty object",
      "nan cost|{\"id\": \"z\", \"label\": \"A\", \"outputs\": {\"gpt-4\": {\"proba\": {\"A\": 1}, \"cost\": NaN}, \"small\": {\"proba\": {\"A\": 1}, \"cost\": 1}}}|line 2|not valid JSON",
  })
  void errorsNameTheLineAndTheRule(String name, String line, String where, String rule) throws IOException {
    Path p = write(GOOD1, line);
    BadInputException e = assertThrows(BadInputException.class, () -> ExecutionLogReader.read(p));
    assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(where), e.getMessage());
    assertTrue(e.getMessage().contains(rule), e.getMessage());
  }

  @Test void incompleteRowsCanBeDroppedOnRequest() throws IOException {
    String partial = "{\"id\": \"z\", \"label\": \"A\", \"outputs\": {\"gpt-4\": {\"proba\": {\"A\": 1}, \"cost\": 1}}}";
    ExecutionLog log = ExecutionLogReader.read(write(GOOD1, partial, GOOD2),
        ExecutionLogReader.Options.defaults().withDropRowsWithMissingMembers(true));
    assertEquals(2, log.table().rows());
    assertEquals(1, log.droppedRows());
    assertTrue(log.notes().get(0).contains("1 of 3 rows dropped"));
  }

  @Test void unlabelledRowsAreAllowedOnRequestAndFixedClassesAreEnforced() throws IOException {
    String unlabelled = "{\"id\": \"u\", \"outputs\": {\"gpt-4\": {\"proba\": {\"A\": 1}, \"cost\": 1}, \"small\": {\"proba\": {\"A\": 1}, \"cost\": 1}}}";
    OutputTable t = ExecutionLogReader.read(write(GOOD1, unlabelled),
        ExecutionLogReader.Options.defaults().withRequireLabels(false)).table();
    assertEquals(-1, t.label(1));
    assertTrue(!t.labelled());
    BadInputException e = assertThrows(BadInputException.class, () -> ExecutionLogReader.read(write(GOOD1),
        ExecutionLogReader.Options.defaults().withClasses(List.of("A", "C"))));
    assertTrue(e.getMessage().contains("class 'B' is not one of the classes"), e.getMessage());
  }

  @Test void emptyAndMissingFilesAreClearErrors() throws IOException {
    BadInputException e = assertThrows(BadInputException.class, () -> ExecutionLogReader.read(write("", "  ")));
    assertTrue(e.getMessage().contains("no rows"));
    e = assertThrows(BadInputException.class, () -> ExecutionLogReader.read(dir.resolve("nope.jsonl")));
    assertTrue(e.getMessage().contains("file not found"));
  }
}
