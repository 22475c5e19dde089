package org.followupmonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
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

    @BeforeAll
    static void example() throws Exception {
        analyses = ReleaseStage.osAndDfsByArm();
        results = ReleaseStage.batchResults(analyses);
    }

    private static Unreleased received(String name, long offset) {
        return ReleaseStage.received(name, results.get(name), offset);
    }

    @Test
    void aReleaseIsPublishedAtATickAfterItsPlanAndWhatCameMeanwhileWaitsForTheNext() {
        Held planner = new Held();
        ReleaseStage stage = new ReleaseStage(analyses, MIN, planner);
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
        ReleaseStage background = new ReleaseStage(analyses, MIN, planner);
        ReleaseStage inline = new ReleaseStage(analyses, MIN, Runnable::run);
        for (ReleaseStage s : List.of(background, inline)) {
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

    @Test
    void aPlanThatTookTHoldsTheNextBackByTwiceTAfterItsReleaseNotThrice() {
        java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
        Held planner = new Held();
        ReleaseStage stage = new ReleaseStage(analyses, MIN, planner, new Pacing(2, nanos::get));
        stage.send(received("os-by-arm", 5), received("dfs-by-arm", 5));
        stage.endRoundAt(1_000);
        assertThat(planner.queued).hasSize(1);

        nanos.addAndGet(10_000_000_000L); // the plan and the wait for the tick that publishes it: 10 s
        planner.runAll();
        stage.endRoundAt(11_000);
        assertThat(stage.published).hasSize(2);

        stage.send(received("os-by-arm", 8));
        stage.endRoundAt(30_999);
        assertThat(planner.queued).as("19.999 s after a round of 10 s: still paced").isEmpty();
        stage.endRoundAt(31_000);
        assertThat(planner.queued).as("20 s (2 × 10 s) after its end, the next plan starts").hasSize(1);
    }
}
