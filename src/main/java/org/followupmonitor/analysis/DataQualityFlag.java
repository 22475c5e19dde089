package org.followupmonitor.analysis;

/**
 * Why a patient contributes no row to an analysis. Flags with {@link #dataQuality()} true point at an
 * inconsistent or incomplete timeline and are reported as data-quality problems; the others are
 * exclusions by the analysis' design (filter, landmark) or an empty timeline.
 *
 * <p>Checks run in declaration order; the first that applies is the flag.
 */
public enum DataQualityFlag {
    /** No clinical event in effect (all retracted, or erased). */
    EMPTY_TIMELINE(false),
    /** No Diagnosis event. */
    NO_DIAGNOSIS(true),
    /** The patient is not in the analysis' filter (or the filter variable is unknown for them). */
    OUTSIDE_FILTER(false),
    /**
     * A date after the import's reference date ({@code --as-of}, default today): a typo such as a last contact in
     * 2099 would move the analysis clock to 2099 and a surgery in 2030 add a subject at time 0. Set by file
     * imports ({@code analyze}, {@code validate}); the stream, which has no reference date, never sets it.
     */
    DATE_AFTER_AS_OF(true),
    /** Two Death events on different dates. */
    CONFLICTING_DEATHS(true),
    /** Death dated before the diagnosis. */
    DEATH_BEFORE_DIAGNOSIS(true),
    /** An event dated after the death (same day is allowed). */
    EVENT_AFTER_DEATH(true),
    /** An event dated before the diagnosis. */
    EVENT_BEFORE_DIAGNOSIS(true),
    /**
     * Diagnosed, alive, and not yet at the analysis' time origin (e.g. still on systemic therapy, not yet operated):
     * a patient the analysis will include once the origin event arrives. Not an exclusion: results count these
     * patients apart ({@code awaitingOrigin}), and they are not in the population the data-quality share refers to.
     */
    AWAITING_ORIGIN(false),
    /** The patient died without reaching the analysis' origin (e.g. never controlled, never operated). */
    NO_ORIGIN_EVENT(true),
    /** A recurrence before the origin, for endpoints that count recurrences (disease-free, recurrence). */
    RECURRENCE_BEFORE_ORIGIN(true),
    /** The group-by variable is unknown for the patient (e.g. subtype without receptors). */
    MISSING_GROUP(true),
    /** A strata variable is unknown for the patient. */
    MISSING_STRATUM(true),
    /** The endpoint occurred before the landmark (landmark design: not at risk at the landmark). */
    ENDPOINT_BEFORE_LANDMARK(false),
    /** Follow-up ended before the landmark (landmark design: not known to be at risk at the landmark). */
    CENSORED_BEFORE_LANDMARK(false);

    private final boolean dataQuality;

    DataQualityFlag(boolean dataQuality) {
        this.dataQuality = dataQuality;
    }

    /** True for inconsistent or incomplete data, false for exclusions by design. */
    public boolean dataQuality() {
        return dataQuality;
    }
}
