/**
 * Alerts a data-monitoring committee can trust, as pure functions (no Kafka here; the streaming app and the
 * batch engine call them):
 * <ul>
 *   <li>{@link org.followupmonitor.alerts.SequentialMonitor}: formal looks on the information fraction and the
 *       Lan-DeMets boundary at the latest look, from the signed log-rank z of
 *       {@link org.followupmonitor.alerts.LogRankZ};</li>
 *   <li>{@link org.followupmonitor.alerts.FollowUpRecord} per patient and
 *       {@link org.followupmonitor.alerts.FollowUpSummary} (overdue follow-up, Clark's completeness C) at the
 *       analysis clock, the latest event date seen;</li>
 *   <li>{@link org.followupmonitor.alerts.ExclusionCounts} for the data-quality rule;</li>
 *   <li>{@link org.followupmonitor.alerts.AlertEvaluator}: the rules of an analysis against its latest figures,
 *       raising and resolving {@link org.followupmonitor.alerts.Alert}s only on a change of
 *       {@link org.followupmonitor.alerts.AlertState}.</li>
 * </ul>
 * Nothing here holds or prints a patient identifier, and counts below the privacy minimum are never published.
 */
package org.followupmonitor.alerts;
