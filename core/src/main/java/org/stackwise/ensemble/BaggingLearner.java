package org.stackwise.ensemble;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.stackwise.BadInputException;
import org.stackwise.Classifier;
import org.stackwise.FitContext;
import org.stackwise.Learner;
import org.stackwise.Model;
import org.stackwise.OutOfBagLearner;
import org.stackwise.Regressor;
import org.stackwise.Task;
import org.stackwise.data.Dataset;
import org.stackwise.data.Schema;
import org.stackwise.internal.Checks;
import org.stackwise.internal.Parallel;
import org.stackwise.io.Json;
import org.stackwise.io.ModelReader;
import org.stackwise.io.ModelWriter;

/**
 * Bagging (Breiman 1996, "Bagging predictors"): {@code estimators} copies of any learner, each fitted on a
 * seeded bootstrap sample (or a subsample without replacement) of {@code maxSamples} × rows; predictions
 * are the mean probability or mean value. Usable as an ensemble member; in a stack with {@code out_of_bag}
 * its out-of-bag predictions replace its fold fits ({@link OutOfBagLearner}).
 */
public record BaggingLearner(Learner base, int estimators, double maxSamples, boolean bootstrap) implements OutOfBagLearner {
  public BaggingLearner {
    if (base == null) throw new BadInputException("bagging.learner", "bagging needs a base learner");
    Checks.between("estimators", estimators, 1, 10_000);
    Checks.between("max_samples", maxSamples, 1e-6, 1.0);
  }

  public static BaggingLearner of(Learner base) {
    return new BaggingLearner(base, 10, 1.0, true);
  }

  @Override public String id() { return "bagging"; }
  @Override public boolean supports(Task task) { return base.supports(task); }
  @Override public Record params() { return this; }

  @Override public ObjectNode spec() {
    ObjectNode body = Json.object();
    body.set("learner", base.spec());
    body.put("estimators", estimators);
    body.put("max_samples", maxSamples);
    body.put("bootstrap", bootstrap);
    ObjectNode o = Json.object();
    o.set("bagging", body);
    return o;
  }

  @Override public Model fit(Dataset data, FitContext context) {
    return create(data.schema(), fitAll(data, context).models());
  }

  /** Rows are left out of some estimators' samples: drawn with replacement, or fewer than all rows. */
  @Override public boolean hasOutOfBag() {
    return bootstrap || maxSamples < 1.0;
  }

  /**
   * {@link #fit}, plus each row's mean prediction by the estimators whose sample left it out, summed in
   * estimator order (the same bits at any thread count). With few estimators some rows are in every
   * sample (with 10 bootstrap samples about 1 %); they get a neutral prediction, counted in
   * {@link OutOfBagFit#uncovered()}.
   */
  @Override public OutOfBagFit fitOutOfBag(Dataset data, FitContext context) {
    if (!hasOutOfBag()) {
      throw new IllegalStateException("bagging without bootstrap on all rows has no out-of-bag rows: every estimator sees every row");
    }
    Fitted fitted = fitAll(data, context);
    int n = data.rows();
    Dataset features = data.featuresOnly();
    List<int[]> leftOut = new ArrayList<>();
    List<Callable<double[][]>> tasks = new ArrayList<>();
    for (int b = 0; b < estimators; b++) {
      Model model = fitted.models().get(b);
      int[] left = outOfSample(fitted.samples().get(b), n);
      leftOut.add(left);
      tasks.add(() -> CombinerComparison.predict(model, features.select(left)));
    }
    List<double[][]> perEstimator = Parallel.run(tasks, context.threads());
    boolean classification = data.task() == Task.CLASSIFICATION;
    double[][] out = new double[n][classification ? data.classes().numClasses() : 1];
    int[] votes = new int[n];
    for (int b = 0; b < estimators; b++) {
      int[] left = leftOut.get(b);
      double[][] p = perEstimator.get(b);
      for (int i = 0; i < left.length; i++) {
        for (int c = 0; c < p[i].length; c++) out[left[i]][c] += p[i][c];
        votes[left[i]]++;
      }
    }
    return OutOfBagFit.averaged(create(data.schema(), fitted.models()), out, votes, classification);
  }

  /** The estimators and the rows each was fitted on. */
  private record Fitted(List<Model> models, List<int[]> samples) { }

