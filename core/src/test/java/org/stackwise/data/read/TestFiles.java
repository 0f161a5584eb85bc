package org.stackwise.data.read;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;

/** Small files for reader tests, and the shared real data sets when present. */
final class TestFiles {
  private TestFiles() { }

  static Path write(Path dir, String name, String content) {
    return write(dir, name, content.getBytes(StandardCharsets.UTF_8));
  }

  static Path write(Path dir, String name, byte[] content) {
    try {
      Path p = dir.resolve(name);
      Files.write(p, content);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] gzip(byte[] content) {
    try {
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      try (OutputStream out = new GZIPOutputStream(bytes)) {
        out.write(content);
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path writeGzip(Path dir, String name, String content) {
    return write(dir, name, gzip(content.getBytes(StandardCharsets.UTF_8)));
  }

  /** {@code shared/data} found by walking up from the working directory; null when absent. */
  static Path sharedData() {
    Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    while (p != null) {
      Path d = p.resolve("shared").resolve("data");
      if (Files.isDirectory(d)) return d;
      p = p.getParent();
    }
    return null;
  }

  /** A shared data file; skips the test when it is absent. */
  static Path shared(String relative) {
    Path d = sharedData();
    Assumptions.assumeTrue(d != null, "shared/data not found");
    Path f = d.resolve(relative);
    Assumptions.assumeTrue(Files.isRegularFile(f), relative + " not found");
    return f;
  }
}
