package org.followupmonitor.stream;

import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The topic configs of the monitor's changelogs, so that a restore reads about the live records only.
 *
 * <p>Why: Kafka Streams creates a changelog with {@code cleanup.policy=compact} and nothing else, so it takes the
 * broker's segment size (1 GiB) and roll time (7 days). The log cleaner never touches the active segment, so until a
 * changelog partition has taken 1 GiB or a week of writes, every superseded value stays in it, and a restore after
 * {@code kill -9} (exactly-once then has no checkpoint and reads every changelog from the start) replays all of them.
 * {@code bench --scale} at 10^5 patients restored 1.47 M records for ~0.8 M live ones: {@code cohort-state} 0.67 M
 * (its blocks are written again at every flush: a few thousand live keys), and the release stage's two result
 * stores, 4,083 records of ~240 kB (970 MB; 42 live), restored last, so they set when the monitor was ready (README,
 * Known limits). A restore reads at most the live records, the closed segments the cleaner has not cleaned yet, and
 * the active segment: smaller segments bound the last two.
 *
 * <p>The values:
 * <ul>
 * <li>{@code segment.bytes} 16 MiB (4 MiB for the cohort stores' small records): a segment must hold the largest
 * batch a producer sends ({@code max.message.bytes}, 8 MiB for the stores of results,
 * {@link TopologyFactory#MAX_RESULT_BYTES});
 * 16 MiB bounds the active segment of a results store to about 70 results of the ~240 kB seen at 10^5 patients. The cohort stores' records are tens of
 * bytes (a block of counts, a subject entry: 80–120 bytes a record with its overhead), so their limit is Kafka's
 * default 1 MiB and their segments 4 MiB: at most 35,000–50,000 records per partition in the active segment, about a
 * second of restore at the rate measured here. Smaller segments mean more files (with 4 MiB, about 50 per partition
 * of {@code cohort-subjects} at 10^6 patients) and more frequent, smaller cleaner passes.</li>
 * <li>{@code segment.ms} 1 hour: when writes are slow (a registry's daily trickle), the active segment would otherwise
 * keep superseded values for up to Kafka's 7 days before the cleaner may see them; it is also the time superseded
 * values (an erased patient's former timeline among them) stay out of the cleaner's reach. At most 24 small segments a
 * day per partition, which a cleaner pass merges (it groups segments up to {@code segment.bytes}). The time is that
 * of the records (the input's producer time for the timeline store), compared between records, not with the clock.</li>
 * <li>{@code min.cleanable.dirty.ratio} stays at Kafka's 0.5: a partition is cleaned once its uncleaned part is as
 * large as its cleaned part, so a restore reads at most twice the live records of the closed segments, and the
 * cleaner rewrites about one byte per byte written. A ratio r trades that: restore at most 1 / (1 − r) times the live
 * records, cleaner rewriting (1 − r) / r bytes per byte written (0.2: 1.25× and 4×). The stores whose records are
 * mostly superseded ({@code cohort-state}, the results) are more than half dirty as soon as one segment closes, so a
 * lower ratio would buy them nothing; {@code cohort-subjects} and {@code patient-timelines} are mostly live.</li>
 * <li>{@code min.compaction.lag.ms} stays 0 and {@code max.compaction.lag.ms} unset: nothing reads a changelog but
 * the restore, which needs only the latest value of each key; a maximum lag would force cleaning against the
 * records' timestamps, which come from the producers of the input and may be far in the past.</li>
 * </ul>
 *
 * <p>Compaction and exactly-once: the cleaner cleans only up to the first offset of a transaction still open (the
 * last stable offset), so it never decides on data whose fate is unknown; it leaves the records of aborted
 * transactions out of its map of latest values (an aborted write never hides a committed one) and drops them, and
 * removes a transaction's markers only after its records are gone and {@code delete.retention.ms} has passed. A
 * restore under exactly-once reads {@code read_committed}, so it sees the same committed latest values with or without
 * compaction. Tombstones stay for {@code delete.retention.ms} (24 h, Kafka's default, unchanged): a state directory
 * stopped cleanly (so restored from its checkpoint) for longer than that could miss a delete whose tombstone the
 * cleaner dropped meanwhile. That holds for any compacted changelog and was possible with the 7-day roll too; here the
 * timeline store erases by a marker, not a tombstone, and a timeline task that resets makes the cohort stores delete
 * what its source no longer holds. One that resumes without a reset (its last commit was clean, {@code TimelineProcessor})
 * does not, so it resumes only on a flag that the last flush with changes wrote less than half of
 * {@code delete.retention.ms} ago ({@code TimelineProcessor.RESUME_MAX_AGE}): every cohort-store delete of its
 * source's data applies one of those flushes' deltas, so its tombstone is younger still. The
 * {@code timeline-flushes} store takes the configs of the timeline store: one key, one record a commit at most.
 *
 * <p>Streams sets these only when it creates a changelog: an application id whose changelogs exist keeps their
 * configs until they are altered ({@code kafka-configs --alter}; README, Data flow).
 */
final class ChangelogTopics {
    /** Segment size of a changelog whose records may be as large as a result (8 MiB). */
    static final int SEGMENT_BYTES = 16 * 1024 * 1024;
    /** Segment size of the cohort stores' changelogs, whose records are tens of bytes. */
    static final int SMALL_RECORDS_SEGMENT_BYTES = 4 * 1024 * 1024;
    /** The largest batch the cohort stores' changelogs take: Kafka's default; a block or subject entry is far less. */
    static final int SMALL_RECORDS_MAX_MESSAGE_BYTES = 1024 * 1024;
    /** A changelog's active segment is closed after this long (of record time), so the cleaner may see it. */
    static final long SEGMENT_MS = 60 * 60 * 1000L;

    private ChangelogTopics() {}

    /** For a store whose values may be as large as a result ({@link TopologyFactory#MAX_RESULT_BYTES}). */
    static Map<String, String> largeRecords() {
        return Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(TopologyFactory.MAX_RESULT_BYTES),
                TopicConfig.SEGMENT_BYTES_CONFIG, String.valueOf(SEGMENT_BYTES),
                TopicConfig.SEGMENT_MS_CONFIG, String.valueOf(SEGMENT_MS));
    }

    /**
     * For the release-inputs topic, which the app creates itself (it joins the front application to the release
     * application, so it is no internal topic of either, and Streams does not create it): compacted by key, since
     * nothing else purges it and the release stage needs only each analysis' latest result (the front keys an
     * "unchanged" notice apart from the results, {@code TopologyFactory#NOTICE_KEY_SUFFIX}); records as large as a
     * result, hence the segments of {@link #largeRecords}: about 70 results of ~240 kB in the active segment, which
     * a new release application (a fresh consumer group reads from the start) reads besides the live ones.
     * Compaction drops a record only for a later one of the same key, so a result the release stage has not read yet
     * (after a long lag) is at most replaced by a later result of the same analysis, the one it would release anyway;
     * end-of-round markers share a key, and a dropped one costs only a plan (the release stage's punctuator releases
     * too).
     */
    static Map<String, String> releaseInputs() {
        Map<String, String> m = new java.util.HashMap<>(largeRecords());
        m.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        return Map.copyOf(m);
    }

    /** For the cohort stores: blocks of counts, subject entries and their labels, tens of bytes each. */
    static Map<String, String> smallRecords() {
        return Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(SMALL_RECORDS_MAX_MESSAGE_BYTES),
                TopicConfig.SEGMENT_BYTES_CONFIG, String.valueOf(SMALL_RECORDS_SEGMENT_BYTES),
                TopicConfig.SEGMENT_MS_CONFIG, String.valueOf(SEGMENT_MS));
    }
}
