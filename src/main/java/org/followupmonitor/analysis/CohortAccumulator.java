package org.followupmonitor.analysis;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 *
 * <p>Counts are kept per group and stratum as arrays indexed by day, and Cox rows by column
 * ({@link CoxRowStore}), so a million patients cost a few arrays, not a million objects. Not thread-safe.
 */
public final class CohortAccumulator {
    private final AnalysisDefinition definition;
    /** group → stratum → counts by day */
    private final Map<String, Map<String, DayCounts>> counts = new LinkedHashMap<>();
    /** The subjects kept for the Cox model, follow-up and look history; null when the analysis needs none. */
    private final SubjectSnapshot subjects;
    private final Map<String, Integer> excluded = new TreeMap<>();
    private final SubjectRows.Lean lean;
    private LocalDate asOf;
    // The cell of the previous row: consecutive rows mostly share it.
    private String lastGroup;
    private String lastStratum;
    private DayCounts lastCell;

    public CohortAccumulator(AnalysisDefinition definition) {
        this.definition = definition;
        this.subjects = SubjectSnapshot.needed(definition) ? new SubjectSnapshot(definition) : null;
        this.lean = new SubjectRows.Lean(definition);
    }

    /** Whether an exclusion with this flag is reported for the analysis. */
    public static boolean reported(DataQualityFlag flag) {
        return flag != DataQualityFlag.EMPTY_TIMELINE && flag != DataQualityFlag.OUTSIDE_FILTER;
    }

    /**
     * Whether a patient with this derivation moves the analysis clock: not with an empty timeline, and not with a
     * date after the import's reference date (the date that is implausible would become the clock).
     */
    public static boolean movesClock(Derivation d) {
        return !(d instanceof Derivation.Excluded x && !movesClock(x.flag()));
    }

    private static boolean movesClock(DataQualityFlag flag) {
        return flag != DataQualityFlag.EMPTY_TIMELINE && flag != DataQualityFlag.DATE_AFTER_AS_OF;
    }

    /**
     * Derives and adds one patient (without making the row's maps), with what the Cox model, the follow-up and the
     * look history need of them.
     *
     * @return the exclusion flag, null when the patient contributes a row
     */
    public DataQualityFlag add(PatientFacts facts) {
        DataQualityFlag flag = SubjectRows.derive(facts, definition, lean);
        if (flag == null) {
            count(lean.group, lean.stratum, lean.timeDays, lean.event);
        } else if (reported(flag)) {
            excluded.merge(flag.name(), 1, Integer::sum);
        }
        if (subjects != null) {
            subjects.add(flag, lean, facts);
        }
        if (flag == null || movesClock(flag)) {
            clock(facts.lastSeen());
        }
        return flag;
    }

    private void clock(LocalDate lastSeen) {
        if (lastSeen != null && (asOf == null || lastSeen.isAfter(asOf))) {
            asOf = lastSeen;
        }
    }

    private void count(String group, String stratum, int day, boolean event) {
        DayCounts cell;
        if (group.equals(lastGroup) && stratum.equals(lastStratum)) {
            cell = lastCell;
        } else {
            cell = counts.computeIfAbsent(group, g -> new HashMap<>()).computeIfAbsent(stratum, s -> new DayCounts());
            lastGroup = group;
            lastStratum = stratum;
            lastCell = cell;
        }
        cell.add(day, event);
    }

    /** The risk-set counts collected so far: what {@code CohortCounts.of} gives for the same rows. */
    CohortCounts counts() {
        CohortCounts.Builder b = CohortCounts.builder(definition.groupBy());
        counts.forEach((group, byStratum) -> byStratum.forEach((stratum, days) -> {
            for (int d = 0; d < days.events.length; d++) {
                b.add(group, stratum, d, days.events[d], days.censored[d]);
            }
        }));
        return b.build();
    }

    public AnalysisResult result(int minCellSize, Monitor monitor) {
        String clock = asOf == null ? null : asOf.toString();
        SubjectParts parts = subjects == null ? null : subjects.parts(clock, false, minCellSize, monitor,
                AnalysisEngine.coxThreads(subjects.subjects()), took -> { });
        return AnalysisEngine.compute(definition, counts(), excluded, clock, minCellSize, monitor, parts);
    }

    /** Events and censorings by day (index), grown as needed. */
    private static final class DayCounts {
        int[] events = new int[64];
        int[] censored = new int[64];

        void add(int day, boolean event) {
            if (day >= events.length) {
                int size = Math.max(day + 1, events.length * 2);
                events = Arrays.copyOf(events, size);
                censored = Arrays.copyOf(censored, size);
            }
            if (event) {
                events[day]++;
            } else {
                censored[day]++;
            }
        }
    }
}
