package org.stackwise.internal.linalg;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs numbered tasks (blocks of rows) on a fixed number of threads, for the per-block partial sums
 * of the linear learners. Determinism comes from the caller: each block writes only its own slot and
 * the caller combines the slots in block order, so the result never depends on which thread ran which
 * block. Rows are cut into blocks of {@link #BLOCK_ROWS} whatever the thread count.
 *
 * <p>Open one runner per fit and close it at the end; with one thread no pool is created and tasks
 * run on the calling thread.
 */
public final class BlockRunner implements AutoCloseable {
  /** Rows per block: fixed so that sums are grouped the same way at any thread count. */
  public static final int BLOCK_ROWS = 4096;

  private final int threads;
  private final ExecutorService pool;

  private BlockRunner(int threads) {
    this.threads = threads;
    this.pool = threads > 1 ? Executors.newFixedThreadPool(threads - 1, r -> {
      Thread t = new Thread(r, "stackwise-block");
      t.setDaemon(true);
      return t;
    }) : null;
  }

  /** A runner using up to {@code threads} threads (the caller's included). */
  public static BlockRunner open(int threads) {
    if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    return new BlockRunner(threads);
  }

  /** Number of blocks covering {@code rows} rows. */
  public static int blocks(int rows) {
    return (rows + BLOCK_ROWS - 1) / BLOCK_ROWS;
  }

  /** Runs {@code task.accept(b)} for every b in [0, tasks) and returns when all are done. */
  public void run(int tasks, IntConsumer task) {
    if (pool == null || tasks <= 1) {
      for (int b = 0; b < tasks; b++) task.accept(b);
      return;
    }
    AtomicInteger next = new AtomicInteger();
    Runnable worker = () -> {
      for (int b = next.getAndIncrement(); b < tasks; b = next.getAndIncrement()) task.accept(b);
    };
    int helpers = Math.min(threads - 1, tasks - 1);
    List<Future<?>> futures = new ArrayList<>(helpers);
    for (int t = 0; t < helpers; t++) futures.add(pool.submit(worker));
    RuntimeException failure = null;
    try {
      worker.run();
    } catch (RuntimeException e) {
      failure = e;
      next.set(tasks); // let the helpers finish early
    }
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        if (failure == null) failure = new IllegalStateException("interrupted while waiting for blocks", e);
      }
    }
    if (failure != null) throw failure;
  }

  @Override public void close() {
    if (pool != null) pool.shutdownNow();
  }
}
