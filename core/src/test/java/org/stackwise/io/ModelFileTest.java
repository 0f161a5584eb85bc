package org.stackwise.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackwise.BadInputException;
import org.stackwise.Classifier;
import org.stackwise.FitContext;
import org.stackwise.data.Dataset;
import org.stackwise.learners.Catalogue;
import org.stackwise.spec.Specs;
import org.stackwise.testing.SyntheticData;

/** Model files are data, not code: bounded, confined, versioned, and loaded only through known kinds. */
class ModelFileTest {
  @TempDir Path dir;

  private static final Dataset DATA = SyntheticData.blobs(120, 3, 3, 1);

  private Path saveStack(String name) throws IOException {
    var spec = Specs.parse("{\"stacking\": {\"members\": {\"lr\": {\"learner\": \"logistic\"}, "
        + "\"nb\": {\"learner\": \"naive_bayes\"}}, \"folds\": 3}}", "test");
    Path p = dir.resolve(name);
    ModelFile.save(p, spec.fit(DATA, FitContext.seeded(3)), "label", spec.spec(), null, null);
    return p;
  }

  @Test
  void roundTripIsExactAndBytesAreReproducible() throws IOException {
    Path a = saveStack("a.swm");
    Path b = saveStack("b.swm");
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), "same seed must give identical model files");
    ModelFile.Loaded loaded = ModelFile.load(a);
    assertEquals("label", loaded.target());
    var fresh = (Classifier) Specs.parse(loaded.manifest().get("spec"), "manifest").fit(DATA, FitContext.seeded(3));
    assertArrayEquals(fresh.predictProba(DATA), ((Classifier) loaded.model()).predictProba(DATA));
    try (var files = Files.list(dir)) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temp files left");
    }
  }

  private Path zip(String name, Map<String, byte[]> entries) throws IOException {
    Path p = dir.resolve(name);
    try (OutputStream os = Files.newOutputStream(p); ZipOutputStream z = new ZipOutputStream(os)) {
      for (var e : entries.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue());
        z.closeEntry();
      }
    }
    return p;
  }

  private static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

  private static String manifest(int version) {
    return "{\"format\": \"stackwise-model\", \"format_version\": " + version + ", \"kind\": \"logistic\"}";
  }

  @Test
  void zipSlipEntriesAreRejectedAndNothingIsWrittenOutside() throws IOException {
    Map<String, byte[]> e = new LinkedHashMap<>();
    e.put("manifest.json", utf8(manifest(1)));
    e.put("../../evil.txt", utf8("pwned"));
    Path p = zip("slip.swm", e);
    var ex = assertThrows(BadInputException.class, () -> ModelFile.load(p));
    assertTrue(ex.getMessage().contains("illegal entry name"), ex.getMessage());
    assertFalse(Files.exists(dir.getParent().getParent().resolve("evil.txt")));
    Map<String, byte[]> abs = Map.of("/etc/passwd", utf8("x"));
    assertThrows(BadInputException.class, () -> ModelFile.load(zip("abs.swm", abs)));
  }

  @Test
  void hugeEntriesAreRefusedBeforeTheyExhaustMemory() throws IOException {
    Map<String, byte[]> e = new LinkedHashMap<>();
    e.put("manifest.json", utf8(manifest(1)));
    e.put("model/kind", new byte[5_000_000]); // compresses to a few kB: a small zip bomb
    Path p = zip("bomb.swm", e);
    var ex = assertThrows(BadInputException.class, () -> ModelFile.load(p, new ModelFile.Limits(1_000_000, 10_000_000, 100)));
    assertTrue(ex.getMessage().contains("exceeds the size limit"), ex.getMessage());
    var many = assertThrows(BadInputException.class, () -> ModelFile.load(p, new ModelFile.Limits(10_000_000, 10_000_000, 1)));
    assertTrue(many.getMessage().contains("more than 1 entries"), many.getMessage());
  }

  @Test
  void kindsAreLookedUpNeverLoadedAsClasses() throws IOException {
    Map<String, byte[]> e = new LinkedHashMap<>();
    e.put("manifest.json", utf8(manifest(1)));
    e.put("model/kind", utf8("java.lang.Runtime"));
    var ex = assertThrows(BadInputException.class, () -> ModelFile.load(zip("kind.swm", e)));
    assertTrue(ex.getMessage().contains("unknown model kind 'java.lang.Runtime'"), ex.getMessage());
  }

  @Test
  void newerVersionsCorruptAndTruncatedFilesGiveClearErrors() throws IOException {
    Map<String, byte[]> e = new LinkedHashMap<>();
    e.put("manifest.json", utf8(manifest(99)));
    var newer = assertThrows(BadInputException.class, () -> ModelFile.load(zip("new.swm", e)));
    assertTrue(newer.getMessage().contains("newer than this Stackwise supports"), newer.getMessage());

    Path good = saveStack("good.swm");
    byte[] bytes = Files.readAllBytes(good);
    Path truncated = dir.resolve("truncated.swm");
    Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    var t = assertThrows(BadInputException.class, () -> ModelFile.load(truncated));
    assertTrue(t.getMessage().startsWith(truncated.toString()), t.getMessage());

    Path text = dir.resolve("text.swm");
    Files.writeString(text, "this is not a zip");
    assertThrows(BadInputException.class, () -> ModelFile.load(text));
    assertThrows(BadInputException.class, () -> ModelFile.load(dir.resolve("missing.swm")));

    Map<String, byte[]> noManifest = Map.of("model/kind", utf8("logistic"));
    var nm = assertThrows(BadInputException.class, () -> ModelFile.load(zip("nomanifest.swm", noManifest)));
    assertTrue(nm.getMessage().contains("no manifest.json"), nm.getMessage());
  }

  @Test
  void aFailedSaveLeavesNothingBehind() {
    Path missingDir = dir.resolve("no/such/dir/m.swm");
    var model = Catalogue.defaults("naive_bayes").fit(DATA, FitContext.seeded(1));
    assertThrows(BadInputException.class, () -> ModelFile.save(missingDir, model, "label", null, null, null));
    assertFalse(Files.exists(missingDir));
  }
}
