package org.followupmonitor.bench;

import java.util.Locale;

/**
 * The figures of one scale run ({@link ScaleBench}). Times are seconds; NaN where the run did not measure it
 * (no restart with two instances).
 *
 * @param patients         patients in the cohort
 * @param events           events backfilled (the cohort's, less the tail held back for the restart)
 * @param tailEvents       events sent after the kill (the last 1 % of patients), 0 with two instances
 * @param instances        monitors sharing the partitions
 * @param readySeconds     start of the monitor process(es) until every one reports ready
 * @param backfillSeconds  start of the monitor process(es) until every instance's API serves an os-by-arm
 *                         result equal to {@code analyze} of the backfilled events
 * @param cpuNanosPerEvent CPU time (user + system, all threads: stream threads, GC, JIT, clients) of the monitor
 *                         process(es) from ready until the backfill was published, per event
 * @param secondHalfCpuNanosPerEvent the same CPU time from the moment half of the backfill's events were processed
 *                         until all were, per event processed meanwhile ({@link #perEvent}): the start-up, the JIT's
 *                         compilation and the first refreshes are mostly behind by then, and the work once per
 *                         backfill after its last event is left out, so it is the figure that says whether an event
 *                         costs more in a larger cohort; NaN when the marks were not taken
 * @param liveHeapBytes    heap in use after a full GC once the backfill is published, summed over instances
 * @param peakRssBytes     the monitor processes' peak resident sets by then, summed
 * @param restart          the restart after {@code kill -9}, its phases from the new monitor's start
 * @param stateBytes       the state directories' files after a clean stop
 */
public record ScaleResult(long patients, long events, long tailEvents, int instances, double readySeconds,
        double backfillSeconds, double cpuNanosPerEvent, double secondHalfCpuNanosPerEvent, long liveHeapBytes, long peakRssBytes,
        Restart restart, long stateBytes) {

    /**
     * Seconds from the start of a new monitor after {@code kill -9} (the tail sent meanwhile); NaN without a restart.
     *
     * @param readySeconds       until its API says ready: the stores restored from their changelogs and the tasks
     *                           initialised (the cohort stage's mirrors read back, the timeline stage's shares rebuilt)
     * @param publishedSeconds   until its API serves an os-by-arm result published after the restart
     * @param correctSeconds     until its API serves an os-by-arm result equal to {@code analyze} of all events
     */
    public record Restart(double readySeconds, double publishedSeconds, double correctSeconds) {
        /** No restart (two instances). */
        public static final Restart NONE = new Restart(Double.NaN, Double.NaN, Double.NaN);
    }

    /**
     * The monitor process(es)' events processed so far (the timeline stage's count, {@code /api/health}) and CPU time
     * so far (nanoseconds), summed over instances, at one moment.
     */
    public record Mark(long processed, long cpuNanos) {
        /** Whether this mark is at or past half of {@code events}: the start of the second half. */
        public boolean pastHalfOf(long events) {
            return 2 * processed >= events;
        }
    }

    /** CPU nanoseconds per event processed between two marks; NaN when no event was processed between them. */
    public static double perEvent(Mark from, Mark to) {
        long processed = to.processed() - from.processed();
        return processed <= 0 ? Double.NaN : (double) (to.cpuNanos() - from.cpuNanos()) / processed;
    }

    /** Events per second of the backfill: events over (ready … published). */
    public double backfillEventsPerSecond() {
        return events / (backfillSeconds - readySeconds);
    }

    /** The result lines, in the documented order and format. */
    public String lines() {
        return String.format(Locale.ROOT, """
                patients: %d
                instances: %d
                backfill events: %d
                monitor ready s: %.1f
                backfill s: %.1f
                backfill events/s: %.1f
                cpu us/event: %.2f
                cpu us/event second half: %.2f
                live heap MB: %.1f
                live heap bytes/patient: %.1f
                peak RSS MB: %.1f
                peak RSS bytes/patient: %.1f
                restart to correct publication s: %.1f
                restart ready s: %.1f
                restart first publication s: %.1f
                state-store bytes/patient: %.1f
                """, patients, instances, events, readySeconds, backfillSeconds, backfillEventsPerSecond(),
                cpuNanosPerEvent / 1e3, secondHalfCpuNanosPerEvent / 1e3, liveHeapBytes / 1048576.0, (double) liveHeapBytes / patients,
                peakRssBytes / 1048576.0, (double) peakRssBytes / patients, restart.correctSeconds(),
                restart.readySeconds(), restart.publishedSeconds(), (double) stateBytes / patients);
    }
}
