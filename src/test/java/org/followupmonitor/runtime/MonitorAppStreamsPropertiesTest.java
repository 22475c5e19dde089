package org.followupmonitor.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.metrics.JmxReporter;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

class MonitorAppStreamsPropertiesTest {
    private static final String PREFIXED = StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);

    /** Kafka Streams with nothing of the monitor's set: what each setting would be without streamsProperties. */
    private static StreamsConfig kafkaDefaults() {
        return new StreamsConfig(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "a",
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092"));
    }

    private static Properties build(Map<String, String> clientProperties) {
        AppConfig config = new AppConfig(new AppConfig.Kafka("localhost:9092", clientProperties),
                URI.create("http://localhost:8081"), new AppConfig.Http("127.0.0.1", 0, null),
                new AppConfig.Streams("props-test", Path.of("/tmp/props-test-state"), "exactly_once_v2",
                        Duration.ofSeconds(1), Duration.ofSeconds(2)), 11, null);
        return MonitorApp.streamsProperties(config, new HostInfo("127.0.0.1", 8080));
    }

    @Test
    void theStreamsProducerWaitsLongerThanExactlyOncesTenSecondsBeforeItsTransactionIsAborted() {
        Properties p = build(Map.of());
        assertThat(p.get(PREFIXED)).isEqualTo((int) AppConfig.TRANSACTION_TIMEOUT.toMillis());
        // What Streams hands its producer: the value above replaces exactly-once's default of 10 s.
        Map<String, Object> producer = new StreamsConfig(p).getProducerConfigs("client");
        assertThat(producer.get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG)).isEqualTo(60_000);
    }

    @Test
    void aTransactionTimeoutTheUserSetWins() {
        Properties plain = build(Map.of(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "30000"));
        assertThat(plain).doesNotContainKey(PREFIXED);
        assertThat(new StreamsConfig(plain).getProducerConfigs("client").get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG))
                .isEqualTo("30000");
        Properties prefixed = build(Map.of(PREFIXED, "45000"));
        assertThat(prefixed.get(PREFIXED)).isEqualTo("45000");
    }

    @Test
    void theMainConsumerFetchesFourMegabytesPerPartitionAndPerFetch() {
        Map<String, Object> consumer = new StreamsConfig(build(Map.of())).getMainConsumerConfigs("group", "client", 0);
        assertThat(consumer.get(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG)).isEqualTo(4 * 1024 * 1024);
        assertThat(consumer.get(ConsumerConfig.FETCH_MAX_BYTES_CONFIG)).isEqualTo(4 * 1024 * 1024);
    }

    @Test
    void aFetchSizeTheUserSetWins() {
        Properties plain = build(Map.of(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "1048576"));
        Map<String, Object> consumer = new StreamsConfig(plain).getMainConsumerConfigs("group", "client", 0);
        assertThat(consumer.get(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG)).isEqualTo("1048576");
        assertThat(consumer.get(ConsumerConfig.FETCH_MAX_BYTES_CONFIG)).isEqualTo(4 * 1024 * 1024);
    }

    @Test
    void theStreamsProducersCompressTheirBatchesWithLz4() {
        Map<String, Object> producer = new StreamsConfig(build(Map.of())).getProducerConfigs("client");
        assertThat(producer.get(ProducerConfig.COMPRESSION_TYPE_CONFIG)).isEqualTo("lz4");
        // Without the line in streamsProperties Streams would pass none on, and the producer's default is none.
        assertThat(kafkaDefaults().getProducerConfigs("client"))
                .doesNotContainKey(ProducerConfig.COMPRESSION_TYPE_CONFIG);
        assertThat(ProducerConfig.configDef().defaultValues().get(ProducerConfig.COMPRESSION_TYPE_CONFIG))
                .isEqualTo("none");
    }

    @Test
    void aCompressionTheUserSetWins() {
        Properties plain = build(Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd"));
        assertThat(new StreamsConfig(plain).getProducerConfigs("client").get(ProducerConfig.COMPRESSION_TYPE_CONFIG))
                .isEqualTo("zstd");
        Properties prefixed = build(Map.of(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "none"));
        assertThat(new StreamsConfig(prefixed).getProducerConfigs("client").get(ProducerConfig.COMPRESSION_TYPE_CONFIG))
                .isEqualTo("none");
    }

    @Test
    void clientMetricsPushIsOffSoNoConsumerThreadReadsTheStoreGauges() {
        StreamsConfig streams = new StreamsConfig(build(Map.of()));
        assertThat(streams.getBoolean(StreamsConfig.ENABLE_METRICS_PUSH_CONFIG)).isFalse();
        assertThat(streams.getMainConsumerConfigs("group", "client", 0).get(StreamsConfig.ENABLE_METRICS_PUSH_CONFIG))
                .isEqualTo(false);
        // Kafka's own default is on.
        assertThat(kafkaDefaults()
                .getBoolean(StreamsConfig.ENABLE_METRICS_PUSH_CONFIG)).isTrue();
    }

    @Test
    void metricsPushTheUserTurnedOnStaysOn() {
        Properties p = build(Map.of(StreamsConfig.ENABLE_METRICS_PUSH_CONFIG, "true"));
        assertThat(new StreamsConfig(p).getBoolean(StreamsConfig.ENABLE_METRICS_PUSH_CONFIG)).isTrue();
    }

    @Test
    void stateStoresAreTransactionalSoThatKillNineNoLongerWipesThem() {
        StreamsConfig streams = new StreamsConfig(build(Map.of()));
        assertThat(streams.getBoolean(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG)).isTrue();
        // Kafka's own default is off: without the line in streamsProperties the stores would not be transactional.
        assertThat(kafkaDefaults()
                .getBoolean(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG)).isFalse();
    }

    @Test
    void transactionalStateStoresTheUserTurnedOffStayOff() {
        Properties p = build(Map.of(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG, "false"));
        assertThat(new StreamsConfig(p).getBoolean(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG)).isFalse();
    }

    // The release stage's application of its own (MonitorApp.releaseProperties) takes the front's settings and
    // changes only what must differ: its application id (a group and changelogs of its own) and its one stream thread.

    @Test
    void theReleaseApplicationHasItsOwnIdAndOneThreadAndEverythingElseOfTheFront() {
        Properties front = build(Map.of());
        Properties release = MonitorApp.releaseProperties(front);
        assertThat(release.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("props-test-release");
        assertThat(release.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo(1);
        for (String same : new String[] {StreamsConfig.APPLICATION_SERVER_CONFIG, StreamsConfig.STATE_DIR_CONFIG,
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.BOOTSTRAP_SERVERS_CONFIG,
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG,
                StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)}) {
            assertThat(release.get(same)).as(same).isNotNull().isEqualTo(front.get(same));
        }
        Properties rest = new Properties();
        rest.putAll(release);
        rest.remove(StreamsConfig.APPLICATION_ID_CONFIG);
        rest.remove(StreamsConfig.NUM_STREAM_THREADS_CONFIG);
        Properties frontRest = new Properties();
        frontRest.putAll(front);
        frontRest.remove(StreamsConfig.APPLICATION_ID_CONFIG);
        frontRest.remove(StreamsConfig.NUM_STREAM_THREADS_CONFIG);
        assertThat(rest).isEqualTo(frontRest);
        // The front's own settings are untouched.
        assertThat(front.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("props-test");
    }

    @Test
    void aUsersSettingReachesBothApplications() {
        Properties release = MonitorApp.releaseProperties(build(Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "77")));
        assertThat(new StreamsConfig(release).getMainConsumerConfigs("group", "client", 0)
                .get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG)).isEqualTo("77");
    }

    // JMX: the MBeans of the Streams client's store metrics are left out, every other MBean stays. The names are
    // the ones JmxReporter.getMBeanName builds (domain:type=group,tags in StreamsMetricsImpl's order);
    // JmxThreadOwnedGaugesIT checks the same on a running application's platform MBean server.

    private static final String STORE_MBEAN = "kafka.streams:type=stream-state-metrics,"
            + "thread-id=app-1-StreamThread-1,task-id=0_1,rocksdb-state-id=timelines";

    @Test
    void jmxLeavesOutTheStreamsStoreMBeansAndKeepsTheOthers() {
        java.util.function.Predicate<String> registered = JmxReporter.compilePredicate(
                new StreamsConfig(build(Map.of())).originals());
        assertThat(registered.test(STORE_MBEAN)).isFalse();
        assertThat(registered.test("kafka.streams:type=stream-state-metrics,thread-id=t,task-id=1_0,"
                + "in-memory-state-id=s")).isFalse();
        assertThat(registered.test("kafka.streams:type=stream-thread-metrics,thread-id=app-1-StreamThread-1")).isTrue();
        assertThat(registered.test("kafka.streams:type=stream-task-metrics,thread-id=t,task-id=0_1")).isTrue();
        assertThat(registered.test("kafka.streams:type=stream-metrics,client-id=app-1")).isTrue();
        assertThat(registered.test("kafka.consumer:type=consumer-fetch-manager-metrics,client-id=c")).isTrue();
        // Kafka's default excludes nothing: without the line in streamsProperties the store MBeans are registered.
        assertThat(JmxReporter.compilePredicate(Map.of()).test(STORE_MBEAN)).isTrue();
    }

    @Test
    void aJmxExclusionTheUserSetIsKeptBesideOurs() {
        Properties p = build(Map.of(JmxReporter.EXCLUDE_CONFIG, "kafka\\.consumer:.*"));
        java.util.function.Predicate<String> registered =
                JmxReporter.compilePredicate(new StreamsConfig(p).originals());
        assertThat(registered.test("kafka.consumer:type=consumer-fetch-manager-metrics,client-id=c")).isFalse();
        assertThat(registered.test(STORE_MBEAN)).isFalse();
        assertThat(registered.test("kafka.streams:type=stream-thread-metrics,thread-id=t")).isTrue();
        // An include list cannot bring them back: JmxReporter registers what is included and not excluded.
        Properties include = build(Map.of(JmxReporter.INCLUDE_CONFIG, "kafka\\.streams:.*"));
        assertThat(JmxReporter.compilePredicate(new StreamsConfig(include).originals()).test(STORE_MBEAN)).isFalse();
    }

    @Test
    void theReleaseApplicationLeavesThemOutOfJmxToo() {
        Properties release = MonitorApp.releaseProperties(build(Map.of()));
        assertThat(JmxReporter.compilePredicate(new StreamsConfig(release).originals()).test(STORE_MBEAN)).isFalse();
    }
}
