package org.followupmonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The monitor's own dead-letter handlers ({@link DeadLetterCount}): a bad record of the input topic keeps its bytes
 * in its dead letter (the user's event, to be found and fixed), but a record of an internal topic, which holds
 * counts before disclosure control, is dead-lettered without its key and value.
 */
class InternalDeadLettersTest {
    /** One bundled analysis: the records here never reach it. */
    private static final List<AnalysisDefinition> ANALYSES = AnalysesLoader.loadDefault().analyses().stream()
            .filter(a -> a.name().equals("os-by-arm")).toList();
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String APP = "topology-test";

    private TopologyTestDriver driver;
    private TestOutputTopic<byte[], byte[]> dlq;

    @BeforeEach
    void start() {
        driver = new TopologyTestDriver(StreamFixtures.topology(ANALYSES, StreamFixtures.registry(), r -> { }),
                handlerProperties(APP), T0);
        dlq = driver.createOutputTopic(Names.DEAD_LETTERS, Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    private static Properties handlerProperties(String applicationId) {
        Properties p = StreamFixtures.driverProperties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, "internal-dead-letters:1");
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterCount.Deserialization.class.getName());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterCount.Processing.class.getName());
        return p;
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private TestInputTopic<String, byte[]> raw(String topic) {
        return driver.createInputTopic(topic, Serdes.String().serializer(), new ByteArraySerializer());
    }

    private static String header(TestRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void anInputRecordKeepsItsBytesAndAnInternalOneIsDeadLetteredWithout() {
        long before = DeadLetterCount.of(APP, "internal-dead-letters:1").get();
        raw(Names.PATIENT_EVENTS).pipeInput("P-7", "not avro at all".getBytes(StandardCharsets.UTF_8), T0);
        // The combined topology's name for it (the app's is <application-id>-release-inputs: the test below).
        String releaseInputs = Names.RELEASE_INPUTS;
        String deltas = APP + "-" + Names.COHORT_DELTAS + "-repartition";
        raw(releaseInputs).pipeInput("os-by-arm", "counts of 4 patients".getBytes(StandardCharsets.UTF_8), T0);
        raw(deltas).pipeInput("os-by-arm", "a cell of 3".getBytes(StandardCharsets.UTF_8), T0);

        List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead).hasSize(3);
        TestRecord<byte[], byte[]> input = dead.get(0);
        assertThat(header(input, "__streams.errors.topic")).isEqualTo(Names.PATIENT_EVENTS);
        assertThat(new String(input.value(), StandardCharsets.UTF_8)).isEqualTo("not avro at all");
        assertThat(new String(input.key(), StandardCharsets.UTF_8)).isEqualTo("P-7");
        assertThat(header(input, DeadLetterCount.WITHHELD_HEADER)).isNull();
        for (TestRecord<byte[], byte[]> internal : dead.subList(1, 3)) {
            assertThat(internal.key()).isNull();
            assertThat(internal.value()).isNull();
            assertThat(header(internal, DeadLetterCount.WITHHELD_HEADER)).isNotNull();
            assertThat(header(internal, "__streams.errors.message")).isNotBlank();
        }
        assertThat(header(dead.get(1), "__streams.errors.topic")).isEqualTo(releaseInputs);
        assertThat(header(dead.get(2), "__streams.errors.topic")).isEqualTo(deltas);
        assertThat(DeadLetterCount.of(APP, "internal-dead-letters:1").get()).isEqualTo(before + 3);
    }

    /**
     * In the app the release stage is an application of its own reading {@code <application-id>-release-inputs}: a
     * bad record there is dead-lettered the same way (no key, no value), counted for the release application, and
     * the stream goes on.
     */
    @Test
    void aBadRecordOnTheReleaseApplicationsInputIsDeadLetteredWithoutItsBytes() {
        String releaseApp = Names.releaseApplicationId(APP);
        String topic = Names.releaseInputs(APP);
        long before = DeadLetterCount.of(releaseApp, "internal-dead-letters:1").get();
        try (TopologyTestDriver release = new TopologyTestDriver(TopologyFactory.release(ANALYSES,
                StreamFixtures.serdes(StreamFixtures.registry()), StreamFixtures.SETTINGS,
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), ResultListener.NONE,
                ReleasePlanning.inline(), topic), handlerProperties(releaseApp), T0)) {
            TestInputTopic<String, byte[]> in = release.createInputTopic(topic, Serdes.String().serializer(),
                    new ByteArraySerializer());
            in.pipeInput("os-by-arm", "counts of 4 patients".getBytes(StandardCharsets.UTF_8), T0);
            in.pipeInput("os-by-arm", "counts of 5 patients".getBytes(StandardCharsets.UTF_8), T0);
            List<TestRecord<byte[], byte[]>> dead = release.createOutputTopic(Names.DEAD_LETTERS,
                    Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer()).readRecordsToList();
            assertThat(dead).hasSize(2).allSatisfy(r -> {
                assertThat(r.key()).isNull();
                assertThat(r.value()).isNull();
                assertThat(header(r, DeadLetterCount.WITHHELD_HEADER)).isNotNull();
                assertThat(header(r, "__streams.errors.topic")).isEqualTo(topic);
            });
        }
        assertThat(DeadLetterCount.of(releaseApp, "internal-dead-letters:1").get()).isEqualTo(before + 2);
    }
}
