package org.followupmonitor.ingest;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

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
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        Map<String, String> m = new LinkedHashMap<>();
        p.stringPropertyNames().stream().sorted().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }

    /**
     * Parses one {@code key=value} (as {@code --kafka-property}); the value may contain '='.
     *
     * @throws IllegalArgumentException without '=' or with an empty key
     */
    public static Map.Entry<String, String> parseProperty(String keyValue) {
        int eq = keyValue == null ? -1 : keyValue.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("kafka property '" + maskIfSecret(keyValue) + "': use key=value, e.g. "
                    + "security.protocol=SASL_SSL");
        }
        return Map.entry(keyValue.substring(0, eq).trim(), keyValue.substring(eq + 1));
    }

    /** True for keys whose values must not be printed (passwords, JAAS configs, tokens, user info). */
    static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("jaas") || k.contains("secret") || k.contains("token")
                || k.contains("user.info") || k.contains("credentials") || k.endsWith(".key");
    }

    private static String maskIfSecret(String keyValue) {
        if (keyValue == null) {
            return "null";
        }
        int eq = keyValue.indexOf('=');
        return eq > 0 && isSecret(keyValue.substring(0, eq)) ? keyValue.substring(0, eq) + "=****" : keyValue;
    }

    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>();
        kafkaProperties.keySet().stream().sorted()
                .forEach(k -> shown.put(k, isSecret(k) ? "****" : kafkaProperties.get(k)));
        return "PublisherSettings[bootstrapServers=" + bootstrapServers + ", registryUrl=" + registryUrl + ", topic="
                + topic + ", kafkaProperties=" + shown + "]";
    }

    private static void requireText(String name, String value, String hint) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + ": required; " + hint);
        }
    }
}
