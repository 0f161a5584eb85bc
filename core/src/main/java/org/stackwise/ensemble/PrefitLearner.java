package org.stackwise.ensemble;

import java.util.Objects;
import org.stackwise.FitContext;
import org.stackwise.Learner;
import org.stackwise.Model;
import org.stackwise.Task;
import org.stackwise.data.Dataset;

/**
 * A member that is already fitted (frozen). Its meta-features are necessarily in-sample for the rows it
 * was trained on, so stacking warns when a prefit member is used; use it only for models fitted on other
 * data (a pre-trained network, a remote service).
 */
public record PrefitLearner(Model model) implements Learner {
  public PrefitLearner {
    Objects.requireNonNull(model, "model");
  }

  @Override public String id() { return "prefit:" + model.kind(); }
  @Override public boolean supports(Task task) { return model.task() == task; }
  @Override public Record params() { return this; }

  @Override public Model fit(Dataset data, FitContext context) {
    if (!model.schema().equals(data.schema())) {
      throw new org.stackwise.BadInputException("prefit member", "the prefit model's schema does not match the data's schema");
    }
    return model;
  }
}
