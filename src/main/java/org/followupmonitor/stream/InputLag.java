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
        return partition -> {
            KafkaStreams s = streams.get();
            if (s == null) {
                return OptionalLong.empty();
            }
            String p = Integer.toString(partition);
            OptionalLong lag = OptionalLong.empty();
            for (java.util.Map.Entry<MetricName, ? extends Metric> e : s.metrics().entrySet()) {
                MetricName n = e.getKey();
                if (n.name().equals("records-lag") && n.group().equals("consumer-fetch-manager-metrics")
                        && Names.PATIENT_EVENTS.equals(n.tags().get("topic")) && p.equals(n.tags().get("partition"))
                        && e.getValue().metricValue() instanceof Number v && !Double.isNaN(v.doubleValue())) {
                    long l = Math.max(0, (long) v.doubleValue());
                    lag = OptionalLong.of(lag.isPresent() ? Math.min(lag.getAsLong(), l) : l);
                }
            }
            return lag;
        };
    }
}
