package org.followupmonitor.ingest;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Random;
import java.util.function.Consumer;
import org.followupmonitor.events.ClinicalEvent;

/**
 * Hands events to a sink in event-date order on an accelerated clock (or shuffled, or as fast as the sink
 * takes them).
 *
 * <p>Pacing: the first event goes at once; the event in slot {@code i} is due {@code (d_i - d_0) / speed}
 * seconds after the start, where {@code d_i} is the slot's date in days. Waits are computed from the start,
 * not from the previous event, so time spent in the sink does not accumulate as drift. With shuffling the
 * slots keep the dates of the sorted events (the same rate and total duration as in date order); only
 * which event fills a slot is scrambled.
 *
 * <p>Events of one date keep their input order (the sort is stable), so a patient's diagnosis and same-day
 * surgery arrive as the file lists them. Not thread-safe; one replay at a time.
 */
public final class Replayer {
    private final ReplayOptions options;
    private final ReplayClock clock;

    /**
     * @param options order and pace
     * @param clock   the wall clock to pace by ({@link ReplayClock#system()} outside tests)
     */
    public Replayer(ReplayOptions options, ReplayClock clock) {
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The options this replayer was built with. */
    public ReplayOptions options() {
        return options;
    }

    /**
     * Replays {@code events} into {@code sink}, blocking until the last one is handed on.
     *
     * @param events   the events, in any order; not modified
     * @param sink     receives each event once, in replay order (e.g. {@link EventPublisher#send})
     * @param progress told after each event
     * @return the number of events handed to the sink
     * @throws InterruptedException when the thread is interrupted while waiting or between events; the
     *                              events before stay sent
     */
    public long replay(List<ClinicalEvent> events, Consumer<? super ClinicalEvent> sink, ReplayProgress progress)
            throws InterruptedException {
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(progress, "progress");
        List<ClinicalEvent> ordered = order(events, options.shuffleSeed());
        long[] slotDays = slotEpochDays(events);
        int n = ordered.size();
        if (n == 0) {
            return 0;
        }
        ReplaySpeed speed = options.speed();
        long start = clock.nanoTime();
        long firstDay = slotDays[0];
        for (int i = 0; i < n; i++) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("replay interrupted after " + i + " of " + n + " events");
            }
            if (!speed.isMax()) {
                long due = start + speed.nanosFor(slotDays[i] - firstDay);
                long wait = due - clock.nanoTime();
                if (wait > 0) {
                    clock.sleepNanos(wait);
                }
            }
            sink.accept(ordered.get(i));
            progress.onProgress(i + 1, n, LocalDate.ofEpochDay(slotDays[i]));
        }
        return n;
    }

    /**
     * The replay order: by event date (stable: ties keep input order), or a permutation drawn with
     * {@link Collections#shuffle(List, Random)} and {@code new Random(seed)} (deterministic for a seed on
     * any JVM, as {@link Random}'s algorithm is specified).
     *
     * @return a new list
     */
    public static List<ClinicalEvent> order(List<ClinicalEvent> events, OptionalLong shuffleSeed) {
        List<ClinicalEvent> copy = new ArrayList<>(Objects.requireNonNull(events, "events"));
        if (shuffleSeed.isPresent()) {
            Collections.shuffle(copy, new Random(shuffleSeed.getAsLong()));
        } else {
            copy.sort(Comparator.comparing(ClinicalEvent::occurredOn));
        }
        return copy;
    }

    /** The clock's dates, one per slot: the events' dates in ascending order, as epoch days. */
    private static long[] slotEpochDays(List<ClinicalEvent> events) {
        long[] days = new long[events.size()];
        for (int i = 0; i < days.length; i++) {
            days[i] = events.get(i).occurredOn().toEpochDay();
        }
        java.util.Arrays.sort(days);
        return days;
    }

    /**
     * Wall-clock seconds a replay of events spanning {@code first..last} takes at {@code speed} (0 at max),
     * for printing an estimate before starting.
     */
    public static double durationSeconds(LocalDate first, LocalDate last, ReplaySpeed speed) {
        return speed.nanosFor(last.toEpochDay() - first.toEpochDay()) / 1e9;
    }
}
