package org.followupmonitor.cohortstate;

import java.time.LocalDate;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import org.followupmonitor.analysis.CutHistory;
import org.followupmonitor.analysis.FollowUpRecord;
import org.followupmonitor.analysis.SubjectRow;

/**
 * The subject entries of a {@link SubjectTable}, by slot, held in columns instead of objects.
 *
 * <p>Why: at 10^6 patients the seven analyses that keep subjects held 7 M entries as a {@link SubjectEntry} (24 bytes)
 * and a {@link SubjectRow} (48 bytes) each, beside a reference (4), a {@link FollowUpRecord} (24) and a
 * {@link CutHistory} per monitored subject: over a third of the monitor's live heap (docs/scale-measurements.md).
 * Here a row is its time (an int) and its {@link RowLabels} (one reference to an instance shared across the cohort), a
 * follow-up two epoch days and a flag; numeric covariates, switch days, follow-up dates and cut histories take
 * columns only in the analyses whose entries have them (most have none of them). An entry object is made only
 * when one is read ({@link #entry}, {@link #snapshot}): equal to the one put.
 *
 * <p>Not thread-safe; a {@link #snapshot} is a copy, so it may be read on any thread while these change.
 */
final class SubjectColumns {
    private static final byte FOLLOW_UP = 1;
    private static final byte DEAD = 2;

    private final SubjectCanon canon;
    /** Per slot: the row's time in days (0 without a row). */
    private int[] times;
    /** Per slot: the row's shared labels, null when the entry has no row. */
    private RowLabels[] labels;
    /** Per slot: {@link #FOLLOW_UP}, {@link #DEAD}. */
    private byte[] flags;
    /** Per slot, null until a row has numeric covariates: the row's numbers (a shared map), null for none. */
    private Map<String, Double>[] numbers;
    /** Per slot, null until a row has switch days: the row's switch days (a shared map), null for none. */
    private Map<String, Integer>[] switches;
    /** Per slot, null until an entry has follow-up dates: start of follow-up and last contact, epoch days. */
    private int[] starts;
    private int[] lastContacts;
    /**
     * Per slot, null until an entry has a cut history: its cut history packed ({@link #pack}), null for none. A
     * {@link CutHistory} of a monitored subject with five dates was five arrays and ~216 bytes; packed it is one array
     * of 76.
     */
    private int[][] cuts;
    /**
     * In a snapshot, the canon's (group, stratum) pairs as they were when it was taken (the canon may number more on
     * the stream thread meanwhile); null in the table's own columns, which read the canon's.
     */
    private SubjectCanon.GroupStratum[] groupStrata;

    SubjectColumns(SubjectCanon canon, int capacity) {
        this.canon = canon;
        times = new int[capacity];
        labels = new RowLabels[capacity];
        flags = new byte[capacity];
    }

    /** Holds {@code e} in the slot (its repeating parts shared through the canon). */
    void set(int slot, SubjectEntry e) {
        SubjectRow r = e.row();
        times[slot] = r == null ? 0 : r.timeDays();
        labels[slot] = r == null ? null : canon.labels(r);
        Map<String, Double> n = r == null || r.numbers().isEmpty() ? null : canon.map(r.numbers());
        if (n != null || numbers != null) {
            numbers = numbers == null ? newMaps(times.length) : numbers;
            numbers[slot] = n;
        }
        Map<String, Integer> s = r == null || r.switches().isEmpty() ? null : canon.map(r.switches());
        if (s != null || switches != null) {
            switches = switches == null ? newMaps(times.length) : switches;
            switches[slot] = s;
        }
        FollowUpRecord f = e.followUp();
        flags[slot] = (byte) (f == null ? 0 : FOLLOW_UP | (f.dead() ? DEAD : 0));
        if (f != null) {
            if (starts == null) {
                starts = new int[times.length];
                lastContacts = new int[times.length];
            }
            starts[slot] = Math.toIntExact(f.start().toEpochDay());
            lastContacts[slot] = Math.toIntExact(f.lastContact().toEpochDay());
        }
        CutHistory h = e.cuts();
        if (h != null || cuts != null) {
            cuts = cuts == null ? new int[times.length][] : cuts;
            cuts[slot] = h == null ? null : pack(h);
        }
    }

