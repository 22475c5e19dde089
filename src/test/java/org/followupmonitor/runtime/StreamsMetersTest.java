package org.followupmonitor.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Value;
import org.awaitility.Awaitility;
import org.followupmonitor.api.PrometheusText;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link StreamsMeters} never reads a gauge {@link ThreadOwnedGauges} names, also one that appears after binding,
 * and binds the other metrics under the names Micrometer's {@code KafkaStreamsMetrics} gives them.
 */
class StreamsMetersTest {

    private static final String STORE = "stream-state-metrics";
    private static final Duration FAST = Duration.ofMillis(20);

    private final Metrics kafka = new Metrics();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** Reads of the gauges that must not be read: any is a failure (it would be a native read in the monitor). */
    private final AtomicInteger threadOwnedReads = new AtomicInteger();
    private StreamsMeters meters;

    @AfterEach
    void close() {
        if (meters != null) {
            meters.close();
        }
        registry.close();
        kafka.close();
    }

    @Test
    void bindsTheReadableMetricsAndNeverReadsTheThreadOwnedGauges() {
        addTask("0_0", 3);
        recordLag("patient-events", 0, 7);
        meters = new StreamsMeters(kafka::metrics, ThreadOwnedGauges.STATE_STORES, FAST);
        meters.bindTo(registry);

        String scrape = registry.scrape();
        assertThat(value(scrape, "kafka_stream_state_num_open_iterators", "task_id", "0_0")).isEqualTo(3.0);
        assertThat(value(scrape, "kafka_consumer_fetch_manager_records_lag", "topic", "patient-events")).isEqualTo(7.0);
        assertThat(scrape).doesNotContain("uncommitted_bytes").doesNotContain("block_cache_usage");

        // A task assigned after binding (a rebalance): its readable gauge is bound by the binder's refresh, its
        // thread-owned ones are dropped before anything reads them.
        addTask("0_1", 5);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(value(registry.scrape(), "kafka_stream_state_num_open_iterators", "task_id", "0_1"))
                        .isEqualTo(5.0));
        assertThat(registry.scrape()).doesNotContain("uncommitted_bytes").doesNotContain("block_cache_usage");
        assertThat(threadOwnedReads).hasValue(0);
    }

    /** The check above can fail: with an empty rule the same binder reads those gauges. */
    @Test
    void withoutTheRuleTheGaugesAreRead() {
        addTask("0_0", 3);
        meters = new StreamsMeters(kafka::metrics, new ThreadOwnedGauges(STORE, Set.of()), FAST);
        meters.bindTo(registry);
        assertThat(registry.scrape()).contains("kafka_stream_state_uncommitted_bytes");
        assertThat(threadOwnedReads.get()).isPositive();
    }

    @Test
    void theRuleDecidesByGroupAndName() {
        assertThat(ThreadOwnedGauges.STATE_STORES.covers(new MetricName("uncommitted-bytes", STORE, "", Map.of())))
                .isTrue();
        assertThat(ThreadOwnedGauges.STATE_STORES.covers(new MetricName("estimate-num-keys", STORE, "", Map.of())))
                .isTrue();
        assertThat(ThreadOwnedGauges.STATE_STORES.covers(new MetricName("num-keys", STORE, "", Map.of()))).isFalse();
        assertThat(ThreadOwnedGauges.STATE_STORES.covers(
                new MetricName("uncommitted-bytes", "stream-task-metrics", "", Map.of()))).isFalse();
    }

    /** Every kafka_ series the Prometheus rules, the Grafana dashboard and the README name keeps its name. */
    @Test
    void theNamesTheDeployFilesAndReadmeUseAreUnchanged() throws IOException {
        Set<String> used = new TreeSet<>();
        Pattern kafkaName = Pattern.compile("\\bkafka_[a-z_]+");
        try (Stream<Path> files = Stream.concat(Files.walk(Path.of("deploy")), Stream.of(Path.of("README.md")))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Matcher m = kafkaName.matcher(Files.readString(f));
                while (m.find()) {
                    used.add(m.group());
                }
            }
        }
        used.remove("kafka_"); // the README's family `kafka_*`
        assertThat(used).contains("kafka_consumer_fetch_manager_records_lag");

        recordLag("patient-events", 0, 4);
        meters = new StreamsMeters(kafka::metrics, ThreadOwnedGauges.STATE_STORES, FAST);
        meters.bindTo(registry);
        Set<String> scraped = new TreeSet<>();
        PrometheusText.parse(registry.scrape()).forEach(s -> scraped.add(s.name()));
        assertThat(scraped).containsAll(used);
        // The dashboard sums the lag by topic; KafkaStreamsMetrics' tags: Kafka's tags plus kafka_version.
        PrometheusText.Sample lag = PrometheusText.parse(registry.scrape()).stream()
                .filter(s -> s.name().equals("kafka_consumer_fetch_manager_records_lag")).findFirst().orElseThrow();
        assertThat(lag.labels()).containsOnlyKeys("client_id", "topic", "partition", "kafka_version");
    }

    /** A store's metrics as MeteredKeyValueStore and RocksDBMetricsRecorder register them (a subset). */
    private void addTask(String task, long openIterators) {
        Map<String, String> tags = Map.of("thread-id", "t-1", "task-id", task, "rocksdb-state-id", "timelines");
        kafka.addMetric(new MetricName("num-open-iterators", STORE, "", tags), (Gauge<Long>) (c, now) -> openIterators);
        kafka.addMetric(new MetricName("uncommitted-bytes", STORE, "", tags), threadOwned());
        kafka.addMetric(new MetricName("block-cache-usage", STORE, "", tags), threadOwned());
    }

    private Gauge<Long> threadOwned() {
        return (c, now) -> {
            threadOwnedReads.incrementAndGet();
            return 1L;
        };
    }

    private void recordLag(String topic, int partition, double lag) {
        Sensor sensor = kafka.sensor(topic + "-" + partition + ".records-lag");
        sensor.add(new MetricName("records-lag", "consumer-fetch-manager-metrics", "",
                Map.of("client-id", "c-1", "topic", topic, "partition", Integer.toString(partition))), new Value());
        sensor.record(lag);
    }

    private static Double value(String scrape, String name, String label, String labelValue) {
        return PrometheusText.parse(scrape).stream()
                .filter(s -> s.name().equals(name) && labelValue.equals(s.label(label)))
                .map(PrometheusText.Sample::value).findFirst().orElse(null);
    }
}
