package org.stackwise.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.stackwise.io.Json;

/** What the benchmark ran on: cores, CPU model, memory, load, Java and scikit-learn versions. */
final class Machine {
  private Machine() { }

  static ObjectNode describe(String python) {
    ObjectNode o = Json.object();
    o.put("nproc", Runtime.getRuntime().availableProcessors());
    o.put("cpu_model", firstValue(Path.of("/proc/cpuinfo"), "model name"));
    o.put("memory_total", firstValue(Path.of("/proc/meminfo"), "MemTotal"));
    o.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    o.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    String versions = sklearnVersions(python);
    o.put("python", python);
    o.put("sklearn", versions == null ? "missing" : versions);
    o.put("load_average_at_start", loadAverage());
    return o;
  }

  /** The 1, 5 and 15 minute load averages, as in /proc/loadavg. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  /** "scikit-learn X, numpy Y, Python Z", or null when scikit-learn cannot be imported. */
  static String sklearnVersions(String python) {
    try {
      Process p = new ProcessBuilder(python, "-c",
          "import sklearn, numpy, sys; print('scikit-learn', sklearn.__version__ + ', numpy', numpy.__version__"
              + " + ', Python', sys.version.split()[0])").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) return null;
      return out;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static String firstValue(Path file, String key) {
    try {
      List<String> lines = Files.readAllLines(file);
      for (String line : lines) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).strip().equals(key)) return line.substring(colon + 1).strip();
      }
    } catch (IOException e) {
      return "?";
    }
    return "?";
  }
}
