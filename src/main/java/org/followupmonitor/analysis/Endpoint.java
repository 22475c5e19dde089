package org.followupmonitor.analysis;

/** What counts as the event of an analysis. YAML labels: overall-survival, disease-free, recurrence. */
public enum Endpoint {
    /** Death from any cause. */
    OVERALL_SURVIVAL,
    /** Recurrence or death, whichever comes first. */
    DISEASE_FREE,
    /** Recurrence; death censors. */
    RECURRENCE
}
