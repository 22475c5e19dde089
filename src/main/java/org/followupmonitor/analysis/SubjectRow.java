package org.followupmonitor.analysis;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one patient contributes to one analysis. A value without any patient identifier, so it may be
 * stored per cohort, compared, and retracted by equality when the patient's timeline changes.
 *
 * @param timeDays whole days from the start of follow-up (origin, or origin + landmark) to the event or
 *     censoring, >= 0
 * @param event true when the endpoint occurred at {@code timeDays}; false = censored there
 * @param group the group-by level (e.g. {@code surgery}), or {@code all} when the analysis has no group-by
 * @param stratum {@code ""} without strata, else {@code variable=level} pairs joined by {@code ,}
 *     in the order of the definition, e.g. {@code grade=3,t-stage=4}
 * @param factors categorical Cox covariates by variable label ({@code grade -> "3"}); a missing value is absent
 * @param numbers numeric Cox covariates by variable label ({@code age -> 52.0}); finite; a missing value is absent
 */
public record SubjectRow(int timeDays, boolean event, String group, String stratum, Map<String, String> factors,
        Map<String, Double> numbers) {
    /** The group of an analysis without group-by. */
    public static final String ALL = "all";

    public SubjectRow {
        if (timeDays < 0) {
            throw new IllegalArgumentException("timeDays: must be >= 0, was " + timeDays);
        }
        if (group == null || group.isBlank()) {
            throw new IllegalArgumentException("group: required");
        }
        if (stratum == null) {
            throw new IllegalArgumentException("stratum: use \"\" when there are no strata");
        }
        factors = sorted(factors);
        numbers = sorted(numbers);
        numbers.forEach((k, v) -> {
            if (v == null || !Double.isFinite(v)) {
                throw new IllegalArgumentException("numbers." + k + ": must be a finite number, was " + v);
            }
        });
    }

    private static <V> SortedMap<String, V> sorted(Map<String, V> map) {
        if (map == null || map.isEmpty()) {
            return Collections.emptySortedMap();
        }
        return Collections.unmodifiableSortedMap(new TreeMap<>(map));
    }
}
