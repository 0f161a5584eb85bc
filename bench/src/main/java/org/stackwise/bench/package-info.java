/**
 * Benchmark runners that compare Stackwise with reference systems side by side in one run; not shipped.
 *
 * <p>{@link org.stackwise.bench.BenchmarkMain} (entry point {@code bench/run.sh}) compares every catalogue
 * learner with its scikit-learn 1.2 counterpart and the {@code default} preset stack with scikit-learn's
 * {@code StackingClassifier} (Pedregosa et al., "Scikit-learn: Machine Learning in Python", JMLR 12, 2011;
 * Wolpert, "Stacked generalization", Neural Networks 5, 1992), on the standard train/test splits of the
 * shared benchmark data sets, and writes {@code docs/BENCHMARKS.md} with the raw results under
 * {@code docs/bench-results/}. Each model is fitted in a process of its own so that peak memory is
 * attributable; accuracy and log loss use one formula on both sides ({@code Scores}).
 */
package org.stackwise.bench;
