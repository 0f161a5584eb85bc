package org.stackwise.moe;

import java.io.IOException;
import org.stackwise.Model;
import org.stackwise.Task;
import org.stackwise.io.ModelReader;

/** Model kinds of the mixture-of-experts package, for {@link org.stackwise.io.ModelLoaders}. */
public final class MoeModels {
  private MoeModels() { }

  /** Loads a mixture (kind {@code "moe"}): a {@link MixtureOfExpertsClassifier} or {@link MixtureOfExpertsRegressor}. */
  public static Model load(ModelReader in) throws IOException {
    MoeCore core = MoeCore.read(in);
    return core.task == Task.CLASSIFICATION ? new MixtureOfExpertsClassifier(core) : new MixtureOfExpertsRegressor(core);
  }

  /** Loads a jointly trained expert (kind {@code "moe_expert"}). */
  public static Model loadExpert(ModelReader in) throws IOException {
    return NetExpert.load(in);
  }
}
