package org.followupmonitor.api;

import java.util.List;
import java.util.Optional;
import org.followupmonitor.alerts.Alert;
import org.followupmonitor.analysis.AnalysisResult;

/**
 * What the REST API and the dashboard read. The streaming app answers from its state stores
 * (routing to the instance that owns an analysis); batch and tests answer from memory.
 */
public interface AnalysisQueries {
    /** The names of all configured analyses, in configuration order. */
    List<String> names();

    /** The latest published result of an analysis, empty when the name is unknown. */
    Optional<AnalysisResult> find(String name);

    /** The recent alert state changes of one analysis, newest first; empty for an unknown name. */
    List<Alert> alertsFor(String name);

    /** Recent alert state changes of every analysis, newest first (by analysis clock). */
    default List<Alert> alerts() {
        List<Alert> all = new java.util.ArrayList<>();
        for (String name : names()) {
            all.addAll(alertsFor(name));
        }
        all.sort(java.util.Comparator.comparing((Alert a) -> a.at() == null ? "" : a.at()).reversed());
        return all;
    }

    /** Readiness and counters for {@code /api/health}. */
    Health health();

    /**
     * @param ready whether the app can answer queries (streams RUNNING)
     * @param state a short word for the app state, e.g. RUNNING, REBALANCING
     */
    record Health(boolean ready, String state, long eventsProcessed, long deadLetters) {}
}
