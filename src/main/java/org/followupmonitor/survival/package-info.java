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
 */
package org.followupmonitor.survival;
