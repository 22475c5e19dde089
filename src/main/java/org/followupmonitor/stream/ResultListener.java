package org.followupmonitor.stream;

import java.util.Map;
import org.followupmonitor.analysis.AnalysisResult;

/** Told of every result the topology publishes (the web server pushes it to open dashboards). */
@FunctionalInterface
public interface ResultListener {
    ResultListener NONE = r -> { };

    void published(AnalysisResult result);

    /**
     * A result was published that reflects, for each input partition of {@code patient-events}, every event
     * before the given offset (partitions not listed: none seen yet). The bench uses it to time exactly when an
     * event is included; the default ignores the offsets.
     */
    default void published(AnalysisResult result, Map<Integer, Long> inputOffsets) {
        published(result);
    }

    /**
     * The latest published result of {@code analysis} still stands after more input: the events up to these
     * offsets changed nothing in it, so nothing was recomputed or published. Told at most once per debounce.
     */
    default void unchanged(String analysis, Map<Integer, Long> inputOffsets) {
    }

    /**
     * A release ended: every result and alert it published has been told (through {@link #published} and
     * {@link #alerted}), so what is published now is one release as an attacker holds it.
     */
    default void released() {
    }

    /**
     * As {@link #released()}, with the window of earlier releases the release's plan checked it against ({@link
     * org.followupmonitor.privacy.Disclosure.WindowedPlan#window}: the last five when that plan fit the work limit,
     * else the last three, or 0 when it withholds every analysis whole). The default tells {@link #released()}.
     */
    default void released(int window) {
        released();
    }

    /**
     * A measurement hook, told only when the deltas carry input offsets ({@link CohortProcessor.Settings#inputOffsets}):
     * at wall-clock {@code atMillis}, {@code stage} of the pipeline had reached, for {@code analysis}, every event
     * before the given offsets of each partition of {@code patient-events}. The bench breaks a publication's latency
     * down by stage with it; the results never depend on it. The default ignores it.
     */
    default void reached(Stage stage, String analysis, long atMillis, Map<Integer, Long> inputOffsets) {
    }

    /** The instants of a result's way through the topology that {@link #reached} tells, in pipeline order. */
    enum Stage {
        /** The timeline stage flushed the delta that completed these offsets (the delta record's timestamp). */
        FLUSHED,
        /** The cohort stage applied that delta (it reads the repartition topic once the timeline stage committed). */
        APPLIED,
        /** A cohort round computed the analysis on these offsets (or found its result standing through them). */
        COMPUTED,
        /** The release stage read that result (once the cohort stage committed). */
        RECEIVED,
        /** The release stage started a plan of inputs including that result. */
        PLAN_STARTED,
        /** That plan finished on the planner's thread; the next tick of the release stage publishes it. */
        PLAN_DONE
    }

    /** An alert changed state. */
    default void alerted(org.followupmonitor.alerts.Alert alert) {
    }
}
