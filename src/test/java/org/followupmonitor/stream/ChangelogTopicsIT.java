package org.followupmonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.awaitility.Awaitility;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.runtime.AppConfig;
import org.followupmonitor.runtime.LocalKafkaStack;
import org.followupmonitor.runtime.MonitorApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The changelogs Kafka Streams creates on a real broker carry {@link ChangelogTopics}' configs, and the broker the app,
 * the demo and the bench start has its log cleaner on: without either, a restore replays every superseded value.
 */
class ChangelogTopicsIT {
    private static final String APP = "changelog-topics";

    @TempDir
    Path dir;

    @Test
    void changelogsAreCreatedWithSmallSegmentsOnABrokerThatCompacts() throws Exception {
        // The release stage's stores belong to its application of its own, <application-id>-release (MonitorApp).
        Map<String, Map<String, String>> expected = new java.util.HashMap<>();
        TopologyFactory.frontStores().forEach(b -> expected.put(APP + "-" + b.name() + "-changelog", b.logConfig()));
        TopologyFactory.releaseStores().forEach(b -> expected.put(Names.releaseApplicationId(APP) + "-" + b.name()
                + "-changelog", b.logConfig()));
        assertThat(expected).hasSize(TopologyFactory.stores().size());
        // And the topic between the two, which the app creates itself, compacted.
        expected.put(Names.releaseInputs(APP), TopologyFactory.releaseInputsConfigs());
        try (LocalKafkaStack stack = LocalKafkaStack.start(dir.resolve("kafka"), "localhost", 0, 0);
                MonitorApp app = MonitorApp.start(new AppConfig(new AppConfig.Kafka(stack.bootstrapServers(), Map.of()),
                        stack.registryUrl(), new AppConfig.Http("127.0.0.1", 0, "tok"),
                        new AppConfig.Streams(APP, dir.resolve("state"), "exactly_once_v2", Duration.ofMillis(200),
                                Duration.ofMillis(500)), 11, null), AnalysesLoader.loadDefault(), 3);
                Admin admin = Admin.create(adminProperties(stack))) {
            Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> admin.listTopics().names().get().containsAll(expected.keySet()));
            List<ConfigResource> topics = expected.keySet().stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
            Map<ConfigResource, Config> described = admin.describeConfigs(topics).all().get();
            for (ConfigResource r : topics) {
                Config c = described.get(r);
                assertThat(c.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).as(r.name()).isEqualTo("compact");
                for (String key : Set.of(TopicConfig.SEGMENT_BYTES_CONFIG, TopicConfig.SEGMENT_MS_CONFIG,
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG)) {
                    assertThat(c.get(key).value()).as(r.name() + " " + key).isEqualTo(expected.get(r.name()).get(key));
                }
            }
            assertThat(admin.describeTopics(List.of(Names.releaseInputs(APP))).allTopicNames().get()
                    .get(Names.releaseInputs(APP)).partitions()).hasSize(1);
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
            Config b = admin.describeConfigs(List.of(broker)).all().get().get(broker);
            assertThat(b.get("log.cleaner.enable").value()).isEqualTo("true");
        }
    }

    private static Properties adminProperties(LocalKafkaStack stack) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        return p;
    }
}
