package org.followupmonitor.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.stream.ResultListener;

/**
 * Records, for each publication of one analysis, when it happened and how many events the monitor had
 * counted as processed at that moment (read on the stream thread that publishes, so it is exact with respect
 * to the timeline stage).
 *
 * <p>Why "the publication after": the processed counter is incremented by the timeline stage, whose changes
 * reach the cohort stage through a repartition topic; under exactly-once they become readable only when the
 * transaction commits (every 100 ms). A publication at which the counter had already passed event k may
 * therefore not yet contain it, but the next one (at least one debounce interval later) does. So an event
 * counts as included in the first publication that follows one at which the counter had passed it: a
 * conservative estimate, late by at most one debounce interval. When nothing is published after a
 * publication that had passed event k for a quiet period, nothing was pending, so that publication included it.
 */
public final class PublicationLog implements ResultListener {
    private final String analysis;
    private final List<long[]> entries = new ArrayList<>();
    private volatile LongSupplier processed = () -> -1;

    /** @param analysis the analysis whose publications are logged, e.g. {@code os-by-arm} */
    public PublicationLog(String analysis) {
        this.analysis = analysis;
    }

    /** Where the processed count is read from (set once the app exists; until then counts are -1). */
    public void countFrom(LongSupplier processedCount) {
        this.processed = processedCount;
    }

    @Override
    public void published(AnalysisResult result) {
        if (analysis.equals(result.name())) {
            long count = processed.getAsLong();
            record(System.nanoTime(), count);
        }
    }

    /** Logs one publication at {@code at} (nanoTime) with {@code processedCount} events processed. */
    void record(long at, long processedCount) {
        synchronized (entries) {
            entries.add(new long[] {at, processedCount});
        }
    }

    /** Publications so far. */
    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    /** Time ({@link System#nanoTime()}) of the latest publication, empty when none. */
    public OptionalLong lastAt() {
        synchronized (entries) {
            return entries.isEmpty() ? OptionalLong.empty() : OptionalLong.of(entries.get(entries.size() - 1)[0]);
        }
    }

    /**
     * When the first published result that includes the {@code k}-th processed event appeared (see the class
     * comment), or empty when none does yet.
     *
     * @param k          1-based count of processed events
     * @param quietNanos how long without a publication proves nothing was pending
     * @param now        the current {@link System#nanoTime()}
     */
    public OptionalLong includedAt(long k, long quietNanos, long now) {
        synchronized (entries) {
            for (int j = 1; j < entries.size(); j++) {
                if (entries.get(j - 1)[1] >= k) {
                    return OptionalLong.of(entries.get(j)[0]);
                }
            }
            if (!entries.isEmpty()) {
                long[] last = entries.get(entries.size() - 1);
                if (last[1] >= k && now - last[0] >= quietNanos) {
                    return OptionalLong.of(last[0]);
                }
            }
            return OptionalLong.empty();
        }
    }
}
