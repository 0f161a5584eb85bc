package org.stackwise.spark;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import org.stackwise.Model;
import org.stackwise.io.ModelFile;

/**
 * Core models as {@code .swm} bytes, the form in which they travel to executors and into Spark model
 * directories: the same data-only model file the CLI reads, never Java serialization. Executors load
 * each model once per JVM ({@link #cached}).
 */
final class SwmBytes {
  private static final ConcurrentHashMap<String, Model> CACHE = new ConcurrentHashMap<>();
  private static final int CACHE_LIMIT = 256;

  private SwmBytes() { }

  /** The model file of {@code model} (target column "label", spec recorded when given). */
  static byte[] of(Model model, JsonNode spec) {
    Path tmp = null;
    try {
      tmp = Files.createTempFile("stackwise-", ".swm");
      ModelFile.save(tmp, model, "label", spec, null, null);
      return Files.readAllBytes(tmp);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  /** Loads a model file's bytes (validated by {@link ModelFile#load}). */
  static Model load(byte[] swm, String source) {
    Path tmp = null;
    try {
      tmp = Files.createTempFile("stackwise-", ".swm");
      Files.write(tmp, swm);
      return ModelFile.load(tmp).model();
    } catch (IOException e) {
      throw new UncheckedIOException(source + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  /** The model of {@code swm}, loaded once per JVM under {@code key}. */
  static Model cached(String key, byte[] swm) {
    Model m = CACHE.get(key);
    if (m != null) return m;
    if (CACHE.size() > CACHE_LIMIT) CACHE.clear();
    return CACHE.computeIfAbsent(key, k -> load(swm, k));
  }

  private static void deleteQuietly(Path p) {
    if (p == null) return;
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // a leftover temporary file is harmless
    }
  }
}
