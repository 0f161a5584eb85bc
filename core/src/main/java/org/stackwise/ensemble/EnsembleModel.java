package org.stackwise.ensemble;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.stackwise.Model;

/** What every fitted ensemble exposes besides predictions: its members and a description for users. */
public interface EnsembleModel {
  /** Member names in order. */
  List<String> memberNames();

  /** A member's fitted model (the first fold model when members were not refitted), or null. */
  Model member(String name);

  /** The combiner's own model, or null for fixed combination rules. */
  Model metaModel();

  /** Scores, weights and warnings recorded at fit time, as shown by {@code stackwise describe}. */
  ObjectNode describe();
}
