/**
 * Our own multilayer perceptron: the {@code "mlp"} catalogue learner ({@link
 * org.stackwise.learners.mlp.MlpLearner}) and the matrix-level trainer used by lazy-stacking substackers
 * ({@link org.stackwise.learners.mlp.MlpTrainer} → {@link org.stackwise.learners.mlp.MlpNetwork}).
 *
 * <p>Dense layers on flat row-major arrays, mini-batch Adam, L2 penalty, early stopping on a stratified
 * validation split; single-threaded and seeded training, so results are bit-for-bit reproducible.
 *
 * <p>References: D. P. Kingma and J. Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015;
 * K. He et al., "Delving Deep into Rectifiers", ICCV 2015 (initialisation for ReLU);
 * X. Glorot and Y. Bengio, "Understanding the difficulty of training deep feedforward neural networks",
 * AISTATS 2010; L. Prechelt, "Early Stopping — But When?", Neural Networks: Tricks of the Trade, 1998;
 * scikit-learn's {@code MLPClassifier} (Pedregosa et al., JMLR 12, 2011), whose defaults and loss scaling
 * this package follows.
 */
package org.stackwise.learners.mlp;
