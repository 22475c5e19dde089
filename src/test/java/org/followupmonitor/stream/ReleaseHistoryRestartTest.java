package org.followupmonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.BatchAnalysis;
import org.followupmonitor.analysis.Monitor;
import org.followupmonitor.events.file.RegistryImporter;
import org.followupmonitor.privacy.ReleaseHistory;
import org.followupmonitor.privacy.ReleaseHistoryTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release stage's history survives a restart: a new processor on the same stores (as the changelogs restore
 * them) plans the next release with the same history, so a restart does not give the attacker the release that
 * planning without history would (ReleaseHistoryTest's case: grade 1 arrives after a release of grades 2 and 3).
 */
class ReleaseHistoryRestartTest {
    private static final int MIN = 11;
    private static final List<AnalysisDefinition> ANALYSES = ReleaseStage.OS_BY_GRADE;

    @TempDir
    Path dir;

    /** As ReleaseHistoryTest: 12 patients of grade 2, 12 of grade 3, then {@code gradeOne} of grade 1. */
    private AnalysisResult cohort(int gradeOne) throws Exception {
        return BatchAnalysis.run(ReleaseHistoryTest.regraded(dir, gradeOne), ANALYSES, RegistryImporter.Options.defaults(), MIN, Monitor.NONE, n -> { },
                false).results().get(0);
    }

    private static <V> KeyValueStore<String, V> store(MockProcessorContext<String, Object> ctx, String name,
            Serde<V> values) {
        return ReleaseStage.store(ctx, name, values);
    }

    private static void round(ReleaseProcessor p, MockProcessorContext<String, Object> ctx, AnalysisResult r) {
        ctx.setCurrentSystemTimeMs(ctx.currentSystemTimeMs() + 3_600_000); // past any pacing
        p.process(new Record<>("os-by-grade", new Unreleased("os-by-grade", r, Map.of(0, 1L)), 0L));
        p.process(new Record<>("#round", Unreleased.endOfRound(), 0L));
    }

    @Test
    void aRestartedReleaseStagePlansWithTheSameHistory() throws Exception {
        AnalysisResult before = cohort(0);
        AnalysisResult after = cohort(1);
        MockProcessorContext<String, Object> ctx = new MockProcessorContext<>();
        ctx.setCurrentSystemTimeMs(0);
        store(ctx, Names.UNRELEASED_STORE, new UnreleasedSerde());
        KeyValueStore<String, AnalysisResult> results = store(ctx, Names.RESULTS_STORE, new ResultSerde());
        store(ctx, Names.ALERTS_STORE, new JsonSerde<>(AlertLog.class));
        KeyValueStore<String, Long> floors = store(ctx, Names.FLOORS_STORE, Serdes.Long());
        store(ctx, Names.WINDOW_STORE, new ResultSerde());

        ReleaseProcessor first = new ReleaseProcessor(ANALYSES, MIN, ResultListener.NONE, Pacing.UNPACED);
        first.init(ctx);
        round(first, ctx, before);
        assertThat(results.get("os-by-grade").subjects()).isEqualTo(24);
        assertThat(floors.get("os-by-grade: subjects")).isEqualTo(24L);
        assertThat(floors.get("os-by-grade: group 2: patients")).isEqualTo(12L);

        // Restart: a new processor on the stores as restored; the old one is gone.
        ReleaseProcessor restarted = new ReleaseProcessor(ANALYSES, MIN, ResultListener.NONE, Pacing.UNPACED);
        restarted.init(ctx);
        ctx.resetForwards();
        round(restarted, ctx, after);
        AnalysisResult published = results.get("os-by-grade");
        assertThat(published.groups()).filteredOn(g -> g.group().equals("1"))
                .allSatisfy(g -> assertThat(g.suppressed()).isTrue());
        // Planned on its own, this release would publish the total (25), from which with the first release's
        // 12 + 12 grade 1 is 1; planned with the restored history it withholds the total too.
        assertThat(published.subjects()).as("the total, after a restart").isNull();
        assertThat(floors.get("os-by-grade: subjects")).isEqualTo(25L);
    }

    /**
     * The history's window (the releases before the last, in full, with their floors) comes back from the stores as
     * the stage held it, and releases that left the window leave the stores: {@link ReleaseHistory#WINDOW} + 2
     * different releases, so the oldest has left the window before the restart and the next oldest after it.
     */
    @Test
    void aRestartedReleaseStageHasTheSameWindow() throws Exception {
        MockProcessorContext<String, Object> ctx = new MockProcessorContext<>();
        ctx.setCurrentSystemTimeMs(0);
        store(ctx, Names.UNRELEASED_STORE, new UnreleasedSerde());
        store(ctx, Names.RESULTS_STORE, new ResultSerde());
        store(ctx, Names.ALERTS_STORE, new JsonSerde<>(AlertLog.class));
        KeyValueStore<String, Long> floors = store(ctx, Names.FLOORS_STORE, Serdes.Long());
        KeyValueStore<String, AnalysisResult> window = store(ctx, Names.WINDOW_STORE, new ResultSerde());
        int w = ReleaseHistory.WINDOW;
        // Grade 1 absent, 1 (withheld with the total), then 12, 13, ...: every release differs from the one before.
        int[] gradeOne = new int[w + 2];
        for (int i = 0; i < gradeOne.length; i++) {
            gradeOne[i] = i < 2 ? i : 10 + i;
        }

        ReleaseProcessor first = new ReleaseProcessor(ANALYSES, MIN, ResultListener.NONE, Pacing.UNPACED);
        first.init(ctx);
        round(first, ctx, cohort(gradeOne[0]));
        ReleaseHistory.Entry oldest = first.history().window().get(0);
        for (int i = 1; i <= w; i++) {
            round(first, ctx, cohort(gradeOne[i]));
        }
        List<ReleaseHistory.Entry> held = first.history().window();
        assertThat(held).as("the last %d of %d different releases", w, w + 1).hasSize(w);
        assertThat(held).as("the first release has left the window").doesNotContain(oldest);
        assertThat(held.get(0).floors()).isNotEmpty();
        // Release k joins the stores under number k when release k + 1 is out; release 1 has left them.
        assertThat(numbers(window)).isEqualTo(range(2, w));
        assertThat(numbers(floors)).isEqualTo(range(2, w));

        ReleaseProcessor restarted = new ReleaseProcessor(ANALYSES, MIN, ResultListener.NONE, Pacing.UNPACED);
        restarted.init(ctx);
        assertThat(restarted.history().window()).isEqualTo(held);

        round(restarted, ctx, cohort(gradeOne[w + 1]));
        List<ReleaseHistory.Entry> after = restarted.history().window();
        assertThat(after).hasSize(w);
        assertThat(after.subList(0, w - 1)).as("the oldest held release left, the others moved up")
                .isEqualTo(held.subList(1, w));
        // The stores hold the window's releases before the last one, and no release that left it.
        assertThat(numbers(window)).isEqualTo(range(3, w + 1));
        assertThat(numbers(floors)).isEqualTo(range(3, w + 1));
        ReleaseProcessor again = new ReleaseProcessor(ANALYSES, MIN, ResultListener.NONE, Pacing.UNPACED);
        again.init(ctx);
        assertThat(again.history().window()).isEqualTo(after);
    }

    /** The release numbers a window store's keys start with ({@code "<number>|<name>"}; the last release's have none). */
    private static java.util.Set<Integer> numbers(KeyValueStore<String, ?> store) {
        java.util.Set<Integer> numbers = new java.util.TreeSet<>();
        try (var it = store.all()) {
            it.forEachRemaining(kv -> {
                if (kv.key.matches("\\d+\\|.*")) {
                    numbers.add(Integer.valueOf(kv.key.substring(0, kv.key.indexOf('|'))));
                }
            });
        }
        return numbers;
    }

    private static java.util.Set<Integer> range(int from, int to) {
        java.util.Set<Integer> r = new java.util.TreeSet<>();
        for (int i = from; i <= to; i++) {
            r.add(i);
        }
        return r;
    }
}
