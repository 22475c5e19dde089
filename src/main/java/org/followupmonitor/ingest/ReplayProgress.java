package org.followupmonitor.ingest;

import java.time.LocalDate;

/** Told after each event a {@link Replayer} hands on. Called on the replaying thread; keep it cheap. */
@FunctionalInterface
public interface ReplayProgress {
    /**
     * @param emitted   events handed to the sink so far
     * @param total     events in the replay
     * @param clockDate the event date the replay clock has reached (with shuffling, the date of the slot,
     *                  not of the shuffled event sent in it)
     */
    void onProgress(long emitted, long total, LocalDate clockDate);

    /** Ignores progress. */
    static ReplayProgress none() {
        return (emitted, total, clockDate) -> {
        };
    }
}
