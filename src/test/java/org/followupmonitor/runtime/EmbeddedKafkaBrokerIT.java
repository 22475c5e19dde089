package org.followupmonitor.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerIT {
    @TempDir
    Path dir;

    @Test
    void producesAndConsumesOnAFreshlyFormattedDirectory() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.of(dir.resolve("kafka")))) {
            assertThat(broker.formattedOnStart()).isTrue();
            assertThat(EmbeddedKafkaBroker.isFormatted(dir.resolve("kafka"))).isTrue();
            assertThat(broker.bootstrapServers()).isEqualTo("localhost:" + broker.kafkaPort());
            KafkaRoundTrip.createTopic(broker.bootstrapServers(), "round-trip", 3);
            List<String> sent = KafkaRoundTrip.produce(broker.bootstrapServers(), "round-trip", 500);
            assertThat(KafkaRoundTrip.consumeAll(broker.bootstrapServers(), "round-trip", 500))
                    .containsExactlyInAnyOrderElementsOf(sent);
        }
    }

    @Test
    void restartOnTheSameDirectoryKeepsTopicsAndRecordsEvenOnNewPorts() throws Exception {
        Path data = dir.resolve("kafka");
        List<String> sent;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.of(data))) {
            KafkaRoundTrip.createTopic(broker.bootstrapServers(), "kept", 2);
            sent = KafkaRoundTrip.produce(broker.bootstrapServers(), "kept", 200);
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.of(data))) {
            assertThat(broker.formattedOnStart()).isFalse();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("kept");
                assertThat(admin.describeTopics(List.of("kept")).allTopicNames().get(30, TimeUnit.SECONDS)
                        .get("kept").partitions()).hasSize(2);
            }
            List<String> more = KafkaRoundTrip.produce(broker.bootstrapServers(), "kept", 10);
            List<String> all = new java.util.ArrayList<>(sent);
            all.addAll(more);
            assertThat(KafkaRoundTrip.consumeAll(broker.bootstrapServers(), "kept", 210))
                    .containsExactlyInAnyOrderElementsOf(all);
        }
    }

    @Test
    void refusesAPortThatIsAlreadyTaken() throws Exception {
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.of(dir.resolve("a")))) {
            EmbeddedKafkaBroker.Settings clash = EmbeddedKafkaBroker.Settings.of(dir.resolve("b"))
                    .withKafkaPort(first.kafkaPort());
            assertThatThrownBy(() -> EmbeddedKafkaBroker.start(clash).close())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(Integer.toString(first.kafkaPort()));
        }
    }

    @Test
    void closeIsIdempotent() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.of(dir.resolve("c")));
        broker.close();
        broker.close();
        assertThat(EmbeddedKafkaBroker.isFormatted(dir.resolve("c"))).isTrue();
    }
}
