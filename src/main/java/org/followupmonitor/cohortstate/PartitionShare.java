package org.followupmonitor.cohortstate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.followupmonitor.analysis.CohortAccumulator;
import org.followupmonitor.analysis.DataQualityFlag;
import org.followupmonitor.analysis.Derivation;
import org.followupmonitor.analysis.SubjectRow;

/**
 * One analysis' share of one input partition, kept in memory by the timeline processor: the risk-set counts
 * and exclusion counts of that partition's patients, plus what changed since the last {@link #drain drain}.
 * Changes are retract-then-add of a patient's old and new derivation, O(1) each. The clock (latest date any
 * patient was seen) is the same for every analysis, so the processor keeps it once, not here.
 *
 * <p>Not a state store on purpose: it is a pure function of the {@code patient-timelines} store, so after a
 * restart or a rebalance it is rebuilt from that store (see {@code TimelineProcessor}) and sent whole with
 * {@code reset}, or, when the task's last commit had every change flushed, taken as what the cohort stage already
 * holds ({@link #resumed}). Keeping it out of the store spares every event a handful of serialised store writes.
 */
public final class PartitionShare {
    /**
     * One group × stratum: counts by day in one array ({@code [2d]} events, {@code [2d + 1]} censored on day
     * {@code d}; with k competing causes {@code stride} = k + 1 counts per day, the causes' then the censored) and
     * the blocks changed since the last drain. An array rather than a map of days: follow-up spans a few thousand
     * days, and every event touches two of them.
     */
    private static final class Cells {
        final int stride;
        int[] counts;
        final BitSet dirty = new BitSet();

        Cells(int stride) {
            this.stride = stride;
            this.counts = new int[stride * CohortDelta.BLOCK_DAYS];
        }

        void bump(int day, int slot, int sign) {
            int i = stride * day + slot;
            if (i >= counts.length) {
                if (sign < 0) {
                    throw new IllegalStateException("cohort count below zero: a retraction without its contribution");
                }
                int blocks = day / CohortDelta.BLOCK_DAYS + 1;
                counts = Arrays.copyOf(counts, Math.max(2 * counts.length, stride * CohortDelta.BLOCK_DAYS * blocks));
            }
            if (counts[i] + sign < 0) {
                throw new IllegalStateException("cohort count below zero: a retraction without its contribution");
            }
            counts[i] += sign;
            dirty.set(day / CohortDelta.BLOCK_DAYS);
        }

        int[] block(int index) {
            int from = index * stride * CohortDelta.BLOCK_DAYS;
            int[] out = new int[stride * CohortDelta.BLOCK_DAYS];
            if (from < counts.length) {
                System.arraycopy(counts, from, out, 0, Math.min(out.length, counts.length - from));
            }
            return out;
        }

        int blocks() {
            return counts.length / (stride * CohortDelta.BLOCK_DAYS);
        }
    }

    private final boolean keepsSubjects;
    /** Number of causes of the analysis' endpoint (1: events and censored per day). */
    private final int causes;
    private final Map<String, Map<String, Cells>> cells = new HashMap<>();
    /**
     * Patients excluded from the analysis, by data-quality flag ordinal; {@code excludedFlags} names the flags with
     * any, in the order deltas list them. Adding to a count is an array update: a map of boxed counts, and adding
     * the flag to the changed ones again, were a tenth of rebuilding a timeline task's shares (JFR,
     * {@code TimelineInitBenchmark}). The sets change only when a flag's count leaves or reaches zero, or a flag
     * first changes after a drain, so they iterate in the order the map of counts did.
     */
    private final int[] excluded = new int[DataQualityFlag.values().length];
    private final Set<String> excludedFlags = new HashSet<>();
    private boolean cellsDirty;
    private final boolean[] exclusionDirty = new boolean[DataQualityFlag.values().length];
    private final Set<String> dirtyExclusions = new HashSet<>();
    private final Map<String, SubjectEntry> pendingSubjects = new LinkedHashMap<>();
    private LocalDate clockSent;
    private boolean reset;

    /** @param keepsSubjects whether the analysis needs individual subjects (Cox, follow-up checks) */
    public PartitionShare(boolean keepsSubjects) {
        this(keepsSubjects, 1);
    }

    /**
     * @param keepsSubjects whether the analysis needs individual subjects (Cox, follow-up checks)
     * @param causes the number of causes of the analysis' endpoint: 1, or 2 for competing risks
     */
    public PartitionShare(boolean keepsSubjects, int causes) {
        this.keepsSubjects = keepsSubjects;
        this.causes = causes;
    }

