package org.followupmonitor.stream;

import org.followupmonitor.analysis.AnalysisResult;

/** Told of every result the topology publishes (the web server pushes it to open dashboards). */
@FunctionalInterface
public interface ResultListener {
    ResultListener NONE = r -> { };

    void published(AnalysisResult result);

    /** An alert changed state. */
    default void alerted(org.followupmonitor.alerts.Alert alert) {
    }
}
