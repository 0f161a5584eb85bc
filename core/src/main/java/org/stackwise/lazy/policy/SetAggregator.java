package org.stackwise.lazy.policy;

/**
 * A learned aggregate of the outputs of a member set, used as the MDP state's aggregate when
 * {@link StateSpec.Aggregate#MASK} (the MASK combiner). Must be deterministic and thread-safe.
 */
@FunctionalInterface
public interface SetAggregator {
  /** The aggregate distribution of the members in {@code set}; {@code outputs[j]} is null for members not in it. */
  double[] of(int set, double[][] outputs);
}
