/**
 * Lazy stacking (LazyStack): a stacked ensemble that runs only the members an input needs.
 *
 * <p>Members have costs ({@link org.stackwise.lazy.CostModel}: ms, usd, FLOPs). A
 * {@link org.stackwise.lazy.LazyStackModel} runs them one at a time in a learned order; after each, a
 * substacker for the members run so far aggregates all their outputs, and the cascade stops as soon as
 * the aggregate is confident (top probability above θ); once every member ran, the full stacker answers.
 * Everything is learned from an {@link org.stackwise.lazy.OutputTable} of labelled validation rows —
 * the member outputs of a fitted ensemble ({@link org.stackwise.lazy.WhiteBox}, costs measured) or of
 * models seen only through their logs ({@link org.stackwise.io.logs.ExecutionLogReader}):
 * <ol>
 *   <li>trajectory discovery — the member-selection MDP solved exactly by backward induction
 *       ({@link org.stackwise.lazy.policy});
 *   <li>prefix meta-learning — SUB networks per kept prefix, the shared MASK network, the full stacker
 *       ({@link org.stackwise.lazy.substack});
 *   <li>θ calibration on cross-fitted (out-of-fold) cascades ({@link org.stackwise.lazy.ThetaRule},
 *       optionally per member set: {@link org.stackwise.lazy.Thresholds}).
 * </ol>
 * {@link org.stackwise.lazy.LazyStackLearner} documents every choice the method's description leaves
 * open and the parameter that controls it. {@link org.stackwise.lazy.LazyEvaluation} runs LazyStack and
 * the comparison methods (full stacker, averaging, best single member, cost cascade, ABC, the two
 * ablations, the oracle) on the same rows; {@link org.stackwise.lazy.LazyFile} saves and loads
 * {@code .lzs} files.
 *
 * <p>References: "LazyStack: Unifying Stacking and Cascading for Efficient Ensemble Inference"
 * (ICML 2026); Wolpert, "Stacked generalization" (1992); Viola and Jones, "Rapid object detection using
 * a boosted cascade of simple features" (CVPR 2001) for cost cascades; Kolawole et al., "Agreement-based
 * cascading for efficient inference" (2024) for ABC; Chen et al., "FrugalGPT" (2023) for LLM cascades.
 */
package org.stackwise.lazy;
