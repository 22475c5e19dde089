package org.followupmonitor.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * When the cohort stage recomputes: the analyses changed since the last round (the dirty set, each once however
 * often it changed: the debounce), one round per {@link #debounce} tick, and rounds paced by their cost. After a
 * round that took t, the next starts no earlier than {@code costFactor × t} after it ended, so under a burst at
 * most 1 / (costFactor + 1) of the task's time goes to recomputing and the rest to reading events (the results
 * then come less often, never later than the backlog would make them anyway); with the load light, rounds take
 * milliseconds and the debounce alone sets the pace.
 */
final class PublicationScheduler {
    /** The cohort stage's cost factor: at most a third of a cohort task's time goes to recomputing. */
    static final int COST_FACTOR = 2;

    private final Duration debounce;
    private final int costFactor;
    private final LongSupplier nanoTime;
    private final Set<String> dirty = new LinkedHashSet<>();
    /** Wall-clock time (ms) before which no round starts. */
    private long notBefore = Long.MIN_VALUE;

    /**
     * @param debounce how often a round may run (the punctuator's period)
     * @param costFactor a round that took t waits at least this many times t more
     * @param nanoTime the clock that times a round ({@code System::nanoTime}; tests give their own)
     */
    PublicationScheduler(Duration debounce, int costFactor, LongSupplier nanoTime) {
        if (costFactor < 0) {
            throw new IllegalArgumentException("costFactor must be >= 0, was " + costFactor);
        }
        this.debounce = debounce;
        this.costFactor = costFactor;
        this.nanoTime = nanoTime;
    }

    Duration debounce() {
        return debounce;
    }

    /** The analysis changed: the next round recomputes it. */
    void markDirty(String analysis) {
        dirty.add(analysis);
    }

    boolean isDirty(String analysis) {
        return dirty.contains(analysis);
    }

    /** A task (re)starts: the next tick may run at once. The dirty set stays: what changed still has to go out. */
    void restart() {
        notBefore = Long.MIN_VALUE;
    }

    /**
     * One punctuator tick at wall-clock {@code now} (ms): unless pacing holds it back, runs {@code round} on the
     * analyses dirty so far, in the order they first changed (the set is emptied first, so the round may mark one
     * dirty again, to be retried next time), and times it.
     *
     * @return whether the round ran
     */
    boolean tick(long now, Consumer<List<String>> round) {
        if (now < notBefore) {
            return false;
        }
        long started = nanoTime.getAsLong();
        List<String> names = new ArrayList<>(dirty);
        dirty.clear();
        round.accept(names);
        notBefore = now + (costFactor + 1) * ((nanoTime.getAsLong() - started) / 1_000_000);
        return true;
    }
}
