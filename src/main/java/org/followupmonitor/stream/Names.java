package org.followupmonitor.stream;

/**
 * Topic, store and processor names. Every stateful step is named, so internal topic and store
 * names never depend on operator order; {@code TopologyDescriptionTest} pins them.
 */
public final class Names {
    private Names() {}

    /** Patient events in, key = pseudonymous patient id, value = Avro PatientEvent (Confluent wire format). */
    public static final String PATIENT_EVENTS = "patient-events";
    /**
     * Undecodable or invalid events, original bytes plus reason headers; a bad internal record with reason headers
     * only ({@code DeadLetterCount}).
     */
    public static final String DEAD_LETTERS = "patient-events-dlq";
    /** Kaplan-Meier estimates per analysis, key = analysis name, Avro SurvivalEstimates. */
    public static final String SURVIVAL_ESTIMATES = "survival-estimates";
    /** Log-rank, milestone tests, Cox and monitoring per analysis, key = analysis name, Avro CohortComparison. */
    public static final String COHORT_COMPARISONS = "cohort-comparisons";
    /** Alert state changes, key = analysis name. */
    public static final String ALERTS = "followup-alerts";

    /** All of a patient's events, de-duplicated, with retractions and erasure applied. */
    public static final String TIMELINES_STORE = "patient-timelines";
    /**
     * Per timeline task, one flag: whether its timelines changed since its last flush, with the fingerprint of what its
     * deltas are made with; a task whose last commit was clean resumes without a reset ({@code TimelineProcessor}).
     * Holds no patient identifier.
     */
    public static final String FLUSHES_STORE = "timeline-flushes";
    /**
     * Per analysis × source partition × group × stratum × 32-day block: the events and censored of each day of the
     * block (the risk sets, summed over sources when read); also exclusion counts, the clock and a marker of a
     * half-applied delta per source. Layout and format: {@code cohortstate.CohortState}, {@code CohortCodec}.
     */
    public static final String COHORT_STATE_STORE = "cohort-state";
    /**
     * Per analysis × source × subject, for analyses with a Cox model, a follow-up rule or monitoring: row, follow-up
     * dates and cut history.
     */
    public static final String COHORT_SUBJECTS_STORE = "cohort-subjects";
    /** Per analysis: raised alert conditions and the recent alerts (JSON); in the release stage. */
    public static final String ALERTS_STORE = "alert-state";
    /**
     * Per cohort and group count (by name), the least value the releases so far imply: the release stage's
     * history for planning the next release ({@code ReleaseHistory}).
     */
    public static final String FLOORS_STORE = "release-floors";
    /**
     * The releases before the last one that the release stage's history keeps in full ({@code ReleaseHistory}'s
     * window), as published: per release number and analysis, the released result.
     */
    public static final String WINDOW_STORE = "release-window";
    /** The latest released result per analysis, for interactive queries; in the release stage. */
    public static final String RESULTS_STORE = "analysis-results";
    /**
     * The latest complete result per analysis, before disclosure control (the release stage plans over all of
     * them); internal, like the cohort stores.
     */
    public static final String UNRELEASED_STORE = "unreleased-results";

    /** Repartitions cohort deltas by analysis name; Streams prefixes it with the application id. */
    public static final String COHORT_DELTAS = "cohort-deltas";
    /**
     * Brings every analysis' complete result to the one release task (one partition). In the app the topic is
     * {@link #releaseInputs(String)}: written by the front application, read by the release application
     * ({@code TopologyFactory}); the combined topology of the tests uses this name as it is.
     */
    public static final String RELEASE_INPUTS = "release-inputs";
    /** What the release application's id adds to the configured application id. */
    public static final String RELEASE_APP_SUFFIX = "-release";

    /** The release-inputs topic of the monitor with this application id; the app creates it (one partition). */
    public static String releaseInputs(String applicationId) {
        return applicationId + "-" + RELEASE_INPUTS;
    }

    /** The application id of the release stage's Kafka Streams application. */
    public static String releaseApplicationId(String applicationId) {
        return applicationId + RELEASE_APP_SUFFIX;
    }

    public static final String SOURCE = "patient-events-source";
    public static final String TIMELINE_PROCESSOR = "timeline-processor";
    public static final String COHORT_PROCESSOR = "cohort-processor";
    public static final String RELEASE_PROCESSOR = "release-processor";
    public static final String RELEASE_INPUTS_SINK = "release-inputs-sink";
    public static final String RELEASE_INPUTS_SOURCE = "release-inputs-source";
    public static final String ESTIMATES_SINK = "survival-estimates-sink";
    public static final String COMPARISONS_SINK = "cohort-comparisons-sink";
    public static final String ALERTS_SINK = "followup-alerts-sink";
}
