/**
 * Support vector machines from the reference libraries: {@code "linear_svm"}
 * ({@link org.stackwise.learners.svm.LinearSvmLearner}, liblinear: R.-E. Fan, K.-W. Chang, C.-J. Hsieh,
 * X.-R. Wang and C.-J. Lin, "LIBLINEAR: A library for large linear classification", JMLR 9, 2008) and
 * {@code "svm"} ({@link org.stackwise.learners.svm.SvmLearner}, libsvm: C.-C. Chang and C.-J. Lin,
 * "LIBSVM: A library for support vector machines", ACM TIST 2, 2011). Models are saved in each
 * library's own text format beside our preprocessing JSON.
 *
 * <p>Probability outputs: linear SVMs are calibrated by a multinomial logistic regression on their
 * decision values (J. Platt, "Probabilistic outputs for support vector machines", 1999, generalised to
 * k classes); kernel SVMs use libsvm's own pairwise coupling (T.-F. Wu, C.-J. Lin and R. C. Weng,
 * "Probability estimates for multi-class classification by pairwise coupling", JMLR 5, 2004).
 */
package org.stackwise.learners.svm;
