package org.stackwise.cli;

import java.io.PrintWriter;
import org.stackwise.FitContext;

/**
 * A one-line progress bar with an ETA on stderr, fed by {@link FitContext.Progress} events (fold ×
 * member fits). Redrawn at most every 100 ms; {@link #close()} erases it. Thread-safe. When disabled it
 * draws nothing, so commands can always attach one.
 *
 * <p>Learners running inside an ensemble report their own progress (epochs, trees) through the same
 * listener, from several threads at once. So that the bar does not jump between them, it can be
 * restricted to one kind of event ({@link #only}), and it follows one stage (kind and total) until that
 * stage is complete before it accepts another.
 */
final class ProgressBar implements FitContext.Progress, AutoCloseable {
  private static final int WIDTH = 28;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintWriter err;
  private final boolean enabled;
  private String label;
  private String only;
  private String stage = "";
  private long stageTotal = -1;
  private long stageDone = -1;
  private long stageStart;
  private long idleSince = System.nanoTime();  // when the last stage ended (or the work began)
  private long lastDraw;
  private int drawnWidth;

  ProgressBar(PrintWriter err, String label, boolean enabled) {
    this.err = err;
    this.label = label;
    this.enabled = enabled;
  }

  /** Shows only events of this kind (e.g. {@code "member fits"}); null shows every kind. */
  synchronized ProgressBar only(String what) {
    this.only = what;
    return this;
  }

  /** Changes the text shown before the bar (e.g. {@code "fold 2/5"}). */
  synchronized void label(String newLabel) {
    this.label = newLabel;
    stage = "";  // a new part of the work: follow whatever comes next
    stageTotal = -1;
    stageDone = -1;
    idleSince = System.nanoTime();
  }

  @Override public synchronized void update(String what, long done, long total) {
    if (!enabled || (only != null && !only.equals(what))) return;
    long now = System.nanoTime();
    if (!what.equals(stage) || total != stageTotal) {
      if (stageDone >= 0 && stageDone < stageTotal) return;  // another stage is still running: keep following it
      stage = what;  // a new stage: restart the ETA clock
      stageTotal = total;
      stageDone = 0;
      // the first event arrives when the first unit is done: the stage began when the last one ended
      stageStart = idleSince;
    }
    // events from parallel tasks can arrive out of order: never move backwards
    stageDone = Math.max(stageDone, done);
    if (stageDone >= total) idleSince = now;
    draw(what, stageDone, total, now);
  }

  private void draw(String what, long done, long total, long now) {
    if (done < total && now - lastDraw < REDRAW_NANOS) return;
    lastDraw = now;
    double frac = total <= 0 ? 0 : Math.min(1, done / (double) total);
    int fill = (int) Math.round(frac * WIDTH);
    StringBuilder sb = new StringBuilder("\r");
    if (label != null && !label.isEmpty()) sb.append(label).append("  ");
    sb.append('[').append("#".repeat(fill)).append(".".repeat(WIDTH - fill)).append("] ")
        .append(done).append('/').append(total).append(' ').append(what);
    double elapsed = (now - stageStart) / 1e9;
    if (done > 0 && done < total) sb.append("  ETA ").append(clock(elapsed / done * (total - done)));
    else if (done >= total) sb.append("  ").append(clock(elapsed));
    int w = sb.length() - 1;
    if (w < drawnWidth) sb.append(" ".repeat(drawnWidth - w));
    drawnWidth = Math.max(drawnWidth, w);
    err.print(sb);
    err.flush();
  }

  /** Erases the bar. */
  @Override public synchronized void close() {
    if (enabled && drawnWidth > 0) {
      err.print("\r" + " ".repeat(drawnWidth) + "\r");
      err.flush();
      drawnWidth = 0;
    }
  }

  static String clock(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
  }
}