    public boolean keepsSubjects() {
        return keepsSubjects;
    }

    /**
     * Adds ({@code sign} = +1) or retracts (-1) one patient's derivation, with the same rules as the batch
     * {@link CohortAccumulator}.
     *
     * @throws IllegalStateException when a retraction finds nothing to retract (a bug, never bad input)
     */
    public void add(Derivation d, int sign) {
        if (d instanceof Derivation.Row row) {
            SubjectRow r = row.row();
            int slot = causes == 1 ? (r.event() ? 0 : 1) : (r.cause() == 0 ? causes : r.cause() - 1);
            cells.computeIfAbsent(r.group(), g -> new HashMap<>())
                    .computeIfAbsent(r.stratum(), x -> new Cells(causes + 1)).bump(r.timeDays(), slot, sign);
            cellsDirty = true;
        } else if (d instanceof Derivation.Excluded x && CohortAccumulator.reported(x.flag())) {
            exclude(x.flag(), sign);
            if (!exclusionDirty[x.flag().ordinal()]) {
                exclusionDirty[x.flag().ordinal()] = true;
                dirtyExclusions.add(x.flag().name());
            }
        }
    }

    /** Records a subject's new entry (null: the subject left the analysis); only for analyses that keep subjects. */
    public void subject(String subject, SubjectEntry entry) {
        if (keepsSubjects) {
            pendingSubjects.put(subject, entry);
        }
    }

    /** The next drain sends the whole share with {@code reset}. */
    public void markReset() {
        reset = true;
    }

    /**
     * The cohort stage already holds this share, with {@code clock} (a timeline task that resumes without a reset,
     * {@code TimelineProcessor}): what was added so far counts as sent, so the next drain sends only what changes
     * after this call, and nothing for the clock unless it moves.
     */
    public void resumed(LocalDate clock) {
        cells.values().forEach(byStratum -> byStratum.values().forEach(c -> c.dirty.clear()));
        sent(clock);
    }

    /** Nothing is left to send: every count, exclusion and subject so far, and {@code clock}, count as sent. */
    private void sent(LocalDate clock) {
        cellsDirty = false;
        dirtyExclusions.clear();
        Arrays.fill(exclusionDirty, false);
        pendingSubjects.clear();
        clockSent = clock;
        reset = false;
    }

    /** Whether anything would be sent besides the input offset, given the partition's clock now. */
    public boolean hasChanges(LocalDate clock) {
        return reset || cellsDirty || !dirtyExclusions.isEmpty() || !pendingSubjects.isEmpty()
                || !Objects.equals(clockSent, clock);
    }

    /**
     * What changed since the last drain (everything, after {@link #markReset}), as deltas of at most
     * {@code maxItems} items each; the first carries {@code reset} and the clock, the last is marked last. After
     * {@link #markReset} the deltas are a ranged reset ({@link CohortDelta.Range}): the first carries all the counts
     * (however many: a share has groups × strata × ~100 blocks, far below the 8 MB records the internal topics take)
     * and as many subjects as fit beside them, then the subjects follow in {@link CohortKeys#SUBJECT_ORDER},
     * {@code maxItems} a record, each record's range reaching to the next one's first subject.
     * Always at least one delta: the timeline processor drains a share that changed, or, with the input-offset hook on,
     * one whose input offset moved (the offset then travels alone).
     *
     * @param clock the latest date any patient of the partition was seen, null when none
     */
    public List<CohortDelta> drain(String analysis, int source, long inputOffset, int maxItems, LocalDate clock) {
        List<CohortDelta.Block> cellList = new ArrayList<>();
        cells.forEach((group, byStratum) -> byStratum.forEach((stratum, c) -> {
            if (reset) {
                for (int b = 0; b < c.blocks(); b++) {
                    CohortDelta.Block block = new CohortDelta.Block(group, stratum, b, c.block(b));
                    if (!block.isEmpty()) {
                        cellList.add(block);
                    }
                }
            } else {
                for (int b = c.dirty.nextSetBit(0); b >= 0; b = c.dirty.nextSetBit(b + 1)) {
                    cellList.add(new CohortDelta.Block(group, stratum, b, c.block(b)));
                }
            }
            c.dirty.clear();
        }));
        List<CohortDelta.Exclusion> exclusionList = new ArrayList<>();
        for (String flag : reset ? excludedFlags : dirtyExclusions) {
            exclusionList.add(new CohortDelta.Exclusion(flag, excluded[DataQualityFlag.valueOf(flag).ordinal()]));
        }
        List<CohortDelta.Subject> subjectList = new ArrayList<>(pendingSubjects.size());
        pendingSubjects.forEach((s, e) -> {
            if (e != null || !reset) { // after a reset nothing is left to remove
                subjectList.add(new CohortDelta.Subject(s, e));
            }
        });
        boolean clockChanged = reset || !Objects.equals(clockSent, clock);
        String clockValue = clock == null ? null : clock.toString();

        List<CohortDelta> out = reset ? rangedReset(analysis, source, inputOffset, maxItems, cellList, exclusionList,
                clockValue, subjectList) : chunks(analysis, source, inputOffset, maxItems, cellList, exclusionList,
                clockChanged, clockValue, subjectList);
        sent(clock);
        return out;
    }

