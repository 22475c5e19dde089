package org.followupmonitor.stream;

import java.util.Map;
import java.util.TreeMap;

/**
 * A measurement hook, off unless the {@link CohortProcessor}'s logger is at debug: per analysis, how many publishing
 * rounds wanted to recompute it, how many withheld it because a source's multi-record delta was half applied, the
 * longest run of such rounds, and how many records of multi-record deltas arrived. It logs one line when a run of
 * withheld rounds ends and a summary every {@link #SUMMARY_EVERY_MS} of wall time and when the task closes. Only
 * analysis names and counts are logged (no patient data). Off, every method returns at once.
 */
final class WithheldRounds {
    static final long SUMMARY_EVERY_MS = 10_000;

    /** Counts of one analysis. */
    static final class Tally {
        long rounds;
        long withheld;
        long streak;
        long streakSince;
        long longestStreak;
        long longestStreakMs;
        long chunks;
        long deltas;
    }

    private final org.slf4j.Logger log;
    private final boolean enabled;
    private final Map<String, Tally> tallies = new TreeMap<>();
    private long lastSummary = Long.MIN_VALUE;

    /** On when {@code log} is at debug. */
    WithheldRounds(org.slf4j.Logger log) {
        this(log, log.isDebugEnabled());
    }

    WithheldRounds(org.slf4j.Logger log, boolean enabled) {
        this.log = log;
        this.enabled = enabled;
    }

    boolean enabled() {
        return enabled;
    }

    /** A delta record of the analysis was applied; {@code last} false when more of its flush follow. */
    void delta(String analysis, boolean last) {
        if (enabled) {
            Tally t = tally(analysis);
            t.deltas++;
            if (!last) {
                t.chunks++;
            }
        }
    }

    /** A round at {@code now} (ms) withheld the analysis: a multi-record delta of one of its sources is half in. */
    void withheld(String analysis, long now) {
        if (enabled) {
            Tally t = tally(analysis);
            t.rounds++;
            t.withheld++;
            if (t.streak++ == 0) {
                t.streakSince = now;
            }
        }
    }

    /** A round at {@code now} (ms) recomputed the analysis; ends its run of withheld rounds, if any. */
    void computed(String analysis, long now) {
        if (enabled) {
            Tally t = tally(analysis);
            t.rounds++;
            if (t.streak > 0) {
                long ms = now - t.streakSince;
                log.debug("analysis {} recomputed after {} withheld rounds ({} ms) waiting for a multi-record delta",
                        analysis, t.streak, ms);
                if (t.streak > t.longestStreak) {
                    t.longestStreak = t.streak;
                    t.longestStreakMs = ms;
                }
                t.streak = 0;
            }
        }
    }

    /** After a round: logs the summary when it is due. */
    void roundEnded(long now) {
        if (enabled && (lastSummary == Long.MIN_VALUE || now - lastSummary >= SUMMARY_EVERY_MS)) {
            lastSummary = now;
            summary();
        }
    }

    /** Logs one line per analysis with its counts so far. */
    void summary() {
        if (!enabled) {
            return;
        }
        tallies.forEach((name, t) -> log.debug("analysis {}: {} rounds wanted it, {} withheld it (longest run {} rounds,"
                + " {} ms); {} delta records applied, {} of them not the last of their flush", name, t.rounds,
                t.withheld, t.longestStreak, t.longestStreakMs, t.deltas, t.chunks));
    }

    /** The counts of one analysis (for tests). */
    Tally tally(String analysis) {
        return tallies.computeIfAbsent(analysis, k -> new Tally());
    }
}
