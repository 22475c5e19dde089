package org.followupmonitor.analysis;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cohort of an analysis as the registry held it on each past date, from its subjects' {@link CutHistory cut
 * histories}: what a data cut at any date sees. Formal looks of sequential monitoring are such cuts, so their
 * statistics are a function of the events dated on or before the cut, whatever arrived later.
 *
 * <p>Kept by column (a million patients cost a few arrays); {@link #cuts} walks the entries once in date order,
 * each entry replacing its subject's previous row in running risk-set counts. Not thread-safe while building;
 * {@link #cuts} only reads.
 */
public final class CutCohort {
    private final Optional<Variable> groupBy;
    private final int size;
    private final int[] day;
    private final int[] time;
    private final boolean[] event;
    private final int[] cell;
    private final int[] previous;
    private final List<String[]> cells;

    /** Takes the builder's arrays over (a million patients' entries are not copied); the builder is spent. */
    private CutCohort(Builder b) {
        this.groupBy = b.groupBy;
        this.size = b.size;
        this.day = b.day;
        this.time = b.time;
        this.event = b.event;
        this.cell = b.cell;
        this.previous = b.previous;
        this.cells = List.copyOf(b.cells);
        b.day = null;
    }

    /** A builder for the analysis' cohort (its group-by variable orders the groups, as in every result). */
    public static Builder builder(AnalysisDefinition analysis) {
        return new Builder(analysis.groupBy());
    }

    /**
     * One data cut: the date, the endpoint events and subjects with a row as of that date, and the cohort's risk-set
     * counts as the registry held them then.
     */
    public record Cut(LocalDate date, int events, int subjects, CohortCounts counts) {}

    /**
     * The data cuts at which the cohort's endpoint events first reach each threshold: walking the dates before the
     * clock in order, a cut is taken at the end of a date once the events (as of that date) reach the next threshold
     * not yet reached; thresholds it jumps over on the same date are reached with it. The walk stops after the cut
     * that reaches the last threshold.
     *
     * <p>Dates from the clock on are not cut: a registry may still record events of the clock's own date, so a cut
     * there would not be final.
     *
     * @param thresholds increasing event counts (fractional thresholds are reached by the next whole count)
     * @param clock      the analysis clock; null (no events) gives no cut
     */
    public List<Cut> cuts(double[] thresholds, LocalDate clock) {
        List<Cut> out = new ArrayList<>();
        if (clock == null || thresholds.length == 0 || size == 0) {
            return out;
        }
        int clockDay = Math.toIntExact(clock.toEpochDay());
        int minDay = Integer.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            minDay = Math.min(minDay, day[i]);
        }
        long[] order = new long[size];
        for (int i = 0; i < size; i++) {
            order[i] = ((long) (day[i] - minDay) << 32) | i;
        }
        Arrays.sort(order);
        int[][] pairs = new int[cells.size()][];
        for (int c = 0; c < pairs.length; c++) {
            pairs[c] = new int[64];
        }
        int events = 0;
        int subjects = 0;
        int next = 0;
        int k = 0;
        while (k < size) {
            int d = day[(int) order[k]];
            if (d >= clockDay) {
                break;
            }
            for (; k < size && day[(int) order[k]] == d; k++) {
                int e = (int) order[k];
                int p = previous[e];
                if (p >= 0 && time[p] >= 0) {
                    pairs[cell[p]][2 * time[p] + (event[p] ? 0 : 1)]--;
                    events -= event[p] ? 1 : 0;
                    subjects--;
                }
                if (time[e] >= 0) {
                    int slot = 2 * time[e] + (event[e] ? 0 : 1);
                    if (slot >= pairs[cell[e]].length) {
                        // Pairs per day: the length stays even.
                        pairs[cell[e]] = Arrays.copyOf(pairs[cell[e]],
                                Math.max(2 * (time[e] + 1), 2 * pairs[cell[e]].length));
                    }
                    pairs[cell[e]][slot]++;
                    events += event[e] ? 1 : 0;
                    subjects++;
                }
            }
            if (events >= thresholds[next]) {
                CohortCounts.Builder counts = CohortCounts.builder(groupBy);
                for (int c = 0; c < pairs.length; c++) {
                    counts.addDays(cells.get(c)[0], cells.get(c)[1], pairs[c]);
                }
                out.add(new Cut(LocalDate.ofEpochDay(d), events, subjects, counts.build()));
                while (next < thresholds.length && events >= thresholds[next]) {
                    next++;
                }
                if (next == thresholds.length) {
                    break;
                }
            }
        }
        return out;
    }

    /** Collects subjects' cut histories. */
    public static final class Builder {
        private final Optional<Variable> groupBy;
        private final Map<String, Integer> cellIndex = new HashMap<>();
        private final List<String[]> cells = new ArrayList<>();
        private int size;
        private int[] day = new int[256];
        private int[] time = new int[256];
        private boolean[] event = new boolean[256];
        private int[] cell = new int[256];
        private int[] previous = new int[256];
        private int lastCell = -1;

        private Builder(Optional<Variable> groupBy) {
            this.groupBy = groupBy;
        }

        /**
         * Adds one subject's history (null: the subject never had a row, and is left out).
         *
         * @throws IllegalStateException after {@link #build}
         */
        public Builder add(CutHistory h) {
            if (day == null) {
                throw new IllegalStateException("this builder has built its cohort already");
            }
            if (h == null) {
                return this;
            }
            for (int i = 0; i < h.size(); i++) {
                if (size == day.length) {
                    int n = 2 * size;
                    day = Arrays.copyOf(day, n);
                    time = Arrays.copyOf(time, n);
                    event = Arrays.copyOf(event, n);
                    cell = Arrays.copyOf(cell, n);
                    previous = Arrays.copyOf(previous, n);
                }
                day[size] = h.day(i);
                time[size] = h.time(i);
                event[size] = h.event(i);
                cell[size] = h.time(i) < 0 ? -1 : cellOf(h.group(i), h.stratum(i));
                previous[size] = i == 0 ? -1 : size - 1;
                size++;
            }
            return this;
        }

        private int cellOf(String group, String stratum) {
            // Consecutive entries mostly share their cell (often the very same label instances): skip the map then.
            if (lastCell >= 0 && group.equals(cells.get(lastCell)[0]) && stratum.equals(cells.get(lastCell)[1])) {
                return lastCell;
            }
            lastCell = cellIndex.computeIfAbsent(group + '\u0000' + stratum, k -> {
                cells.add(new String[] {group, stratum});
                return cells.size() - 1;
            });
            return lastCell;
        }

        /**
         * The cohort; the builder cannot be used afterwards.
         *
         * @throws IllegalStateException when called twice
         */
        public CutCohort build() {
            if (day == null) {
                throw new IllegalStateException("this builder has built its cohort already");
            }
            return new CutCohort(this);
        }
    }
}
