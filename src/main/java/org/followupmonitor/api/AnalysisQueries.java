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

    /**
     * What this instance publishes about an analysis as its owner: the latest result and the recent alert log,
     * read from this instance's own stores (never fetched from another instance). Empty when another instance
     * owns the analysis, when nothing is published yet, or when the name is unknown. {@code /metrics} reads only
     * this, so each analysis' series come from exactly one instance. The default suits a source that holds every
     * analysis itself (batch, tests); a source that routes queries to other instances must override it.
     */
    default Optional<Owned> owned(String name) {
        return find(name).map(result -> new Owned(result, alertsFor(name)));
    }

    /**
     * @param result the published result, exactly as {@link #find} serves it
     * @param alerts the analysis' recent alert state changes, newest first, as {@link #alertsFor} serves them
     */
    record Owned(AnalysisResult result, List<Alert> alerts) {
        public Owned {
            java.util.Objects.requireNonNull(result, "result");
            alerts = List.copyOf(alerts);
        }
    }

    /** Readiness and counters for {@code /api/health}. */
    Health health();

    /**
     * @param ready whether the app can answer queries (streams RUNNING)
     * @param state a short word for the app state, e.g. RUNNING, REBALANCING
     * @param restoring how far this instance is in rebuilding its local state from the changelogs, or null when it
     *     is not rebuilding any
     */
    record Health(boolean ready, String state, long eventsProcessed, long deadLetters, Restoring restoring) {
        /** Health of an instance that restores nothing. */
        public Health(boolean ready, String state, long eventsProcessed, long deadLetters) {
            this(ready, state, eventsProcessed, deadLetters, null);
        }
    }

    /**
     * A restore from the changelogs in progress (after an unclean stop or a task moved here).
     *
     * @param records changelog records restored so far in this round
     * @param of changelog offsets this round replays, as far as known yet (stores register as their tasks start;
     *     under exactly-once the offsets include commit markers, so this bounds the records from above)
     */
    record Restoring(long records, long of) {}
}