    /** The entry in the slot: a new object equal to the one put there. */
    SubjectEntry entry(int slot) {
        RowLabels l = labels[slot];
        SubjectRow row = l == null ? null
                : new SubjectRow(times[slot], l.cause() == 1, l.group(), l.stratum(), l.factors(),
                        orEmpty(numbers == null ? null : numbers[slot]),
                        orEmpty(switches == null ? null : switches[slot]), l.cause());
        FollowUpRecord followUp = (flags[slot] & FOLLOW_UP) == 0 ? null
                : new FollowUpRecord(LocalDate.ofEpochDay(starts[slot]), LocalDate.ofEpochDay(lastContacts[slot]),
                        (flags[slot] & DEAD) != 0);
        return new SubjectEntry(row, followUp, cuts == null || cuts[slot] == null ? null
                : unpack(cuts[slot], groupStrata != null ? groupStrata : canon.groupStrata()));
    }

    /**
     * Whether the slot holds an entry equal to {@code e}: the same as {@code e.equals(entry(slot))}, compared column by
     * column without making the entry. Why: a ranged reset compares every subject it sends with the one held, and after
     * a restart at 10^6 patients that was about 7 M entries made (a row, follow-up dates, a cut history each) only to be
     * compared and dropped.
     */
    boolean holds(int slot, SubjectEntry e) {
        SubjectRow r = e.row();
        RowLabels l = labels[slot];
        if (r == null ? l != null : l == null || !sameRow(slot, l, r)) {
            return false;
        }
        FollowUpRecord f = e.followUp();
        boolean held = (flags[slot] & FOLLOW_UP) != 0;
        if (f == null ? held
                : !held || f.dead() != ((flags[slot] & DEAD) != 0) || f.start().toEpochDay() != starts[slot]
                        || f.lastContact().toEpochDay() != lastContacts[slot]) {
            return false;
        }
        CutHistory h = e.cuts();
        int[] packed = cuts == null ? null : cuts[slot];
        if (h == null || packed == null) {
            return h == null && packed == null;
        }
        return samePacked(packed, h, groupStrata != null ? groupStrata : canon.groupStrata());
    }

    /** Whether the row {@link #entry} makes of the slot equals {@code r} (its event is its cause 1 in both). */
    private boolean sameRow(int slot, RowLabels l, SubjectRow r) {
        return times[slot] == r.timeDays() && l.cause() == r.cause() && l.group().equals(r.group())
                && l.stratum().equals(r.stratum()) && l.factors().equals(r.factors())
                && orEmpty(numbers == null ? null : numbers[slot]).equals(r.numbers())
                && orEmpty(switches == null ? null : switches[slot]).equals(r.switches());
    }

    /** Whether {@link #unpack} of {@code packed} equals {@code h}, entry by entry, without unpacking it. */
    private static boolean samePacked(int[] packed, CutHistory h, SubjectCanon.GroupStratum[] groupStrata) {
        int n = packed.length / 3;
        if (h.size() != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            int timeEvent = packed[3 * i + 1];
            if (h.day(i) != packed[3 * i] || h.time(i) != packedTime(timeEvent)
                    || h.event(i) != packedEvent(timeEvent)) {
                return false;
            }
            SubjectCanon.GroupStratum label = timeEvent < 0 ? null : groupStrata[packed[3 * i + 2]];
            if (!java.util.Objects.equals(h.group(i), label == null ? null : label.group())
                    || !java.util.Objects.equals(h.stratum(i), label == null ? null : label.stratum())) {
                return false;
            }
        }
        return true;
    }

    /**
     * A cut history as one array: per entry its epoch day, its time and event ({@code 2 × time + 1} for an event,
     * {@code 2 × time} otherwise, -1 for no row) and its group and stratum as a number
     * ({@link SubjectCanon#groupStratum}; -1 for no row).
     */
    private int[] pack(CutHistory h) {
        int[] days = h.days();
        int[] times = h.times();
        boolean[] events = h.events();
        String[] groups = h.groups();
        String[] strata = h.strata();
        int[] packed = new int[3 * days.length];
        for (int i = 0; i < days.length; i++) {
            packed[3 * i] = days[i];
            packed[3 * i + 1] = times[i] < 0 ? -1 : Math.multiplyExact(times[i], 2) + (events[i] ? 1 : 0);
            packed[3 * i + 2] = times[i] < 0 ? -1 : canon.groupStratum(groups[i], strata[i]);
        }
        return packed;
    }

