package org.stackwise.bench;

import org.stackwise.FitContext;
import org.stackwise.Learner;
import org.stackwise.Model;
import org.stackwise.Task;
import org.stackwise.data.Dataset;
import org.stackwise.ensemble.MetaInputAware;
import org.stackwise.ensemble.StackingLearner;
import org.stackwise.pool.OpinionPoolLearner;

/**
 * The sixth meta-choice run's candidate, for {@link MetaChoiceStudy}: the opinion pool
 * ({@link OpinionPoolLearner}) on stacks with more than two classes, the default logistic meta-learner on
 * two. Its models are the pool's or the logistic's, so they save like either.
 *
 * @param pool the pool, configured for the meta-input once the stack calls {@link #forMetaInput}
 */
record HybridMeta(OpinionPoolLearner pool) implements Learner, MetaInputAware {
  static HybridMeta defaults() {
    return new HybridMeta(OpinionPoolLearner.defaults());
  }

  @Override public String id() { return "hybrid"; }
  @Override public boolean supports(Task task) { return task == Task.CLASSIFICATION; }
  @Override public Record params() { return this; }

  @Override public com.fasterxml.jackson.databind.node.ObjectNode spec() {
    com.fasterxml.jackson.databind.node.ObjectNode o = org.stackwise.io.Json.object();
    o.put("learner", "hybrid (study only)");
    return o;
  }

  @Override public Learner forMetaInput(int memberColumns, int passthroughColumns) {
    return new HybridMeta((OpinionPoolLearner) pool.forMetaInput(memberColumns, passthroughColumns));
  }

  @Override public Model fit(Dataset data, FitContext context) {
    Learner chosen = data.classes().numClasses() > 2 ? pool : StackingLearner.DEFAULT_META_CLASSIFIER;
    return chosen.fit(data, context);
  }
}
