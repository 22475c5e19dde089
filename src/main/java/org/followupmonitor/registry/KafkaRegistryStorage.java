package org.followupmonitor.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps registry records in a compacted single-partition topic, like the Confluent registry's
 * {@code _schemas}: JSON keys {@code {"keytype":"SCHEMA","subject":s,"version":v,"magic":1}} or
 * {@code {"keytype":"CONFIG","subject":s|null,"magic":0}}, JSON values holding the version or level.
 * One key per subject version and per config means compaction keeps exactly the live state. Records
 * of other key types (e.g. written by another registry) are skipped.
 */
public final class KafkaRegistryStorage implements RegistryStorage {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaRegistryStorage.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String topic;
    private final TopicPartition partition;
    private final Map<String, Object> clientConfig;
    private final KafkaProducer<byte[], byte[]> producer;

    /**
     * Connects, creating the topic (1 partition, compacted, the cluster's default replication factor)
     * if it does not exist.
     *
     * @param bootstrapServers the cluster
     * @param topic            the topic, normally {@code _schemas}
     * @param overrides        extra client settings (security etc.) for the admin, producer and consumer
     * @throws RegistryException {@link RegistryException#STORE_ERROR} when the topic cannot be created
     */
    public KafkaRegistryStorage(String bootstrapServers, String topic, Map<String, Object> overrides) {
        this.topic = topic;
        this.partition = new TopicPartition(topic, 0);
        Map<String, Object> base = new HashMap<>(overrides);
        base.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        this.clientConfig = Map.copyOf(base);
        ensureTopic();
        Map<String, Object> p = new HashMap<>(clientConfig);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "schema-registry-store");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private void ensureTopic() {
        try (Admin admin = Admin.create(clientConfig)) {
            Set<String> names = admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (names.contains(topic)) {
                return;
            }
            NewTopic t = new NewTopic(topic, Optional.of(1), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            try {
                admin.createTopics(List.of(t)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new RegistryException(RegistryException.STORE_ERROR, 500, "cannot create the registry topic "
                    + topic + ": " + e.getClass().getSimpleName() + "; is the broker reachable?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(RegistryException.STORE_ERROR, 500, "interrupted creating " + topic, e);
        }
    }

    @Override
    public List<RegistryRecord> readAll() {
        Map<String, Object> c = new HashMap<>(clientConfig);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "schema-registry-reader");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<RegistryRecord> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (consumer.position(partition, TIMEOUT) < end) {
                if (System.nanoTime() > deadline) {
                    throw new RegistryException(RegistryException.STORE_ERROR, "timed out reading " + topic
                            + " up to offset " + end);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    decode(r.key(), r.value()).ifPresent(out::add);
                }
            }
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new RegistryException(RegistryException.STORE_ERROR, 500, "cannot read the registry topic "
                    + topic + ": " + e.getClass().getSimpleName(), e);
        }
        return out;
    }

    @Override
    public void append(RegistryRecord record) {
        byte[][] kv = encode(record);
        try {
            producer.send(new ProducerRecord<>(topic, 0, kv[0], kv[1])).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new RegistryException(RegistryException.STORE_ERROR, 500, "cannot write to the registry topic "
                    + topic + ": " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(RegistryException.STORE_ERROR, 500, "interrupted writing " + topic, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }

    /** Key and value bytes of a record, as stored in the topic. */
    static byte[][] encode(RegistryRecord record) {
        ObjectNode key = JSON.createObjectNode();
        ObjectNode value = JSON.createObjectNode();
        if (record instanceof RegistryRecord.SchemaVersionRecord s) {
            SubjectVersion v = s.version();
            key.put("keytype", "SCHEMA").put("subject", v.subject()).put("version", v.version()).put("magic", 1);
            value.put("subject", v.subject()).put("version", v.version()).put("id", v.id())
                    .put("schema", v.schema()).put("deleted", s.deleted());
        } else if (record instanceof RegistryRecord.ConfigRecord c) {
            key.put("keytype", "CONFIG");
            if (c.subject().isPresent()) {
                key.put("subject", c.subject().get());
            } else {
                key.putNull("subject");
            }
            key.put("magic", 0);
            value.put("compatibilityLevel", c.level().name());
        }
        try {
            return new byte[][] {JSON.writeValueAsBytes(key), JSON.writeValueAsBytes(value)};
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a registry record", e);
        }
    }

    /** The record stored under these key and value bytes; empty for tombstones and foreign key types. */
    static Optional<RegistryRecord> decode(byte[] keyBytes, byte[] valueBytes) {
        if (keyBytes == null || valueBytes == null) {
            return Optional.empty();
        }
        try {
            JsonNode key = JSON.readTree(keyBytes);
            JsonNode value = JSON.readTree(valueBytes);
            String type = key.path("keytype").asText("");
            if (type.equals("SCHEMA")) {
                return Optional.of(new RegistryRecord.SchemaVersionRecord(new SubjectVersion(
                        value.get("subject").asText(), value.get("version").asInt(), value.get("id").asInt(),
                        value.get("schema").asText()), value.path("deleted").asBoolean(false)));
            }
            if (type.equals("CONFIG")) {
                JsonNode subject = key.get("subject");
                return Optional.of(new RegistryRecord.ConfigRecord(
                        subject == null || subject.isNull() ? Optional.empty() : Optional.of(subject.asText()),
                        CompatibilityLevel.parse(value.path("compatibilityLevel").asText(null))));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("skipping an unreadable record in the registry topic: {}", e.getClass().getSimpleName());
        }
        return Optional.empty();
    }
}
