package org.followupmonitor.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.JmxReporter;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.awaitility.Awaitility;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.stream.Names;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No JMX client can read the Kafka Streams store gauges that read the stream thread's native RocksDB state
 * ({@link ThreadOwnedGauges}): on a running monitor (both Kafka Streams applications, their RocksDB stores, the
 * app's Streams properties) the platform MBean server has no MBean with such an attribute, while the thread MBeans
 * stay. The control: the same properties without {@code metrics.jmx.exclude} register them.
 *
 * <p>The test looks at attribute names ({@code MBeanInfo}) only: reading one of these values is the crash.
 */
class JmxThreadOwnedGaugesIT {
    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();
    private static final Duration STARTUP = Duration.ofMinutes(2);

    @TempDir
    static Path dir;
    private static LocalKafkaStack stack;

    @BeforeAll
    static void startKafka() {
        stack = LocalKafkaStack.start(dir.resolve("kafka"), "localhost", 0, 0);
    }

    @AfterAll
    static void stopKafka() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aRunningMonitorHasNoMBeanExposingAThreadOwnedGauge() throws Exception {
        String app = "jmx-monitor";
        try (MonitorApp monitor = MonitorApp.start(config(app, dir.resolve("monitor-state")),
                AnalysesLoader.loadDefault(), 2)) {
            Awaitility.await().atMost(STARTUP).pollInterval(Duration.ofMillis(200)).until(monitor::running);
            for (KafkaStreams streams : List.of(monitor.front(), monitor.release())) {
                // The gauges exist in the application's metrics (names only, no value read) ...
                Awaitility.await().atMost(STARTUP).pollInterval(Duration.ofMillis(200)).until(() ->
                        threadOwnedNames(streams).containsAll(Set.of("uncommitted-bytes", "estimate-num-keys",
                                "block-cache-usage")));
                // ... and its stream threads' MBeans are registered ...
                for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
                    assertThat(JMX.isRegistered(new ObjectName("kafka.streams:type=stream-thread-metrics,thread-id="
                            + thread.threadName()))).as(thread.threadName()).isTrue();
                }
            }
            // ... but no MBean carries one of them, for either application.
            assertThat(exposedThreadOwnedGauges()).isEmpty();
            assertThat(JMX.queryNames(new ObjectName("kafka.streams:type=stream-state-metrics,*"), null)).isEmpty();
            assertThat(JMX.queryNames(new ObjectName("kafka.streams:type=stream-task-metrics,*"), null)).isNotEmpty();
            // The release application's threads are among those checked above.
            assertThat(monitor.release().metadataForLocalThreads()).isNotEmpty()
                    .allSatisfy(t -> assertThat(t.threadName()).startsWith(Names.releaseApplicationId(app)));
        }
    }

    /** The check above can fail: the app's properties without the exclusion, a RocksDB store, and there they are. */
    @Test
    void withoutTheExclusionJmxExposesThem() throws Exception {
        String app = "jmx-control";
        String input = app + "-in";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(input, 1, (short) 1))).all().get();
        }
        Properties p = MonitorApp.streamsProperties(config(app, dir.resolve("control-state")),
                new HostInfo("localhost", EmbeddedKafkaBroker.freePort()));
        assertThat(p).containsKey(JmxReporter.EXCLUDE_CONFIG);
        p.remove(JmxReporter.EXCLUDE_CONFIG);
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore("control-store"),
                Serdes.String(), Serdes.String()));
        builder.stream(input, Consumed.with(Serdes.String(), Serdes.String())).process(Put::new, "control-store");
        try (KafkaStreams streams = new KafkaStreams(builder.build(), p)) {
            streams.start();
            Awaitility.await().atMost(STARTUP).pollInterval(Duration.ofMillis(200))
                    .until(() -> streams.state() == KafkaStreams.State.RUNNING);
            Awaitility.await().atMost(STARTUP).pollInterval(Duration.ofMillis(200))
                    .until(() -> exposedThreadOwnedGauges().containsAll(Set.of("uncommitted-bytes",
                            "estimate-num-keys", "block-cache-usage")));
            streams.close(Duration.ofSeconds(30));
        }
        // Closing unregisters them, so the other test's check is not disturbed by this one.
        assertThat(exposedThreadOwnedGauges()).isEmpty();
    }

    private static AppConfig config(String applicationId, Path stateDir) {
        return new AppConfig(new AppConfig.Kafka(stack.bootstrapServers(), Map.of()), stack.registryUrl(),
                new AppConfig.Http("127.0.0.1", 0, "tok"), new AppConfig.Streams(applicationId, stateDir,
                        "exactly_once_v2", Duration.ofMillis(200), Duration.ofMillis(500)), 11, null);
    }

    /** The thread-owned gauges' names among the application's metrics; reads no value. */
    private static Set<String> threadOwnedNames(KafkaStreams streams) {
        Set<String> names = new TreeSet<>();
        for (MetricName name : streams.metrics().keySet()) {
            if (ThreadOwnedGauges.STATE_STORES.covers(name)) {
                names.add(name.name());
            }
        }
        return names;
    }

    /** The attributes of any registered MBean named like a thread-owned gauge; reads no value. */
    private static Set<String> exposedThreadOwnedGauges() throws Exception {
        Set<String> exposed = new TreeSet<>();
        for (ObjectName name : JMX.queryNames(new ObjectName("kafka.*:*"), null)) {
            MBeanAttributeInfo[] attributes;
            try {
                attributes = JMX.getMBeanInfo(name).getAttributes();
            } catch (javax.management.InstanceNotFoundException gone) {
                continue; // unregistered since the query (a client closing)
            }
            for (MBeanAttributeInfo a : attributes) {
                if (ThreadOwnedGauges.STATE_STORES.names().contains(a.getName())) {
                    exposed.add(a.getName());
                }
            }
        }
        return exposed;
    }

    /** Writes every record to the store: a task with a RocksDB key-value store, as the monitor's. */
    private static final class Put implements Processor<String, String, Void, Void> {
        private KeyValueStore<String, String> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore("control-store");
        }

        @Override
        public void process(Record<String, String> record) {
            store.put(record.key(), record.value());
        }
    }
}
