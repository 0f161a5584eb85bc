package org.stackwise.learners.mlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.stackwise.BadInputException;
import org.stackwise.io.Json;
import org.stackwise.io.ModelReader;
import org.stackwise.io.ModelWriter;

/**
 * A fitted multilayer perceptron on plain feature vectors (no schema, no preprocessing): dense layers
 * with a ReLU or tanh activation, then a softmax output (classification) or a linear output
 * (regression, un-standardised to the target's scale). Immutable and thread-safe.
 *
 * <p>Made by {@link MlpTrainer}; used by {@link MlpClassifier} and {@link MlpRegressor} after their
 * preprocessing, and directly by code that has feature matrices already (lazy-stacking substackers).
 * A row's output does not depend on the other rows of its batch or on the number of threads.
 *
 * <p>Saved as two entries: {@code network.json} (layer sizes, activation, output, target scaling,
 * training summary) and {@code weights.bin} (all weights and biases, little-endian doubles, layer by
 * layer: the {@code in × out} weight matrix row-major, then the {@code out} biases).
 */
public final class MlpNetwork {
  /** Rows per chunk in batch prediction: activations of a chunk stay in cache. */
  private static final int CHUNK = 128;
  /** Batches at least this large are predicted on the common fork-join pool. */
  private static final int PARALLEL_ROWS = 8192;
  /** Largest layer width a model file may declare. */
  static final int MAX_WIDTH = 1 << 20;

  private final int[] sizes;
  private final Activation activation;
  private final boolean softmax;
  private final double yMean;
  private final double yScale;
  private final double[] theta;
  private final int[] wOff;
  private final int[] bOff;
  private final int maxWidth;
  private final Training training;

  /**
   * What happened while training: epochs run, the epoch whose weights were kept, whether early
   * stopping ended training, and the loss per epoch (training loss: weighted mean cross-entropy or half
   * squared error on the standardised target, plus the L2 term; validation loss without it, empty when
   * no validation split was used).
   */
  public record Training(int epochs, int bestEpoch, boolean stoppedEarly, double[] lossCurve, double[] validationCurve) {
    public Training {
      lossCurve = lossCurve.clone();
      validationCurve = validationCurve.clone();
    }

    @Override public double[] lossCurve() { return lossCurve.clone(); }
    @Override public double[] validationCurve() { return validationCurve.clone(); }

    @Override public boolean equals(Object o) {
      return o instanceof Training t && t.epochs == epochs && t.bestEpoch == bestEpoch && t.stoppedEarly == stoppedEarly
          && Arrays.equals(t.lossCurve, lossCurve) && Arrays.equals(t.validationCurve, validationCurve);
    }

    @Override public int hashCode() {
      return 31 * (31 * epochs + bestEpoch) + Arrays.hashCode(lossCurve);
    }

    @Override public String toString() {
      return "Training[epochs=" + epochs + ", bestEpoch=" + bestEpoch + ", stoppedEarly=" + stoppedEarly + "]";
    }
  }

  MlpNetwork(int[] sizes, Activation activation, boolean softmax, double yMean, double yScale, double[] theta,
      Training training) {
    this.sizes = sizes.clone();
    this.activation = activation;
    this.softmax = softmax;
    this.yMean = yMean;
    this.yScale = yScale;
    this.wOff = new int[sizes.length - 1];
    this.bOff = new int[sizes.length - 1];
    long count = layout(this.sizes, wOff, bOff);
    if (count != theta.length) {
      throw new IllegalArgumentException("expected " + count + " parameters, got " + theta.length);
    }
    this.theta = theta.clone();
    this.maxWidth = Arrays.stream(sizes).max().getAsInt();
    this.training = training;
  }

  /**
   * Fills the weight and bias offsets of each layer in the flat parameter vector; returns its length
   * (as a long so that absurd sizes from a file are caught before anything is allocated).
   */
  static long layout(int[] sizes, int[] wOff, int[] bOff) {
    long off = 0;
    for (int l = 0; l + 1 < sizes.length; l++) {
      if (wOff != null) wOff[l] = (int) Math.min(off, Integer.MAX_VALUE);
      off += (long) sizes[l] * sizes[l + 1];
      if (bOff != null) bOff[l] = (int) Math.min(off, Integer.MAX_VALUE);
      off += sizes[l + 1];
    }
    return off;
  }

  /** Number of input features. */
  public int inputs() { return sizes[0]; }

  /** Number of outputs: classes for a classifier, 1 for a regressor. */
  public int outputs() { return sizes[sizes.length - 1]; }

  /** Layer widths from inputs to outputs, e.g. {@code [36, 100, 6]}. */
  public List<Integer> layerSizes() { return Arrays.stream(sizes).boxed().toList(); }

