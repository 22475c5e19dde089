package org.followupmonitor.survival;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Risk-set counts per group x stratum by whole-day time, maintained under additions and removals
 * of subjects, for streaming. {@code add} and {@code remove} cost O(log n); {@link #tables} costs
 * O(distinct days) and yields the same {@link StratifiedRiskTables} as batch aggregation of the
 * subjects currently held, so Kaplan-Meier and log-rank results equal the batch ones bit for bit.
 *
 * <p>Not thread-safe: a Kafka Streams task owns one instance at a time.
 */
public final class IncrementalRiskSets {

    /** Per day: [events, censored]. */
    private final TreeMap<Long, TreeMap<Integer, int[]>> cells = new TreeMap<>();
    private long subjects;

    /** Creates an empty structure. */
    public IncrementalRiskSets() {
    }

    /**
     * Rebuilds the structure from its compact form.
     *
     * @param snapshot a snapshot from {@link #snapshot()}
     * @return an equal structure
     * @throws IllegalArgumentException if snapshot is null
     */
    public static IncrementalRiskSets restore(RiskSetSnapshot snapshot) {
        if (snapshot == null) {
            throw new IllegalArgumentException("snapshot must not be null");
        }
        IncrementalRiskSets r = new IncrementalRiskSets();
        for (CellCounts c : snapshot.cells()) {
            TreeMap<Integer, int[]> days = new TreeMap<>();
            int[] t = c.times();
            int[] e = c.events();
            int[] z = c.censored();
            for (int i = 0; i < t.length; i++) {
                days.put(t[i], new int[] {e[i], z[i]});
            }
            r.cells.put(key(c.group(), c.stratum()), days);
            r.subjects += c.subjects();
        }
        return r;
    }

    /**
     * Adds a subject.
     *
     * @throws IllegalArgumentException if subject is null
     */
    public void add(RiskSetSubject subject) {
        if (subject == null) {
            throw new IllegalArgumentException("subject must not be null");
        }
        int[] counts = cells.computeIfAbsent(key(subject.group(), subject.stratum()), k -> new TreeMap<>())
                .computeIfAbsent(subject.time(), t -> new int[2]);
        counts[subject.event() ? 0 : 1]++;
        subjects++;
    }

    /**
     * Removes a subject previously added (same time, event flag, group and stratum).
     *
     * @throws IllegalArgumentException if subject is null or no such subject is held
     */
    public void remove(RiskSetSubject subject) {
        if (subject == null) {
            throw new IllegalArgumentException("subject must not be null");
        }
        long key = key(subject.group(), subject.stratum());
        TreeMap<Integer, int[]> days = cells.get(key);
        int[] counts = days == null ? null : days.get(subject.time());
        int slot = subject.event() ? 0 : 1;
        if (counts == null || counts[slot] == 0) {
            throw new IllegalArgumentException("cannot remove a subject that was never added: no "
                    + (subject.event() ? "event" : "censoring") + " at day " + subject.time() + " in group "
                    + subject.group() + ", stratum " + subject.stratum());
        }
        counts[slot]--;
        if (counts[0] == 0 && counts[1] == 0) {
            days.remove(subject.time());
            if (days.isEmpty()) {
                cells.remove(key);
            }
        }
        subjects--;
    }

    /** @return number of subjects held */
    public long size() {
        return subjects;
    }

    /** @return true when no subject is held */
    public boolean isEmpty() {
        return subjects == 0;
    }

    /** @return the largest group code held plus one (0 when empty) */
    public int groupCount() {
        int max = -1;
        for (long k : cells.keySet()) {
            max = Math.max(max, (int) k);
        }
        return max + 1;
    }

    /** @return the largest stratum code held plus one (0 when empty) */
    public int strataCount() {
        return cells.isEmpty() ? 0 : (int) (cells.lastKey() >>> 32) + 1;
    }

    /**
     * The aggregated tables, as {@link StratifiedRiskTables#of} on the subjects held.
     *
     * @param groupCount number of groups, {@code >= 1} and above every group code held
     * @param strataCount number of strata, {@code >= 1} and above every stratum code held
     * @return the tables
     * @throws IllegalArgumentException if a held code does not fit the counts
     */
    public StratifiedRiskTables tables(int groupCount, int strataCount) {
        return tables(snapshot(), groupCount, strataCount);
    }

    /**
     * The aggregated tables of a snapshot, equal to {@code restore(snapshot).tables(groupCount, strataCount)}
     * without building the sorted maps again (the cells are already in day order).
     *
     * @throws IllegalArgumentException if a count is below 1 or a held code does not fit the counts
     */
    public static StratifiedRiskTables tables(RiskSetSnapshot snapshot, int groupCount, int strataCount) {
        if (groupCount < 1 || strataCount < 1) {
            throw new IllegalArgumentException("groupCount and strataCount must be >= 1");
        }
        int needGroups = 0;
        int needStrata = 0;
        for (CellCounts cell : snapshot.cells()) {
            needGroups = Math.max(needGroups, cell.group() + 1);
            needStrata = Math.max(needStrata, cell.stratum() + 1);
        }
        if (needGroups > groupCount || needStrata > strataCount) {
            throw new IllegalArgumentException("held codes need " + needGroups + " groups and " + needStrata
                    + " strata, more than the " + groupCount + " x " + strataCount + " asked for");
        }
        int cellsCount = groupCount * strataCount;
        double[][] t = new double[cellsCount][];
        double[][] e = new double[cellsCount][];
        double[][] z = new double[cellsCount][];
        for (int c = 0; c < cellsCount; c++) {
            t[c] = new double[0];
            e[c] = t[c];
            z[c] = t[c];
        }
        for (CellCounts cell : snapshot.cells()) {
            int idx = cell.stratum() * groupCount + cell.group();
            t[idx] = cell.timesAsDoubles();
            e[idx] = cell.eventsAsDoubles();
            z[idx] = cell.censoredAsDoubles();
        }
        return Aggregation.finish(groupCount, strataCount, t, e, z);
    }

    /**
     * The tables with the group and stratum counts inferred from the codes held (at least 1 each).
     */
    public StratifiedRiskTables tables() {
        return tables(Math.max(1, groupCount()), Math.max(1, strataCount()));
    }

    /** @return the compact value form, cells ordered by (stratum, group) */
    public RiskSetSnapshot snapshot() {
        List<CellCounts> out = new ArrayList<>(cells.size());
        for (Map.Entry<Long, TreeMap<Integer, int[]>> cell : cells.entrySet()) {
            out.add(CellCounts.of((int) (long) cell.getKey(), (int) (cell.getKey() >>> 32), cell.getValue()));
        }
        out.sort(Comparator.comparingInt(CellCounts::stratum).thenComparingInt(CellCounts::group));
        return new RiskSetSnapshot(out);
    }

    /** Orders cells by stratum, then group (both non-negative). */
    private static long key(int group, int stratum) {
        return ((long) stratum << 32) | group;
    }
}
