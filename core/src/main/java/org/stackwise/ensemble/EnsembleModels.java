package org.stackwise.ensemble;

import java.util.Map;
import java.util.TreeMap;
import org.stackwise.Classifier;
import org.stackwise.io.ModelLoader;

/** Model kinds of the ensemble package, for {@link org.stackwise.io.ModelLoaders}. */
public final class EnsembleModels {
  private EnsembleModels() { }

  public static Map<String, ModelLoader> loaders() {
    Map<String, ModelLoader> m = new TreeMap<>();
    m.put("voting", VotingModels::load);
    m.put("bagging", BaggingLearner::load);
    m.put("moe", org.stackwise.moe.MoeModels::load);
    m.put("moe_expert", org.stackwise.moe.MoeModels::loadExpert);
    m.put("pool", org.stackwise.pool.OpinionPoolModel::load);
    m.put("stacking", in -> {
      StackCore core = StackCore.read(in);
      return core.meta instanceof Classifier ? new StackingClassifier(core) : new StackingRegressor(core);
    });
    return m;
  }
}