  private Fitted fitAll(Dataset data, FitContext context) {
    int n = data.rows();
    int m = Math.max(1, (int) Math.round(maxSamples * n));
    List<int[]> samples = new ArrayList<>();
    List<Callable<Model>> tasks = new ArrayList<>();
    for (int b = 0; b < estimators; b++) {
      FitContext c = context.singleThreadedChild("bag" + b);
      SplittableRandom r = c.random();
      int[] rows = new int[m];
      if (bootstrap) {
        for (int i = 0; i < m; i++) rows[i] = r.nextInt(n);
      } else {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        for (int i = 0; i < m; i++) {
          int j = i + r.nextInt(n - i);
          int t = perm[i];
          perm[i] = perm[j];
          perm[j] = t;
        }
        System.arraycopy(perm, 0, rows, 0, m);
        java.util.Arrays.sort(rows);
      }
      samples.add(rows);
      tasks.add(() -> base.fit(data.select(rows), c.child("fit")));
    }
    return new Fitted(Parallel.run(tasks, context.threads()), samples);
  }

  /** Rows 0..n−1 that {@code sample} does not contain, ascending. */
  private static int[] outOfSample(int[] sample, int n) {
    boolean[] in = new boolean[n];
    for (int r : sample) in[r] = true;
    int count = 0;
    for (boolean b : in) if (!b) count++;
    int[] out = new int[count];
    int j = 0;
    for (int i = 0; i < n; i++) if (!in[i]) out[j++] = i;
    return out;
  }

  static Model create(Schema schema, List<Model> models) {
    return models.get(0) instanceof Classifier ? new BaggedClassifier(schema, models) : new BaggedRegressor(schema, models);
  }

  static Model load(ModelReader in) throws IOException {
    int count = in.json("bagging.json").path("estimators").asInt(0);
    if (count < 1 || count > 10_000) throw in.corrupt("bagging.json", "estimators must be 1..10000");
    Schema schema = Json.schemaFromJson(in.json("schema.json"), in.source());
    List<Model> models = new ArrayList<>();
    for (int b = 0; b < count; b++) {
      Model model = in.model("estimators/" + b);
      if (!model.schema().equals(schema) || (b > 0 && model.task() != models.get(0).task())) {
        throw in.corrupt("estimators/" + b, "estimator does not match the ensemble's schema or task");
      }
      models.add(model);
    }
    return create(schema, models);
  }

  private static void write(ModelWriter out, Schema schema, List<Model> models) throws IOException {
    ObjectNode o = Json.object();
    o.put("estimators", models.size());
    out.json("bagging.json", o);
    out.json("schema.json", Json.schemaToJson(schema));
    for (int b = 0; b < models.size(); b++) out.model("estimators/" + b, models.get(b));
  }

  /** Mean of the estimators' class probabilities. */
  static final class BaggedClassifier implements Classifier {
    private final Schema schema;
    private final List<Model> models;

    BaggedClassifier(Schema schema, List<Model> models) {
      this.schema = schema;
      this.models = List.copyOf(models);
    }

    @Override public Schema schema() { return schema; }
    @Override public String kind() { return "bagging"; }
    @Override public List<String> classes() { return ((Classifier) models.get(0)).classes(); }

    @Override public double[] predictProba(double[] row) {
      double[] out = null;
      for (Model m : models) {
        double[] p = ((Classifier) m).predictProba(row);
        if (out == null) out = new double[p.length];
        for (int c = 0; c < p.length; c++) out[c] += p[c] / models.size();
      }
      return out;
    }

    @Override public double[][] predictProba(Dataset data) {
      double[][] out = null;
      for (Model m : models) {
        double[][] p = ((Classifier) m).predictProba(data);
        if (out == null) out = new double[p.length][p.length == 0 ? 0 : p[0].length];
        for (int i = 0; i < p.length; i++) for (int c = 0; c < p[i].length; c++) out[i][c] += p[i][c] / models.size();
      }
      return out;
    }

    @Override public void write(ModelWriter out) throws IOException { BaggingLearner.write(out, schema, models); }
  }

  /** Mean of the estimators' predictions. */
  static final class BaggedRegressor implements Regressor {
    private final Schema schema;
    private final List<Model> models;

    BaggedRegressor(Schema schema, List<Model> models) {
      this.schema = schema;
      this.models = List.copyOf(models);
    }

    @Override public Schema schema() { return schema; }
    @Override public String kind() { return "bagging"; }

    @Override public double predict(double[] row) {
      double s = 0;
      for (Model m : models) s += ((Regressor) m).predict(row);
      return s / models.size();
    }

    @Override public double[] predict(Dataset data) {
      double[] out = new double[data.rows()];
      for (Model m : models) {
        double[] p = ((Regressor) m).predict(data);
        for (int i = 0; i < out.length; i++) out[i] += p[i] / models.size();
      }
      return out;
    }

    @Override public void write(ModelWriter out) throws IOException { BaggingLearner.write(out, schema, models); }
  }
}
