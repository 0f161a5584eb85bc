/**
 * Fold plans: which rows each fold trains on and holds out. One {@link org.stackwise.folds.FoldPlan}
 * is shared by every member of an ensemble so their out-of-fold predictions are comparable.
 *
 * <p>Plans: K-fold, stratified K-fold (each fold keeps the class proportions, as scikit-learn's
 * {@code StratifiedKFold}), grouped K-fold (no group is split across folds; groups are assigned largest
 * first to the lightest fold), time-ordered expanding window (as scikit-learn's {@code TimeSeriesSplit}:
 * the first block is never held out), and repeated K-fold. All are seeded and deterministic.
 */
package org.stackwise.folds;
