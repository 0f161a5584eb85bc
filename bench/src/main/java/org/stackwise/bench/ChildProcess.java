package org.stackwise.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.stackwise.io.Json;

/**
 * Runs one measurement process (a Java worker or the Python reference script) and reads the one JSON
 * object it produces from {@code resultFile}. The child's stdout and stderr go to {@code log}
 * (native libraries such as LightGBM print to stdout, so stdout cannot carry the result). A child that
 * fails or outlives the timeout yields {@code {"error": "..."}}; a timed-out child and its descendants
 * are killed.
 */
final class ChildProcess {
  private ChildProcess() { }

  static ObjectNode run(List<String> command, Map<String, String> env, Path resultFile, Path log, Duration timeout) {
    try {
      Files.deleteIfExists(resultFile);
      Files.createDirectories(log.toAbsolutePath().getParent());
      Files.writeString(log, "$ " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      pb.environment().putAll(env);
      long t0 = System.nanoTime();
      Process p = pb.start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
        return error("timeout: no result after " + timeout.toMinutes() + " min (killed)");
      }
      double wall = (System.nanoTime() - t0) / 1e9;
      if (p.exitValue() != 0 || !Files.isRegularFile(resultFile)) {
        return error("exit code " + p.exitValue() + ": " + tail(log, 6));
      }
      JsonNode node = Json.MAPPER.readTree(Files.readString(resultFile).strip());
      if (!(node instanceof ObjectNode o)) return error("result is not a JSON object: " + resultFile);
      o.put("process_wall_seconds", wall);
      return o;
    } catch (IOException e) {
      return error("could not run " + command.get(0) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return error("interrupted");
    }
  }

  static ObjectNode error(String message) {
    ObjectNode o = Json.object();
    o.put("error", message);
    return o;
  }

  private static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join(" | ", all.subList(Math.max(0, all.size() - lines), all.size())).strip();
    } catch (IOException | java.io.UncheckedIOException e) {
      return "(no log)";
    }
  }
}
