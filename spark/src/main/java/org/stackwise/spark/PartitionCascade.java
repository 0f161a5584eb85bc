package org.stackwise.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.stackwise.lazy.LazyPrediction;
import org.stackwise.lazy.LazyStackModel;

/**
 * The whole lazy cascade of one partition, run inside a single task: the per-partition execution of
 * {@link LazyStackTransformer}.
 *
 * <p>Rows are taken in batches of {@code batchSize}. Every row of a batch starts with an empty history
 * and the lazy model's first member. Then, round after round, the rows still running are grouped by
 * the member they need next; each member's {@link MemberScorer} is called once per round on exactly its
 * group; each row appends the member's probabilities to its history and asks the lazy model
 * ({@link LazyReplay}) whether it exits or which member it needs next. A batch is done after at most M
 * rounds. So member {@code j} runs only on the rows that reach it, as in the per-step execution, but
 * without a Spark job per step: the cost left is the members' own per-row work plus the replay.
 *
 * <p>A member that fails on a row (its scorer returns null) is recorded in the row's history with an
 * invalid (NaN) distribution, which the lazy model treats exactly as an online cascade treats a failed
 * member call (exit with what it has, or try the other members when nothing ran yet).
 *
 * <p>Output rows are the input rows, in input order, followed by prediction, probability, members run,
 * cost and (when {@code exitReason}) the exit reason.
 */
final class PartitionCascade implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final double[] EMPTY = new double[0];

  private final String key;
  private final byte[] lzs;
  private final double theta;
  private final MemberScorer[] scorers;
  private final int featureIndex;
  private final int batchSize;
  private final boolean exitReason;

  PartitionCascade(String key, byte[] lzs, double theta, MemberScorer[] scorers, int featureIndex, int batchSize,
                   boolean exitReason) {
    this.key = key;
    this.lzs = lzs;
    this.theta = theta;
    this.scorers = scorers.clone();
    this.featureIndex = featureIndex;
    this.batchSize = batchSize;
    this.exitReason = exitReason;
  }

  /** The output rows of one partition, computed a batch at a time as they are consumed. */
  Iterator<Row> run(Iterator<Row> in) {
    return new Iterator<>() {
      private Iterator<Row> current = Collections.emptyIterator();

      @Override public boolean hasNext() {
        while (!current.hasNext() && in.hasNext()) current = batch(in).iterator();
        return current.hasNext();
      }

      @Override public Row next() {
        if (!hasNext()) throw new NoSuchElementException();
        return current.next();
      }
    };
  }

  private List<Row> batch(Iterator<Row> in) {
    List<Row> rows = new ArrayList<>(batchSize);
    while (rows.size() < batchSize && in.hasNext()) rows.add(in.next());
    LazyPrediction[] done = cascade(LazyStackTransformer.cachedModel(key, lzs, theta), featureRows(rows));
    List<Row> out = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) out.add(withResult(rows.get(i), done[i]));
    return out;
  }

  private Vector[] featureRows(List<Row> rows) {
    Vector[] x = new Vector[rows.size()];
    for (int i = 0; i < x.length; i++) x[i] = (Vector) rows.get(i).get(featureIndex);
    return x;
  }

  /** The lazy predictions of {@code x}, every member run once per round on the rows that need it. */
  LazyPrediction[] cascade(LazyStackModel model, Vector[] x) {
    int n = x.length;
    int m = scorers.length;
    int k = model.classes().size();
    LazyPrediction[] done = new LazyPrediction[n];
    double[][] hist = new double[n][];
    int[] next = new int[n];
    // a row's route (routed models) follows from its features, as in a keyless online call
    String[] route = new String[n];
    for (int i = 0; i < n; i++) route[i] = LazyStackTransformer.routeKey(model, x[i]);
    Arrays.fill(hist, EMPTY);
    if (model.routed()) {
      for (int i = 0; i < n; i++) next[i] = LazyReplay.step(model, EMPTY, route[i]).next();
    } else {
      Arrays.fill(next, LazyReplay.step(model, EMPTY, "").next()); // the same for every row: nothing observed yet
    }
    int[] active = new int[n];
    for (int i = 0; i < n; i++) active[i] = i;
    int na = n;
    int[] count = new int[m];
    while (na > 0) {
      Arrays.fill(count, 0);
      for (int a = 0; a < na; a++) count[next[active[a]]]++;
      int[][] group = new int[m][];
      for (int j = 0; j < m; j++) group[j] = new int[count[j]];
      Arrays.fill(count, 0);
      for (int a = 0; a < na; a++) {
        int i = active[a];
        group[next[i]][count[next[i]]++] = i;
      }
      for (int j = 0; j < m; j++) {
        int[] g = group[j];
        if (g.length == 0) continue;
        Vector[] xs = new Vector[g.length];
        for (int t = 0; t < g.length; t++) xs[t] = x[g[t]];
        double[][] p = scorers[j].proba(xs);
        for (int t = 0; t < g.length; t++) {
          int i = g[t];
          double[] pi = p[t] != null && p[t].length == k ? p[t] : failed(k);
          hist[i] = LazyReplay.append(hist[i], j, pi);
          LazyReplay.Step s = LazyReplay.step(model, hist[i], route[i]);
          if (s.done()) done[i] = s.prediction();
          else next[i] = s.next();
        }
      }
      int still = 0;
      for (int a = 0; a < na; a++) if (done[active[a]] == null) active[still++] = active[a];
      na = still;
    }
    return done;
  }

  private static double[] failed(int k) {
    double[] p = new double[k];
    Arrays.fill(p, Double.NaN);
    return p;
  }

  private Row withResult(Row row, LazyPrediction p) {
    int w = row.size();
    Object[] v = new Object[w + (exitReason ? 5 : 4)];
    for (int c = 0; c < w; c++) v[c] = row.get(c);
    v[w] = (double) p.predicted();
    v[w + 1] = Vectors.dense(p.proba());
    v[w + 2] = p.trace().membersRun().toArray(new String[0]);
    v[w + 3] = p.trace().totalCost();
    if (exitReason) v[w + 4] = p.trace().exitReason().id();
    return RowFactory.create(v);
  }
}
