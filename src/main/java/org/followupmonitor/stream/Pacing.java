package org.followupmonitor.stream;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * How the cohort stage ({@link PublicationScheduler}) and the release stage ({@link ReleaseProcessor}) pace their
 * rounds by cost: after a round that took t of computing time, the next starts no earlier than
 * {@code costFactor × t} after it ended, so under a burst at most 1 / (costFactor + 1) of a task's time goes to
 * recomputing and releasing, and the rest to reading events.
 *
 * <p>The app times rounds by the real clock ({@link #REAL}). Topology tests simulate wall-clock time while computing
 * time is real, so a paced run's rounds, and with them the sequence of releases, depend on the machine's load;
 * {@link #UNPACED} makes them a function of the input and the simulated clock alone, so a seed replays the same
 * releases every run.
 *
 * @param costFactor a round that took t waits at least this many times t more; 0 paces by the punctuators alone
 * @param nanoTime   the clock that times a round ({@code System::nanoTime})
 */
public record Pacing(int costFactor, LongSupplier nanoTime) {
    /** The app's pacing: at most a third of a task's time goes to recomputing, timed by the real clock. */
    public static final Pacing REAL = new Pacing(2, System::nanoTime);
    /** No cost pacing: rounds run at every tick of their punctuator (topology tests). */
    public static final Pacing UNPACED = new Pacing(0, () -> 0L);

    public Pacing {
        Objects.requireNonNull(nanoTime, "nanoTime");
        if (costFactor < 0) {
            throw new IllegalArgumentException("costFactor must be >= 0, was " + costFactor);
        }
    }

    /**
     * The wall-clock time (ms) before which the next round may not start, for a round that started at {@code now}
     * (ms, the tick that ran it) and at {@code startedNanos} of {@link #nanoTime}, and has just ended:
     * {@code (costFactor + 1) × t} after its start, which is {@code costFactor × t} after its end.
     */
    long notBefore(long now, long startedNanos) {
        return now + (costFactor + 1) * ((nanoTime.getAsLong() - startedNanos) / 1_000_000);
    }

    /**
     * The wall-clock time (ms) before which the next round may not start, for a round that ended at
     * {@code endedAt} (ms) and started at {@code startedNanos}: {@code costFactor × t} after its end. The release
     * stage's rounds end at a later tick than the one that started them (the plan runs on its own thread), so the
     * start-of-round form of {@link #notBefore} would count the round's time twice.
     */
    long notBeforeAfterEnd(long endedAt, long startedNanos) {
        return endedAt + costFactor * ((nanoTime.getAsLong() - startedNanos) / 1_000_000);
    }

    /** The start of a round, to give {@link #notBefore}. */
    long start() {
        return nanoTime.getAsLong();
    }
}