    /** Changes in records of at most {@code maxItems} items: blocks, then exclusions, then subjects. */
    private static List<CohortDelta> chunks(String analysis, int source, long inputOffset, int maxItems,
            List<CohortDelta.Block> cellList, List<CohortDelta.Exclusion> exclusionList, boolean clockChanged,
            String clockValue, List<CohortDelta.Subject> subjectList) {
        List<CohortDelta> out = new ArrayList<>();
        int ci = 0;
        int xi = 0;
        int si = 0;
        boolean first = true;
        do {
            int room = Math.max(1, maxItems);
            int cEnd = Math.min(cellList.size(), ci + room);
            room -= cEnd - ci;
            int xEnd = Math.min(exclusionList.size(), xi + room);
            room -= xEnd - xi;
            int sEnd = Math.min(subjectList.size(), si + room);
            boolean last = cEnd == cellList.size() && xEnd == exclusionList.size() && sEnd == subjectList.size();
            out.add(new CohortDelta(analysis, source, false, last, inputOffset, cellList.subList(ci, cEnd),
                    exclusionList.subList(xi, xEnd), first && clockChanged, first ? clockValue : null,
                    subjectList.subList(si, sEnd)));
            ci = cEnd;
            xi = xEnd;
            si = sEnd;
            first = false;
        } while (ci < cellList.size() || xi < exclusionList.size() || si < subjectList.size());
        return out;
    }

    /**
     * The whole share as a ranged reset: the first record carries the counts and up to what is left of
     * {@code maxItems} subjects; the subjects, in {@link CohortKeys#SUBJECT_ORDER}, go on {@code maxItems} a record.
     * Record k covers the order from its first subject (the first record: from the start) to the next record's first
     * subject (the last record: to the end), so the ranges tile the order and a subject the source no longer has
     * falls in exactly one of them.
     */
    private static List<CohortDelta> rangedReset(String analysis, int source, long inputOffset, int maxItems,
            List<CohortDelta.Block> cellList, List<CohortDelta.Exclusion> exclusionList, String clockValue,
            List<CohortDelta.Subject> subjectList) {
        List<CohortDelta.Subject> ordered = new ArrayList<>(subjectList);
        ordered.sort((x, y) -> CohortKeys.SUBJECT_ORDER.compare(x.subject(), y.subject()));
        int room = Math.max(1, maxItems);
        List<Integer> ends = new ArrayList<>();
        int end = Math.min(ordered.size(), Math.max(0, room - cellList.size() - exclusionList.size()));
        ends.add(end);
        while (end < ordered.size()) {
            end = Math.min(ordered.size(), end + room);
            ends.add(end);
        }
        List<CohortDelta> out = new ArrayList<>(ends.size());
        int start = 0;
        for (int k = 0; k < ends.size(); k++) {
            boolean first = k == 0;
            boolean last = k == ends.size() - 1;
            int stop = ends.get(k);
            CohortDelta.Range range = new CohortDelta.Range(first ? "" : ordered.get(start).subject(),
                    last ? null : ordered.get(stop).subject());
            out.add(new CohortDelta(analysis, source, first, last, inputOffset,
                    first ? cellList : List.of(), first ? exclusionList : List.of(), first, first ? clockValue : null,
                    ordered.subList(start, stop), range));
            start = stop;
        }
        return out;
    }

    /** Adds {@code sign} to the patients excluded under {@code flag}, dropping the flag when none are left. */
    private void exclude(DataQualityFlag flag, int sign) {
        int was = excluded[flag.ordinal()];
        int n = was + sign;
        if (n < 0) {
            throw new IllegalStateException("cohort count below zero: a retraction without its contribution");
        }
        excluded[flag.ordinal()] = n;
        if (n == 0) {
            excludedFlags.remove(flag.name());
        } else if (was == 0) {
            excludedFlags.add(flag.name());
        }
    }
}
