/**
 * Naive Bayes: {@code "naive_bayes"} ({@link org.stackwise.learners.bayes.NaiveBayesLearner}), Gaussian
 * for numeric columns and Laplace-smoothed categorical for categorical ones (T. Hastie, R. Tibshirani
 * and J. Friedman, <em>The Elements of Statistical Learning</em>, 2nd ed., §6.6.3; the Gaussian part
 * follows scikit-learn's {@code GaussianNB}, including its variance smoothing).
 */
package org.stackwise.learners.bayes;
