/**
 * Built-in linear learners: {@code "logistic"} ({@link org.stackwise.learners.linear.LogisticLearner},
 * L2-regularised multinomial logistic regression by L-BFGS, the objective of scikit-learn's
 * {@code LogisticRegression}) and {@code "ridge"} ({@link org.stackwise.learners.linear.RidgeLearner},
 * closed-form ridge regression and ridge classification, exact leave-one-out choice of the penalty,
 * non-negative and convex weights for stacking).
 *
 * <p>References: D. C. Liu and J. Nocedal, "On the limited memory BFGS method for large scale
 * optimization", Math. Programming 45, 1989; A. E. Hoerl and R. W. Kennard, "Ridge regression",
 * Technometrics 12, 1970; D. M. Allen, "The relationship between variable selection and data
 * augmentation and a method for prediction" (PRESS), Technometrics 16, 1974; C. L. Lawson and
 * R. J. Hanson, <em>Solving Least Squares Problems</em>, 1974; L. Breiman, "Stacked regressions",
 * Machine Learning 24, 1996 (non-negative stacking weights).
 */
package org.stackwise.learners.linear;