    /** The time a packed entry's time-and-event ({@link #pack}) holds, -1 for no row. */
    private static int packedTime(int timeEvent) {
        return timeEvent < 0 ? -1 : timeEvent >> 1;
    }

    /** Whether a packed entry's time-and-event ({@link #pack}) marks an event. */
    private static boolean packedEvent(int timeEvent) {
        return timeEvent >= 0 && (timeEvent & 1) != 0;
    }

    private static CutHistory unpack(int[] packed, SubjectCanon.GroupStratum[] groupStrata) {
        int n = packed.length / 3;
        int[] days = new int[n];
        int[] times = new int[n];
        boolean[] events = new boolean[n];
        String[] groups = new String[n];
        String[] strata = new String[n];
        for (int i = 0; i < n; i++) {
            days[i] = packed[3 * i];
            int timeEvent = packed[3 * i + 1];
            times[i] = packedTime(timeEvent);
            events[i] = packedEvent(timeEvent);
            if (timeEvent >= 0) {
                SubjectCanon.GroupStratum label = groupStrata[packed[3 * i + 2]];
                groups[i] = label.group();
                strata[i] = label.stratum();
            }
        }
        return new CutHistory(days, times, events, groups, strata);
    }

    /** Moves the entry in {@code from} to {@code to} (and forgets it in {@code from}). */
    void move(int from, int to) {
        times[to] = times[from];
        labels[to] = labels[from];
        flags[to] = flags[from];
        if (numbers != null) {
            numbers[to] = numbers[from];
        }
        if (switches != null) {
            switches[to] = switches[from];
        }
        if (starts != null) {
            starts[to] = starts[from];
            lastContacts[to] = lastContacts[from];
        }
        if (cuts != null) {
            cuts[to] = cuts[from];
        }
        clear(from);
    }

    /** Forgets the entry in the slot (its references, so nothing held stays reachable from here). */
    void clear(int slot) {
        labels[slot] = null;
        flags[slot] = 0;
        if (numbers != null) {
            numbers[slot] = null;
        }
        if (switches != null) {
            switches[slot] = null;
        }
        if (cuts != null) {
            cuts[slot] = null;
        }
    }

    /** Slots held. */
    int capacity() {
        return times.length;
    }

    /** Grows (or shrinks) to {@code n} slots, keeping the first {@code min(n, capacity)}. */
    void resize(int n) {
        times = Arrays.copyOf(times, n);
        labels = Arrays.copyOf(labels, n);
        flags = Arrays.copyOf(flags, n);
        numbers = numbers == null ? null : Arrays.copyOf(numbers, n);
        switches = switches == null ? null : Arrays.copyOf(switches, n);
        starts = starts == null ? null : Arrays.copyOf(starts, n);
        lastContacts = lastContacts == null ? null : Arrays.copyOf(lastContacts, n);
        cuts = cuts == null ? null : Arrays.copyOf(cuts, n);
    }

    /**
     * The entries in slots {@code 0..size-1} as they are now, in slot order: a copy of the columns (the shared parts
     * are immutable), so it stays as it is while these change; its entries are made as they are read.
     */
    List<SubjectEntry> snapshot(int size) {
        SubjectColumns copy = new SubjectColumns(canon, 0);
        copy.times = times;
        copy.labels = labels;
        copy.flags = flags;
        copy.numbers = numbers;
        copy.switches = switches;
        copy.starts = starts;
        copy.lastContacts = lastContacts;
        copy.cuts = cuts;
        copy.groupStrata = canon.groupStrata();
        copy.resize(size);
        return new Snapshot(copy, size);
    }

    /** An unmodifiable list over columns no one else holds. */
    private static final class Snapshot extends AbstractList<SubjectEntry> implements RandomAccess {
        private final SubjectColumns columns;
        private final int size;

        Snapshot(SubjectColumns columns, int size) {
            this.columns = columns;
            this.size = size;
        }

        @Override
        public SubjectEntry get(int i) {
            if (i < 0 || i >= size) {
                throw new IndexOutOfBoundsException(i);
            }
            return columns.entry(i);
        }

        @Override
        public int size() {
            return size;
        }
    }

    private static <V> Map<String, V> orEmpty(Map<String, V> m) {
        return m == null ? Map.of() : m;
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V>[] newMaps(int n) {
        return (Map<String, V>[]) new Map<?, ?>[n];
    }
}
