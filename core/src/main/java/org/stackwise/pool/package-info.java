/**
 * The weighted logarithmic opinion pool: a meta-learner that combines member class distributions with
 * one weight per member and one bias per class ({@link org.stackwise.pool.OpinionPool}). It is the
 * default meta-learner of multiclass probability stacks ({@link org.stackwise.pool.OpinionPoolLearner})
 * and one of the lazy package's substacker kinds.
 */
package org.stackwise.pool;
