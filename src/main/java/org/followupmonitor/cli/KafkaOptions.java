package org.followupmonitor.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/** Kafka client settings passed through to every client (security, SASL, TLS, timeouts …). */
final class KafkaOptions {
    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "A Kafka client property for every client (repeatable), e.g. security.protocol=SSL.")
    Map<String, String> properties = new LinkedHashMap<>();

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "A .properties file of Kafka client properties; --kafka-property wins over it.")
    Path file;

    /** The merged properties; the file's are read first. */
    Map<String, String> merged() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        if (file != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
            p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        }
        out.putAll(properties);
        return out;
    }
}
