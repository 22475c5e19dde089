package org.followupmonitor.alerts;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;
import java.util.Objects;

/**
 * A change of state of one alert rule for one analysis (and group, where the rule is per group).
 * Carries the numbers behind it, all of them from the published result it was evaluated on; never a patient
 * identifier.
 *
 * @param state the condition's new state: {@code raised}; {@code pending-follow-up} (it would hold, but follow-up is
 *     not complete enough to act on: held, not raised); or {@code resolved} (it no longer holds)
 * @param at the analysis clock (ISO date) when the state changed
 */
@JsonPropertyOrder({"analysis", "rule", "group", "state", "message", "values", "at"})
public record Alert(String analysis, String rule, String group, String state, String message,
        Map<String, Double> values, String at) {
    /** The state of a raised alert. */
    public static final String RAISED = "raised";
    /** The state of a condition held pending follow-up. */
    public static final String PENDING = "pending-follow-up";
    /** The state of a condition that no longer holds. */
    public static final String RESOLVED = "resolved";

    public Alert {
        Objects.requireNonNull(analysis, "analysis");
        Objects.requireNonNull(rule, "rule");
        if (!RAISED.equals(state) && !RESOLVED.equals(state) && !PENDING.equals(state)) {
            throw new IllegalArgumentException("alert state must be raised, pending-follow-up or resolved, was "
                    + state);
        }
        // Sorted, so every output (JSON, reports, topics) lists the values in the same order.
        values = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(values));
    }
}
