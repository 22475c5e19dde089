/**
 * Kaplan-Meier figures without plotting libraries: a {@link org.followupmonitor.report.KmPlotSpec}
 * of {@link org.followupmonitor.report.KmSeries} is drawn by {@link org.followupmonitor.report.KmSvgRenderer}
 * (text) and {@link org.followupmonitor.report.KmPngRenderer} (Java2D, headless) with the same
 * geometry: right-continuous steps from S(0) = 1, step-shaped confidence bands, "+" censor marks,
 * an Okabe-Ito palette, percent y-axis, and a number-at-risk table whose columns sit exactly under
 * the x-axis ticks. Small cells are passed as suppressed series and are never drawn. No estimation
 * happens here; estimates come from {@code survival/}.
 */
package org.followupmonitor.report;
