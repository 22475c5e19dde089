package org.followupmonitor.analysis;

import java.util.Map;

/**
 * What one patient contributes to one analysis. A value without any patient identifier, so it may be
 * stored per cohort, compared, and retracted by equality when the patient's timeline changes. Its three maps are
 * held unmodifiable and iterate in key order ({@link SubjectRowMap}).
 *
 * @param timeDays whole days from the start of follow-up (origin, or origin + landmark) to the event or
 *     censoring, >= 0
 * @param event true when the endpoint occurred at {@code timeDays}; false = censored there
 * @param group the group-by level (e.g. {@code surgery}), or {@code all} when the analysis has no group-by
 * @param stratum {@code ""} without strata, else {@code variable=level} pairs joined by {@code ,}
 *     in the order of the definition, e.g. {@code grade=3,t-stage=4}
 * @param factors categorical Cox covariates by variable label ({@code grade -> "3"}); a missing value is absent
 * @param numbers numeric Cox covariates by variable label ({@code age -> 52.0}); finite; a missing value is absent
 * @param switches for each time-varying Cox covariate that switches on in the patient's timeline, the day (from
 *     the start of follow-up; 0 or negative when it had switched on by then) of its first surgery or therapy start;
 *     absent when it never does. With {@code factors} (the status over the whole follow-up) this gives the
 *     patient's (start, stop] intervals
 * @param cause 0 censored, else the cause of the first event (1..k): with a competing-risks endpoint 1 recurrence
 *     and 2 death without recurrence; otherwise 1, the event. {@code event} is {@code cause == 1}: the
 *     cause-specific view, in which a competing event censors
 */
public record SubjectRow(int timeDays, boolean event, String group, String stratum, Map<String, String> factors,
        Map<String, Double> numbers, Map<String, Integer> switches, int cause) {
    /** The group of an analysis without group-by. */
    public static final String ALL = "all";

    /** A row without time-varying covariates. */
    public SubjectRow(int timeDays, boolean event, String group, String stratum, Map<String, String> factors,
            Map<String, Double> numbers) {
        this(timeDays, event, group, stratum, factors, numbers, Map.of());
    }

    /** A row of an endpoint without competing events: cause 1 is the event. */
    public SubjectRow(int timeDays, boolean event, String group, String stratum, Map<String, String> factors,
            Map<String, Double> numbers, Map<String, Integer> switches) {
        this(timeDays, event, group, stratum, factors, numbers, switches, event ? 1 : 0);
    }

    public SubjectRow {
        if (timeDays < 0) {
            throw new IllegalArgumentException("timeDays: must be >= 0, was " + timeDays);
        }
        if (cause < 0 || event != (cause == 1)) {
            throw new IllegalArgumentException("cause: must be >= 0 and 1 exactly when event, was " + cause
                    + " with event " + event);
        }
        if (group == null || group.isBlank()) {
            throw new IllegalArgumentException("group: required");
        }
        if (stratum == null) {
            throw new IllegalArgumentException("stratum: use \"\" when there are no strata");
        }
        // Unmodifiable and in key order; a map that is already a row's is taken as it is (rows may share it).
        factors = SubjectRowMap.of(factors);
        numbers = SubjectRowMap.of(numbers);
        switches = SubjectRowMap.of(switches);
        switches.forEach((k, v) -> {
            if (v == null) {
                throw new IllegalArgumentException("switches." + k + ": must be a day, was null");
            }
        });
        numbers.forEach((k, v) -> {
            if (v == null || !Double.isFinite(v)) {
                throw new IllegalArgumentException("numbers." + k + ": must be a finite number, was " + v);
            }
        });
    }
}