  /** The hidden activation id ({@code "relu"} or {@code "tanh"}). */
  public String activation() { return activation.id(); }

  /** True for a softmax (classification) network, false for a linear-output (regression) one. */
  public boolean isClassifier() { return softmax; }

  /** The training summary. */
  public Training training() { return training; }

  /** Number of weights and biases. */
  public int parameterCount() { return theta.length; }

  /** A copy of all weights and biases in the layout described in the class comment. */
  public double[] parameters() { return theta.clone(); }

  /** Class probabilities for one feature vector (classifier networks only). */
  public double[] predictProba(double[] x) {
    requireClassifier(true);
    checkWidth(x.length);
    double[] out = new double[outputs()];
    forwardChunk(x, 0, 1, out, 0, new double[maxWidth], new double[maxWidth], true);
    return out;
  }

  /** Class probabilities for many feature vectors; one array per row. */
  public double[][] predictProba(double[][] x) {
    requireClassifier(true);
    return split(predictFlat(flatten(x), x.length, true), x.length, outputs());
  }

  /**
   * Class probabilities for {@code rows} feature vectors stored row-major in {@code x}; returns them
   * row-major ({@code rows × outputs()}).
   */
  public double[] predictProba(double[] x, int rows) {
    requireClassifier(true);
    return predictFlat(x, rows, true);
  }

  /** The output layer's values before the softmax (logits), for one feature vector. */
  public double[] logits(double[] x) {
    requireClassifier(true);
    checkWidth(x.length);
    double[] out = new double[outputs()];
    forwardChunk(x, 0, 1, out, 0, new double[maxWidth], new double[maxWidth], false);
    return out;
  }

  /** The prediction for one feature vector (regressor networks only), on the target's scale. */
  public double predict(double[] x) {
    requireClassifier(false);
    checkWidth(x.length);
    double[] out = new double[1];
    forwardChunk(x, 0, 1, out, 0, new double[maxWidth], new double[maxWidth], true);
    return out[0];
  }

  /** Predictions for many feature vectors (regressor networks only). */
  public double[] predict(double[][] x) {
    requireClassifier(false);
    return predictFlat(flatten(x), x.length, true);
  }

  /** Predictions for {@code rows} feature vectors stored row-major in {@code x}. */
  public double[] predict(double[] x, int rows) {
    requireClassifier(false);
    return predictFlat(x, rows, true);
  }

  private double[] predictFlat(double[] x, int rows, boolean finish) {
    if ((long) rows * sizes[0] != x.length) {
      throw new IllegalArgumentException("expected " + rows + " × " + sizes[0] + " values, got " + x.length);
    }
    int k = outputs();
    double[] out = new double[rows * k];
    int chunks = (rows + CHUNK - 1) / CHUNK;
    IntStream ids = IntStream.range(0, chunks);
    if (rows >= PARALLEL_ROWS) ids = ids.parallel();
    // each chunk writes its own rows with its own buffers: the result cannot depend on scheduling
    ids.forEach(c -> {
      int from = c * CHUNK;
      int n = Math.min(CHUNK, rows - from);
      double[] b1 = new double[n * maxWidth];
      double[] b2 = new double[n * maxWidth];
      forwardChunk(x, from * sizes[0], n, out, from * k, b1, b2, finish);
    });
    return out;
  }

  /**
   * Forward pass of {@code n} rows of {@code x} starting at {@code xOff}; writes {@code n × outputs()}
   * values to {@code out} at {@code outOff}: probabilities (or target-scale predictions) when
   * {@code finish}, raw output-layer values otherwise.
   */
  private void forwardChunk(double[] x, int xOff, int n, double[] out, int outOff, double[] b1, double[] b2,
      boolean finish) {
    double[] in = x;
    int inOff = xOff;
    int[] idx = new int[maxWidth];
    double[] z = b1;
    int layers = sizes.length - 1;
    for (int l = 0; l < layers; l++) {
      Kernels.affine(in, inOff, n, sizes[l], theta, wOff[l], bOff[l], sizes[l + 1], z, idx);
      if (l + 1 < layers) {
        Kernels.activate(activation, z, n * sizes[l + 1]);
        in = z;
        inOff = 0;
        z = (z == b1) ? b2 : b1;
      }
    }
    int k = outputs();
    if (finish) {
      if (softmax) Kernels.softmax(z, n, k);
      else for (int i = 0; i < n; i++) z[i] = z[i] * yScale + yMean;
    }
    System.arraycopy(z, 0, out, outOff, n * k);
  }

  private void requireClassifier(boolean classifier) {
    if (softmax != classifier) {
      throw new IllegalStateException(softmax ? "a classifier network predicts probabilities, not values"
          : "a regression network predicts values, not probabilities");
    }
  }

  private void checkWidth(int width) {
    if (width != sizes[0]) throw new IllegalArgumentException("expected " + sizes[0] + " features, got " + width);
  }

