package org.followupmonitor.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * When the cohort stage recomputes: the analyses changed since the last round (the dirty set, each once however
 * often it changed: the debounce), one round per {@link #debounce} tick, and rounds paced by their cost. After a
 * round that took t, the next starts no earlier than {@code costFactor × t} after it ended ({@link Pacing}), so under a burst at
 * most 1 / (costFactor + 1) of the task's time goes to recomputing and the rest to reading events (the results
 * then come less often, never later than the backlog would make them anyway); with the load light, rounds take
 * milliseconds and the debounce alone sets the pace. While this process' input has a backlog ({@link InputBacklog}),
 * a round also starts no sooner than {@link BacklogPacing#roundInterval} after the last one started, so the cores
 * read the backlog; once it is read the next tick runs a round again at once.
 */
final class PublicationScheduler {
    private final Duration debounce;
    private final Pacing pacing;
    private final InputBacklog backlog;
    private final Set<String> dirty = new LinkedHashSet<>();
    /** Wall-clock time (ms) before which no round starts. */
    private long notBefore = Long.MIN_VALUE;
    /** Wall-clock time (ms) of the last round's start: the backlog's pace counts from it. */
    private long lastStart = Long.MIN_VALUE;

    /**
     * @param debounce how often a round may run (the punctuator's period)
     * @param pacing how a round's cost holds the next back ({@link Pacing#REAL} in the app; tests give their own)
     */
    PublicationScheduler(Duration debounce, Pacing pacing) {
        this(debounce, pacing, InputBacklog.NONE);
    }

    /**
     * @param debounce how often a round may run (the punctuator's period)
     * @param pacing how a round's cost holds the next back
     * @param backlog whether the input has a backlog, and how long rounds are apart meanwhile
     */
    PublicationScheduler(Duration debounce, Pacing pacing, InputBacklog backlog) {
        this.debounce = debounce;
        this.pacing = java.util.Objects.requireNonNull(pacing, "pacing");
        this.backlog = java.util.Objects.requireNonNull(backlog, "backlog");
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
        lastStart = Long.MIN_VALUE;
    }

    /**
     * One punctuator tick at wall-clock {@code now} (ms): unless pacing holds it back, runs {@code round} on the
     * analyses dirty so far, in the order they first changed (the set is emptied first, so the round may mark one
     * dirty again, to be retried next time), and times it. While the input has a backlog, a round also waits until
     * {@link BacklogPacing#roundInterval} after the last one's start.
     *
     * @return whether the round ran
     */
    boolean tick(long now, Consumer<List<String>> round) {
        if (now < notBefore) {
            return false;
        }
        if (lastStart != Long.MIN_VALUE && now - lastStart < backlog.pacing().roundInterval().toMillis()
                && backlog.behind(now)) {
            return false;
        }
        lastStart = now;
        long started = pacing.start();
        List<String> names = new ArrayList<>(dirty);
        dirty.clear();
        round.accept(names);
        notBefore = pacing.notBefore(now, started);
        return true;
    }
}
