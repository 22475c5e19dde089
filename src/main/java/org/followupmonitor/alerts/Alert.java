package org.followupmonitor.alerts;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;
import java.util.Objects;

/**
 * A change of state of one alert rule for one analysis (and group, where the rule is per group).
 * Carries the numbers behind it; never a patient identifier.
 *
 * @param state {@code raised} or {@code resolved}
 * @param at the analysis clock (ISO date) when the state changed
 */
@JsonPropertyOrder({"analysis", "rule", "group", "state", "message", "values", "at"})
public record Alert(String analysis, String rule, String group, String state, String message,
        Map<String, Double> values, String at) {
    public Alert {
        Objects.requireNonNull(analysis, "analysis");
        Objects.requireNonNull(rule, "rule");
        if (!"raised".equals(state) && !"resolved".equals(state)) {
            throw new IllegalArgumentException("alert state must be raised or resolved, was " + state);
        }
        values = Map.copyOf(values);
    }
}
