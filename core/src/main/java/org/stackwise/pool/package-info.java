/**
 * The weighted logarithmic opinion pool: a meta-learner that combines member class distributions with
 * one weight per member and one bias per class ({@link org.stackwise.pool.OpinionPool}). Stacks use it
 * when their spec asks for it ({@link org.stackwise.pool.OpinionPoolLearner}, {@code "meta": {"pool": {}}});
 * the lazy package uses it as one of its substacker kinds.
 */
package org.stackwise.pool;
