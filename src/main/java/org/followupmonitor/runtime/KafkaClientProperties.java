package org.followupmonitor.runtime;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Kafka client settings given on the command line ({@code --kafka-config FILE}, {@code --kafka-property k=v}):
 * the one parser of both and the one rule for which values are secrets, so that no command prints a password,
 * a JAAS configuration, a token or a key (in {@code toString()}, an error or a log line).
 */
public final class KafkaClientProperties {
    private KafkaClientProperties() {
    }

    /** True for keys whose values must never be printed: passwords, JAAS configs, secrets, tokens, keys, user info. */
    public static boolean isSecret(String key) {
        String k = key == null ? "" : key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("jaas") || k.contains("secret") || k.contains("token")
                || k.contains("user.info") || k.contains("credentials") || k.endsWith(".key") || k.endsWith("key");
    }

    /** The properties with secret values replaced by {@code ****}, sorted by key: for printing. */
    public static Map<String, String> masked(Map<String, String> properties) {
        Map<String, String> shown = new TreeMap<>();
        properties.forEach((k, v) -> shown.put(k, isSecret(k) ? "****" : v));
        return shown;
    }

    /**
     * Parses one {@code key=value} ({@code --kafka-property}); the value may contain '='.
     *
     * @throws IllegalArgumentException without '=' or with an empty key; the message masks a secret value
     */
    public static Map.Entry<String, String> parse(String keyValue) {
        int eq = keyValue == null ? -1 : keyValue.indexOf('=');
        if (eq <= 0 || keyValue.substring(0, eq).isBlank()) {
            throw new IllegalArgumentException("--kafka-property '" + maskIfSecret(keyValue)
                    + "': use key=value, e.g. security.protocol=SASL_SSL");
        }
        return Map.entry(keyValue.substring(0, eq).trim(), keyValue.substring(eq + 1));
    }

    /**
     * Reads a Java properties file of client settings ({@code --kafka-config}), sorted by key.
     *
     * @throws IOException when the file cannot be read
     */
    public static Map<String, String> read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        Map<String, String> m = new LinkedHashMap<>();
        p.stringPropertyNames().stream().sorted().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }

    private static String maskIfSecret(String keyValue) {
        if (keyValue == null) {
            return "";
        }
        int eq = keyValue.indexOf('=');
        return eq > 0 && isSecret(keyValue.substring(0, eq)) ? keyValue.substring(0, eq) + "=****" : keyValue;
    }
}
