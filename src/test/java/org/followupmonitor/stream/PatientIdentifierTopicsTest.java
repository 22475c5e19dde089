package org.followupmonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.events.AvroEvents;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.avro.PatientEvent;
import org.followupmonitor.registry.SchemaRegistryClient;
import org.junit.jupiter.api.Test;

/**
 * Which topics carry the (pseudonymous) patient ids: every record the topology writes is searched for the ids
 * it was fed. Issue 14 found the README claiming "no topic but patient-events" while the timeline store's
 * changelog and the dead-letter topic carry them; the README's Privacy section must name exactly these.
 */
class PatientIdentifierTopicsTest {
    @Test
    void onlyTheTimelineChangelogAndTheDeadLetterTopicCarryPatientIdsAndTheReadmeSaysSo() throws Exception {
        List<AnalysisDefinition> analyses = AnalysesLoader.loadDefault().analyses();
        Path dir = Files.createTempDirectory("ids");
        List<ClinicalEvent> events = StreamFixtures.cohortEvents(40, 3, dir);
        Set<String> ids = new TreeSet<>();
        events.forEach(e -> ids.add(e.patientId()));
        SchemaRegistryClient registry = StreamFixtures.registry();
        Set<String> carrying = new TreeSet<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(
                StreamFixtures.topology(analyses, registry, ResultListener.NONE), StreamFixtures.driverProperties(),
                Instant.parse("2026-01-01T00:00:00Z"))) {
            TestInputTopic<String, PatientEvent> in = driver.createInputTopic(Names.PATIENT_EVENTS,
                    Serdes.String().serializer(), StreamFixtures.serdes(registry).events().serializer());
            events.forEach(e -> in.pipeInput(e.patientId(), AvroEvents.toAvro(e)));
            TestInputTopic<String, byte[]> raw = driver.createInputTopic(Names.PATIENT_EVENTS,
                    Serdes.String().serializer(), new ByteArraySerializer());
            raw.pipeInput(events.get(0).patientId(), "not avro".getBytes(StandardCharsets.UTF_8));
            driver.advanceWallClockTime(Duration.ofSeconds(6));
            driver.advanceWallClockTime(Duration.ofSeconds(6));
            for (String topic : driver.producedTopicNames()) {
                TestOutputTopic<byte[], byte[]> out = driver.createOutputTopic(topic, Serdes.ByteArray().deserializer(),
                        Serdes.ByteArray().deserializer());
                for (TestRecord<byte[], byte[]> r : out.readRecordsToList()) {
                    if (mentions(r, ids)) {
                        carrying.add(topic.replaceFirst("^topology-test-", ""));
                    }
                }
            }
        }
        assertThat(carrying).containsExactlyInAnyOrder(Names.TIMELINES_STORE + "-changelog", Names.DEAD_LETTERS);
        String privacy = readmePrivacySection();
        assertThat(privacy).contains("`" + Names.PATIENT_EVENTS + "`", "`" + Names.DEAD_LETTERS + "`",
                "`" + Names.TIMELINES_STORE + "`");
    }

    private static boolean mentions(TestRecord<byte[], byte[]> r, Set<String> ids) {
        StringBuilder text = new StringBuilder();
        if (r.key() != null) {
            text.append(new String(r.key(), StandardCharsets.ISO_8859_1)).append('\n');
        }
        if (r.value() != null) {
            text.append(new String(r.value(), StandardCharsets.ISO_8859_1)).append('\n');
        }
        for (Header h : r.headers()) {
            if (h.value() != null) {
                text.append(new String(h.value(), StandardCharsets.ISO_8859_1)).append('\n');
            }
        }
        String all = text.toString();
        return ids.stream().anyMatch(all::contains);
    }

    static String readmePrivacySection() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("\n## Privacy");
        int end = readme.indexOf("\n## ", start + 1);
        assertThat(start).as("README has a Privacy section").isPositive();
        return readme.substring(start, end < 0 ? readme.length() : end);
    }
}
