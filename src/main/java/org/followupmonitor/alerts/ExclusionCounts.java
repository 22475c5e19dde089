package org.followupmonitor.alerts;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.followupmonitor.analysis.DataQualityFlag;
import org.followupmonitor.analysis.Derivation;

/**
 * How the patients seen by an analysis were derived: rows, and exclusions by flag. The input of the
 * data-quality rule.
 *
 * <p>The population the shares refer to is every patient seen except those outside the analysis' filter and
 * those with an empty timeline (retracted or erased): they are not patients of this analysis. Exclusions by
 * the landmark design stay in the population (their data were fine).
 *
 * @param subjects patients contributing a subject row, &gt;= 0
 * @param excluded patients excluded, by flag; counts &gt;= 0, missing flags count 0
 */
public record ExclusionCounts(int subjects, Map<DataQualityFlag, Integer> excluded) {
    public ExclusionCounts {
        if (subjects < 0) {
            throw new IllegalArgumentException("subjects must be >= 0, was " + subjects);
        }
        if (excluded == null) {
            throw new IllegalArgumentException("excluded is required; use an empty map when nobody is excluded");
        }
        Map<DataQualityFlag, Integer> copy = new EnumMap<>(DataQualityFlag.class);
        excluded.forEach((flag, n) -> {
            if (flag == null || n == null || n < 0) {
                throw new IllegalArgumentException("excluded: each flag needs a count >= 0, got " + flag + "=" + n);
            }
            copy.put(flag, n);
        });
        excluded = Collections.unmodifiableMap(copy);
    }

    /**
     * Counts the derivations of all patients seen by an analysis.
     *
     * @throws IllegalArgumentException when derivations is null or holds null
     */
    public static ExclusionCounts of(Collection<? extends Derivation> derivations) {
        if (derivations == null) {
            throw new IllegalArgumentException("derivations are required");
        }
        int rows = 0;
        Map<DataQualityFlag, Integer> byFlag = new EnumMap<>(DataQualityFlag.class);
        for (Derivation d : derivations) {
            if (d instanceof Derivation.Row) {
                rows++;
            } else if (d instanceof Derivation.Excluded x) {
                byFlag.merge(x.flag(), 1, Integer::sum);
            } else {
                throw new IllegalArgumentException("derivations must not contain null");
            }
        }
        return new ExclusionCounts(rows, byFlag);
    }

    /**
     * The counts a result publishes: its subjects and exclusions; empty when it withholds any of them
     * (disclosure control), since a share of withheld counts would state them.
     */
    public static java.util.Optional<ExclusionCounts> published(org.followupmonitor.analysis.AnalysisResult r) {
        if (r.subjects() == null || r.excluded().containsValue(null)) {
            return java.util.Optional.empty();
        }
        Map<DataQualityFlag, Integer> byFlag = new EnumMap<>(DataQualityFlag.class);
        for (Map.Entry<String, Integer> e : r.excluded().entrySet()) {
            try {
                byFlag.put(DataQualityFlag.valueOf(e.getKey()), e.getValue());
            } catch (IllegalArgumentException unknown) {
                return java.util.Optional.empty();
            }
        }
        return java.util.Optional.of(new ExclusionCounts(r.subjects(), byFlag));
    }

    /** Patients excluded by a flag with {@link DataQualityFlag#dataQuality()} true. */
    public int dataQualityExcluded() {
        return excluded.entrySet().stream().filter(e -> e.getKey().dataQuality())
                .mapToInt(Map.Entry::getValue).sum();
    }

    /** The analysis' population: subjects plus every exclusion except outside-filter and empty timelines. */
    public int population() {
        int n = subjects;
        for (Map.Entry<DataQualityFlag, Integer> e : excluded.entrySet()) {
            if (e.getKey() != DataQualityFlag.OUTSIDE_FILTER && e.getKey() != DataQualityFlag.EMPTY_TIMELINE) {
                n += e.getValue();
            }
        }
        return n;
    }

    /** Data-quality exclusions over the population; NaN when the population is empty. */
    public double excludedShare() {
        int population = population();
        return population == 0 ? Double.NaN : (double) dataQualityExcluded() / population;
    }
}
