package org.stackwise.lazy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StepTableTest {
  /** A random step table; conf values repeat (rounded to 0.05) so ties are exercised. */
  static StepTable random(int n, int m, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] y = new int[n];
    for (int i = 0; i < n; i++) y[i] = r.nextInt(3);
    StepTable st = new StepTable(n, m, y);
    for (int i = 0; i < n; i++) {
      double spent = 0;
      for (int t = 0; t < m; t++) {
        spent += r.nextDouble();
        st.conf[i * m + t] = Math.round(r.nextDouble() * 20) / 20.0;
        st.pred[i * m + t] = r.nextInt(3);
        st.cum[i * m + t] = spent;
        st.member[i * m + t] = t;
      }
    }
    return st;
  }

  @Test void everySweepPointEqualsADirectEvaluation() {
    for (long seed = 1; seed <= 5; seed++) {
      StepTable st = random(200, 5, seed);
      for (int minSteps = 1; minSteps <= 3; minSteps++) {
        List<StepTable.Point> sweep = st.sweep(minSteps);
        assertEquals(1.0, sweep.get(0).theta());
        for (int i = 1; i < sweep.size(); i++) assertTrue(sweep.get(i).theta() < sweep.get(i - 1).theta());
        for (StepTable.Point p : sweep) {
          StepTable.Result r = st.evaluate(p.theta(), minSteps);
          assertEquals(r.accuracy(), p.accuracy(), 1e-12);
          assertEquals(r.meanCost(), p.meanCost(), 1e-9);
          assertEquals(r.meanMembers(), p.meanMembers(), 1e-12);
        }
        // cost never falls as θ rises
        for (int i = 1; i < sweep.size(); i++) assertTrue(sweep.get(i).meanCost() <= sweep.get(i - 1).meanCost() + 1e-9);
      }
    }
  }

  @Test void retainPicksTheLowestThetaOfTheFeasibleRunFromTheTop() {
    List<StepTable.Point> sweep = List.of(
        new StepTable.Point(1.0, 0.90, 10, 4), new StepTable.Point(0.9, 0.89, 6, 3), new StepTable.Point(0.8, 0.88, 4, 2),
        new StepTable.Point(0.7, 0.80, 3, 2), new StepTable.Point(0.6, 0.88, 2, 1), new StepTable.Point(0.0, 0.5, 1, 1));
    assertEquals(0.8, StepTable.choose(sweep, new ThetaRule.Retain(0.97), 0.97 * 0.90), "0.6 is feasible but below a dip");
    assertEquals(1.0, StepTable.choose(sweep, new ThetaRule.Retain(1.0), 0.95), "unreachable target: most accurate");
    assertEquals(0.7, StepTable.choose(sweep, new ThetaRule.Budget(3.5), 0), "largest θ within budget");
    assertEquals(0.0, StepTable.choose(sweep, new ThetaRule.Budget(0.5), 0), "nothing fits: cheapest");
    assertEquals(0.42, StepTable.choose(sweep, new ThetaRule.Fixed(0.42), 0));
  }

  @Test void thetaOneNeverExitsAndConfidenceOneExitsBelowIt() {
    StepTable st = new StepTable(1, 3, new int[] {0});
    st.conf[0] = 1.0;
    st.conf[1] = 1.0;
    st.pred[2] = 1;
    for (int t = 0; t < 3; t++) st.cum[t] = t + 1;
    assertEquals(3, st.evaluate(1.0, 1).meanMembers());
    assertEquals(1, st.evaluate(0.999, 1).meanMembers());
    assertEquals(2, st.evaluate(0.999, 2).meanMembers());
    assertEquals(1, st.evaluate(0.999, 1).accuracy());
    assertEquals(0, st.evaluate(1.0, 1).accuracy());
  }

  @Test void thetaRulesParse() {
    assertEquals(new ThetaRule.Retain(0.97), ThetaRule.parse("retain:0.97", "x"));
    assertEquals(new ThetaRule.Fixed(0.9), ThetaRule.parse("fixed:0.9", "x"));
    assertEquals(new ThetaRule.Budget(0.002), ThetaRule.parse("budget:0.002", "x"));
    assertEquals(new ThetaRule.Retain(0.9), ThetaRule.fromJson(new ThetaRule.Retain(0.9).toJson(), "x"));
    org.junit.jupiter.api.Assertions.assertThrows(org.stackwise.BadInputException.class, () -> ThetaRule.parse("retain:1.5", "x"));
  }
}
