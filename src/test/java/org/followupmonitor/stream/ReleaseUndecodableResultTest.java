package org.followupmonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.BatchAnalysis;
import org.followupmonitor.events.file.RegistryImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A complete result whose bytes pass the frame check on receipt but do not decode is dropped at release for that
 * analysis alone: the other analyses keep releasing, and the dropped one goes on from its last release (or waits for
 * its next result), instead of every release being deferred.
 */
class ReleaseUndecodableResultTest {
    private static List<AnalysisDefinition> analyses;
    private static Map<String, AnalysisResult> results;
    private MockProcessorContext<String, Object> ctx;
    private KeyValueStore<String, Unreleased> inputs;
    private final List<String> published = new ArrayList<>();
    private final List<String> unchanged = new ArrayList<>();
    private final ResultListener listener = new ResultListener() {
        @Override
        public void published(AnalysisResult result) {
            published.add(result.name());
        }

        @Override
        public void unchanged(String analysis, Map<Integer, Long> inputOffsets) {
            unchanged.add(analysis + " " + inputOffsets);
        }
    };

    @BeforeAll
    static void example() throws Exception {
        analyses = AnalysesLoader.loadDefault().analyses().stream()
                .filter(a -> a.name().equals("os-by-arm") || a.name().equals("dfs-by-arm")).toList();
        results = new java.util.HashMap<>();
        BatchAnalysis.run(Path.of("examples/study-cohort.csv"), analyses, RegistryImporter.Options.defaults(), 0,
                new org.followupmonitor.alerts.SequentialMonitoring(), n -> { }).results()
                .forEach(r -> results.put(r.name(), r));
    }

    @BeforeEach
    void stores() {
        ctx = new MockProcessorContext<>();
        ctx.setCurrentSystemTimeMs(0);
        inputs = store(Names.UNRELEASED_STORE, new UnreleasedSerde());
        store(Names.RESULTS_STORE, new ResultSerde());
        store(Names.ALERTS_STORE, new JsonSerde<>(AlertLog.class));
        store(Names.FLOORS_STORE, Serdes.Long());
        store(Names.WINDOW_STORE, new ResultSerde());
    }

    private <V> KeyValueStore<String, V> store(String name, Serde<V> values) {
        KeyValueStore<String, V> s = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(),
                values).withLoggingDisabled().build();
        s.init(ctx.getStateStoreContext(), s);
        ctx.addStateStore(s);
        return s;
    }

    /** The analysis' result as read from release-inputs: its bytes, undecoded. */
    private static Unreleased received(String name, long offset) {
        UnreleasedSerde serde = new UnreleasedSerde();
        byte[] bytes = serde.serializer().serialize(Names.RELEASE_INPUTS,
                new Unreleased(name, results.get(name), Map.of(0, offset)));
        return serde.deserializer().deserialize(Names.RELEASE_INPUTS, bytes);
    }

    /** As received, but the first Avro record's body overwritten: the frame is whole, the content is not. */
    private static Unreleased corrupt(String name, long offset) {
        byte[] r = new ResultSerde().serializer().serialize(Names.RELEASE_INPUTS, results.get(name));
        Arrays.fill(r, 5, r.length, (byte) 0xff);
        ResultSerde.checkFrame(r); // passes the check on receipt
        return Unreleased.encoded(name, r, Map.of(0, offset));
    }

    private void round(ReleaseProcessor p, Unreleased... in) {
        ctx.setCurrentSystemTimeMs(ctx.currentSystemTimeMs() + 3_600_000); // past any pacing
        for (Unreleased u : in) {
            p.process(new Record<>(u.analysis(), u, 0L));
        }
        p.process(new Record<>("#round", Unreleased.endOfRound(), 0L));
    }

    @Test
    void anUndecodableResultOfOneAnalysisLetsTheOthersRelease() {
        ReleaseProcessor p = new ReleaseProcessor(analyses, 0, listener, Pacing.UNPACED);
        p.init(ctx);
        round(p, corrupt("dfs-by-arm", 5), received("os-by-arm", 5));
        assertThat(published).containsExactly("os-by-arm");
        // Never released: the undecodable input is gone, not retried every round.
        assertThat(inputs.get("dfs-by-arm")).isNull();
        assertThat(inputs.get("os-by-arm").inputOffsets()).isEqualTo(Map.of(0, 5L));

        round(p, received("dfs-by-arm", 9));
        assertThat(published).containsExactly("os-by-arm", "dfs-by-arm");
    }

    @Test
    void anAnalysisWithAnUndecodableResultKeepsItsLastRelease() {
        ReleaseProcessor p = new ReleaseProcessor(analyses, 0, listener, Pacing.UNPACED);
        p.init(ctx);
        round(p, received("dfs-by-arm", 5), received("os-by-arm", 5));
        assertThat(published).containsExactlyInAnyOrder("os-by-arm", "dfs-by-arm");

        round(p, corrupt("dfs-by-arm", 7), received("os-by-arm", 7));
        // os-by-arm's result is the same, now through offset 7; dfs-by-arm stands as last released (offset 5).
        assertThat(unchanged).containsExactly("os-by-arm {0=7}");
        assertThat(published).hasSize(2);
        assertThat(inputs.get("dfs-by-arm").inputOffsets()).isEqualTo(Map.of(0, 5L));
        assertThat(inputs.get("dfs-by-arm").result()).isEqualTo(results.get("dfs-by-arm"));
    }
}
