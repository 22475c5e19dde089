package org.followupmonitor.stream;

import java.util.ArrayList;
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
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;

/** One release stage on a mock context with in-memory stores, and what its listener heard: for unit tests. */
final class ReleaseStage {
    final MockProcessorContext<String, Object> ctx = new MockProcessorContext<>();
    final KeyValueStore<String, Unreleased> inputs;
    final KeyValueStore<String, AnalysisResult> results;
    final List<String> published = new ArrayList<>();
    /** Each publication as {@code "<analysis> <input offsets>"}, in order. */
    final List<String> publishedInputs = new ArrayList<>();
    /** Each "unchanged" notice as {@code "<analysis> <input offsets>"}. */
    final List<String> unchanged = new ArrayList<>();
    final ReleaseProcessor processor;

    ReleaseStage(List<AnalysisDefinition> analyses, int minCellSize, Executor planner) {
        this(analyses, minCellSize, planner, Pacing.UNPACED);
    }

    ReleaseStage(List<AnalysisDefinition> analyses, int minCellSize, Executor planner, Pacing pacing) {
        this(analyses, minCellSize, new ReleasePlanning(planner, org.followupmonitor.privacy.Disclosure.WORK_LIMIT,
                ReleasePlanning.NO_SECOND_PLAN), pacing);
    }

    ReleaseStage(List<AnalysisDefinition> analyses, int minCellSize, ReleasePlanning planning, Pacing pacing) {
        ctx.setCurrentSystemTimeMs(0);
        inputs = store(Names.UNRELEASED_STORE, new UnreleasedSerde());
        results = store(Names.RESULTS_STORE, new ResultSerde());
        store(Names.ALERTS_STORE, new JsonSerde<>(AlertLog.class));
        store(Names.FLOORS_STORE, Serdes.Long());
        store(Names.WINDOW_STORE, new ResultSerde());
        processor = new ReleaseProcessor(analyses, minCellSize, new ResultListener() {
            @Override
            public void published(AnalysisResult result) {
                published.add(result.name());
            }

            @Override
            public void published(AnalysisResult result, Map<Integer, Long> inputOffsets) {
                published(result);
                publishedInputs.add(result.name() + " " + inputOffsets);
            }

            @Override
            public void unchanged(String analysis, Map<Integer, Long> inputOffsets) {
                unchanged.add(analysis + " " + inputOffsets);
            }
        }, pacing, planning);
        processor.init(ctx);
    }

    private <V> KeyValueStore<String, V> store(String name, Serde<V> values) {
        return store(ctx, name, values);
    }

    /** An in-memory store without a changelog, registered with {@code ctx}: the release stage's stores in unit tests. */
    static <V> KeyValueStore<String, V> store(MockProcessorContext<String, Object> ctx, String name, Serde<V> values) {
        KeyValueStore<String, V> s = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(),
                values).withLoggingDisabled().build();
        s.init(ctx.getStateStoreContext(), s);
        ctx.addStateStore(s);
        return s;
    }

    /** One analysis by grade: the release-history tests' cohort ({@code ReleaseHistoryTest.regraded}) is cut by it. */
    static final List<AnalysisDefinition> OS_BY_GRADE = org.followupmonitor.analysis.AnalysesLoader.parse("""
            analyses:
              - name: os-by-grade
                endpoint: overall-survival
                origin: diagnosis
                groupBy: grade
            """, "release-history").analyses();

    /** Two bundled analyses, os-by-arm and dfs-by-arm. */
    static List<AnalysisDefinition> osAndDfsByArm() throws Exception {
        return org.followupmonitor.analysis.AnalysesLoader.loadDefault().analyses().stream()
                .filter(a -> a.name().equals("os-by-arm") || a.name().equals("dfs-by-arm")).toList();
    }

    /** The analyses' batch results on the bundled example cohort, by name. */
    static Map<String, AnalysisResult> batchResults(List<AnalysisDefinition> analyses) throws Exception {
        Map<String, AnalysisResult> results = new java.util.HashMap<>();
        org.followupmonitor.analysis.BatchAnalysis.run(java.nio.file.Path.of("examples/study-cohort.csv"), analyses,
                org.followupmonitor.events.file.RegistryImporter.Options.defaults(), 0,
                new org.followupmonitor.alerts.SequentialMonitoring(), n -> { }).results()
                .forEach(r -> results.put(r.name(), r));
        return results;
    }

    /** A result as read from release-inputs: its own bytes, undecoded. */
    static Unreleased received(String name, AnalysisResult result, long offset) {
        UnreleasedSerde serde = new UnreleasedSerde();
        byte[] bytes = serde.serializer().serialize(Names.RELEASE_INPUTS, new Unreleased(name, result,
                Map.of(0, offset)));
        return serde.deserializer().deserialize(Names.RELEASE_INPUTS, bytes);
    }

    void send(Unreleased... in) {
        for (Unreleased u : in) {
            processor.process(new Record<>(u.analysis(), u, 0L));
        }
    }

    /** A cohort task's end of round an hour later (past any pacing), which makes the stage punctuate. */
    void endRound() {
        ctx.setCurrentSystemTimeMs(ctx.currentSystemTimeMs() + 3_600_000);
        processor.process(new Record<>("#round", Unreleased.endOfRound(), 0L));
    }

    /** A cohort task's end of round at wall-clock {@code ms}, which makes the stage punctuate. */
    void endRoundAt(long ms) {
        ctx.setCurrentSystemTimeMs(ms);
        processor.process(new Record<>("#round", Unreleased.endOfRound(), 0L));
    }

    /** The {@code analysis-results} store's content. */
    Map<String, AnalysisResult> released() {
        Map<String, AnalysisResult> all = new LinkedHashMap<>();
        try (KeyValueIterator<String, AnalysisResult> it = results.all()) {
            it.forEachRemaining(kv -> all.put(kv.key, kv.value));
        }
        return all;
    }
}
