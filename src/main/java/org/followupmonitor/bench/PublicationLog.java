package org.followupmonitor.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.utils.Utils;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.stream.ResultListener;

/**
 * Records, for each publication of one analysis, when it happened and which input it reflects: for each
 * partition of {@code patient-events}, the offset before which every event is included (the cohort stage
 * knows it exactly from the deltas it has applied). An event is included in a publication when the offset
 * of its partition has passed it; the bench knows each event's partition (keys are hashed as the producer
 * does) and its offset (the topic is fresh and written by one idempotent, non-transactional producer, so
 * the n-th record of a partition has offset n - 1).
 */
public final class PublicationLog implements ResultListener {
    private record Entry(long at, long[] offsets) {}

    private final String analysis;
    private final int partitions;
    private final List<Entry> entries = new ArrayList<>();
    /**
     * The stages' instants ({@link ResultListener#reached}; wall clock, ms), and under {@code null} the publications'
     * (wall clock, ms): what the latency breakdown compares with a sample's wall-clock time.
     */
    private final Map<Stage, List<Entry>> stages = new java.util.HashMap<>();

    /**
     * @param analysis the analysis whose publications are logged, e.g. {@code os-by-arm}
     * @param partitions partitions of {@code patient-events}
     */
    public PublicationLog(String analysis, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
        }
        this.analysis = analysis;
        this.partitions = partitions;
    }

    /** The partition the default producer partitioner gives a record with this (UTF-8 string) key. */
    public static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    @Override
    public void published(AnalysisResult result) {
        // Only the variant with input offsets is recorded; the topology always calls that one.
    }

    @Override
    public void published(AnalysisResult result, Map<Integer, Long> inputOffsets) {
        if (analysis.equals(result.name())) {
            record(System.nanoTime(), inputOffsets);
        }
    }

    @Override
    public void unchanged(String name, Map<Integer, Long> inputOffsets) {
        if (analysis.equals(name)) {
            record(System.nanoTime(), inputOffsets); // the standing result now covers this input too
        }
    }

    @Override
    public void reached(Stage stage, String name, long atMillis, Map<Integer, Long> inputOffsets) {
        if (analysis.equals(name)) {
            long[] offsets = offsets(inputOffsets);
            synchronized (entries) {
                stages.computeIfAbsent(stage, s -> new ArrayList<>()).add(new Entry(atMillis, offsets));
            }
        }
    }

    private void record(long at, Map<Integer, Long> inputOffsets) {
        long[] offsets = offsets(inputOffsets);
        synchronized (entries) {
            record(at, offsets);
            stages.computeIfAbsent(null, s -> new ArrayList<>()).add(new Entry(System.currentTimeMillis(), offsets));
        }
    }

    private long[] offsets(Map<Integer, Long> inputOffsets) {
        long[] offsets = new long[partitions];
        inputOffsets.forEach((p, o) -> {
            if (p >= 0 && p < partitions) {
                offsets[p] = o;
            }
        });
        return offsets;
    }

    /** Logs one publication at {@code at} (nanoTime) reflecting input before {@code offsets[p]} in each partition. */
    void record(long at, long[] offsets) {
        synchronized (entries) {
            entries.add(new Entry(at, offsets.clone()));
        }
    }

    /** Publications so far. */
    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    /**
     * When the first publication appeared that includes the first {@code sent[p]} events of every partition
     * {@code p}, or empty when none does yet.
     */
    public OptionalLong includedAt(long[] sent) {
        synchronized (entries) {
            return first(entries, sent);
        }
    }

    /**
     * When (wall clock, ms) {@code stage} first reached the first {@code sent[p]} events of every partition {@code p},
     * or, for a null stage, when the first publication including them appeared; empty when none did (the stage was
     * not told, e.g. its hook is off).
     */
    public OptionalLong reachedAt(Stage stage, long[] sent) {
        synchronized (entries) {
            return first(stages.getOrDefault(stage, List.of()), sent);
        }
    }

    private static OptionalLong first(List<Entry> log, long[] sent) {
        for (Entry e : log) {
            boolean all = true;
            for (int p = 0; p < sent.length && all; p++) {
                all = e.offsets()[p] >= sent[p];
            }
            if (all) {
                return OptionalLong.of(e.at());
            }
        }
        return OptionalLong.empty();
    }
}
