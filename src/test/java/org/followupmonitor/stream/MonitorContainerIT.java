package org.followupmonitor.stream;

import org.followupmonitor.registry.EmbeddedSchemaRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * {@link MonitorContract} against Testcontainers' Kafka (apache/kafka image) with the embedded
 * registry on it. Runs where a Docker engine does; skipped cleanly where none runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class MonitorContainerIT extends MonitorContract {
    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.0");
    private static EmbeddedSchemaRegistry registry;

    @BeforeAll
    static void startRegistry() {
        registry = EmbeddedSchemaRegistry.onKafka(KAFKA.getBootstrapServers(), "localhost", 0);
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Override
    String bootstrap() {
        return KAFKA.getBootstrapServers();
    }

    @Override
    String registryUrl() {
        return registry.url().toString();
    }
}
