package org.followupmonitor.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Binds a Kafka Streams client's metrics to a Micrometer registry as Micrometer's {@code KafkaStreamsMetrics} does
 * (same meter names and tags), but without the gauges {@link ThreadOwnedGauges} names.
 *
 * <p>Why not {@code KafkaStreamsMetrics} with a {@code MeterFilter}: its {@code KafkaMetrics.checkAndBindMetrics}
 * (Micrometer 1.16.4) calls {@code metricValue()} on every metric of the client's map, on the binder's own thread,
 * before it registers a meter (where a filter would act), and again each time the metric set changes. The only
 * place to drop a metric before its value is read is the map the binder is given. Micrometer takes such a map only
 * through package-private constructors; {@code KafkaClientMetrics(Producer)} is the public one that reads nothing
 * but {@code Producer.metrics()}, so the filtered map is offered through a {@code Producer} view that answers that
 * call only. Naming, tags and the refresh that binds metrics appearing later (new tasks after a rebalance) stay
 * Micrometer's, and every refresh filters the map again, so a later store's gauges are dropped too.
 */
public final class StreamsMeters implements MeterBinder, AutoCloseable {

    /** {@code KafkaMetrics}' own default: how often it looks for metrics added or removed. */
    static final Duration REFRESH = Duration.ofSeconds(60);

    private final ScheduledExecutorService refresher;
    private final KafkaClientMetrics binder;

    StreamsMeters(Supplier<Map<MetricName, ? extends Metric>> metrics, ThreadOwnedGauges unread, Duration refresh) {
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "streams-meters");
            t.setDaemon(true);
            return t;
        });
        this.binder = new KafkaClientMetrics(producerView(() -> readable(metrics.get(), unread)), List.of(),
                refresher, refresh);
    }

    /** The metrics of {@code streams} that another thread may read, bound under Micrometer's names. */
    public static StreamsMeters of(KafkaStreams streams) {
        return new StreamsMeters(streams::metrics, ThreadOwnedGauges.STATE_STORES, REFRESH);
    }

    /** The metrics {@code unread} does not cover; decided by name, never reading a value. */
    static Map<MetricName, Metric> readable(Map<MetricName, ? extends Metric> all, ThreadOwnedGauges unread) {
        Map<MetricName, Metric> out = new LinkedHashMap<>();
        all.forEach((name, metric) -> {
            if (!unread.covers(name)) {
                out.put(name, metric);
            }
        });
        return out;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        binder.bindTo(registry);
    }

    @Override
    public void close() {
        binder.close(); // removes the meters it registered
        refresher.shutdownNow();
    }

    /** A {@code Producer} whose {@code metrics()} is {@code metrics}; every other call fails. */
    @SuppressWarnings("unchecked")
    private static Producer<Object, Object> producerView(Supplier<Map<MetricName, Metric>> metrics) {
        return (Producer<Object, Object>) Proxy.newProxyInstance(StreamsMeters.class.getClassLoader(),
                new Class<?>[] {Producer.class}, (self, method, args) -> switch (method.getName()) {
                    case "metrics" -> metrics.get();
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    case "toString" -> "StreamsMeters.producerView";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
