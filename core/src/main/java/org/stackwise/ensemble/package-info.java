/**
 * The ensemble engine: stacked generalization, blending, voting and weighted consensus, ensemble
 * selection and bagging.
 *
 * <p>Every learned combiner is trained on {@link org.stackwise.ensemble.OofPredictions} only, built by
 * {@link org.stackwise.ensemble.OutOfFold}: a member's output for a row always comes from a copy of
 * that member fitted without the row (Wolpert 1992, "Stacked generalization"; Breiman 1996,
 * "Stacked regressions"); with {@code out_of_bag}, a bagged forest's copy is its own trees whose
 * bootstrap samples left the row out (its out-of-bag prediction, Breiman 1996, "Out-of-bag
 * estimation"), from one fit instead of one per fold. Blending instead holds out one split (the CS109A train / blend / test
 * scheme). Ensemble selection follows Caruana et al. 2004, "Ensemble selection from libraries of
 * models" (greedy forward selection with replacement); pseudo-Bayesian model averaging follows
 * Yao et al. 2018 (weights ∝ exp of each member's out-of-fold log-likelihood).
 */
package org.stackwise.ensemble;
