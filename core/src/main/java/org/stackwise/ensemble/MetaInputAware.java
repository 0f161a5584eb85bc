package org.stackwise.ensemble;

import org.stackwise.Learner;

/**
 * A meta-learner that wants to know how its input is laid out: {@code memberColumns} columns of member
 * outputs, followed by {@code passthroughColumns} original feature columns when the stack passes them
 * through. {@link StackingLearner} and {@link BlendingLearner} call it just before fitting the
 * meta-learner (a mixture of experts uses it to let its gate see the original features while its experts
 * see the member outputs).
 */
public interface MetaInputAware {
  /** This learner, configured for the given meta-input layout. */
  Learner forMetaInput(int memberColumns, int passthroughColumns);

  /** {@code learner} configured for the layout when it is {@link MetaInputAware}, else unchanged. */
  static Learner configure(Learner learner, int metaColumns, int passthroughColumns) {
    return learner instanceof MetaInputAware a ? a.forMetaInput(metaColumns - passthroughColumns, passthroughColumns)
        : learner;
  }
}
