package org.stackwise.learners.trees;

import com.microsoft.ml.lightgbm.SWIGTYPE_p_double;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_float;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_int;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_long_long;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_p_void;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_void;
import com.microsoft.ml.lightgbm.lightgbmlib;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * LightGBM through its C API: the native libraries and SWIG bindings ({@code lightgbmlib}) shipped in the
 * lightgbm4j jar, without lightgbm4j's wrapper classes {@code LGBMBooster}/{@code LGBMDataset}, for two
 * defects of lightgbm4j 4.3.0-1 that crash the JVM:
 * <ul>
 *   <li>{@code LGBMBooster.predictForMat} sizes its output buffer as {@code 2 × rows}, so a multiclass model
 *       with more than two classes writes past it (observed on satimage: SIGSEGV in
 *       {@code RowPairFunctionFromDenseMatric}). Here buffers are sized with {@code LGBM_BoosterCalcNumPredict}.
 *   <li>Loading those classes re-extracts the native libraries into {@code java.io.tmpdir} <em>in place</em>
 *       ({@code /tmp/lib_lightgbm.so}) at every JVM start, truncating the file that other running JVMs have
 *       mapped: starting a second process crashes the first (observed: SIGSEGV in {@code new_voidpp}). Here
 *       {@link #ensureLoaded} extracts into a per-user directory named after the libraries' digest, writes
 *       through a temporary file and an atomic rename, and never rewrites a file that is already there.
 * </ul>
 *
 * <p><b>Threads.</b> Fitted models predict in Java ({@link LightGbmTrees}), not here: LightGBM's batch
 * prediction builds a {@code Predictor} that writes into the shared booster (LightGBM issue #6142), its
 * single-row path serialises callers on a booster-wide lock, and it walks every tree per row. The
 * {@link Booster} kept here is the reference for parity tests; its calls pass {@code num_threads=1}:
 * LightGBM's thread count is a process-wide setting that every call overwrites, and a prediction must not
 * make concurrent single-threaded fits (stacking runs many) spread over all cores. Thread counts change
 * only speed: training with {@code deterministic=true} and column-wise histograms gives the same model at
 * any thread count (checked by the contract test and on letter/satimage). Every call also passes
 * {@code verbose=-1}: LightGBM logs to standard output, which the command line reserves for results.
 *
 * <p><b>Native memory.</b> Each {@link Booster} frees its handle when it becomes unreachable (a
 * {@link Cleaner}), so a model's boosters live exactly as long as the model; there is no close method to
 * forget, and a booster in use is always strongly reachable from its caller.
 */
final class LightGbmNative {
  /** Parameters for every prediction call (see the class comment). */
  static final String PREDICT_PARAMS = "num_threads=1 verbose=-1";

  private static final Cleaner CLEANER = Cleaner.create();

  /** Matrix cells (rows × columns) per OpenMP thread below which more threads do not pay. */
  static final long CELLS_PER_THREAD = 50_000;

  /**
   * Threads for a native fit on {@code rows × columns} values: at most {@code requested}, and one per
   * {@link #CELLS_PER_THREAD} cells. Small fits (the many fold fits of a stacking ensemble) then run on one
   * thread, where OpenMP's start-up and spin-waiting cost more than they save, and degrade badly when the
   * cores are busy. Safe because both libraries give the same model at any thread count.
   */
  static int threadsFor(int requested, long rows, long columns) {
    long byData = Math.max(1, rows * columns / CELLS_PER_THREAD);
    return (int) Math.max(1, Math.min(requested, byData));
  }

  private LightGbmNative() { }

  private static volatile boolean loaded;

  /**
   * Loads LightGBM's native libraries once; later calls are cheap. {@code LIGHTGBM_NATIVE_LIB_PATH} (as in
   * lightgbm4j) names a directory holding both libraries to use instead of the bundled ones.
   */
  static void ensureLoaded() {
    if (loaded) return;
    synchronized (LightGbmNative.class) {
      if (loaded) return;
      String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
      String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
      String platform = os.contains("linux") ? "linux" : os.contains("mac") || os.contains("darwin") ? "osx"
          : os.contains("windows") ? "windows" : null;
      String cpu = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64"
          : arch.equals("aarch64") || arch.equals("arm64") ? "aarch64" : null;
      if (platform == null || cpu == null) {
        throw new IllegalStateException("LightGBM has no native library for " + os + "/" + arch);
      }
      String ext = platform.equals("linux") ? "so" : platform.equals("osx") ? "dylib" : "dll";
      String[] names = {"lib_lightgbm." + ext, "lib_lightgbm_swig." + ext};
      try {
        String override = System.getenv("LIGHTGBM_NATIVE_LIB_PATH");
        Path dir = override != null ? Path.of(override) : extract("lightgbm4j/" + platform + "/" + cpu + "/", names);
        // the bindings library links against lib_lightgbm by its soname, so that one goes first
        for (String n : names) System.load(dir.resolve(n).toAbsolutePath().toString());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot extract LightGBM's native library", e);
      } catch (UnsatisfiedLinkError e) {
        throw new IllegalStateException("cannot load LightGBM's native library: " + e.getMessage(), e);
      }
      loaded = true;
    }
  }

  /**
   * Copies the bundled libraries to {@code <tmpdir>/stackwise-native-<user>/lightgbm-<digest>/}, where the
   * digest covers both files, so the directory's content never changes once complete. Each file is written
   * to a temporary name and renamed into place; an existing file is reused only if its digest matches.
   */
  private static Path extract(String prefix, String[] names) throws IOException {
    byte[][] content = new byte[names.length][];
    MessageDigest all = sha256();
    for (int i = 0; i < names.length; i++) {
      try (InputStream in = LightGbmNative.class.getClassLoader().getResourceAsStream(prefix + names[i])) {
        if (in == null) throw new IOException("resource " + prefix + names[i] + " not found on the class path");
        content[i] = in.readAllBytes();
      }
      all.update(sha256().digest(content[i]));
    }
    String digest = HexFormat.of().formatHex(all.digest()).substring(0, 24);
    Path base = Path.of(System.getProperty("java.io.tmpdir"), "stackwise-native-" + System.getProperty("user.name", "user"));
    Path dir = base.resolve("lightgbm-" + digest);
    createPrivateDirectory(base);
    createPrivateDirectory(dir);
    for (int i = 0; i < names.length; i++) {
      Path target = dir.resolve(names[i]);
      if (Files.isRegularFile(target) && MessageDigest.isEqual(sha256().digest(Files.readAllBytes(target)),
          sha256().digest(content[i]))) {
        continue;
      }
      Path tmp = Files.createTempFile(dir, names[i], ".part");
      try {
        Files.write(tmp, content[i]);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
    return dir;
  }

  private static void createPrivateDirectory(Path dir) throws IOException {
    try {
      if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectory(dir);
      }
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) throw e;
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
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

  /**
   * A LightGBM training dataset built from a row-major matrix; frees its native memory on
   * {@link #close}. Not thread-safe.
   */
  static final class TrainingData implements AutoCloseable {
    private SWIGTYPE_p_void handle;

    /** {@code reference} (may be null) shares the bin boundaries of a training set with a validation set. */
    TrainingData(double[] x, int rows, int cols, String params, TrainingData reference) {
      ensureLoaded();
      SWIGTYPE_p_double in = lightgbmlib.new_doubleArray(Math.max(1, x.length));
      SWIGTYPE_p_p_void out = lightgbmlib.new_voidpp();
      try {
        for (int i = 0; i < x.length; i++) lightgbmlib.doubleArray_setitem(in, i, x[i]);
        check(lightgbmlib.LGBM_DatasetCreateFromMat(lightgbmlib.double_to_voidp_ptr(in), lightgbmlib.C_API_DTYPE_FLOAT64,
            rows, cols, 1, params, reference == null ? null : reference.handle, out), "LGBM_DatasetCreateFromMat");
        handle = lightgbmlib.voidpp_value(out);
      } finally {
        lightgbmlib.delete_doubleArray(in);
        lightgbmlib.delete_voidpp(out);
      }
    }

    /** Sets a float field: {@code "label"} or {@code "weight"}. */
    void setField(String name, float[] values) {
      SWIGTYPE_p_float a = lightgbmlib.new_floatArray(Math.max(1, values.length));
      try {
        for (int i = 0; i < values.length; i++) lightgbmlib.floatArray_setitem(a, i, values[i]);
        check(lightgbmlib.LGBM_DatasetSetField(handle, name, lightgbmlib.float_to_voidp_ptr(a), values.length,
            lightgbmlib.C_API_DTYPE_FLOAT32), "LGBM_DatasetSetField(" + name + ")");
      } finally {
        lightgbmlib.delete_floatArray(a);
      }
    }

    @Override public void close() {
      if (handle != null) {
        lightgbmlib.LGBM_DatasetFree(handle);
        handle = null;
      }
    }
  }

  /** A booster being trained; frees its native memory on {@link #close}. Not thread-safe. */
  static final class Trainer implements AutoCloseable {
    private SWIGTYPE_p_void handle;

    Trainer(TrainingData train, String params) {
      SWIGTYPE_p_p_void out = lightgbmlib.new_voidpp();
      try {
        check(lightgbmlib.LGBM_BoosterCreate(train.handle, params, out), "LightGBM rejected the training parameters");
        handle = lightgbmlib.voidpp_value(out);
      } finally {
        lightgbmlib.delete_voidpp(out);
      }
    }

    /** Adds a validation set; its metric is {@link #validationLoss()}. */
    void addValidation(TrainingData valid) {
      check(lightgbmlib.LGBM_BoosterAddValidData(handle, valid.handle), "LGBM_BoosterAddValidData");
    }

    /** One boosting iteration; returns true when no split had positive gain (LightGBM's "finished"). */
    boolean updateOneIter() {
      SWIGTYPE_p_int finished = lightgbmlib.new_intp();
      try {
        check(lightgbmlib.LGBM_BoosterUpdateOneIter(handle, finished), "LGBM_BoosterUpdateOneIter");
        return lightgbmlib.intp_value(finished) == 1;
      } finally {
        lightgbmlib.delete_intp(finished);
      }
    }

    /** The first metric on the first validation set, after the last iteration. */
    double validationLoss() {
      SWIGTYPE_p_int count = lightgbmlib.new_intp();
      SWIGTYPE_p_double values = null;
      try {
        check(lightgbmlib.LGBM_BoosterGetEvalCounts(handle, count), "LGBM_BoosterGetEvalCounts");
        int n = lightgbmlib.intp_value(count);
        values = lightgbmlib.new_doubleArray(Math.max(1, n));
        check(lightgbmlib.LGBM_BoosterGetEval(handle, 1, count, values), "LGBM_BoosterGetEval");
        if (lightgbmlib.intp_value(count) < 1) throw new IllegalStateException("LightGBM returned no validation metric");
        return lightgbmlib.doubleArray_getitem(values, 0);
      } finally {
        lightgbmlib.delete_intp(count);
        if (values != null) lightgbmlib.delete_doubleArray(values);
      }
    }

    /** The text model of the first {@code iterations} iterations (0 = all). */
    String modelText(int iterations) {
      SWIGTYPE_p_long_long len = lightgbmlib.new_int64_tp();
      try {
        // the SWIG helper retries with a larger buffer when the model does not fit
        String text = lightgbmlib.LGBM_BoosterSaveModelToStringSWIG(handle, 0, iterations,
            lightgbmlib.C_API_FEATURE_IMPORTANCE_SPLIT, 1 << 20, len);
        if (text == null) throw new LightGbmError("LGBM_BoosterSaveModelToString");
        return text;
      } finally {
        lightgbmlib.delete_int64_tp(len);
      }
    }

    @Override public void close() {
      if (handle != null) {
        lightgbmlib.LGBM_BoosterFree(handle);
        handle = null;
      }
    }
  }

  /**
   * One native booster loaded from model text. Not thread-safe. Models predict in Java
   * ({@link LightGbmTrees}); the native booster is the reference the parity tests compare against.
   */
  static final class Booster {
    private final SWIGTYPE_p_void handle;
    private final int features;
    private final int classes;

    private Booster(SWIGTYPE_p_void handle, int features, int classes) {
      this.handle = handle;
      this.features = features;
      this.classes = classes;
    }

    /**
     * Parses {@code text}, which must have passed {@link LightGbmText#check} (or come from LightGBM itself);
     * throws {@link LightGbmError} if LightGBM rejects it.
     */
    static Booster load(String text) {
      ensureLoaded();
      SWIGTYPE_p_p_void out = lightgbmlib.new_voidpp();
      SWIGTYPE_p_int iterations = lightgbmlib.new_intp();
      SWIGTYPE_p_void handle = null;
      try {
        check(lightgbmlib.LGBM_BoosterLoadModelFromString(LightGbmText.forLoading(text), iterations, out),
            "LightGBM could not load the model");
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
  }
}
