package org.followupmonitor.stream;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of dead letters: one line per record sent to the dead-letter topic, and under load (more than
 * {@link #LINES_PER_INTERVAL} in an {@link #INTERVAL}) one summary line per interval instead of the rest. The
 * record itself, with the full reason in its headers, is in the dead-letter topic; a line names where it came from
 * (topic, partition, offset) and why, never its key or value (a patient id).
 */
public final class DeadLetterLog {
    /** Lines logged one by one per interval before the rest are only counted. */
    static final int LINES_PER_INTERVAL = 10;
    /** The period of the summaries under load. */
    static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterLog.class);
    private static final Map<String, DeadLetterLog> INSTANCES = new ConcurrentHashMap<>();
    /** One daemon thread for every instance's summaries; it only ever runs {@link #rollIfDue()}. */
    private static final ScheduledExecutorService SUMMARIES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "followup-monitor-dead-letter-summary");
        t.setDaemon(true);
        return t;
    });

    private final String deadLetterTopic;
    private final Consumer<String> sink;
    private final LongSupplier nanoClock;
    private long windowStart;
    private int logged;
    /** Records counted but not logged in the current interval, by kind. */
    private final Map<String, Long> unlogged = new TreeMap<>();

    /**
     * @param deadLetterTopic named in each line, where the records are
     * @param sink receives each line (the WARN log in the app)
     * @param nanoClock a monotonic clock ({@code System::nanoTime})
     */
    DeadLetterLog(String deadLetterTopic, Consumer<String> sink, LongSupplier nanoClock) {
        this.deadLetterTopic = deadLetterTopic;
        this.sink = sink;
        this.nanoClock = nanoClock;
        this.windowStart = nanoClock.getAsLong();
    }

    /** The log of the instance with this application id and {@code application.server} (as {@link DeadLetterCount}). */
    public static DeadLetterLog of(String applicationId, String server, String deadLetterTopic) {
        return INSTANCES.computeIfAbsent(applicationId + "@" + server,
                k -> new DeadLetterLog(deadLetterTopic, LOG::warn, System::nanoTime));
    }

    /**
     * Reports one dead letter.
     *
     * @param kind {@code undecodable} or {@code invalid}
     * @param reason the exception's message: the serde's and the topology's name no patient
     */
    public synchronized void record(String kind, String topic, int partition, long offset, String reason) {
        rollIfDue();
        if (logged < LINES_PER_INTERVAL) {
            logged++;
            sink.accept(String.format(Locale.ROOT, "dead letter: %s record %s-%d@%d sent to %s: %s", kind, topic,
                    partition, offset, deadLetterTopic, oneLine(reason)));
        } else {
            if (unlogged.isEmpty()) {
                scheduleSummary();
            }
            unlogged.merge(kind, 1L, Long::sum);
        }
    }

    /** At the end of an interval: the summary of what was not logged in it, and a fresh budget of lines. */
    synchronized void rollIfDue() {
        long now = nanoClock.getAsLong();
        if (now - windowStart >= INTERVAL.toNanos()) {
            flush();
            windowStart = now;
        }
    }

    /** The summary comes at the end of the interval even when no further dead letter arrives to trigger it. */
    private void scheduleSummary() {
        long delay = Math.max(0, INTERVAL.toNanos() - (nanoClock.getAsLong() - windowStart));
        SUMMARIES.schedule(this::rollIfDue, delay, TimeUnit.NANOSECONDS);
    }

    /** Writes the summary of the records of this interval that were not logged one by one, if any. */
    public synchronized void flush() {
        if (!unlogged.isEmpty()) {
            long n = unlogged.values().stream().mapToLong(Long::longValue).sum();
            StringBuilder kinds = new StringBuilder();
            unlogged.forEach((k, v) -> kinds.append(kinds.length() == 0 ? "" : ", ").append(v).append(' ').append(k));
            sink.accept(String.format(Locale.ROOT, "dead letters: %d more within %d s not logged one by one (%s); "
                    + "the records and their reasons are in %s", n, INTERVAL.toSeconds(), kinds, deadLetterTopic));
            unlogged.clear();
        }
        logged = 0;
    }

    private static String oneLine(String reason) {
        return reason == null ? "(no reason given)" : reason.replaceAll("\\s*\\R\\s*", " ");
    }
}
