package org.stackwise.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Memory of the current JVM process: resident set size now ({@code VmRSS}) and its high-water mark
 * ({@code VmHWM}) from {@code /proc/self/status}, which include native memory (LightGBM, XGBoost) and the
 * JVM itself; and the peak of used Java heap (sum of the heap pools' peaks, an upper bound of the true
 * simultaneous peak). All in MiB; NaN where {@code /proc} is not available.
 */
final class ProcessMemory {
  private ProcessMemory() { }

  /** Current resident set size, MiB. */
  static double rssMb() {
    return statusMb("VmRSS:");
  }

  /** Peak resident set size of this process so far, MiB. */
  static double peakRssMb() {
    return statusMb("VmHWM:");
  }

  /** Sum of the heap pools' peak used sizes, MiB. */
  static double peakHeapMb() {
    long bytes = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) bytes += pool.getPeakUsage().getUsed();
    }
    return bytes / (1024.0 * 1024.0);
  }

  private static double statusMb(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(key)) return Long.parseLong(line.substring(key.length()).replace("kB", "").strip()) / 1024.0;
      }
    } catch (IOException | NumberFormatException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }
}
