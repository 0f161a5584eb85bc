/**
 * Small numerical building blocks for the built-in learners: limited-memory BFGS with a strong-Wolfe
 * line search ({@link org.stackwise.internal.linalg.Lbfgs}; Nocedal &amp; Wright, <em>Numerical
 * Optimization</em>, 2006, ch. 3 and 7), Cholesky solves, a Jacobi symmetric eigensolver
 * (Golub &amp; Van Loan, <em>Matrix Computations</em>, §8.5), non-negative least squares (Lawson &amp;
 * Hanson, <em>Solving Least Squares Problems</em>, 1974) and a deterministic block runner for
 * multithreaded partial sums. Not a public API.
 */
package org.stackwise.internal.linalg;
