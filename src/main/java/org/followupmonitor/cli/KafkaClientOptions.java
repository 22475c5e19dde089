package org.followupmonitor.cli;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.followupmonitor.runtime.KafkaClientProperties;
import picocli.CommandLine.Option;

/**
 * Mixin: Kafka client settings passed through to every client (security, SASL, TLS, timeouts …), for every command
 * that talks to an existing cluster ({@code run, load}). Parsed and masked by {@link KafkaClientProperties}.
 */
final class KafkaClientOptions {
    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "A Kafka client property for every client (repeatable), e.g. security.protocol=SASL_SSL; "
                    + "wins over --kafka-config.")
    List<String> properties = new ArrayList<>();

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "A .properties file of Kafka client settings.")
    Path file;

    /** The merged properties: the file's first, then each {@code --kafka-property}. */
    Map<String, String> properties() {
        Map<String, String> out = new LinkedHashMap<>();
        if (file != null) {
            try {
                out.putAll(KafkaClientProperties.read(file));
            } catch (NoSuchFileException e) {
                throw CliError.unusable("--kafka-config " + file + ": file not found");
            } catch (IOException e) {
                throw CliError.unusable("--kafka-config " + file + ": cannot read it (" + CliError.reason(e) + ")");
            } catch (IllegalArgumentException e) {
                throw CliError.unusable("--kafka-config " + file + ": not a properties file (" + e.getMessage() + ")");
            }
        }
        for (String kv : properties) {
            try {
                Map.Entry<String, String> e = KafkaClientProperties.parse(kv);
                out.put(e.getKey(), e.getValue());
            } catch (IllegalArgumentException e) {
                throw CliError.unusable(e.getMessage());
            }
        }
        return out;
    }
}
