package org.followupmonitor.survival;

import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;

/**
 * Compact value form of one group x stratum cell of {@link IncrementalRiskSets}: per distinct day,
 * the number of events and of censorings. Meant to be serialised by the caller (e.g. into a Kafka
 * Streams store) and rebuilt exactly with {@link IncrementalRiskSets#restore}.
 *
 * @param group group code, {@code >= 0}
 * @param stratum stratum code, {@code >= 0}
 * @param times strictly increasing days, {@code >= 0}, at least one
 * @param events events per day, {@code >= 0}
 * @param censored censorings per day, {@code >= 0}; events + censored {@code > 0} on every day
 */
public record CellCounts(int group, int stratum, int[] times, int[] events, int[] censored) {

    /**
     * @throws IllegalArgumentException on negative codes, null or mismatched arrays, an empty cell,
     *     times not strictly increasing, negative counts or a day without subjects
     */
    public CellCounts {
        if (group < 0 || stratum < 0) {
            throw new IllegalArgumentException("group and stratum codes must be >= 0");
        }
        if (times == null || events == null || censored == null || events.length != times.length
                || censored.length != times.length) {
            throw new IllegalArgumentException("CellCounts arrays must be non-null and of equal length");
        }
        if (times.length == 0) {
            throw new IllegalArgumentException("CellCounts must not be empty: empty cells are omitted");
        }
        times = times.clone();
        events = events.clone();
        censored = censored.clone();
        for (int i = 0; i < times.length; i++) {
            if (times[i] < 0 || (i > 0 && times[i] <= times[i - 1])) {
                throw new IllegalArgumentException("CellCounts times must be >= 0 and strictly increasing at index "
                        + i);
            }
            if (events[i] < 0 || censored[i] < 0 || (long) events[i] + censored[i] == 0) {
                throw new IllegalArgumentException("CellCounts counts must be >= 0 with at least one subject per"
                        + " day, index " + i);
            }
        }
    }

    /**
     * The cell of per-day counts held in a sorted map (day → {events, censored}), the form both the
     * incremental risk sets and the analysis layer collect in.
     *
     * @throws IllegalArgumentException as the constructor, e.g. for an empty map
     */
    public static CellCounts of(int group, int stratum, SortedMap<Integer, int[]> days) {
        int[] times = new int[days.size()];
        int[] events = new int[times.length];
        int[] censored = new int[times.length];
        int i = 0;
        for (Map.Entry<Integer, int[]> d : days.entrySet()) {
            times[i] = d.getKey();
            events[i] = d.getValue()[0];
            censored[i] = d.getValue()[1];
            i++;
        }
        return new CellCounts(group, stratum, times, events, censored);
    }

    /**
     * The cell of per-day counts held densely, {@code pairs[2d]} events and {@code pairs[2d + 1]} censorings
     * on day {@code d}; days without subjects are left out.
     *
     * @throws IllegalArgumentException for an odd length, negative counts or no subject at all
     */
    public static CellCounts ofDense(int group, int stratum, int[] pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("dense day counts come in pairs, length was " + pairs.length);
        }
        int n = 0;
        for (int d = 0; d < pairs.length / 2; d++) {
            if (pairs[2 * d] != 0 || pairs[2 * d + 1] != 0) {
                n++;
            }
        }
        int[] times = new int[n];
        int[] events = new int[n];
        int[] censored = new int[n];
        int i = 0;
        for (int d = 0; d < pairs.length / 2; d++) {
            if (pairs[2 * d] != 0 || pairs[2 * d + 1] != 0) {
                times[i] = d;
                events[i] = pairs[2 * d];
                censored[i] = pairs[2 * d + 1];
                i++;
            }
        }
        return new CellCounts(group, stratum, times, events, censored);
    }

    /** @return number of subjects in the cell */
    public long subjects() {
        long s = 0;
        for (int i = 0; i < times.length; i++) {
            s += (long) events[i] + censored[i];
        }
        return s;
    }

    @Override
    public int[] times() {
        return times.clone();
    }

    @Override
    public int[] events() {
        return events.clone();
    }

    @Override
    public int[] censored() {
        return censored.clone();
    }

    double[] timesAsDoubles() {
        return asDoubles(times);
    }

    double[] eventsAsDoubles() {
        return asDoubles(events);
    }

    double[] censoredAsDoubles() {
        return asDoubles(censored);
    }

    private static double[] asDoubles(int[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CellCounts c && group == c.group && stratum == c.stratum && Arrays.equals(times, c.times)
                && Arrays.equals(events, c.events) && Arrays.equals(censored, c.censored);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new int[] {group, stratum, Arrays.hashCode(times), Arrays.hashCode(events),
            Arrays.hashCode(censored)});
    }

    @Override
    public String toString() {
        return "CellCounts[group=" + group + ", stratum=" + stratum + ", days=" + times.length + ", subjects="
                + subjects() + "]";
    }
}
