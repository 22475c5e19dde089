package org.followupmonitor.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.followupmonitor.runtime.KafkaClientProperties;

/**
 * Where and how an {@link EventPublisher} produces.
 *
 * @param bootstrapServers Kafka {@code host:port[,host:port...]}
 * @param registryUrl      the schema registry's base URL (Confluent REST API)
 * @param topic            the topic, normally {@link EventPublisher#DEFAULT_TOPIC}
 * @param kafkaProperties  extra client properties, applied over the publisher's defaults: security, SASL,
 *                         TLS, tuning ({@code linger.ms}, {@code compression.type}...), and the registry
 *                         client's {@code basic.auth.user.info} / {@code bearer.auth.token}
 */
public record PublisherSettings(String bootstrapServers, String registryUrl, String topic,
        Map<String, String> kafkaProperties) {
    public PublisherSettings {
        requireText("bootstrapServers", bootstrapServers, "give HOST:PORT of a Kafka broker");
        requireText("registryUrl", registryUrl, "give the schema registry URL, e.g. http://localhost:8081");
        requireText("topic", topic, "give a topic name, e.g. " + EventPublisher.DEFAULT_TOPIC);
        kafkaProperties = Map.copyOf(Objects.requireNonNull(kafkaProperties, "kafkaProperties"));
    }

    /** Settings for {@code topic} without extra properties. */
    public static PublisherSettings of(String bootstrapServers, String registryUrl, String topic) {
        return new PublisherSettings(bootstrapServers, registryUrl, topic, Map.of());
    }

    /**
     * Reads a Java properties file of Kafka client settings (as {@code --kafka-config}).
     *
     * @throws IOException when the file cannot be read
     */
    public static Map<String, String> readProperties(Path file) throws IOException {
        return KafkaClientProperties.read(file);
    }

    /**
     * Parses one {@code key=value} (as {@code --kafka-property}); the value may contain '='.
     *
     * @throws IllegalArgumentException without '=' or with an empty key
     */
    public static Map.Entry<String, String> parseProperty(String keyValue) {
        return KafkaClientProperties.parse(keyValue);
    }

    @Override
    public String toString() {
        Map<String, String> shown = KafkaClientProperties.masked(kafkaProperties);
        return "PublisherSettings[bootstrapServers=" + bootstrapServers + ", registryUrl=" + registryUrl + ", topic="
                + topic + ", kafkaProperties=" + shown + "]";
    }

    private static void requireText(String name, String value, String hint) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + ": required; " + hint);
        }
    }
}
