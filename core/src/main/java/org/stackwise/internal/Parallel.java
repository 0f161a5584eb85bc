package org.stackwise.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs independent tasks on a bounded pool and returns their results in task order, so the outcome
 * never depends on which thread finished first. Tasks must derive any randomness from their own seed.
 */
public final class Parallel {
  private Parallel() { }

  /** Runs {@code tasks} on at most {@code threads} threads; the first failure is rethrown after all stop. */
  public static <T> List<T> run(List<? extends Callable<T>> tasks, int threads) {
    if (tasks.isEmpty()) return List.of();
    if (threads <= 1 || tasks.size() == 1) {
      List<T> out = new ArrayList<>(tasks.size());
      for (Callable<T> t : tasks) out.add(call(t));
      return out;
    }
    AtomicInteger counter = new AtomicInteger();
    ThreadFactory tf = r -> {
      Thread t = new Thread(r, "stackwise-worker-" + counter.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, tasks.size()), tf);
    try {
      List<Future<T>> futures = new ArrayList<>(tasks.size());
      for (Callable<T> t : tasks) futures.add(pool.submit(t));
      List<T> out = new ArrayList<>(tasks.size());
      RuntimeException first = null;
      for (Future<T> f : futures) {
        try {
          out.add(f.get());
        } catch (ExecutionException e) {
          if (first == null) first = unwrap(e.getCause());
          out.add(null);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          pool.shutdownNow();
          throw new java.util.concurrent.CancellationException("interrupted");
        }
      }
      if (first != null) throw first;
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private static <T> T call(Callable<T> t) {
    try {
      return t.call();
    } catch (Exception e) {
      throw unwrap(e);
    }
  }

  private static RuntimeException unwrap(Throwable e) {
    if (e instanceof RuntimeException re) return re;
    if (e instanceof Error err) throw err;
    if (e instanceof java.io.IOException io) return new java.io.UncheckedIOException(io);
    return new IllegalStateException(e);
  }
}
