/**
 * Alerts a data-monitoring committee can trust, as pure functions (no Kafka here; the streaming app and the
 * batch engine call them):
 * <ul>
 *   <li>{@link org.followupmonitor.alerts.SequentialMonitor}: formal looks as data cuts, their Lan-DeMets boundaries
 *       from the looks' actual information fractions (over-running: the final look spends the alpha left), and the
 *       signed log-rank z of {@link org.followupmonitor.alerts.LogRankZ};
 *       {@link org.followupmonitor.alerts.SequentialMonitoring} is the engine's monitor built on it;</li>
 *   <li>{@link org.followupmonitor.alerts.ExclusionCounts} for the data-quality rule;</li>
 *   <li>{@link org.followupmonitor.alerts.AlertEvaluator}: the rules of an analysis against its published result
 *       alone (the follow-up completeness, look history and exclusions it carries), raising, holding and resolving
 *       {@link org.followupmonitor.alerts.Alert}s only on a change of {@link org.followupmonitor.alerts.AlertState}.</li>
 * </ul>
 * Nothing here holds or prints a patient identifier, and counts below the privacy minimum are never published.
 */
package org.followupmonitor.alerts;
