/**
 * {@code stackwise report}: self-contained HTML reports with charts.
 *
 * <p>Charts are hand-written inline SVG ({@link org.stackwise.cli.report.Charts},
 * {@link org.stackwise.cli.report.FlowChart}) rather than XChart: the report needs a flow (Sankey)
 * diagram and annotated heat maps that XChart does not draw, SVG text stays sharp and selectable at any
 * zoom, exact values are shown on hover without script, and no AWT, fonts or extra dependency is
 * needed on a headless machine. The page carries no external resource: CSS, charts and a few lines of
 * self-check script are inline, so the file opens offline.
 *
 * <p>Statistics: percentile-bootstrap intervals ({@link org.stackwise.eval.Bootstrap}; Efron and
 * Tibshirani, 1993); reliability diagrams and expected calibration error (Guo et al., "On Calibration
 * of Modern Neural Networks", ICML 2017); member diversity as the correlation of member errors
 * (Kuncheva and Whitaker, "Measures of Diversity in Classifier Ensembles", Machine Learning 51, 2003).
 */
package org.stackwise.cli.report;
