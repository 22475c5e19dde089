package org.followupmonitor.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/**
 * The release stage's application of its own ({@link MonitorApp#releaseProperties}) takes the front's settings and
 * changes only what must differ: its application id (a group and changelogs of its own) and its one stream thread.
 */
class MonitorAppReleasePropertiesTest {
    private static Properties front(Map<String, String> clientProperties) {
        AppConfig config = new AppConfig(new AppConfig.Kafka("localhost:9092", clientProperties),
                URI.create("http://localhost:8081"), new AppConfig.Http("127.0.0.1", 0, null),
                new AppConfig.Streams("props-test", Path.of("/tmp/props-test-state"), "exactly_once_v2",
                        Duration.ofSeconds(1), Duration.ofSeconds(2)), 11, null);
        return MonitorApp.streamsProperties(config, new HostInfo("127.0.0.1", 8080));
    }

    @Test
    void theReleaseApplicationHasItsOwnIdAndOneThreadAndEverythingElseOfTheFront() {
        Properties front = front(Map.of());
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
        Properties release = MonitorApp.releaseProperties(front(Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "77")));
        assertThat(new StreamsConfig(release).getMainConsumerConfigs("group", "client", 0)
                .get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG)).isEqualTo("77");
    }
}
