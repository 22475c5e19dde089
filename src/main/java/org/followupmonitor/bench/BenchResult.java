package org.followupmonitor.bench;

import java.util.Locale;

/**
 * The figures of one bench run.
 *
 * @param events                  events sent in each rate phase
 * @param patients                patients those events belong to
 * @param rawEventsPerSecond      idempotent producer, acks=all, to a scratch topic
 * @param floorEventsPerSecond    first send until the last event is in its timeline, in an exactly-once Streams
 *                                application that does nothing else ({@link TimelineFloor}): a ceiling
 * @param pipelineEventsPerSecond first send until a published os-by-arm result reflects every event (exactly-once)
 * @param latencySamples          samples taken in the latency phase
 * @param latencyP50Millis        median send-to-published latency
 * @param latencyP99Millis        99th percentile of the same
 * @param latencyEvents           events offered in the latency phase
 * @param achievedRate            events per second actually sent in the latency phase
 * @param stateBytes              bytes of the Streams state directory after the run
 * @param statePatients           patients in the state stores (warm-up, timed and latency cohorts)
 * @param warmUpPasses            untimed passes of the cohort (fresh ids) the monitor ran before it was timed
 */
public record BenchResult(long events, long patients, double rawEventsPerSecond, double floorEventsPerSecond,
        double pipelineEventsPerSecond,
        int latencySamples, double latencyP50Millis, double latencyP99Millis, long latencyEvents, double achievedRate,
        long stateBytes, long statePatients, int warmUpPasses) {

    /** Pipeline over raw producer rate, the goal is at least 0.5. */
    public double ratio() {
        return pipelineEventsPerSecond / rawEventsPerSecond;
    }

    /** State-store bytes per patient held. */
    public double stateBytesPerPatient() {
        return statePatients == 0 ? Double.NaN : (double) stateBytes / statePatients;
    }

    /** The result lines, in the documented order and format. */
    public String lines() {
        return String.format(Locale.ROOT, """
                raw-producer events/s: %.1f
                timeline-floor events/s: %.1f
                pipeline events/s: %.1f
                ratio: %.4f
                latency p50 ms: %.1f
                latency p99 ms: %.1f
                state-store bytes/patient: %.1f
                """, rawEventsPerSecond, floorEventsPerSecond, pipelineEventsPerSecond, ratio(), latencyP50Millis, latencyP99Millis,
                stateBytesPerPatient());
    }
}
