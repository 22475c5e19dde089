package org.followupmonitor.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.followupmonitor.registry.CompatibilityLevel;
import org.followupmonitor.registry.EmbeddedSchemaRegistry;
import org.followupmonitor.registry.HttpSchemaRegistryClient;
import org.followupmonitor.registry.RegistryAvroSerde;
import org.followupmonitor.registry.SubjectVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry backed by {@code _schemas} on the embedded broker, across restarts. */
class LocalKafkaStackIT {
    private static final Schema V1 = new Schema.Parser().parse("""
            {"type":"record","name":"Reading","namespace":"org.followupmonitor.runtime",
             "fields":[{"name":"label","type":"string"},{"name":"count","type":"int"}]}""");
    private static final Schema V2 = new Schema.Parser().parse("""
            {"type":"record","name":"Reading","namespace":"org.followupmonitor.runtime",
             "fields":[{"name":"label","type":"string"},{"name":"count","type":"int"},
                       {"name":"note","type":["null","string"],"default":null}]}""");
    private static final Schema OTHER = new Schema.Parser().parse("""
            {"type":"record","name":"Other","namespace":"org.followupmonitor.runtime",
             "fields":[{"name":"flag","type":"boolean"}]}""");

    @TempDir
    Path dir;

    @Test
    void idsVersionsAndConfigSurviveRestartsOfTheRegistryAndTheBroker() throws Exception {
        List<SubjectVersion> before;
        try (LocalKafkaStack stack = LocalKafkaStack.start(dir, "localhost", 0, 0)) {
            HttpSchemaRegistryClient client = HttpSchemaRegistryClient.of(stack.registryUrl().toString());
            assertThat(client.register("readings-value", V1)).isEqualTo(1);
            assertThat(client.register("other-key", OTHER)).isEqualTo(2);
            assertThat(client.register("readings-value", V2)).isEqualTo(3);
            client.setSubjectCompatibility("other-key", CompatibilityLevel.FULL);
            client.register("gone-value", V1);
            assertThat(client.deleteSubject("gone-value")).containsExactly(1);
            before = List.of(client.version("readings-value", 1), client.version("readings-value", 2),
                    client.version("other-key", 1));
            assertThat(cleanupPolicy(stack.bootstrapServers())).isEqualTo("compact");

            // Registry only: a new one on the same broker reads _schemas back.
            stack.registry().close();
            try (EmbeddedSchemaRegistry again = EmbeddedSchemaRegistry.onKafka(stack.bootstrapServers(), "localhost", 0)) {
                HttpSchemaRegistryClient c = HttpSchemaRegistryClient.of(again.url().toString());
                assertThat(List.of(c.version("readings-value", 1), c.version("readings-value", 2),
                        c.version("other-key", 1))).isEqualTo(before);
            }
        }
        // Broker and registry: a new process's view of the same data directory.
        try (LocalKafkaStack stack = LocalKafkaStack.start(dir, "localhost", 0, 0)) {
            assertThat(stack.broker().formattedOnStart()).isFalse();
            HttpSchemaRegistryClient client = HttpSchemaRegistryClient.of(stack.registryUrl().toString());
            assertThat(client.subjects()).containsExactly("other-key", "readings-value");
            assertThat(List.of(client.version("readings-value", 1), client.version("readings-value", 2),
                    client.version("other-key", 1))).isEqualTo(before);
            assertThat(client.subjectCompatibility("other-key")).contains(CompatibilityLevel.FULL);
            assertThat(client.schemaById(1)).as("a deleted subject's ids still resolve").isEqualTo(V1);
            assertThat(client.register("readings-value", V1)).as("same schema, same id").isEqualTo(1);
            Schema v3 = new Schema.Parser().parse(V2.toString().replace("\"note\"", "\"remark\""));
            assertThat(client.register("readings-value", v3)).as("ids continue, never reused").isEqualTo(4);
            assertThat(client.versions("readings-value")).containsExactly(1, 2, 3);
        }
    }

    @Test
    void avroRecordsTravelThroughTheBrokerInTheWireFormat() {
        try (LocalKafkaStack stack = LocalKafkaStack.start(dir, "localhost", 0, 0)) {
            HttpSchemaRegistryClient client = HttpSchemaRegistryClient.of(stack.registryUrl().toString());
            RegistryAvroSerde<GenericRecord> serde = RegistryAvroSerde.generic(client, false);
            String topic = "readings";
            try (KafkaProducer<String, GenericRecord> producer = new KafkaProducer<>(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                    new StringSerializer(), serde.serializer())) {
                for (int i = 0; i < 50; i++) {
                    GenericRecord r = new GenericData.Record(V1);
                    r.put("label", "r" + i);
                    r.put("count", i);
                    producer.send(new ProducerRecord<>(topic, "k" + i, r));
                }
            }
            // A reader on v2 code, with its own client (empty cache): fetches schema 1 by id over HTTP.
            RegistryAvroSerde<GenericRecord> readerSerde = RegistryAvroSerde.generic(
                    HttpSchemaRegistryClient.of(stack.registryUrl().toString()), false, V2, false);
            List<GenericRecord> seen = new ArrayList<>();
            try (KafkaConsumer<String, GenericRecord> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(), readerSerde.deserializer())) {
                consumer.subscribe(List.of(topic));
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ZERO).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
                    return seen.size() >= 50;
                });
            }
            assertThat(seen).hasSize(50).allSatisfy(r -> {
                assertThat(r.getSchema()).isEqualTo(V2);
                assertThat(r.get("note")).isNull();
            });
            assertThat(seen).extracting(r -> (Integer) r.get("count")).containsExactlyInAnyOrderElementsOf(
                    java.util.stream.IntStream.range(0, 50).boxed().toList());
            assertThat(client.subjects()).containsExactly("readings-value");
        }
    }

    private static String cleanupPolicy(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, EmbeddedSchemaRegistry.SCHEMAS_TOPIC);
            ConfigEntry e = admin.describeConfigs(List.of(r)).all().get(30, TimeUnit.SECONDS).get(r).get("cleanup.policy");
            return e.value();
        }
    }
}
