package org.followupmonitor.stream;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * Whether this process has a backlog of input now, for the cohort stage's pacing ({@link BacklogPacing}): the
 * timeline stage's, {@link InputLag#total} above {@link BacklogPacing#thresholdEvents}; or the cohort stage's own,
 * deltas applied since the last look whose latest was flushed longer ago than {@link BacklogPacing#deltaAge}.
 *
 * <p>Why the deltas' age and not their consumer lag: Kafka Streams fetches the repartition topic ahead into its input
 * buffer (up to {@code input.buffer.max.bytes}, 512 MB), so that lag stayed 0 through a backfill of 10^5 patients
 * whose cohort stage applied its deltas 30 s after the events were read. Why "since the last look": when the
 * backlog ends the last deltas applied may be old (those of the backfill's last events), and no delta follows; a look
 * without one applied since is caught up, so the final round is not held back.
 *
 * <p>The scheduler and the refresher ask at every punctuator tick and for every analysis of a round, so an answer is
 * kept for {@link #RECHECK_MILLIS}: reading the lag scans the client's metrics. Without lag information
 * ({@link InputLag#UNKNOWN}, topology tests) never behind, so nothing changes there. One per cohort task (stream
 * thread only).
 */
final class InputBacklog {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(InputBacklog.class);
    /** How long an answer is kept (ms): the bench's debounce, the shortest period of the cohort stage's rounds. */
    static final long RECHECK_MILLIS = 100;
    /** Never behind: the pacing of a cohort stage without lag information. */
    static final InputBacklog NONE = new InputBacklog(InputLag.UNKNOWN, BacklogPacing.DEFAULT);

    private final InputLag lag;
    private final BacklogPacing pacing;
    private long checkedAt = Long.MIN_VALUE;
    private boolean behind;
    /** Whether a delta was applied since the last look, and the age (ms) of the latest. */
    private boolean applied;
    private long deltaAge;

    InputBacklog(InputLag lag, BacklogPacing pacing) {
        this.lag = Objects.requireNonNull(lag, "lag");
        this.pacing = Objects.requireNonNull(pacing, "pacing");
    }

    BacklogPacing pacing() {
        return pacing;
    }

    /** The cohort stage applied a delta the timeline stage flushed at {@code flushedAt} (ms), at {@code now} (ms). */
    void deltaApplied(long flushedAt, long now) {
        if (lag == InputLag.UNKNOWN) {
            return;
        }
        applied = true;
        deltaAge = now - flushedAt;
    }

    /** Whether this process has a backlog of input at wall-clock {@code now} (ms). */
    boolean behind(long now) {
        if (lag == InputLag.UNKNOWN) {
            return false;
        }
        if (checkedAt == Long.MIN_VALUE || now - checkedAt >= RECHECK_MILLIS || now < checkedAt) {
            OptionalLong events = lag.total();
            boolean oldDeltas = applied && deltaAge > pacing.deltaAge().toMillis();
            boolean was = behind;
            behind = events.isPresent() && events.getAsLong() > pacing.thresholdEvents() || oldDeltas;
            if (LOG.isTraceEnabled() || was != behind && LOG.isDebugEnabled()) {
                // Counts and times only. Debug: when the slower pacing starts and ends; trace: every look.
                LOG.debug("input backlog: {} events of patient-events not fetched; {}: {}",
                        events.isPresent() ? events.getAsLong() : "unknown",
                        applied ? "latest delta applied " + deltaAge + " ms after its flush" : "no delta applied",
                        behind ? "behind" : "not behind");
            }
            applied = false;
            checkedAt = now;
        }
        return behind;
    }
}
