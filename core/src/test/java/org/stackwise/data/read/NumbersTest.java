package org.stackwise.data.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NumbersTest {
  @Test void parseAgreesWithJavaExactly() {
    SplittableRandom r = new SplittableRandom(5);
    for (int i = 0; i < 40_000; i++) {
      String s = switch (i % 4) {
        case 0 -> Double.toString(r.nextDouble() * Math.pow(10, r.nextInt(-30, 30)));
        case 1 -> String.format("%." + r.nextInt(0, 12) + "f", r.nextDouble(-1e6, 1e6));
        case 2 -> Long.toString(r.nextLong());
        default -> r.nextInt(0, 1000) + "." + "0".repeat(r.nextInt(0, 5)) + r.nextInt(1, 99999) + "e" + r.nextInt(-25, 25);
      };
      assertEquals(Double.parseDouble(s), Numbers.parse(s), s);
    }
    assertEquals(0.1, Numbers.parse("0.1"));
    assertEquals(-0.5, Numbers.parse("-.5"));
    assertEquals(3.0, Numbers.parse("+3."));
    assertEquals(1.2345678901234567e25, Numbers.parse("12345678901234567000000000"));
    assertEquals(5e-324, Numbers.parse("4.9e-324"));
  }

  @Test void javaOnlySyntaxIsText() {
    for (String s : List.of("", "-", ".", "1d", "1f", "0x10", " 1", "1 ", "1e", "1e+", "1,5", "e5", "--1", "1.2.3", "Infinity", "NaN")) {
      assertTrue(Double.isNaN(Numbers.parse(s)), s);
    }
    assertTrue(Numbers.isNonFiniteWord("-INF"));
    assertTrue(Numbers.isNonFiniteWord("nan"));
    assertFalse(Numbers.isNonFiniteWord("info"));
  }

  @Test void naturalOrder() {
    List<String> levels = List.of("b", "10", "a", "2", "-1.5", "B");
    List<String> sorted = Numbers.reorder(levels, Numbers.naturalRank(levels));
    assertEquals(List.of("-1.5", "2", "10", "B", "a", "b"), sorted);
  }
}
