package org.stackwise.lazy.policy;

/**
 * What the lazy-stacking policy does in a state: run one more member, or stop and answer with what
 * has run so far. A closed set: {@link Run} or {@link Stop}.
 */
public sealed interface Action permits Action.Run, Action.Stop {
  /** Run member {@code member} (an index into the member list) next. */
  record Run(int member) implements Action {
    public Run {
      if (member < 0) throw new IllegalArgumentException("member index must be >= 0, got " + member);
    }
  }

  /** Stop and answer with the aggregate of the members run so far. */
  record Stop() implements Action { }

  /** The single {@link Stop} value. */
  Stop STOP = new Stop();
}
