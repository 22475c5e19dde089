package org.followupmonitor.analysis;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects one analysis' cohort from derivations, patient by patient (the batch path): risk-set
 * counts, the rows a Cox model needs, exclusions by flag and the analysis clock.
 *
 * <p>Rules shared with the streaming app, which keeps the same quantities in its stores: the clock
 * is the latest event date of any patient with a non-empty timeline; exclusions list every flag but
 * {@link DataQualityFlag#EMPTY_TIMELINE} and {@link DataQualityFlag#OUTSIDE_FILTER}, which say
 * nothing about data quality in this analysis.
 */
public final class CohortAccumulator {
    private final AnalysisDefinition definition;
    private final CohortCounts.Builder counts;
    private final List<SubjectRow> coxRows;
    private final Map<String, Integer> excluded = new TreeMap<>();
    private LocalDate asOf;

    public CohortAccumulator(AnalysisDefinition definition) {
        this.definition = definition;
        this.counts = CohortCounts.builder(definition.groupBy());
        this.coxRows = definition.cox().isPresent() ? new ArrayList<>() : null;
    }

    /** Whether an exclusion with this flag is reported for the analysis. */
    public static boolean reported(DataQualityFlag flag) {
        return flag != DataQualityFlag.EMPTY_TIMELINE && flag != DataQualityFlag.OUTSIDE_FILTER;
    }

    /** Whether a patient with this derivation moves the analysis clock. */
    public static boolean movesClock(Derivation d) {
        return !(d instanceof Derivation.Excluded x && x.flag() == DataQualityFlag.EMPTY_TIMELINE);
    }

    /**
     * @param lastSeen the patient's latest event date in effect, null for an empty timeline
     */
    public void add(Derivation derivation, LocalDate lastSeen) {
        if (derivation instanceof Derivation.Row row) {
            SubjectRow r = row.row();
            counts.add(r.group(), r.stratum(), r.timeDays(), r.event() ? 1 : 0, r.event() ? 0 : 1);
            if (coxRows != null) {
                coxRows.add(r);
            }
        } else if (derivation instanceof Derivation.Excluded x && reported(x.flag())) {
            excluded.merge(x.flag().name(), 1, Integer::sum);
        }
        if (movesClock(derivation) && lastSeen != null && (asOf == null || lastSeen.isAfter(asOf))) {
            asOf = lastSeen;
        }
    }

    public AnalysisResult result(int minCellSize, Monitor monitor) {
        return AnalysisEngine.compute(definition, counts.build(), coxRows, excluded,
                asOf == null ? null : asOf.toString(), minCellSize, monitor);
    }
}
