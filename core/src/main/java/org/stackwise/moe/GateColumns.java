package org.stackwise.moe;

import java.util.Arrays;
import org.stackwise.BadInputException;

/** Which input columns the gate sees; the experts see the others (or all of them). */
public enum GateColumns {
  /** The gate and the experts see every column. */
  ALL("all"),
  /**
   * For a mixture used as the meta-learner of a stack with {@code passthrough: true}: the gate sees the
   * passed-through original features, the experts see the member outputs. The stack tells the
   * mixture where one block ends ({@link org.stackwise.ensemble.MetaInputAware}).
   */
  PASSTHROUGH("passthrough");

  private final String id;

  GateColumns(String id) { this.id = id; }

  /** The name used in specs. */
  public String id() { return id; }

  /** Parses a spec value. */
  public static GateColumns parse(String s, String source) {
    for (GateColumns g : values()) if (g.id.equals(s)) return g;
    throw new BadInputException(source, "gate_columns must be one of "
        + Arrays.stream(values()).map(GateColumns::id).toList() + ", got '" + s + "'");
  }
}
