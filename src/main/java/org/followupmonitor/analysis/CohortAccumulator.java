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
            count(lean.group, lean.stratum, lean.timeDays, lean.cause);
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

    private void count(String group, String stratum, int day, int cause) {
        DayCounts cell;
        if (group.equals(lastGroup) && stratum.equals(lastStratum)) {
            cell = lastCell;
        } else {
            int causes = definition.endpoint().causeCount();
            cell = counts.computeIfAbsent(group, g -> new HashMap<>())
                    .computeIfAbsent(stratum, s -> new DayCounts(causes));
            lastGroup = group;
            lastStratum = stratum;
            lastCell = cell;
        }
        cell.add(day, cause);
    }

    /** The risk-set counts collected so far: what {@code CohortCounts.of} gives for the same rows. */
    CohortCounts counts() {
        CohortCounts.Builder b = CohortCounts.builder(definition.groupBy(), definition.endpoint().causeCount());
        counts.forEach((group, byStratum) -> byStratum.forEach((stratum, days) -> {
            int[] slots = new int[days.stride];
            for (int d = 0; d < days.slots.length / days.stride; d++) {
                System.arraycopy(days.slots, d * days.stride, slots, 0, days.stride);
                b.addSlots(group, stratum, d, slots);
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

    /**
     * Events of each cause and censorings by day, grown as needed: day d occupies {@code stride} slots from
     * {@code d * stride}, the causes 1..k then the censored (with one cause: events, censored).
     */
    private static final class DayCounts {
        final int stride;
        int[] slots;

        DayCounts(int causes) {
            stride = causes + 1;
            slots = new int[64 * stride];
        }

        void add(int day, int cause) {
            if ((day + 1) * stride > slots.length) {
                int size = Math.max(day + 1, 2 * slots.length / stride);
                slots = Arrays.copyOf(slots, size * stride);
            }
            slots[day * stride + (cause == 0 ? stride - 1 : cause - 1)]++;
        }
    }
}
