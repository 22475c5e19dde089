package org.followupmonitor.bench;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

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
 * @param steady           the steady phase after the backfill ({@link Steady#NONE} with {@code --steady-events 0})
 * @param restart          the restart after {@code kill -9}, its phases from the new monitor's start
 * @param stateBytes       the state directories' files after a clean stop (the cohort and the steady phase's
 *                         patients held)
 */
public record ScaleResult(long patients, long events, long tailEvents, int instances, double readySeconds,
        double backfillSeconds, double cpuNanosPerEvent, double secondHalfCpuNanosPerEvent, long liveHeapBytes, long peakRssBytes,
        Steady steady, Restart restart, long stateBytes) {

    /**
     * The steady phase: after the backfill is published (and the monitors are quiet), the same fixed load at every
     * cohort size, events of patients not in the cohort offered at a fixed rate to the warm monitor(s). CPU time is
     * the monitor processes' (summed), split by thread group ({@link ThreadCpu#PROCESS_GROUPS}, then
     * {@link ThreadCpu#P_ENDED}); the groups add up to the whole.
     *
     * @param patientsBefore          patients held when it starts (the backfill's)
     * @param patients                patients its events add
     * @param events                  events offered
     * @param offeredPerSecond        events / (first send … last send)
     * @param processedSeconds        first send until the monitors' {@code eventsProcessed} counted all of them
     * @param publishedSeconds        first send until every API serves os-by-arm equal to {@code analyze} of the
     *                                backfill's and these events
     * @param cpuByGroup              CPU nanoseconds per thread group from the first send until processed
     * @param cpuByGroupToPublication the same until published
     * @param secondHalfEvents        events processed from the moment half of them were sent until all were
     * @param cpuBySecondHalf         CPU nanoseconds per thread group over those: less of the JIT's compiling of this
     *                                regime's code (a round per debounce, a release each) falls in it, though after a
     *                                backfill of 10^4 patients it was still two fifths of the second half's CPU time
     */
    public record Steady(long patientsBefore, long patients, long events, double offeredPerSecond,
            double processedSeconds, double publishedSeconds, Map<String, Long> cpuByGroup,
            Map<String, Long> cpuByGroupToPublication, long secondHalfEvents, Map<String, Long> cpuBySecondHalf) {
        /** No steady phase ({@code --steady-events 0}). */
        public static final Steady NONE = new Steady(0, 0, 0, Double.NaN, Double.NaN, Double.NaN, Map.of(), Map.of(),
                0, Map.of());

        public Steady {
            cpuByGroup = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(cpuByGroup));
            cpuByGroupToPublication = java.util.Collections.unmodifiableMap(
                    new java.util.LinkedHashMap<>(cpuByGroupToPublication));
            cpuBySecondHalf = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(cpuBySecondHalf));
        }

        /** CPU per event processed in the second half ({@link #cpuBySecondHalf}); NaN when not marked. */
        public double secondHalfCpuNanosPerEvent() {
            return secondHalfEvents <= 0 || cpuBySecondHalf.isEmpty() ? Double.NaN
                    : cpuBySecondHalf.values().stream().mapToLong(Long::longValue).sum() / (double) secondHalfEvents;
        }

        /** {@link #secondHalfCpuNanosPerEvent} less the JIT compilers' threads. */
        public double secondHalfCpuNanosPerEventLessJit() {
            return secondHalfCpuNanosPerEvent()
                    - cpuBySecondHalf.getOrDefault(ThreadCpu.P_JIT, 0L) / (double) secondHalfEvents;
        }

        /** CPU per event offered from the first send until all were processed; NaN without the phase. */
        public double cpuNanosPerEvent() {
            return perEvent(cpuByGroup);
        }

        /**
         * {@link #cpuNanosPerEvent} less the JIT compilers' threads: compilation is paid once per process, not per
         * event, and after a short backfill (10^4 patients) it is still going on in this phase (the code it has not
         * yet optimised also makes the other threads' figures higher then, which this leaves in).
         */
        public double cpuNanosPerEventLessJit() {
            return events == 0 || cpuByGroup.isEmpty() ? Double.NaN
                    : cpuNanosPerEvent() - cpuByGroup.getOrDefault(ThreadCpu.P_JIT, 0L) / (double) events;
        }

        /** CPU per event offered from the first send until the publication equal to analyze; NaN without the phase. */
        public double cpuNanosPerEventToPublication() {
            return perEvent(cpuByGroupToPublication);
        }

        private double perEvent(Map<String, Long> byGroup) {
            return events == 0 || byGroup.isEmpty() ? Double.NaN
                    : byGroup.values().stream().mapToLong(Long::longValue).sum() / (double) events;
        }

        /** "group µs/event; …" in the groups' order, or NaN without the phase. */
        String byGroupLine(Map<String, Long> byGroup) {
            if (events == 0 || byGroup.isEmpty()) {
                return "NaN";
            }
            return byGroup.entrySet().stream()
                    .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue() / 1e3 / events))
                    .collect(Collectors.joining("; "));
        }
    }

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
                steady events: %d
                steady patients held before: %d
                steady patients added: %d
                steady offered events/s: %.1f
                steady s: %.1f
                steady s to publication: %.1f
                steady cpu us/event: %.2f
                steady cpu us/event less JIT: %.2f
                steady cpu us/event second half: %.2f
                steady cpu us/event second half less JIT: %.2f
                steady cpu us/event to publication: %.2f
                steady cpu us/event by thread group: %s
                steady cpu us/event to publication by thread group: %s
                restart to correct publication s: %.1f
                restart ready s: %.1f
                restart first publication s: %.1f
                state-store bytes/patient: %.1f
                """, patients, instances, events, readySeconds, backfillSeconds, backfillEventsPerSecond(),
                cpuNanosPerEvent / 1e3, secondHalfCpuNanosPerEvent / 1e3, liveHeapBytes / 1048576.0, (double) liveHeapBytes / patients,
                peakRssBytes / 1048576.0, (double) peakRssBytes / patients, steady.events(), steady.patientsBefore(),
                steady.patients(), steady.offeredPerSecond(), steady.processedSeconds(), steady.publishedSeconds(),
                steady.cpuNanosPerEvent() / 1e3, steady.cpuNanosPerEventLessJit() / 1e3,
                steady.secondHalfCpuNanosPerEvent() / 1e3, steady.secondHalfCpuNanosPerEventLessJit() / 1e3,
                steady.cpuNanosPerEventToPublication() / 1e3,
                steady.byGroupLine(steady.cpuByGroup()), steady.byGroupLine(steady.cpuByGroupToPublication()),
                restart.correctSeconds(), restart.readySeconds(), restart.publishedSeconds(),
                (double) stateBytes / (patients + steady.patients()));
    }
}
