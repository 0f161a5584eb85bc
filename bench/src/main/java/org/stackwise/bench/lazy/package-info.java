/**
 * Lazy-stacking benchmarks: NSL-KDD white-box ({@link org.stackwise.bench.lazy.NslKddLazyBench}) and
 * RouterBench ARC-Challenge black-box ({@link org.stackwise.bench.lazy.RouterBenchLazyBench}); each fits
 * LazyStack on validation rows and reports every method on validation (out-of-fold) and test side by side.
 */
package org.stackwise.bench.lazy;
