package org.followupmonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.BatchAnalysis;
import org.followupmonitor.events.file.RegistryImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The app plans each release on a background thread: the punctuator that starts a plan returns at once, the release
 * is published at a later tick once the plan is done, results that arrive meanwhile wait for the next plan, and what
 * is published equals what a plan on the stream thread publishes.
 */
class ReleaseInBackgroundTest {
    private static final int MIN = 11;
    private static List<AnalysisDefinition> analyses;
    private static Map<String, AnalysisResult> results;

    /** A planner thread the test runs by hand. */
    private static final class Held implements Executor {
        final Deque<Runnable> queued = new ArrayDeque<>();

        @Override
        public void execute(Runnable r) {
            queued.add(r);
        }

        void runAll() {
            while (!queued.isEmpty()) {
                queued.poll().run();
            }
        }
    }

    /** One release stage with its own stores and what its listener heard. */
    private static final class Stage {
        final MockProcessorContext<String, Object> ctx = new MockProcessorContext<>();
        final KeyValueStore<String, AnalysisResult> results;
        final List<String> published = new ArrayList<>();
        final List<String> unchanged = new ArrayList<>();
        final ReleaseProcessor processor;

        Stage(Executor planner) {
            ctx.setCurrentSystemTimeMs(0);
            store(Names.UNRELEASED_STORE, new UnreleasedSerde());
            results = store(Names.RESULTS_STORE, new ResultSerde());
            store(Names.ALERTS_STORE, new JsonSerde<>(AlertLog.class));
            store(Names.FLOORS_STORE, Serdes.Long());
            store(Names.WINDOW_STORE, new ResultSerde());
            processor = new ReleaseProcessor(analyses, MIN, new ResultListener() {
                @Override
                public void published(AnalysisResult result) {
                    published.add(result.name());
                }

                @Override
                public void unchanged(String analysis, Map<Integer, Long> inputOffsets) {
                    unchanged.add(analysis + " " + inputOffsets);
                }
            }, Pacing.UNPACED, planner);
            processor.init(ctx);
        }

        private <V> KeyValueStore<String, V> store(String name, Serde<V> values) {
            KeyValueStore<String, V> s = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                    Serdes.String(), values).withLoggingDisabled().build();
            s.init(ctx.getStateStoreContext(), s);
            ctx.addStateStore(s);
            return s;
        }

        void send(Unreleased... in) {
            for (Unreleased u : in) {
                processor.process(new Record<>(u.analysis(), u, 0L));
            }
        }

        /** A cohort task's end of round, which makes the stage punctuate. */
        void endRound() {
            ctx.setCurrentSystemTimeMs(ctx.currentSystemTimeMs() + 3_600_000);
            processor.process(new Record<>("#round", Unreleased.endOfRound(), 0L));
        }

        Map<String, AnalysisResult> released() {
            Map<String, AnalysisResult> all = new LinkedHashMap<>();
            try (KeyValueIterator<String, AnalysisResult> it = results.all()) {
                it.forEachRemaining(kv -> all.put(kv.key, kv.value));
            }
            return all;
        }
    }

    @BeforeAll
    static void example() throws Exception {
        analyses = AnalysesLoader.loadDefault().analyses().stream()
                .filter(a -> a.name().equals("os-by-arm") || a.name().equals("dfs-by-arm")).toList();
        results = new java.util.HashMap<>();
        BatchAnalysis.run(Path.of("examples/study-cohort.csv"), analyses, RegistryImporter.Options.defaults(), 0,
                new org.followupmonitor.alerts.SequentialMonitoring(), n -> { }).results()
                .forEach(r -> results.put(r.name(), r));
    }

    /** The analysis' result as read from release-inputs: its own bytes, undecoded. */
    private static Unreleased received(String name, long offset) {
        UnreleasedSerde serde = new UnreleasedSerde();
        byte[] bytes = serde.serializer().serialize(Names.RELEASE_INPUTS,
                new Unreleased(name, results.get(name), Map.of(0, offset)));
        return serde.deserializer().deserialize(Names.RELEASE_INPUTS, bytes);
    }

    @Test
    void aReleaseIsPublishedAtATickAfterItsPlanAndWhatCameMeanwhileWaitsForTheNext() {
        Held planner = new Held();
        Stage stage = new Stage(planner);
        stage.send(received("os-by-arm", 5), received("dfs-by-arm", 5));
        stage.endRound();
        assertThat(planner.queued).as("the plan is handed to the planner").hasSize(1);
        assertThat(stage.published).isEmpty();
        stage.endRound();
        assertThat(planner.queued).as("one plan at a time").hasSize(1);
        assertThat(stage.published).isEmpty();

        // While the plan runs: a new result of os-by-arm (its own bytes), and dfs-by-arm's standing through more input.
        stage.send(received("os-by-arm", 8), new Unreleased("dfs-by-arm", null, Map.of(0, 9L)));
        planner.runAll();
        stage.endRound();
        assertThat(stage.published).containsExactlyInAnyOrder("os-by-arm", "dfs-by-arm");
        assertThat(stage.unchanged).as("dfs-by-arm's result stands through offset 9: no new plan for it")
                .containsExactly("dfs-by-arm {0=9}");
        assertThat(stage.ctx.forwarded()).isNotEmpty();

        stage.endRound();
        assertThat(planner.queued).as("os-by-arm's newer result is planned next").hasSize(1);
        planner.runAll();
        stage.endRound();
        assertThat(stage.published).as("the same content released again is not republished").hasSize(2);
        assertThat(stage.unchanged).last().isEqualTo("os-by-arm {0=8}");
        stage.endRound();
        assertThat(planner.queued).as("nothing pending: no plan").isEmpty();
    }

    @Test
    void whatABackgroundPlanReleasesEqualsWhatAPlanOnTheStreamThreadReleases() {
        Held planner = new Held();
        Stage background = new Stage(planner);
        Stage inline = new Stage(Runnable::run);
        for (Stage s : List.of(background, inline)) {
            s.send(received("os-by-arm", 5), received("dfs-by-arm", 5));
            s.endRound();
        }
        assertThat(inline.released()).hasSize(2);
        assertThat(background.released()).isEmpty();
        planner.runAll();
        background.endRound();
        assertThat(background.released()).isEqualTo(inline.released());
        assertThat(background.released().get("os-by-arm").suppressed()).isEqualTo(
                inline.released().get("os-by-arm").suppressed());
    }
}
