package org.followupmonitor.runtime;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.followupmonitor.api.AnalysisQueries;

/**
 * Tells the operator, in a few lines, that local state is being rebuilt from the changelogs and how far it is.
 *
 * <p>Why: after an unclean stop ({@code kill -9}, a crash, a lost machine) under exactly-once without transactional
 * stores, Kafka Streams finds no checkpoint, declares every task corrupted, wipes its stores and replays their
 * changelogs from the start; with them (the default, {@code MonitorApp.streamsProperties}) it still replays what the
 * stores had not flushed to disk, and a lost machine's state directory is gone either way. With 10^6 patients a whole
 * replay took minutes (docs/scale-measurements.md), during which {@code /api/health} said only
 * {@code REBALANCING} and Kafka's own report was an ERROR line per thread listing "corrupted" tasks, which an
 * operator reads as a fault where there is none. This listener replaces that with one line when a restore starts,
 * one every {@link #REPORT_EVERY_NANOS} while it lasts, and one when it ends; {@link #current()} feeds the same
 * figures to the health answer.
 *
 * <p>A round runs from the first store partition that starts restoring until the application is running again
 * with none restoring: tasks register their stores one after another, so a round ended by the last active store
 * alone would be cut in several. The announced total counts changelog offsets, which under exactly-once include
 * the transactions' commit markers: it bounds the records from above, so the final line reports the records
 * actually restored.
 *
 * <p>Kafka calls a restore listener from whichever thread restores (stream threads or the state updater) and the
 * state listener from a stream thread, so every method is synchronized. Store names and record counts only: no
 * key or value is ever seen here.
 */
final class RestoreProgress implements StateRestoreListener, KafkaStreams.StateListener {
    /** Progress lines at most this often (30 s): enough to see movement, few enough to read. */
    static final long REPORT_EVERY_NANOS = 30_000_000_000L;

    private final Consumer<String> out;
    private final LongSupplier nanos;
    /** Store partitions restoring now: offsets to restore and records restored so far. */
    private final Map<TopicPartition, long[]> active = new HashMap<>();
    private boolean running;
    private boolean inRound;
    private boolean announced;
    private long roundStart;
    private long lastReport;
    private long roundTotal;
    private long roundRestored;
    /** Store partitions this round restored, once each although a moved task may restart one. */
    private final Set<TopicPartition> roundPartitions = new HashSet<>();

    /**
     * @param out where a line goes (the monitor's log at WARN)
     * @param nanos a monotonic clock ({@link System#nanoTime} outside tests)
     */
    RestoreProgress(Consumer<String> out, LongSupplier nanos) {
        this.out = out;
        this.nanos = nanos;
    }

    @Override
    public synchronized void onChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        running = newState == KafkaStreams.State.RUNNING;
        maybeEndRound();
    }

    @Override
    public synchronized void onRestoreStart(TopicPartition partition, String store, long startingOffset,
            long endingOffset) {
        if (!inRound) {
            inRound = true;
            announced = false;
            roundStart = nanos.getAsLong();
            lastReport = roundStart;
            roundTotal = 0;
            roundRestored = 0;
            roundPartitions.clear();
        }
        long toRestore = Math.max(0, endingOffset - startingOffset);
        active.put(partition, new long[] {toRestore, 0});
        roundTotal += toRestore;
        roundPartitions.add(partition);
    }

    @Override
    public synchronized void onBatchRestored(TopicPartition partition, String store, long batchEndOffset,
            long numRestored) {
        long[] p = active.get(partition);
        if (p != null) {
            p[1] += numRestored;
        }
        roundRestored += numRestored;
        long now = nanos.getAsLong();
        if (!announced) {
            announced = true;
            lastReport = now;
            out.accept("restoring local state from the changelogs (after an unclean stop or a moved task); "
                    + "the API answers once it is done");
        } else if (now - lastReport >= REPORT_EVERY_NANOS) {
            lastReport = now;
            out.accept(String.format("restoring local state: %,d records so far, of at most %,d known yet (%d%%), "
                    + "%d s", roundRestored, roundTotal, percent(), seconds(now)));
        }
    }

    @Override
    public synchronized void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        active.remove(partition);
        maybeEndRound();
    }

    @Override
    public synchronized void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
        // The task moved to another instance mid-restore: what is left is that instance's to restore.
        long[] p = active.remove(partition);
        if (p != null) {
            roundTotal -= Math.max(0, p[0] - p[1]);
        }
        maybeEndRound();
    }

    private void maybeEndRound() {
        if (!inRound || !running || !active.isEmpty()) {
            return;
        }
        inRound = false;
        if (announced) {
            out.accept(String.format("local state restored: %,d records in %d store partition%s, %d s",
                    roundRestored, roundPartitions.size(), roundPartitions.size() == 1 ? "" : "s", seconds(nanos.getAsLong())));
        }
    }

    /** The round in progress, if any, for {@code /api/health}. */
    synchronized Optional<AnalysisQueries.Restoring> current() {
        return inRound ? Optional.of(new AnalysisQueries.Restoring(roundRestored, roundTotal)) : Optional.empty();
    }

    private int percent() {
        return roundTotal == 0 ? 100 : (int) Math.min(100, 100 * roundRestored / roundTotal);
    }

    private long seconds(long now) {
        return Math.round((now - roundStart) / 1e9);
    }
}
