package org.followupmonitor.analysis;

/**
 * What counts as the event of an analysis. YAML labels: overall-survival, disease-free, recurrence,
 * recurrence-competing.
 */
public enum Endpoint {
    /** Death from any cause. */
    OVERALL_SURVIVAL,
    /** Recurrence or death, whichever comes first. */
    DISEASE_FREE,
    /** Recurrence; death censors. */
    RECURRENCE,
    /**
     * Recurrence with death without recurrence as a competing event: cause 1 recurrence, cause 2 death without
     * recurrence, censored otherwise. The Kaplan-Meier, log-rank and Cox parts are the cause-specific ones (those of
     * {@link #RECURRENCE}: death censors); the cumulative incidence of each cause (Aalen-Johansen), Gray's test and
     * the Fine-Gray model are added.
     */
    RECURRENCE_COMPETING;

    /** The causes' names in results, by cause code 1..k. */
    private static final String[] CAUSES = {"recurrence", "death"};

    /** Number of causes k: 2 for the competing endpoint, 1 (the event) otherwise. */
    public int causeCount() {
        return this == RECURRENCE_COMPETING ? 2 : 1;
    }

    /** Whether the endpoint has competing events (results then carry cumulative incidences). */
    public boolean competing() {
        return causeCount() > 1;
    }

    /**
     * @param cause 1..{@link #causeCount()} of a competing endpoint
     * @return its name in results: {@code recurrence}, {@code death}
     */
    public static String causeName(int cause) {
        return CAUSES[cause - 1];
    }
}
