/**
 * Survival statistics on the JDK and Commons Math only, checked against R's {@code survival}.
 *
 * <p>Kaplan-Meier, log-rank and streaming risk sets all meet in one aggregated form:
 * raw arrays ({@link org.followupmonitor.survival.StratifiedRiskTables#of}) or the incremental
 * structure ({@link org.followupmonitor.survival.IncrementalRiskSets#tables}) give
 * {@link org.followupmonitor.survival.StratifiedRiskTables} / {@link org.followupmonitor.survival.RiskTable};
 * {@link org.followupmonitor.survival.KaplanMeier#fit} and
 * {@link org.followupmonitor.survival.LogRank#test} each have exactly one implementation on that form,
 * so streaming and batch results agree bit for bit.
 *
 * <p>Competing risks follow the same pattern: subject rows or per-day counts
 * ({@link org.followupmonitor.survival.CompetingCellCounts}) give
 * {@link org.followupmonitor.survival.CompetingRiskTables}, from which
 * {@link org.followupmonitor.survival.AalenJohansen#fit} and {@link org.followupmonitor.survival.GrayTest}
 * work; {@link org.followupmonitor.survival.FineGray} takes subject rows, as {@code CoxRegression} does.
 */
package org.followupmonitor.survival;
