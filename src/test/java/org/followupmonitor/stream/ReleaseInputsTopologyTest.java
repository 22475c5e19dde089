package org.followupmonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.BatchAnalysis;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.file.RegistryImporter;
import org.followupmonitor.registry.SchemaRegistryClient;
import org.junit.jupiter.api.Test;

/**
 * What the front application writes to {@code release-inputs} ({@link ReleaseInputs}): no result equal to the last
 * one written for its analysis, and the last one written for each analysis is its final result (what a release stage
 * restarted after a kill -9 finds on the compacted topic and in its store).
 */
class ReleaseInputsTopologyTest {
    private static final List<AnalysisDefinition> ANALYSES = AnalysesLoader.loadDefault().analyses();

    @Test
    void noResultEqualToTheLastWrittenGoesOutAndTheLastWrittenIsTheBatchResult() throws Exception {
        long seed = 7;
        Path dir = Files.createTempDirectory("release-inputs");
        List<ClinicalEvent> events = StreamFixtures.scramble(StreamFixtures.cohortEvents(120, seed, dir), seed);
        Map<String, AnalysisResult> batch = new LinkedHashMap<>();
        BatchAnalysis.run(StreamFixtures.jsonLines(events, dir.resolve("events.jsonl")), ANALYSES,
                RegistryImporter.Options.defaults(), 0, new org.followupmonitor.alerts.SequentialMonitoring(),
                n -> { }).results().forEach(r -> batch.put(r.name(), r));

        SchemaRegistryClient registry = StreamFixtures.registry();
        String topic = Names.releaseInputs("app");
        Map<String, List<byte[]>> written = new LinkedHashMap<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(TopologyFactory.front(ANALYSES,
                StreamFixtures.serdes(registry), StreamFixtures.SETTINGS.withInputOffsets(true),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), ResultListener.NONE,
                CoxFitting.inline(), topic), StreamFixtures.driverProperties(), Instant.parse("2026-01-01T00:00:00Z"))) {
            TestOutputTopic<String, Unreleased> out = driver.createOutputTopic(topic, Serdes.String().deserializer(),
                    new UnreleasedSerde().deserializer());
            // Every round recomputes, after the input, the analyses whose Cox or Fine-Gray parts a refresh brought
            // and the quiet ones due a final refresh: rounds that recompute results equal to the last written.
            StreamFixtures.replay(driver, registry, events, Instant.parse("2026-01-01T00:00:00Z"), 97);
            driver.advanceWallClockTime(Duration.ofMinutes(10));
            out.readValuesToList().stream().filter(Unreleased::hasResult)
                    .forEach(u -> written.computeIfAbsent(u.analysis(), k -> new ArrayList<>()).add(u.encodedResult()));
        }
        assertThat(written.keySet()).containsExactlyInAnyOrderElementsOf(batch.keySet());
        written.forEach((name, results) -> {
            for (int i = 1; i < results.size(); i++) {
                assertThat(results.get(i)).as("%s: result %d equals the one before it", name, i)
                        .isNotEqualTo(results.get(i - 1));
            }
            AnalysisResult last = UnreleasedSerde.decodeResult(results.get(results.size() - 1));
            assertThat(ResultDiff.first(batch.get(name), last)).as(name).isNull();
        });
    }
}
