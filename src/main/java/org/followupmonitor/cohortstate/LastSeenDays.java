package org.followupmonitor.cohortstate;

import java.time.LocalDate;
import java.util.Arrays;

/**
 * How many of a partition's patients were last seen on each day, and the latest such day: the partition's
 * analysis clock. Counts sit in one array indexed by epoch day, so a change is O(1) (a sorted map of dates
 * cost a few percent of the timeline stage); finding the new latest day after the last patient leaves it
 * scans down, which a later change would have to undo first, so it is cheap amortised.
 */
public final class LastSeenDays {
    private static final int INITIAL = 1024;
    /** Epoch day of {@code counts[0]}. */
    private long base;
    private int[] counts = new int[0];
    /** Index of the latest day with patients, -1 when none. */
    private int latest = -1;

    /**
     * Adds ({@code sign} = +1) or removes (-1) one patient last seen on {@code day}; null days are ignored.
     *
     * @throws IllegalStateException when removing a patient that was not counted on that day (a bug)
     */
    public void add(LocalDate day, int sign) {
        if (day == null) {
            return;
        }
        long epochDay = day.toEpochDay();
        if (counts.length == 0) {
            base = epochDay - INITIAL / 2;
            counts = new int[INITIAL];
        }
        long at = epochDay - base;
        if (at < 0 || at >= counts.length) {
            if (sign < 0) {
                throw new IllegalStateException("no patient was last seen on " + day + " to remove");
            }
            grow(epochDay);
            at = epochDay - base;
        }
        int i = (int) at;
        if (counts[i] + sign < 0) {
            throw new IllegalStateException("no patient was last seen on " + day + " to remove");
        }
        counts[i] += sign;
        if (sign > 0 && i > latest) {
            latest = i;
        } else if (i == latest && counts[i] == 0) {
            while (latest >= 0 && counts[latest] == 0) {
                latest--;
            }
        }
    }

    /** The latest day any counted patient was last seen, null when none is counted. */
    public LocalDate latest() {
        return latest < 0 ? null : LocalDate.ofEpochDay(base + latest);
    }

    public void clear() {
        counts = new int[0];
        latest = -1;
    }

    /** Makes room for {@code epochDay}, at least doubling the span so growing stays amortised O(1). */
    private void grow(long epochDay) {
        long from = Math.min(base, epochDay);
        long to = Math.max(base + counts.length, epochDay + 1);
        int length = (int) Math.max(to - from, 2L * counts.length);
        if (epochDay < base) {
            from = Math.min(from, base + counts.length - length);
        }
        int[] grown = new int[length];
        int shift = (int) (base - from);
        System.arraycopy(counts, 0, grown, shift, counts.length);
        counts = grown;
        base = from;
        latest = latest < 0 ? -1 : latest + shift;
    }
}
