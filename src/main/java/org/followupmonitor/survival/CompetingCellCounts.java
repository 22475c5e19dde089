package org.followupmonitor.survival;

import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;

/**
 * Per-day counts of one group x stratum cell of competing-risks data, the counterpart of
 * {@link CellCounts}: per distinct day, the events of each cause and the censorings. This is what the
 * stream's cohort stage keeps; {@link CompetingRiskTables#of(int, int, int, java.util.List)} turns a list of
 * them into tables in O(distinct days).
 *
 * @param group group code, {@code >= 0}
 * @param stratum stratum code, {@code >= 0}
 * @param times strictly increasing days, {@code >= 0}, at least one
 * @param events {@code causeCount x days}: events of cause {@code c} on each day in row {@code c - 1}; at least
 *     one cause
 * @param censored censorings per day; every day has at least one subject
 */
public record CompetingCellCounts(int group, int stratum, int[] times, int[][] events, int[] censored) {

    /**
     * @throws IllegalArgumentException on negative codes, null or mismatched arrays, no cause, an empty cell,
     *     days not strictly increasing, negative counts or a day without subjects
     */
    public CompetingCellCounts {
        if (group < 0 || stratum < 0) {
            throw new IllegalArgumentException("group and stratum codes must be >= 0");
        }
        if (times == null || events == null || censored == null || censored.length != times.length
                || events.length == 0) {
            throw new IllegalArgumentException("CompetingCellCounts needs days, censored counts of equal length and"
                    + " at least one cause");
        }
        if (times.length == 0) {
            throw new IllegalArgumentException("CompetingCellCounts must not be empty: empty cells are omitted");
        }
        times = times.clone();
        censored = censored.clone();
        int[][] ev = new int[events.length][];
        for (int c = 0; c < events.length; c++) {
            if (events[c] == null || events[c].length != times.length) {
                throw new IllegalArgumentException("events of cause " + (c + 1) + " must have one count per day");
            }
            ev[c] = events[c].clone();
        }
        events = ev;
        for (int i = 0; i < times.length; i++) {
            if (times[i] < 0 || (i > 0 && times[i] <= times[i - 1])) {
                throw new IllegalArgumentException("CompetingCellCounts days must be >= 0 and strictly increasing at"
                        + " index " + i);
            }
            long subjects = censored[i];
            boolean negative = censored[i] < 0;
            for (int[] e : events) {
                subjects += e[i];
                negative |= e[i] < 0;
            }
            if (negative || subjects == 0) {
                throw new IllegalArgumentException("CompetingCellCounts counts must be >= 0 with at least one subject"
                        + " per day, index " + i);
            }
        }
    }

    /**
     * The cell held in a sorted map, day → {@code [cause 1, ..., cause k, censored]}.
     *
     * @param causeCount number of causes k, {@code >= 1}
     * @throws IllegalArgumentException as the constructor, or when a day's array does not have k + 1 counts
     */
    public static CompetingCellCounts of(int group, int stratum, int causeCount, SortedMap<Integer, int[]> days) {
        int m = days.size();
        int[] times = new int[m];
        int[][] events = new int[causeCount][m];
        int[] censored = new int[m];
        int i = 0;
        for (Map.Entry<Integer, int[]> d : days.entrySet()) {
            int[] v = d.getValue();
            if (v.length != causeCount + 1) {
                throw new IllegalArgumentException("day " + d.getKey() + " has " + v.length + " counts; expected "
                        + (causeCount + 1) + " (one per cause, then censored)");
            }
            times[i] = d.getKey();
            for (int c = 0; c < causeCount; c++) {
                events[c][i] = v[c];
            }
            censored[i] = v[causeCount];
            i++;
        }
        return new CompetingCellCounts(group, stratum, times, events, censored);
    }

    /**
     * The cell held densely: day {@code d} occupies slots {@code d (k + 1) .. d (k + 1) + k}, the events of
     * causes 1..k then the censorings (with one cause this is {@link CellCounts#ofDense}'s pair layout).
     * Days without subjects are left out.
     *
     * @param causeCount number of causes k, {@code >= 1}
     * @throws IllegalArgumentException for a length that is not a multiple of k + 1, negative counts or no
     *     subject at all
     */
    public static CompetingCellCounts ofDense(int group, int stratum, int causeCount, int[] slots) {
        if (causeCount < 1) {
            throw new IllegalArgumentException("causeCount must be >= 1, got " + causeCount);
        }
        int stride = causeCount + 1;
        if (slots.length % stride != 0) {
            throw new IllegalArgumentException("dense day counts come in groups of " + stride + ", length was "
                    + slots.length);
        }
        int days = slots.length / stride;
        int m = 0;
        for (int d = 0; d < days; d++) {
            if (anyAt(slots, d * stride, stride)) {
                m++;
            }
        }
        int[] times = new int[m];
        int[][] events = new int[causeCount][m];
        int[] censored = new int[m];
        int i = 0;
        for (int d = 0; d < days; d++) {
            int off = d * stride;
            if (anyAt(slots, off, stride)) {
                times[i] = d;
                for (int c = 0; c < causeCount; c++) {
                    events[c][i] = slots[off + c];
                }
                censored[i] = slots[off + causeCount];
                i++;
            }
        }
        return new CompetingCellCounts(group, stratum, times, events, censored);
    }

    private static boolean anyAt(int[] slots, int off, int stride) {
        for (int j = 0; j < stride; j++) {
            if (slots[off + j] != 0) {
                return true;
            }
        }
        return false;
    }

    /** @return number of causes */
    public int causeCount() {
        return events.length;
    }

    /** @return number of subjects in the cell */
    public long subjects() {
        long s = 0;
        for (int i = 0; i < times.length; i++) {
            s += censored[i];
            for (int[] e : events) {
                s += e[i];
            }
        }
        return s;
    }

    @Override
    public int[] times() {
        return times.clone();
    }

    @Override
    public int[][] events() {
        int[][] out = new int[events.length][];
        for (int c = 0; c < out.length; c++) {
            out[c] = events[c].clone();
        }
        return out;
    }

    @Override
    public int[] censored() {
        return censored.clone();
    }

    /** The cell as a table (no timefix: whole days never merge). */
    CompetingRiskTable table() {
        int m = times.length;
        double[] t = new double[m];
        double[][] e = new double[events.length][m];
        double[] z = new double[m];
        for (int i = 0; i < m; i++) {
            t[i] = times[i];
            z[i] = censored[i];
            for (int c = 0; c < events.length; c++) {
                e[c][i] = events[c][i];
            }
        }
        return CompetingRiskTable.of(t, e, z);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CompetingCellCounts c && group == c.group && stratum == c.stratum
                && Arrays.equals(times, c.times) && Arrays.deepEquals(events, c.events)
                && Arrays.equals(censored, c.censored);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new int[] {group, stratum, Arrays.hashCode(times), Arrays.deepHashCode(events),
            Arrays.hashCode(censored)});
    }

    @Override
    public String toString() {
        return "CompetingCellCounts[group=" + group + ", stratum=" + stratum + ", causes=" + events.length + ", days="
                + times.length + ", subjects=" + subjects() + "]";
    }
}
