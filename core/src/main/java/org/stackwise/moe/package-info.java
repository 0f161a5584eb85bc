/**
 * Mixture of experts: a softmax gate weights K experts per input, {@code y(x) = Σ_k g_k(x)·f_k(x)}
 * ({@link org.stackwise.moe.MixtureOfExpertsLearner}, spec {@code {"moe": {...}}}).
 *
 * <p>Training. Linear and MLP experts are trained jointly with the gate by mini-batch Adam (Kingma and
 * Ba 2015) on one of three losses ({@link org.stackwise.moe.MoeLoss}): the specialising loss
 * {@code Σ_k g_k·L(y, f_k)} and the cooperative ("collapsing") loss {@code L(y, Σ_k g_k f_k)} of Jacobs,
 * Jordan, Nowlan and Hinton 1991, "Adaptive mixtures of local experts", and the mixture likelihood
 * {@code −log Σ_k g_k p_k(y|x)}. Any other catalogue learner is trained by EM-style alternation (Jordan
 * and Jacobs 1994, "Hierarchical mixtures of experts and the EM algorithm"): posterior responsibilities
 * become row weights for the experts and soft targets for the gate. The gate starts from a seeded
 * k-means++ partition of its features (Arthur and Vassilvitskii 2007) so experts start different; joint
 * training keeps the best of a few restarts.
 *
 * <p>Sparse gating keeps the top-k gates per row, renormalised, and runs only those experts (Shazeer et
 * al. 2017, "Outrageously large neural networks: the sparsely-gated mixture-of-experts layer"); the
 * optional load-balancing term is the Switch Transformer's {@code α·K·Σ_k f_k·P_k} (Fedus, Zoph and
 * Shazeer 2021).
 *
 * <p>Collapse — one expert taking every row, or experts that all do the same — is made visible: each
 * fitted model reports per-expert utilisation and the gate entropy ({@link org.stackwise.moe.Utilisation},
 * key {@code "experts"} of {@code describe()}) and warns when one expert is the top expert for more than
 * a chosen share of rows.
 *
 * <p>As the meta-learner of a stack with {@code passthrough: true} and {@code gate_columns: "passthrough"},
 * the gate sees the original features and the experts see the member outputs: input-dependent stacking.
 */
package org.stackwise.moe;
