package org.followupmonitor.stream;

import java.util.HashMap;
import java.util.Map;
import org.followupmonitor.cohortstate.CohortDelta;
import org.followupmonitor.cohortstate.CohortState;

/**
 * A measurement hook, off unless the {@link CohortProcessor}'s logger is at debug: how long the cohort stage spends
 * applying each source's reset (after a restart every timeline task sends its share whole), so that the cost of
 * resets can be read from a log rather than inferred. Per (analysis, source) reset it logs one line when the reset's
 * last record is applied: its records, subjects, whether it changed anything, the time spent in
 * {@link CohortState#apply} for it and the wall time from its first record to its last; and per task, when it closes,
 * the totals. Only analysis names, partitions and counts are logged (no patient data). Off, every method returns at
 * once.
 */
final class ResetTimes {
    private record Key(String analysis, int source) {}

    /** One reset under way. */
    private static final class Run {
        final long firstMs;
        long records;
        long subjects;
        long applyNanos;
        CohortState.Change change = CohortState.Change.NONE;

        Run(long firstMs) {
            this.firstMs = firstMs;
        }
    }

    private final org.slf4j.Logger log;
    private final boolean enabled;
    private final Map<Key, Run> runs = new HashMap<>();
    private long resets;
    private long totalApplyNanos;

    ResetTimes(org.slf4j.Logger log) {
        this.log = log;
        this.enabled = log.isDebugEnabled();
    }

    /** Whether it measures: the caller times {@link CohortState#apply} only then. */
    boolean enabled() {
        return enabled;
    }

    /** A delta was applied in {@code nanos}, with {@code change}, at wall time {@code nowMs}. */
    void applied(CohortDelta delta, CohortState.Change change, long nanos, long nowMs) {
        if (!enabled) {
            return;
        }
        Key key = new Key(delta.analysis(), delta.source());
        Run run = delta.reset() ? new Run(nowMs) : runs.get(key);
        if (run == null) {
            return; // not part of a reset
        }
        if (delta.reset()) {
            runs.put(key, run);
        }
        run.records++;
        run.subjects += delta.subjects().size();
        run.applyNanos += nanos;
        if (change.compareTo(run.change) > 0) {
            run.change = change;
        }
        if (delta.last()) {
            runs.remove(key);
            resets++;
            totalApplyNanos += run.applyNanos;
            log.debug("reset of analysis {} from partition {} ({}): {} records, {} subjects, change {}, applying {} ms,"
                    + " first to last record {} ms", key.analysis(), key.source(),
                    delta.range() != null ? "ranged" : "unranged", run.records, run.subjects, run.change,
                    run.applyNanos / 1_000_000, nowMs - run.firstMs);
        }
    }

    /** The task's totals. */
    void summary() {
        if (enabled && resets > 0) {
            log.debug("resets applied by this task: {}, applying them {} ms in all", resets,
                    totalApplyNanos / 1_000_000);
        }
    }
}
