package org.followupmonitor.stream;

import java.time.LocalDate;
import java.util.ArrayList;
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
 * restart or a rebalance it is rebuilt from that store (see {@link TimelineProcessor}) and sent whole with
 * {@code reset}. Keeping it out of the store spares every event a handful of serialised store writes.
 */
final class PartitionShare {
    private record CellKey(String group, String stratum, int day) {}

    private record BlockKey(String group, String stratum, int index) {
        static BlockKey of(CellKey c) {
            return new BlockKey(c.group(), c.stratum(), c.day() / CohortDelta.BLOCK_DAYS);
        }
    }

    private final boolean keepsSubjects;
    private final Map<CellKey, int[]> cells = new HashMap<>();
    private final Map<String, int[]> exclusions = new HashMap<>();
    private final Set<BlockKey> dirtyBlocks = new HashSet<>();
    private final Set<String> dirtyExclusions = new HashSet<>();
    private final Map<String, SubjectEntry> pendingSubjects = new LinkedHashMap<>();
    private LocalDate clockSent;
    private boolean reset;

    /** @param keepsSubjects whether the analysis needs individual subjects (Cox, follow-up checks) */
    PartitionShare(boolean keepsSubjects) {
        this.keepsSubjects = keepsSubjects;
    }

    boolean keepsSubjects() {
        return keepsSubjects;
    }

    /**
     * Adds ({@code sign} = +1) or retracts (-1) one patient's derivation, with the same rules as the batch
     * {@link CohortAccumulator}.
     *
     * @throws IllegalStateException when a retraction finds nothing to retract (a bug, never bad input)
     */
    void add(Derivation d, int sign) {
        if (d instanceof Derivation.Row row) {
            SubjectRow r = row.row();
            CellKey k = new CellKey(r.group(), r.stratum(), r.timeDays());
            bump(cells, k, r.event() ? 0 : 1, sign);
            dirtyBlocks.add(BlockKey.of(k));
        } else if (d instanceof Derivation.Excluded x && CohortAccumulator.reported(x.flag())) {
            bump(exclusions, x.flag().name(), 0, sign);
            dirtyExclusions.add(x.flag().name());
        }
    }

    /** Records a subject's new entry (null: the subject left the analysis); only for analyses that keep subjects. */
    void subject(String subject, SubjectEntry entry) {
        if (keepsSubjects) {
            pendingSubjects.put(subject, entry);
        }
    }

    /** The next drain sends the whole share with {@code reset}. */
    void markReset() {
        reset = true;
    }

    /** Whether anything would be sent besides the input offset, given the partition's clock now. */
    boolean hasChanges(LocalDate clock) {
        return reset || !dirtyBlocks.isEmpty() || !dirtyExclusions.isEmpty() || !pendingSubjects.isEmpty()
                || !Objects.equals(clockSent, clock);
    }

    /**
     * What changed since the last drain (everything, after {@link #markReset}), as deltas of at most
     * {@code maxItems} items each; the first carries {@code reset} and the clock, the last is marked last.
     * Always at least one delta, so the input offset travels even when nothing changed.
     *
     * @param clock the latest date any patient of the partition was seen, null when none
     */
    List<CohortDelta> drain(String analysis, int source, long inputOffset, int maxItems, LocalDate clock) {
        Set<BlockKey> blocks = dirtyBlocks;
        if (reset) {
            blocks = new HashSet<>();
            for (CellKey k : cells.keySet()) {
                blocks.add(BlockKey.of(k));
            }
        }
        List<CohortDelta.Block> cellList = new ArrayList<>(blocks.size());
        for (BlockKey b : blocks) {
            int[] counts = new int[2 * CohortDelta.BLOCK_DAYS];
            for (int d = 0; d < CohortDelta.BLOCK_DAYS; d++) {
                int[] c = cells.get(new CellKey(b.group(), b.stratum(), b.index() * CohortDelta.BLOCK_DAYS + d));
                if (c != null) {
                    counts[2 * d] = c[0];
                    counts[2 * d + 1] = c[1];
                }
            }
            cellList.add(new CohortDelta.Block(b.group(), b.stratum(), b.index(), counts));
        }
        List<CohortDelta.Exclusion> exclusionList = new ArrayList<>();
        for (String flag : reset ? exclusions.keySet() : dirtyExclusions) {
            int[] c = exclusions.get(flag);
            exclusionList.add(new CohortDelta.Exclusion(flag, c == null ? 0 : c[0]));
        }
        List<CohortDelta.Subject> subjectList = new ArrayList<>(pendingSubjects.size());
        pendingSubjects.forEach((s, e) -> {
            if (e != null || !reset) { // after a reset nothing is left to remove
                subjectList.add(new CohortDelta.Subject(s, e));
            }
        });
        boolean clockChanged = reset || !Objects.equals(clockSent, clock);
        String clockValue = clock == null ? null : clock.toString();

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
            out.add(new CohortDelta(analysis, source, first && reset, last, inputOffset, cellList.subList(ci, cEnd),
                    exclusionList.subList(xi, xEnd), first && clockChanged, first ? clockValue : null,
                    subjectList.subList(si, sEnd)));
            ci = cEnd;
            xi = xEnd;
            si = sEnd;
            first = false;
        } while (ci < cellList.size() || xi < exclusionList.size() || si < subjectList.size());

        dirtyBlocks.clear();
        dirtyExclusions.clear();
        pendingSubjects.clear();
        clockSent = clock;
        reset = false;
        return out;
    }

    /** Adds {@code sign} to slot {@code index} (cells: 0 = events, 1 = censored) and drops all-zero keys. */
    static <K> void bump(Map<K, int[]> map, K key, int index, int sign) {
        int[] c = map.get(key);
        if (c == null) {
            if (sign < 0) {
                throw new IllegalStateException("cohort count below zero: a retraction without its contribution");
            }
            c = new int[2];
            map.put(key, c);
        }
        c[index] += sign;
        if (c[index] < 0) {
            throw new IllegalStateException("cohort count below zero: a retraction without its contribution");
        }
        if (c[0] == 0 && c[1] == 0) {
            map.remove(key);
        }
    }
}
