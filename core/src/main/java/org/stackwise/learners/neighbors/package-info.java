/**
 * Nearest-neighbour learners: {@code "knn"} ({@link org.stackwise.learners.neighbors.KnnLearner}),
 * exact brute-force k-nearest neighbours with blocked, vectorisable distance computation
 * (T. Cover and P. Hart, "Nearest neighbor pattern classification", IEEE Trans. Inf. Theory 13, 1967).
 */
package org.stackwise.learners.neighbors;
