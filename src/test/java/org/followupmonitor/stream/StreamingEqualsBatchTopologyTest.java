package org.followupmonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.BatchAnalysis;
import org.followupmonitor.events.AvroEvents;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.avro.PatientEvent;
import org.followupmonitor.events.file.RegistryImporter;
import org.followupmonitor.registry.SchemaRegistryClient;

/**
 * The core invariant of the streaming path: after any arrival order of the same events, with
 * duplicates, retractions and an erasure, the published result of every analysis equals the batch
 * analysis of those events, exactly (every number, every field).
 */
class StreamingEqualsBatchTopologyTest {
    private static final List<AnalysisDefinition> ANALYSES = AnalysesLoader.loadDefault().analyses();

    @Property(tries = 4)
    void streamingResultEqualsBatchForAnyArrivalOrder(@ForAll @LongRange(min = 1, max = 1_000_000) long seed)
            throws Exception {
        System.out.println("StreamingEqualsBatchTopologyTest seed " + seed);
        streamEqualsBatch(seed, 0);
    }

    /**
     * The same with disclosure control at the default minimum: what the stream's final release withholds is
     * what {@code analyze} withholds on the same events (the plan is a function of the release's counts only).
     */
    @Property(tries = 3)
    void streamingReleaseEqualsBatchReleaseWithThePrivacyMinimum(
            @ForAll @LongRange(min = 1, max = 1_000_000) long seed) throws Exception {
        System.out.println("StreamingEqualsBatchTopologyTest (privacy) seed " + seed);
        streamEqualsBatch(seed, org.followupmonitor.analysis.Privacy.DEFAULT_MIN_CELL_SIZE);
    }

    private static void streamEqualsBatch(long seed, int minCellSize) throws Exception {
        Path dir = Files.createTempDirectory("stream-batch");
        List<ClinicalEvent> events = StreamFixtures.scramble(StreamFixtures.cohortEvents(160, seed, dir), seed);

        Map<String, AnalysisResult> batch = new LinkedHashMap<>();
        List<AnalysisResult> complete = BatchAnalysis.run(StreamFixtures.jsonLines(events, dir.resolve("events.jsonl")),
                ANALYSES, RegistryImporter.Options.defaults(), minCellSize,
                new org.followupmonitor.alerts.SequentialMonitoring(), n -> { }).results();
        org.followupmonitor.privacy.Disclosure.release(ANALYSES, complete, minCellSize)
                .forEach(r -> batch.put(r.name(), r));

        SchemaRegistryClient registry = StreamFixtures.registry();
        CohortProcessor.Settings settings = new CohortProcessor.Settings(StreamFixtures.SETTINGS.debounce(),
                StreamFixtures.SETTINGS.coxInterval(), minCellSize, StreamFixtures.SETTINGS.flushInterval(),
                StreamFixtures.SETTINGS.cohortPartitions());
        try (TopologyTestDriver driver = new TopologyTestDriver(
                StreamFixtures.topology(ANALYSES, registry, ResultListener.NONE, settings),
                StreamFixtures.driverProperties(), Instant.parse("2026-01-01T00:00:00Z"))) {
            TestInputTopic<String, PatientEvent> in = driver.createInputTopic(Names.PATIENT_EVENTS,
                    Serdes.String().serializer(), StreamFixtures.serdes(registry).events().serializer());
            Instant t = Instant.parse("2026-01-01T00:00:00Z");
            int i = 0;
            for (ClinicalEvent e : events) {
                in.pipeInput(e.patientId(), AvroEvents.toAvro(e), t.plusMillis(i));
                if (++i % 97 == 0) {
                    // Interleave punctuations with the input, as wall-clock time passes in production.
                    driver.advanceWallClockTime(Duration.ofMillis(1100));
                }
            }
            // Quiet: past the debounce and the Cox refit interval.
            driver.advanceWallClockTime(Duration.ofSeconds(6));
            driver.advanceWallClockTime(Duration.ofSeconds(6));
            // A release paced behind a slow plan (each stage waits a multiple of its last round's real time).
            driver.advanceWallClockTime(Duration.ofMinutes(5));
            KeyValueStore<String, AnalysisResult> results = driver.getKeyValueStore(Names.RESULTS_STORE);
            for (AnalysisDefinition def : ANALYSES) {
                AnalysisResult streamed = results.get(def.name());
                assertThat(ResultDiff.first(batch.get(def.name()), streamed)).as(def.name() + " (seed " + seed + ")")
                        .isNull();
                assertThat(streamed).isEqualTo(batch.get(def.name()));
            }
        }
    }
}
