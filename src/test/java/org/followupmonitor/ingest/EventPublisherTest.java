package org.followupmonitor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.followupmonitor.events.AvroEvents;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.EventSamples;
import org.followupmonitor.events.avro.PatientEvent;
import org.followupmonitor.registry.RegistrySerdeException;
import org.junit.jupiter.api.Test;

class EventPublisherTest {

    private static MockProducer<String, PatientEvent> mock() {
        // The value serializer is a dummy: the tests inspect the records the mock keeps.
        return new MockProducer<>(false, null, new StringSerializer(), (topic, v) -> new byte[0]);
    }

    @Test
    void sendsEachEventKeyedByPatientIdAsItsAvroForm() {
        MockProducer<String, PatientEvent> producer = mock();
        List<ClinicalEvent> events = EventSamples.onePerType().stream()
                .map(e -> e.withPatientId("patient-" + e.eventId())).toList();
        try (EventPublisher publisher = new EventPublisher(producer, "patient-events")) {
            events.forEach(publisher::send);
            assertThat(publisher.stats().pending()).isEqualTo(events.size());
            PublishStats stats = publisher.flush();
            assertThat(stats).isEqualTo(new PublishStats(events.size(), events.size(), 0, Map.of()));
        }
        List<ProducerRecord<String, PatientEvent>> sent = producer.history();
        assertThat(sent).extracting(ProducerRecord::topic).containsOnly("patient-events");
        assertThat(sent).extracting(ProducerRecord::key)
                .containsExactlyElementsOf(events.stream().map(ClinicalEvent::patientId).toList());
        assertThat(sent).extracting(r -> AvroEvents.fromAvro(r.value())).containsExactlyElementsOf(events);
        assertThat(producer.closed()).isTrue();
    }

    @Test
    void countsCallbackFailuresByReasonWithoutMessages() {
        MockProducer<String, PatientEvent> producer = mock();
        EventPublisher publisher = new EventPublisher(producer, "patient-events");
        List<ClinicalEvent> events = EventSamples.onePerType();
        for (int i = 0; i < 4; i++) {
            publisher.send(events.get(i));
        }
        assertThat(producer.errorNext(new TimeoutException("secret-patient-id in a message"))).isTrue();
        assertThat(producer.completeNext()).isTrue();
        assertThat(producer.errorNext(new RecordTooLargeException("x"))).isTrue();
        assertThat(producer.errorNext(new TimeoutException("y"))).isTrue();
        PublishStats stats = publisher.stats();
        assertThat(stats.attempted()).isEqualTo(4);
        assertThat(stats.acknowledged()).isEqualTo(1);
        assertThat(stats.failed()).isEqualTo(3);
        assertThat(publisher.failedCount()).isEqualTo(3);
        assertThat(stats.failuresByReason()).containsExactly(Map.entry("RecordTooLargeException", 1L),
                Map.entry("TimeoutException", 2L));
        assertThat(stats.toString()).doesNotContain("secret-patient-id");
        publisher.close();
        assertThatThrownBy(() -> publisher.send(events.get(0))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void aSynchronousSendFailureIsCountedNotThrown() {
        MockProducer<String, PatientEvent> producer = mock();
        producer.sendException = new SerializationException("boom",
                new RegistrySerdeException(RegistrySerdeException.Reason.REGISTRY_UNAVAILABLE, "down"));
        try (EventPublisher publisher = new EventPublisher(producer, "patient-events")) {
            publisher.send(EventSamples.onePerType().get(0));
            assertThat(publisher.stats().failuresByReason()).containsExactly(Map.entry("registry REGISTRY_UNAVAILABLE", 1L));
        }
    }

    @Test
    void reasonNamesTheCauseOfAPlainKafkaException() {
        assertThat(EventPublisher.reasonOf(new KafkaException("wrap", new TimeoutException("t"))))
                .isEqualTo("TimeoutException");
        assertThat(EventPublisher.reasonOf(new TimeoutException("t"))).isEqualTo("TimeoutException");
    }

    @Test
    void producerConfigIsIdempotentAcksAllCompressedAndTakesUserOverrides() {
        PublisherSettings settings = new PublisherSettings("broker:9092", "http://registry:8081", "patient-events",
                Map.of("linger.ms", "5", "security.protocol", "SASL_SSL", "sasl.jaas.config", "secret-jaas",
                        "basic.auth.user.info", "u:p", "enable.idempotence", "true"));
        Map<String, Object> config = EventPublisher.producerConfig(settings);
        assertThat(config).containsEntry("bootstrap.servers", "broker:9092").containsEntry("acks", "all")
                .containsEntry("enable.idempotence", "true").containsEntry("compression.type", "zstd")
                .containsEntry("linger.ms", "5").containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", "secret-jaas").doesNotContainKey("basic.auth.user.info")
                .doesNotContainKey("schema.registry.url");
        assertThat(EventPublisher.serializerConfig(settings)).containsEntry("schema.registry.url", "http://registry:8081")
                .containsEntry("basic.auth.user.info", "u:p").containsEntry("auto.register.schemas", "true")
                .doesNotContainKey("sasl.jaas.config");
        assertThat(settings.toString()).contains("SASL_SSL").doesNotContain("secret-jaas").doesNotContain("u:p");
    }

    @Test
    void refusesSettingsThatWeakenDelivery() {
        for (Map<String, String> weak : List.of(Map.of("acks", "1"), Map.of("acks", "0"),
                Map.of("enable.idempotence", "false"))) {
            PublisherSettings s = new PublisherSettings("b:1", "http://r", "t", weak);
            assertThatThrownBy(() -> EventPublisher.producerConfig(s)).as(weak.toString())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("remove the property");
        }
        assertThat(EventPublisher.producerConfig(new PublisherSettings("b:1", "http://r", "t", Map.of("acks", "-1"))))
                .containsEntry("acks", "all");
    }

    @Test
    void parsesKeyValuePropertiesAndMasksSecretsInErrors() {
        assertThat(PublisherSettings.parseProperty("sasl.jaas.config=a=b c")).isEqualTo(Map.entry("sasl.jaas.config", "a=b c"));
        assertThatThrownBy(() -> PublisherSettings.parseProperty("novalue")).hasMessageContaining("key=value");
        assertThatThrownBy(() -> PublisherSettings.parseProperty("=x")).hasMessageContaining("key=value");
    }
}
