/**
 * Tree-based catalogue learners: {@code decision_tree}, {@code random_forest} and {@code extra_trees}
 * (our own CART implementation), {@code lightgbm} (LightGBM) and {@code xgboost} (XGBoost), each for
 * classification and regression.
 *
 * <h2>Why the forests are our own code</h2>
 * DESIGN.md asks for trees and forests from Tribuo or from LightGBM's random-forest mode, "whichever is
 * faster and as accurate — measure". The measurement (letter and satimage, standard test split,
 * single thread, scikit-learn 1.2.1 {@code RandomForestClassifier} as the reference; details in
 * {@code bench/notes/random-forest-choice.md}):
 * <table>
 *   <caption>accuracy / fit seconds</caption>
 *   <tr><th></th><th>satimage</th><th>letter</th></tr>
 *   <tr><td>scikit-learn RF, 100 trees</td><td>0.928 / 0.9 s</td><td>0.968 / 1.6 s</td></tr>
 *   <tr><td>LightGBM {@code boosting=rf}, 100 trees</td><td>0.916 / 7.7–13 s</td><td>0.956 / 49 s</td></tr>
 *   <tr><td>Tribuo CART + RandomForestTrainer, 100 trees</td><td>0.926 / 21 s</td><td>0.968 / 22 s</td></tr>
 *   <tr><td>scikit-learn RF, 300 trees</td><td>0.929 / 2.7–4.1 s</td><td>0.969 / 7.0–8.1 s</td></tr>
 *   <tr><td>this package, 300 trees</td><td>0.929 / 1.0–1.7 s</td><td>0.970 / 2.4–3.9 s</td></tr>
 * </table>
 * LightGBM's random-forest mode grows one-vs-rest regression trees per class and iteration (26 × 100
 * trees on letter): over a point less accurate and 8–30× slower. Tribuo matches the accuracy but is
 * 13–23× slower, and its model files (protobuf naming classes to instantiate) could not be loaded
 * without reflection on names from the file. Neither meets "as accurate and faster", so the project's
 * rule "do not re-implement what a library does well" does not apply here; a histogram CART is small.
 *
 * <h2>The forest implementation</h2>
 * {@link org.stackwise.learners.trees.TreeGrower} grows CART trees (Breiman, Friedman, Olshen and Stone,
 * <i>Classification and Regression Trees</i>, 1984) with Gini impurity or squared error on per-feature
 * bins ({@link org.stackwise.learners.trees.FeatureBins}): features with at most 255 distinct values are
 * split exactly, others on 255 quantile bins, as in histogram gradient boosting. Random forests follow
 * Breiman, "Random Forests", <i>Machine Learning</i> 45 (2001): bootstrap rows, a random feature subset per
 * split, probabilities averaged over trees. Extra trees follow Geurts, Ernst and Wehenkel, "Extremely
 * randomized trees", <i>Machine Learning</i> 63 (2006): one uniform random threshold per candidate feature,
 * no bootstrap. Defaults follow scikit-learn 1.2 except 300 trees per forest. Missing values are split on
 * natively (each split sends them to the better side); categorical columns are one-hot encoded. Trees
 * are grown in parallel, each from a seed drawn up front, so results are bit-identical at any thread count.
 * Models are stored in a small checked binary format ({@link org.stackwise.learners.trees.ForestModels}).
 *
 * <h2>LightGBM and XGBoost</h2>
 * Gradient boosting comes from LightGBM (Ke et al., "LightGBM: A Highly Efficient Gradient Boosting
 * Decision Tree", NeurIPS 2017) through the native library and SWIG bindings of {@code lightgbm4j}, and
 * from XGBoost (Chen and Guestrin, "XGBoost: A Scalable Tree Boosting System", KDD 2016) through
 * {@code xgboost4j}. Models are stored in the libraries' own formats (LightGBM text, XGBoost JSON).
 * {@link org.stackwise.learners.trees.LightGbmNative} explains why lightgbm4j's wrapper classes are not
 * used (two JVM crashes) and how concurrent prediction and native memory are handled;
 * {@link org.stackwise.learners.trees.LightGbmText} why LightGBM text is checked before LightGBM reads it.
 *
 * <p>Both libraries use OpenMP. With more threads than free cores, OpenMP's default busy-waiting makes fits
 * many times slower (measured: a 300-row LightGBM fit took 1 s instead of 60 ms at 2 threads on a loaded
 * 2-core machine); setting {@code OMP_WAIT_POLICY=PASSIVE} in the environment avoids it.
 */
package org.stackwise.learners.trees;
