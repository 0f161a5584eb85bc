package org.stackwise;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Everything a fit needs besides data and hyperparameters: the seed, the number of threads it may use,
 * a progress listener and a cancellation flag. Immutable; {@link #child(String)} derives the context
 * of a sub-task (a member, a fold) with a seed that depends only on the parent seed and the child's
 * name, never on thread scheduling, so results are identical at any thread count.
 */
public final class FitContext {
  /** Receives progress events from long fits. Implementations must be thread-safe. */
  @FunctionalInterface
  public interface Progress {
    /** {@code done} of {@code total} units of {@code what} are finished. */
    void update(String what, long done, long total);

    /** A listener that ignores everything. */
    Progress NONE = (what, done, total) -> { };
  }

  private final long seed;
  private final int threads;
  private final Progress progress;
  private final AtomicBoolean cancelled;

  private FitContext(long seed, int threads, Progress progress, AtomicBoolean cancelled) {
    if (threads < 1) throw new BadInputException("--threads", "threads must be at least 1, got " + threads);
    this.seed = seed;
    this.threads = threads;
    this.progress = Objects.requireNonNull(progress);
    this.cancelled = cancelled;
  }

  /** A context with the given seed, one thread, no progress output. */
  public static FitContext seeded(long seed) {
    return new FitContext(seed, 1, Progress.NONE, new AtomicBoolean());
  }

  public FitContext withThreads(int threads) {
    return new FitContext(seed, threads, progress, cancelled);
  }

  public FitContext withProgress(Progress progress) {
    return new FitContext(seed, threads, progress, cancelled);
  }

  public long seed() { return seed; }
  public int threads() { return threads; }
  public Progress progress() { return progress; }

  /** A fresh random stream for this context; each call returns an identical, independent stream. */
  public SplittableRandom random() {
    return new SplittableRandom(seed);
  }

  /** A seed that fits in an int (for libraries that take one), derived from {@link #seed()}. */
  public int intSeed() {
    return (int) (mix(seed) >>> 33);
  }

  /**
   * The context of a named sub-task: same threads, progress and cancellation; seed derived from this
   * seed and the name only.
   */
  public FitContext child(String name) {
    long h = seed;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) h = mix(h ^ (b & 0xff)) + 0x9E3779B97F4A7C15L;
    return new FitContext(mix(h), threads, progress, cancelled);
  }

  /** A sub-task context that must run single-threaded (used when the parent parallelises across tasks). */
  public FitContext singleThreadedChild(String name) {
    return child(name).withThreads(1);
  }

  /** Asks every fit sharing this context to stop at its next check. */
  public void cancel() { cancelled.set(true); }

  /** Throws {@link CancellationException} if {@link #cancel()} was called. Long loops call this. */
  public void checkCancelled() {
    if (cancelled.get()) throw new CancellationException("fit cancelled");
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
