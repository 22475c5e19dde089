package org.followupmonitor.stream;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Spreads the analyses evenly over the partitions of the cohort stage: the analyses in name order, dealt
 * round-robin. Hashing the names, as Kafka does by default, put 11 of the 18 bundled analyses (the headline
 * one among them) on one of three partitions, so one stream thread did most of the recomputing. A name not
 * in the list (none is sent) falls back to Kafka's hash. Interactive queries route with the same partitioner.
 */
public final class AnalysisPartitioner implements StreamPartitioner<String, Object> {
    private final List<String> names;

    /** @param names the configured analyses' names */
    public AnalysisPartitioner(List<String> names) {
        this.names = names.stream().sorted().distinct().toList();
    }

    /** The partition of analysis {@code name} among {@code partitions}. */
    public int partition(String name, int partitions) {
        int i = names.indexOf(name);
        return i >= 0 ? i % partitions
                : Utils.toPositive(Utils.murmur2(name.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, Object value, int numPartitions) {
        return Optional.of(Set.of(partition(key, numPartitions)));
    }
}