  private double[] flatten(double[][] x) {
    int p = sizes[0];
    double[] flat = new double[x.length * p];
    for (int i = 0; i < x.length; i++) {
      checkWidth(x[i].length);
      System.arraycopy(x[i], 0, flat, i * p, p);
    }
    return flat;
  }

  private static double[][] split(double[] flat, int rows, int k) {
    double[][] out = new double[rows][];
    for (int i = 0; i < rows; i++) out[i] = Arrays.copyOfRange(flat, i * k, i * k + k);
    return out;
  }

  /** Writes {@code network.json} and {@code weights.bin} into {@code out}. */
  public void write(ModelWriter out) throws IOException {
    ObjectNode o = Json.object();
    o.put("format_version", 1);
    ArrayNode s = o.putArray("sizes");
    for (int v : sizes) s.add(v);
    o.put("activation", activation.id());
    o.put("output", softmax ? "softmax" : "linear");
    o.put("y_mean", yMean);
    o.put("y_scale", yScale);
    ObjectNode t = o.putObject("training");
    t.put("epochs", training.epochs());
    t.put("best_epoch", training.bestEpoch());
    t.put("stopped_early", training.stoppedEarly());
    t.set("loss_curve", Json.doublesToJson(training.lossCurve()));
    t.set("validation_curve", Json.doublesToJson(training.validationCurve()));
    out.json("network.json", o);
    out.doubles("weights.bin", theta);
  }

  /** Reads a network written by {@link #write}; malformed entries raise {@link BadInputException}. */
  public static MlpNetwork read(ModelReader in) throws IOException {
    JsonNode o = in.json("network.json");
    if (!o.isObject()) throw in.corrupt("network.json", "must be a JSON object");
    if (o.path("format_version").asInt() != 1) {
      throw in.corrupt("network.json", "unsupported format_version " + o.get("format_version"));
    }
    JsonNode s = o.get("sizes");
    if (s == null || !s.isArray() || s.size() < 2) throw in.corrupt("network.json", "sizes must list at least 2 layer widths");
    int[] sizes = new int[s.size()];
    for (int i = 0; i < sizes.length; i++) {
      JsonNode v = s.get(i);
      if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1 || v.asInt() > MAX_WIDTH) {
        throw in.corrupt("network.json", "sizes must be integers between 1 and " + MAX_WIDTH + ", got " + v);
      }
      sizes[i] = v.asInt();
    }
    Activation act = Activation.byId(o.path("activation").asText(""));
    if (act == null) throw in.corrupt("network.json", "activation must be one of " + Activation.IDS + ", got " + o.get("activation"));
    String output = o.path("output").asText("");
    if (!output.equals("softmax") && !output.equals("linear")) {
      throw in.corrupt("network.json", "output must be softmax or linear, got " + o.get("output"));
    }
    boolean softmax = output.equals("softmax");
    if (!softmax && sizes[sizes.length - 1] != 1) throw in.corrupt("network.json", "a linear output must have width 1");
    double yMean = finite(in, o, "y_mean");
    double yScale = finite(in, o, "y_scale");
    long count = layout(sizes, null, null);
    if (count > Integer.MAX_VALUE - 16) throw in.corrupt("network.json", "network too large (" + count + " parameters)");
    double[] theta = in.doubles("weights.bin");
    if (theta.length != count) {
      throw in.corrupt("weights.bin", "expected " + count + " parameters for layer sizes " + Arrays.toString(sizes)
          + ", got " + theta.length);
    }
    for (int i = 0; i < theta.length; i++) {
      if (!Double.isFinite(theta[i])) throw in.corrupt("weights.bin", "parameter " + i + " is not finite");
    }
    JsonNode t = o.path("training");
    Training training = new Training(t.path("epochs").asInt(), t.path("best_epoch").asInt(),
        t.path("stopped_early").asBoolean(),
        t.has("loss_curve") ? Json.doubles(t.get("loss_curve"), in.path("network.json")) : new double[0],
        t.has("validation_curve") ? Json.doubles(t.get("validation_curve"), in.path("network.json")) : new double[0]);
    return new MlpNetwork(sizes, act, softmax, yMean, yScale, theta, training);
  }

  private static double finite(ModelReader in, JsonNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || !v.isNumber() || !Double.isFinite(v.asDouble())) {
      throw in.corrupt("network.json", field + " must be a finite number, got " + v);
    }
    return v.asDouble();
  }

  @Override public String toString() {
    List<String> parts = new ArrayList<>();
    for (int v : sizes) parts.add(Integer.toString(v));
    return "MlpNetwork[" + String.join("-", parts) + ", " + activation.id() + ", " + (softmax ? "softmax" : "linear") + "]";
  }
}
