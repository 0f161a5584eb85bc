/**
 * Stage 2 of lazy stacking, prefix meta-learning: {@link org.stackwise.lazy.substack.Substackers}
 * (a SUB combiner per kept prefix, the shared MASK combiner with a member mask, the full stacker) and
 * their training ({@link org.stackwise.lazy.substack.SubstackerTraining}). Combiners are small MLPs
 * ({@link org.stackwise.learners.mlp.MlpNetwork}) or weighted log-linear pools
 * ({@link org.stackwise.lazy.substack.LogLinearPool}).
 *
 * <p>References: "LazyStack" (ICML 2026), prefix meta-learning; Genest and Zidek, "Combining
 * probability distributions" (Statistical Science 1986) for logarithmic opinion pools.
 */
package org.stackwise.lazy.substack;
