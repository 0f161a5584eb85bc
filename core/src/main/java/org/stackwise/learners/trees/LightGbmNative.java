package org.stackwise.learners.trees;

import com.microsoft.ml.lightgbm.SWIGTYPE_p_double;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_int;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_long_long;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_p_void;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_void;
import com.microsoft.ml.lightgbm.lightgbmlib;
import io.github.metarank.lightgbm4j.LGBMBooster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Prediction with LightGBM through its C API (the SWIG bindings shipped in lightgbm4j), bypassing
 * {@code LGBMBooster.predictForMat}: in lightgbm4j 4.3.0-1 that method sizes its output buffer as
 * {@code 2 × rows}, so a multiclass model with more than two classes writes past the buffer and
 * crashes the JVM (observed on satimage: SIGSEGV in {@code RowPairFunctionFromDenseMatric}). Here the
 * buffer is sized with {@code LGBM_BoosterCalcNumPredict}.
 *
 * <p><b>Threads.</b> LightGBM's batch prediction builds a {@code Predictor} that writes into the shared
 * booster (LightGBM issue #6142), and its single-row path serialises callers on a booster-wide lock. A
 * {@link Pool} therefore hands each concurrent caller a booster of its own, loading another copy of the
 * model text when all are busy; copies are kept for reuse. Predictions pass {@code num_threads=1}:
 * LightGBM's thread count is a process-wide setting that every call overwrites, and a prediction must not
 * make concurrent single-threaded fits (stacking runs many) spread over all cores. Thread counts change
 * only speed: training with {@code deterministic=true} and column-wise histograms gives the same model at
 * any thread count (checked by the contract test and on letter/satimage).
 *
 * <p><b>Native memory.</b> Each {@link Booster} frees its handle when it becomes unreachable (a
 * {@link Cleaner}), so a model's boosters live exactly as long as the model; there is no close method to
 * forget, and a booster in use is always strongly reachable from its caller.
 */
final class LightGbmNative {
  /** Parameters for every prediction call (see the class comment). */
  static final String PREDICT_PARAMS = "num_threads=1";

  private static final Cleaner CLEANER = Cleaner.create();

  private LightGbmNative() { }

  /** Loads lightgbm4j's native libraries once; later calls are cheap. */
  static void ensureLoaded() {
    if (LGBMBooster.isNativeLoaded()) return;
    try {
      LGBMBooster.loadNative();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load LightGBM's native library", e);
    } catch (UnsatisfiedLinkError e) {
      throw new IllegalStateException("cannot load LightGBM's native library: " + e.getMessage(), e);
    }
  }

  /** A failed LightGBM call, with LightGBM's own message. */
  static final class LightGbmError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LightGbmError(String what) {
      super(what + ": " + lightgbmlib.LGBM_GetLastError());
    }
  }

  private static void check(int rc, String what) {
    if (rc != 0) throw new LightGbmError(what);
  }

  /** One native booster loaded from model text. Not thread-safe: use through a {@link Pool}. */
  static final class Booster {
    private final SWIGTYPE_p_void handle;
    private final int features;
    private final int classes;

    private Booster(SWIGTYPE_p_void handle, int features, int classes) {
      this.handle = handle;
      this.features = features;
      this.classes = classes;
    }

    /** Parses {@code text}; throws {@link LightGbmError} if LightGBM rejects it. */
    static Booster load(String text) {
      ensureLoaded();
      SWIGTYPE_p_p_void out = lightgbmlib.new_voidpp();
      SWIGTYPE_p_int iterations = lightgbmlib.new_intp();
      SWIGTYPE_p_void handle = null;
      try {
        check(lightgbmlib.LGBM_BoosterLoadModelFromString(text, iterations, out), "LightGBM could not load the model");
        handle = lightgbmlib.voidpp_value(out);
        SWIGTYPE_p_void h = handle;
        SWIGTYPE_p_int n = lightgbmlib.new_intp();
        try {
          check(lightgbmlib.LGBM_BoosterGetNumFeature(h, n), "LGBM_BoosterGetNumFeature");
          int features = lightgbmlib.intp_value(n);
          check(lightgbmlib.LGBM_BoosterGetNumClasses(h, n), "LGBM_BoosterGetNumClasses");
          int classes = lightgbmlib.intp_value(n);
          Booster b = new Booster(h, features, classes);
          CLEANER.register(b, () -> lightgbmlib.LGBM_BoosterFree(h));
          handle = null; // now owned by the cleaner
          return b;
        } finally {
          lightgbmlib.delete_intp(n);
        }
      } finally {
        if (handle != null) lightgbmlib.LGBM_BoosterFree(handle);
        lightgbmlib.delete_intp(iterations);
        lightgbmlib.delete_voidpp(out);
      }
    }

    int features() { return features; }

    /** Model outputs per row ({@code num_class} of the model text). */
    int classes() { return classes; }

    /**
     * Predicts {@code rows} rows of the row-major {@code x}; returns {@code rows × outputs} values.
     * {@code type} is {@code C_API_PREDICT_NORMAL} or {@code C_API_PREDICT_RAW_SCORE}.
     */
    double[] predict(double[] x, int rows, int type) {
      if (rows == 0) return new double[0];
      SWIGTYPE_p_long_long len = lightgbmlib.new_int64_tp();
      SWIGTYPE_p_double in = null;
      SWIGTYPE_p_double out = null;
      try {
        check(lightgbmlib.LGBM_BoosterCalcNumPredict(handle, rows, type, 0, -1, len), "LGBM_BoosterCalcNumPredict");
        long n = lightgbmlib.int64_tp_value(len);
        if (n != (long) rows * classes) throw new IllegalStateException("LightGBM predicts " + n + " values for " + rows + " rows");
        in = lightgbmlib.new_doubleArray(x.length);
        for (int i = 0; i < x.length; i++) lightgbmlib.doubleArray_setitem(in, i, x[i]);
        out = lightgbmlib.new_doubleArray(n);
        check(lightgbmlib.LGBM_BoosterPredictForMat(handle, lightgbmlib.double_to_voidp_ptr(in),
            lightgbmlib.C_API_DTYPE_FLOAT64, rows, features, 1, type, 0, -1, PREDICT_PARAMS, len, out),
            "LGBM_BoosterPredictForMat");
        double[] r = new double[(int) n];
        for (int i = 0; i < r.length; i++) r[i] = lightgbmlib.doubleArray_getitem(out, i);
        return r;
      } finally {
        if (in != null) lightgbmlib.delete_doubleArray(in);
        if (out != null) lightgbmlib.delete_doubleArray(out);
        lightgbmlib.delete_int64_tp(len);
      }
    }

    /** Predicts one row (length = features); returns the model's outputs for it. */
    double[] predictRow(double[] row, int type) {
      SWIGTYPE_p_long_long len = lightgbmlib.new_int64_tp();
      SWIGTYPE_p_double out = lightgbmlib.new_doubleArray(classes);
      try {
        // the SWIG helper pins the Java array for the call instead of copying it element by element
        check(lightgbmlib.LGBM_BoosterPredictForMatSingle(row, handle, lightgbmlib.C_API_DTYPE_FLOAT64, features, 1,
            type, 0, -1, PREDICT_PARAMS, len, out), "LGBM_BoosterPredictForMatSingleRow");
        long n = lightgbmlib.int64_tp_value(len);
        if (n != classes) throw new IllegalStateException("LightGBM predicts " + n + " values for one row");
        double[] r = new double[classes];
        for (int i = 0; i < classes; i++) r[i] = lightgbmlib.doubleArray_getitem(out, i);
        return r;
      } finally {
        lightgbmlib.delete_doubleArray(out);
        lightgbmlib.delete_int64_tp(len);
      }
    }
  }

  /**
   * Boosters of one model for concurrent callers: {@link #borrow} hands out an idle booster or loads a
   * new one from the model text; {@link #release} returns it. Grows to the largest number of
   * simultaneous callers seen.
   */
  static final class Pool {
    private final String text;
    private final ConcurrentLinkedDeque<Booster> idle = new ConcurrentLinkedDeque<>();

    /** A pool over {@code text}, seeded with an already loaded booster. */
    Pool(String text, Booster first) {
      this.text = text;
      idle.push(first);
    }

    Booster borrow() {
      Booster b = idle.pollFirst();
      return b != null ? b : Booster.load(text);
    }

    void release(Booster b) {
      idle.offerFirst(b);
    }
  }
}
