package org.followupmonitor.stream;

import java.util.OptionalLong;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * How far this process' consumer of {@code patient-events} is behind the partition's end: what tells a timeline task
 * that it has caught up with the input that waited for it at its start ({@link CohortDelta}'s {@code caughtUp} mark,
 * {@link TimelineProcessor}).
 */
@FunctionalInterface
public interface InputLag {
    /**
     * No lag information (topology tests, any caller of the topology without a running Kafka Streams): a timeline task
     * counts as caught up at once, so its reset's last record carries the mark.
     */
    InputLag UNKNOWN = partition -> OptionalLong.of(0);

    /**
     * The records between the consumer's position in the partition of {@code patient-events} and its end; empty while
     * not known yet (the partition's first fetch has not come back).
     */
    OptionalLong lag(int partition);

    /**
     * From the front application's consumer metrics, Kafka's {@code records-lag} of {@code patient-events} per
     * partition (group {@code consumer-fetch-manager-metrics}): the consumer's position to the partition's last stable
     * offset, since the application reads committed records only, so transaction markers count as read. The consumer
     * records it at each fetch of the partition, also one that returns no records; it removes it for a partition no
     * longer assigned. Empty until the streams are set and the partition has been fetched once.
     */
    static InputLag fromMetrics(Supplier<KafkaStreams> streams) {
        return new InputLag() {
            @Override
            public OptionalLong lag(int partition) {
                return lagsOf(streams.get()).getOrDefault(partition,
                        OptionalLong.empty());
            }

            @Override
            public OptionalLong total() {
                return sum(lagsOf(streams.get()));
            }
        };
    }

    /**
     * The records between the consumer's positions and the ends of every partition of {@code patient-events} this
     * process reads (the sum of {@link #lag} over them, those not fetched yet left out): how much input waits for this
     * instance's timeline stage, what the cohort stage paces itself by ({@link InputBacklog}). Empty
     * when no partition's lag is known; always empty without lag information ({@link #UNKNOWN}): no backlog assumed.
     */
    default OptionalLong total() {
        return OptionalLong.empty();
    }

    private static OptionalLong sum(java.util.Map<Integer, OptionalLong> lags) {
        return lags.isEmpty() ? OptionalLong.empty()
                : OptionalLong.of(lags.values().stream().mapToLong(OptionalLong::getAsLong).sum());
    }

    /**
     * Kafka's {@code records-lag} of each partition of {@code patient-events} with a value, from the client's metrics;
     * when a partition has several (a stream thread replaced, whose consumer's metric is still registered), the least.
     */
    private static java.util.Map<Integer, OptionalLong> lagsOf(KafkaStreams s) {
        java.util.Map<Integer, OptionalLong> lags = new java.util.HashMap<>();
        if (s == null) {
            return lags;
        }
        for (java.util.Map.Entry<MetricName, ? extends Metric> e : s.metrics().entrySet()) {
            MetricName n = e.getKey();
            String partition = n.tags().get("partition");
            if (partition != null && n.name().equals("records-lag")
                    && n.group().equals("consumer-fetch-manager-metrics")
                    && Names.PATIENT_EVENTS.equals(n.tags().get("topic"))
                    && e.getValue().metricValue() instanceof Number v && !Double.isNaN(v.doubleValue())) {
                long l = Math.max(0, (long) v.doubleValue());
                lags.merge(Integer.parseInt(partition), OptionalLong.of(l),
                        (a, b) -> OptionalLong.of(Math.min(a.getAsLong(), b.getAsLong())));
            }
        }
        return lags;
    }
}
