package org.followupmonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.apache.kafka.streams.TopologyTestDriver;
import org.followupmonitor.alerts.Alert;
import org.followupmonitor.alerts.AlertEvaluator;
import org.followupmonitor.alerts.AlertState;
import org.followupmonitor.alerts.SequentialMonitoring;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.BatchAnalysis;
import org.followupmonitor.analysis.Privacy;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.file.RegistryImporter;
import org.followupmonitor.ingest.ReplayEvents;
import org.followupmonitor.ingest.Replayer;
import org.followupmonitor.registry.SchemaRegistryClient;
import org.followupmonitor.synthetic.StudyCohortParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo's replay, in date order and shuffled, through the streaming topology: once all events are in, every
 * result equals {@code analyze} on the same file and the alerts raised (and held pending follow-up) are exactly
 * those {@code analyze} reports, whatever the arrival order. In date order, a crossing is never resolved (no event
 * dated before a look arrives after it). Each replay's alert history is printed for the record.
 */
class ReplayAlertsTopologyTest {
    private static final List<AnalysisDefinition> ANALYSES = AnalysesLoader.loadDefault().analyses();
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static List<ClinicalEvent> events;
    private static Map<String, AnalysisResult> batch;
    private static Map<String, AlertState> batchAlerts;

    @BeforeAll
    static void demoCohortAndItsBatchAnalysis() throws Exception {
        events = ReplayEvents.fromGeneratorWithContacts(StudyCohortParameters.study(StudyCohortParameters.EXAMPLE_SEED),
                RegistryImporter.Options.defaults()).events();
        Path file = StreamFixtures.jsonLines(events, Files.createTempDirectory("replay").resolve("demo.jsonl"));
        batch = new LinkedHashMap<>();
        BatchAnalysis.run(file, ANALYSES, RegistryImporter.Options.defaults(), 0, new SequentialMonitoring(), n -> { })
                .results().forEach(r -> batch.put(r.name(), r));
        // What analyze reports: each analysis' rules on its result, from an empty state.
        AlertEvaluator evaluator = new AlertEvaluator(new Privacy(1));
        batchAlerts = new LinkedHashMap<>();
        for (AnalysisDefinition def : ANALYSES) {
            batchAlerts.put(def.name(), evaluator.evaluate(def, batch.get(def.name()), AlertState.EMPTY).state());
        }
    }

    @Test
    void aDateOrderedReplayEndsWithAnalyzesAlertsAndNeverResolvesACrossing() {
        List<Alert> history = replay(Replayer.order(events, OptionalLong.empty()), "date-ordered");
        assertThat(history).noneMatch(a -> a.rule().equals("boundary-crossed") && a.state().equals("resolved"));
        assertThat(history.stream().filter(a -> a.rule().equals("boundary-crossed")).count()).isLessThanOrEqualTo(1);
    }

    @Test
    void aShuffledReplayEndsWithAnalyzesAlerts() {
        replay(Replayer.order(events, OptionalLong.of(1)), "shuffled (seed 1)");
    }

    /** Replays the events, publishing as wall-clock time passes, and checks the end state against batch. */
    private static List<Alert> replay(List<ClinicalEvent> ordered, String label) {
        List<Alert> history = new ArrayList<>();
        ResultListener listener = new ResultListener() {
            @Override
            public void published(AnalysisResult result) {
            }

            @Override
            public void alerted(Alert alert) {
                history.add(alert);
            }
        };
        SchemaRegistryClient registry = StreamFixtures.registry();
        try (TopologyTestDriver driver = new TopologyTestDriver(StreamFixtures.topology(ANALYSES, registry, listener),
                StreamFixtures.driverProperties(), T0)) {
            // A publishing round every 150 events (about 60 days of the cohort): the demo's pace.
            StreamFixtures.replay(driver, registry, ordered, T0, 150);
            var results = driver.<String, AnalysisResult>getKeyValueStore(Names.RESULTS_STORE);
            var alertStore = driver.<String, AlertLog>getKeyValueStore(Names.ALERTS_STORE);
            for (AnalysisDefinition def : ANALYSES) {
                assertThat(ResultDiff.first(batch.get(def.name()), results.get(def.name()))).as(def.name()).isNull();
                AlertLog log = alertStore.get(def.name());
                AlertState streamed = log == null ? AlertState.EMPTY : AlertState.decode(log.state());
                AlertState expected = batchAlerts.get(def.name());
                assertThat(new TreeSet<>(streamed.raised())).as(label + " raised, " + def.name())
                        .isEqualTo(new TreeSet<>(expected.raised()));
                assertThat(new TreeSet<>(streamed.pending())).as(label + " pending, " + def.name())
                        .isEqualTo(new TreeSet<>(expected.pending()));
            }
        }
        System.out.println("Alert history of the " + label + " replay of the demo cohort (" + ordered.size()
                + " events):");
        history.forEach(a -> System.out.println("  " + a.at() + " " + a.state() + " " + a.analysis() + " " + a.rule()
                + (a.group() == null ? "" : " (" + a.group() + ")") + ": " + a.message()));
        return history;
    }
}
