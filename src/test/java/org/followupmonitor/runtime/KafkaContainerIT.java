package org.followupmonitor.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The produce/consume checks of {@link EmbeddedKafkaBrokerIT} against Apache Kafka in a container;
 * skipped where no Docker engine is available.
 */
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerIT {
    // A released apache/kafka image; 4.x clients talk to it like to the embedded 4.4 broker.
    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.0");

    @Test
    void producesAndConsumes() throws Exception {
        String bootstrap = KAFKA.getBootstrapServers();
        KafkaRoundTrip.createTopic(bootstrap, "round-trip", 3);
        List<String> sent = KafkaRoundTrip.produce(bootstrap, "round-trip", 500);
        assertThat(KafkaRoundTrip.consumeAll(bootstrap, "round-trip", 500)).containsExactlyInAnyOrderElementsOf(sent);
    }
}
