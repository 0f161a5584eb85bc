/**
 * Stage 1 of lazy stacking, trajectory discovery: the member-selection MDP
 * ({@link org.stackwise.lazy.policy.MdpSolver}) over states (members run, entropy bin and predicted
 * class of their aggregate; {@link org.stackwise.lazy.policy.StateSpec}) with actions
 * {@link org.stackwise.lazy.policy.Action} RUN(j) / STOP, estimated from labelled rows with back-off
 * for sparse states and solved exactly by backward induction over the growing member set; the solved
 * {@link org.stackwise.lazy.policy.Policy}, a per-input {@link org.stackwise.lazy.policy.PolicyWalker},
 * and the rolled-out {@link org.stackwise.lazy.policy.Trajectories} with their coverage. Options beyond
 * the paper: a top-vote-share state for hard-label members ({@code StateSpec.votes}), bagged policies
 * ({@code Policy.vote}) and double-estimated state values ({@code MdpSolver.Params.doubleEstimate}).
 *
 * <p>References: "LazyStack" (ICML 2026), trajectory discovery; Puterman, "Markov Decision Processes:
 * Discrete Stochastic Dynamic Programming" (1994), finite-horizon backward induction; Breiman,
 * "Bagging predictors", Machine Learning 24 (1996); van Hasselt, "Double Q-learning", NIPS 2010
 * (the double estimator); Smith and Winkler, "The optimizer's curse", Management Science 52 (2006).
 */
package org.stackwise.lazy.policy;
