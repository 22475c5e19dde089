package org.followupmonitor.analysis;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Objects;

/**
 * One patient's subject row for one analysis as the registry held it over time: entry i holds from
 * {@code days[i]} (an epoch day on which the patient has an event) until the next entry's day, and is the row
 * derived from the events dated on or before {@code days[i]} ({@link SubjectRows#cutHistory}). A data cut at date C
 * takes the entry with the latest day at or before C, so the patient is censored at their last event on or before
 * the cut, as a trial's data cut-off does, and nothing dated after C changes what the cut sees.
 *
 * <p>An entry with time -1 means no row as of that day (not yet diagnosed, not yet at the origin, excluded). The
 * first entry is a row, and no entry repeats the one before it. No patient identifier.
 *
 * @param days   epoch days, strictly increasing
 * @param times  the row's time in days, or -1 for no row
 * @param events whether the row's time is an endpoint event
 * @param groups the row's group (null for no row)
 * @param strata the row's stratum (null for no row)
 */
public record CutHistory(int[] days, int[] times, boolean[] events, String[] groups, String[] strata) {
    public CutHistory {
        int n = days.length;
        if (times.length != n || events.length != n || groups.length != n || strata.length != n || n == 0) {
            throw new IllegalArgumentException("a cut history has at least one entry and arrays of equal length");
        }
        for (int i = 0; i < n; i++) {
            if (i > 0 && days[i] <= days[i - 1]) {
                throw new IllegalArgumentException("cut history days must increase");
            }
            if (times[i] < -1 || (times[i] >= 0) != (groups[i] != null && strata[i] != null)) {
                throw new IllegalArgumentException("a cut history entry is a row (time >= 0, group, stratum) or none");
            }
        }
        if (times[0] < 0) {
            throw new IllegalArgumentException("a cut history starts with a row");
        }
        days = days.clone();
        times = times.clone();
        events = events.clone();
        groups = groups.clone();
        strata = strata.clone();
    }

    /** Entries. */
    public int size() {
        return days.length;
    }

    /** The index of the entry in effect on the epoch day, -1 before the first. */
    public int at(int epochDay) {
        int i = Arrays.binarySearch(days, epochDay);
        return i >= 0 ? i : -i - 2;
    }

    @Override
    public int[] days() {
        return days.clone();
    }

    @Override
    public int[] times() {
        return times.clone();
    }

    @Override
    public boolean[] events() {
        return events.clone();
    }

    @Override
    public String[] groups() {
        return groups.clone();
    }

    @Override
    public String[] strata() {
        return strata.clone();
    }

    /** Entry {@code i}'s parts without copying the arrays: the cohort stage compares held histories with sent ones. */
    public int day(int i) {
        return days[i];
    }

    public int time(int i) {
        return times[i];
    }

    public boolean event(int i) {
        return events[i];
    }

    public String group(int i) {
        return groups[i];
    }

    public String stratum(int i) {
        return strata[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CutHistory h && Arrays.equals(days, h.days) && Arrays.equals(times, h.times)
                && Arrays.equals(events, h.events) && Arrays.equals(groups, h.groups) && Arrays.equals(strata, h.strata);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(days), Arrays.hashCode(times), Arrays.hashCode(groups));
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("CutHistory[");
        for (int i = 0; i < days.length; i++) {
            b.append(i == 0 ? "" : ", ").append(LocalDate.ofEpochDay(days[i])).append(": ");
            b.append(times[i] < 0 ? "none" : groups[i] + "/" + strata[i] + " " + times[i] + (events[i] ? " event" : ""));
        }
        return b.append(']').toString();
    }

    /** Collects entries date by date, dropping leading "none" entries and repeats. */
    static final class Builder {
        private int n;
        private int[] days = new int[8];
        private int[] times = new int[8];
        private boolean[] events = new boolean[8];
        private String[] groups = new String[8];
        private String[] strata = new String[8];

        void row(LocalDate date, int time, boolean event, String group, String stratum) {
            add(Math.toIntExact(date.toEpochDay()), time, event, group, stratum);
        }

        void none(LocalDate date) {
            if (n > 0) {
                add(Math.toIntExact(date.toEpochDay()), -1, false, null, null);
            }
        }

        private void add(int day, int time, boolean event, String group, String stratum) {
            if (n > 0 && times[n - 1] == time && events[n - 1] == event && Objects.equals(groups[n - 1], group)
                    && Objects.equals(strata[n - 1], stratum)) {
                return; // the same row as before: the earlier entry already covers this day
            }
            if (n == days.length) {
                days = Arrays.copyOf(days, 2 * n);
                times = Arrays.copyOf(times, 2 * n);
                events = Arrays.copyOf(events, 2 * n);
                groups = Arrays.copyOf(groups, 2 * n);
                strata = Arrays.copyOf(strata, 2 * n);
            }
            days[n] = day;
            times[n] = time;
            events[n] = event;
            groups[n] = group;
            strata[n] = stratum;
            n++;
        }

        /** The history, or null when no entry is a row. */
        CutHistory build() {
            return n == 0 ? null : new CutHistory(Arrays.copyOf(days, n), Arrays.copyOf(times, n),
                    Arrays.copyOf(events, n), Arrays.copyOf(groups, n), Arrays.copyOf(strata, n));
        }
    }
}
