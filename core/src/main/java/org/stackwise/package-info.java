/**
 * Stackwise core vocabulary: {@link org.stackwise.Learner} (an immutable spec of hyperparameters),
 * {@link org.stackwise.Model} with its two capabilities {@link org.stackwise.Classifier} and
 * {@link org.stackwise.Regressor} (immutable, thread-safe fitted models), {@link org.stackwise.FitContext}
 * (seed, threads, progress, cancellation) and {@link org.stackwise.Member} (a named ensemble member).
 *
 * <p>Feature rows handed to models are always in the <em>raw schema space</em> of the training
 * {@link org.stackwise.data.Dataset}: numeric values as doubles, categorical values as level indices,
 * missing values as {@code NaN}. Each model owns whatever preprocessing it needs.
 */
package org.stackwise;
