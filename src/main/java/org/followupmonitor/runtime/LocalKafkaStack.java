package org.followupmonitor.runtime;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import org.followupmonitor.registry.EmbeddedSchemaRegistry;

/**
 * An embedded Kafka broker with an embedded schema registry storing its schemas in the broker's
 * {@code _schemas} topic: a local Kafka for development without Docker ({@code followup-monitor broker})
 * and the base of the demo. The broker's data lives in {@code dataDir/kafka}; restarting on the same
 * directory keeps topics, records, schema ids and versions.
 */
public final class LocalKafkaStack implements AutoCloseable {
    private final EmbeddedKafkaBroker broker;
    private final EmbeddedSchemaRegistry registry;

    private LocalKafkaStack(EmbeddedKafkaBroker broker, EmbeddedSchemaRegistry registry) {
        this.broker = broker;
        this.registry = registry;
    }

    /**
     * Starts the broker, then the registry on it.
     *
     * @param dataDir      the directory holding the broker's data (subdirectory {@code kafka})
     * @param host         the host advertised and bound, e.g. {@code localhost}
     * @param kafkaPort    the client port (0 = free)
     * @param registryPort the registry's HTTP port (0 = free)
     * @throws IllegalStateException if either cannot start (the broker is then closed again)
     */
    public static LocalKafkaStack start(Path dataDir, String host, int kafkaPort, int registryPort) {
        Objects.requireNonNull(dataDir, "dataDir");
        if (registryPort < 0 || registryPort > 65535) {
            throw new IllegalArgumentException("registry port " + registryPort + " must be 0 (free) or 1..65535");
        }
        EmbeddedKafkaBroker.Settings settings = new EmbeddedKafkaBroker.Settings(dataDir.resolve("kafka"), host,
                kafkaPort, 0, java.util.Map.of());
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(settings);
        try {
            return new LocalKafkaStack(broker, EmbeddedSchemaRegistry.onKafka(broker.bootstrapServers(), host, registryPort));
        } catch (RuntimeException e) {
            try {
                broker.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** {@code host:port} of the broker. */
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** The registry's base URL. */
    public URI registryUrl() {
        return registry.url();
    }

    /** The broker. */
    public EmbeddedKafkaBroker broker() {
        return broker;
    }

    /** The registry. */
    public EmbeddedSchemaRegistry registry() {
        return registry;
    }

    /** Closes the registry, then the broker; idempotent. Both are attempted even if the first fails. */
    @Override
    public void close() {
        RuntimeException failure = null;
        try {
            registry.close();
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            broker.close();
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
