package org.stackwise.learners.mlp;

import java.util.List;

/** Hidden-layer activation functions, with the ids used in specs and model files. */
enum Activation {
  RELU("relu"),
  TANH("tanh");

  /** The ids accepted in specs, in declaration order. */
  static final List<String> IDS = List.of("relu", "tanh");

  private final String id;

  Activation(String id) { this.id = id; }

  String id() { return id; }

  /** The activation with this id; null when unknown (callers report the error with their context). */
  static Activation byId(String id) {
    for (Activation a : values()) if (a.id.equals(id)) return a;
    return null;
  }
}
