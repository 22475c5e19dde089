package org.followupmonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
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
import org.followupmonitor.privacy.Disclosure;
import org.followupmonitor.privacy.ReleaseHistory;
import org.followupmonitor.privacy.ReleaseHistoryTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cascade of windows: a release whose plan against the last {@link ReleaseHistory#WINDOW} releases reaches the work
 * limit is planned against the last {@link ReleaseHistory#FALLBACK_WINDOW} within the same limit and published with that
 * plan, not withheld whole; only when that plan reaches the limit too is it withheld whole. The listener and the gauge
 * are told which. The releases: grade 1 absent, then 1 patient (its group and the total withheld), then 12, 13 and 14
 * (published); the sixth release's window of five holds the second release's withheld counts (linear programs), its
 * window of three none. A work limit of one unit stops any plan that solves a linear program, so the sixth release
 * reaches it against five releases and not against three.
 */
class ReleaseWindowCascadeTest {
    private static final int MIN = 11;
    private static final List<AnalysisDefinition> ANALYSES = ReleaseStage.OS_BY_GRADE;

    @TempDir
    Path dir;

    private final MockProcessorContext<String, Object> ctx = new MockProcessorContext<>();
    private final List<Integer> told = new ArrayList<>();
    private final List<Integer> gauge = new ArrayList<>();
    private KeyValueStore<String, AnalysisResult> results;
    private long offset;

    private AnalysisResult cohort(int gradeOne) throws Exception {
        return BatchAnalysis.run(ReleaseHistoryTest.regraded(dir, gradeOne), ANALYSES,
                RegistryImporter.Options.defaults(), MIN, Monitor.NONE, n -> { }, false).results().get(0);
    }

    private <V> KeyValueStore<String, V> store(String name, Serde<V> values) {
        return ReleaseStage.store(ctx, name, values);
    }

    /** A processor on the stores planning on the calling thread within {@code workLimit}, with no second plan. */
    private ReleaseProcessor processor(long workLimit) {
        ReleaseProcessor p = new ReleaseProcessor(ANALYSES, MIN, new ResultListener() {
            @Override
            public void published(AnalysisResult result) {
            }

            @Override
            public void released(int window) {
                told.add(window);
            }
        }, Pacing.UNPACED, new ReleasePlanning(Runnable::run, workLimit, ReleasePlanning.NO_SECOND_PLAN), gauge::add);
        p.init(ctx);
        return p;
    }

    private void round(ReleaseProcessor p, AnalysisResult r) {
        ctx.setCurrentSystemTimeMs(ctx.currentSystemTimeMs() + 3_600_000); // past any pacing
        offset++;
        p.process(new Record<>("os-by-grade", new Unreleased("os-by-grade", r, Map.of(0, offset)), 0L));
        p.process(new Record<>("#round", Unreleased.endOfRound(), 0L));
    }

    @Test
    void aPlanAtTheLimitAgainstFiveReleasesIsPlannedAgainstThreeAndPublishedOnlyThenWithheldWhole() throws Exception {
        ctx.setCurrentSystemTimeMs(0);
        store(Names.UNRELEASED_STORE, new UnreleasedSerde());
        results = store(Names.RESULTS_STORE, new ResultSerde());
        store(Names.ALERTS_STORE, new JsonSerde<>(AlertLog.class));
        store(Names.FLOORS_STORE, Serdes.Long());
        store(Names.WINDOW_STORE, new ResultSerde());

        ReleaseProcessor first = processor(Disclosure.WORK_LIMIT);
        for (int gradeOne : new int[] {0, 1, 12, 13, 14}) {
            round(first, cohort(gradeOne));
        }
        assertThat(told).as("five releases, each planned against the longest window").hasSize(5)
                .containsOnly(ReleaseHistory.WINDOW);
        ReleaseHistory history = first.history();
        assertThat(history.window()).hasSize(5);

        // The same stores, now planned within one unit of work (as after a restart: the same history).
        ReleaseProcessor limited = processor(1);
        assertThat(limited.history().window()).isEqualTo(history.window());
        AnalysisResult sixth = cohort(15);
        List<AnalysisResult> full = List.of(sixth);
        Disclosure.StreamPlan five = Disclosure.plan(ANALYSES, full, MIN, history, 1);
        Disclosure.StreamPlan three = Disclosure.plan(ANALYSES, full, MIN,
                history.lastReleases(ReleaseHistory.FALLBACK_WINDOW), 1);
        assertThat(five.reachedLimit()).as("against five releases the plan reaches the limit").isTrue();
        assertThat(three.reachedLimit()).as("against the last three it does not").isFalse();
        AnalysisResult againstThree = Disclosure.apply(ANALYSES.get(0), sixth, three.units(), MIN);
        assertThat(againstThree.suppressed()).isFalse();

        round(limited, sixth);
        assertThat(results.get("os-by-grade")).as("published with the plan against three releases, not withheld whole")
                .isEqualTo(againstThree);
        assertThat(told).last().isEqualTo(ReleaseHistory.FALLBACK_WINDOW);
        assertThat(gauge).last().isEqualTo(ReleaseHistory.FALLBACK_WINDOW);

        // Grade 1 shrinks to 2 (a withheld group and total in the release itself): the plan against three releases
        // solves programs too and reaches the limit, so the release is withheld whole.
        AnalysisResult seventh = cohort(2);
        assertThat(Disclosure.plan(ANALYSES, List.of(seventh), MIN,
                limited.history().lastReleases(ReleaseHistory.FALLBACK_WINDOW), 1).reachedLimit()).isTrue();
        round(limited, seventh);
        assertThat(results.get("os-by-grade").suppressed()).as("withheld whole").isTrue();
        assertThat(told).last().isEqualTo(Disclosure.WindowedPlan.WITHHELD_WHOLE);
        assertThat(gauge).last().isEqualTo(Disclosure.WindowedPlan.WITHHELD_WHOLE);
    }
}
