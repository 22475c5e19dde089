package org.followupmonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.privacy.Disclosure;
import org.followupmonitor.privacy.ReleaseHistory;
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

    /**
     * os-by-arm and os-by-arm-luminal-a: the luminal-a analysis is withheld (fewer than 11 in a group) and os-by-arm
     * published, so a plan with history solves linear programs and a work limit of one unit stops it.
     */
    private static List<AnalysisDefinition> overlapping() throws Exception {
        return org.followupmonitor.analysis.AnalysesLoader.loadDefault().analyses().stream()
                .filter(a -> a.name().equals("os-by-arm") || a.name().equals("os-by-arm-luminal-a")).toList();
    }

    /**
     * Releases the batch results twice, each plan run in full; the second, planned with history under a tiny work limit,
     * withholds every analysis whole. Returns what that release published.
     */
    private static Map<String, AnalysisResult> twoReleasesTheSecondAtTheLimit(ReleaseStage stage,
            Map<String, AnalysisResult> res, Held planner) {
        for (long offset : new long[] {5, 8}) {
            stage.send(both(res, offset));
            stage.endRound();
            planner.runAll();
            stage.endRound();
        }
        Map<String, AnalysisResult> withheld = stage.released();
        assertThat(withheld.values()).allSatisfy(r -> assertThat(r.suppressed()).isTrue());
        return withheld;
    }

    private static Unreleased[] both(Map<String, AnalysisResult> res, long offset) {
        return new Unreleased[] {ReleaseStage.received("os-by-arm", res.get("os-by-arm"), offset),
                ReleaseStage.received("os-by-arm-luminal-a", res.get("os-by-arm-luminal-a"), offset)};
    }

    /** What a plan of these results with this history publishes, with no work limit. */
    private static Map<String, AnalysisResult> fullPlan(List<AnalysisDefinition> defs, Map<String, AnalysisResult> res,
            ReleaseHistory history) {
        List<AnalysisResult> full = defs.stream().map(d -> res.get(d.name())).toList();
        Disclosure.StreamPlan plan = Disclosure.plan(defs, full, MIN, history, Long.MAX_VALUE);
        assertThat(plan.reachedLimit()).isFalse();
        Map<String, AnalysisResult> out = new java.util.LinkedHashMap<>();
        defs.forEach(d -> out.put(d.name(), Disclosure.apply(d, res.get(d.name()), plan.units(), MIN)));
        return out;
    }

    @Test
    void aReleaseWithheldWholeAtTheWorkLimitIsFollowedByTheFullPlanOfItsInputsWhenNoNewInputComes() throws Exception {
        List<AnalysisDefinition> defs = overlapping();
        Map<String, AnalysisResult> res = ReleaseStage.batchResults(defs);
        java.util.concurrent.ExecutorService thread = java.util.concurrent.Executors.newSingleThreadExecutor();
        java.util.concurrent.atomic.AtomicInteger plans = new java.util.concurrent.atomic.AtomicInteger();
        Executor background = r -> {
            plans.incrementAndGet();
            thread.execute(r);
        };
        try {
            // A first limit of one unit of work: every plan with history that solves a linear program reaches it.
            ReleaseStage stage = new ReleaseStage(defs, MIN,
                    new ReleasePlanning(background, 1, Disclosure.SECOND_WORK_LIMIT), Pacing.UNPACED);
            stage.send(both(res, 5));
            await().atMost(java.time.Duration.ofMinutes(2)).untilAsserted(() -> {
                stage.endRound();
                assertThat(stage.publishedInputs).as("the first release (no history, no limit)")
                        .contains("os-by-arm {0=5}");
            });
            assertThat(stage.released().get("os-by-arm").suppressed()).isFalse();

            stage.send(both(res, 8));
            await().atMost(java.time.Duration.ofMinutes(2)).untilAsserted(() -> {
                stage.endRound();
                assertThat(stage.publishedInputs).contains("os-by-arm {0=8}");
            });
            assertThat(stage.released().values()).as("the second release's plan reached the limit: all withheld")
                    .allSatisfy(r -> assertThat(r.suppressed()).isTrue());
            Map<String, AnalysisResult> expected = fullPlan(defs, res, stage.processor.history());
            assertThat(expected.get("os-by-arm").suppressed()).as("the full plan publishes os-by-arm").isFalse();

            // No new input: the same inputs are planned again within the second limit, and that plan is published.
            await().atMost(java.time.Duration.ofMinutes(2)).untilAsserted(() -> {
                stage.endRound();
                assertThat(stage.released()).isEqualTo(expected);
            });
            int published = stage.publishedInputs.size();
            for (int i = 0; i < 3; i++) {
                stage.endRound();
            }
            assertThat(plans).as("release 1, release 2, and one second plan of release 2's inputs").hasValue(3);
            assertThat(stage.publishedInputs).as("nothing more after the full plan").hasSize(published);
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void aSecondPlanThatReachesItsOwnLimitLeavesTheWithheldReleaseStandingAndIsNotRepeated() throws Exception {
        List<AnalysisDefinition> defs = overlapping();
        Map<String, AnalysisResult> res = ReleaseStage.batchResults(defs);
        Held planner = new Held();
        int[] plans = {0};
        Executor counted = r -> {
            plans[0]++;
            planner.execute(r);
        };
        ReleaseStage stage = new ReleaseStage(defs, MIN, new ReleasePlanning(counted, 1, 2), Pacing.UNPACED);
        Map<String, AnalysisResult> withheld = twoReleasesTheSecondAtTheLimit(stage, res, planner);
        int published = stage.publishedInputs.size();

        stage.endRound();
        assertThat(planner.queued).as("the second plan of release 2's inputs").hasSize(1);
        planner.runAll();
        for (int i = 0; i < 4; i++) {
            stage.endRound();
            assertThat(planner.queued).as("one second plan per release at the limit: no third").isEmpty();
        }
        assertThat(plans[0]).isEqualTo(3);
        assertThat(stage.released()).as("the withheld release stands").isEqualTo(withheld);
        assertThat(stage.publishedInputs).hasSize(published);

        stage.send(both(res, 11));
        stage.endRound();
        assertThat(planner.queued).as("new input is planned as usual").hasSize(1);
    }

    @Test
    void newInputDuringTheSecondPlanWinsItsPlanIsDroppedAndTheNextRoundPlansTheNewInput() throws Exception {
        List<AnalysisDefinition> defs = overlapping();
        Map<String, AnalysisResult> res = ReleaseStage.batchResults(defs);
        Held planner = new Held();
        ReleaseStage stage = new ReleaseStage(defs, MIN, new ReleasePlanning(planner, 1, Disclosure.SECOND_WORK_LIMIT),
                Pacing.UNPACED);
        Map<String, AnalysisResult> withheld = twoReleasesTheSecondAtTheLimit(stage, res, planner);
        int published = stage.publishedInputs.size();

        stage.endRound();
        assertThat(planner.queued).as("the second plan of release 2's inputs").hasSize(1);
        stage.send(both(res, 11)); // while it runs
        planner.runAll();
        stage.endRound();
        assertThat(stage.publishedInputs).as("the second plan, though complete, is not published").hasSize(published);
        assertThat(stage.released()).isEqualTo(withheld);

        stage.endRound();
        assertThat(planner.queued).as("the next round plans the new input").hasSize(1);
        planner.runAll();
        stage.endRound();
        assertThat(stage.released()).as("within the first limit, which it reaches too").isEqualTo(withheld);
        assertThat(stage.unchanged).as("the withheld release stands through the new input")
                .contains("os-by-arm {0=11}");

        stage.endRound();
        assertThat(planner.queued).as("and its own second plan follows").hasSize(1);
        ReleaseHistory history = stage.processor.history();
        planner.runAll();
        stage.endRound();
        assertThat(stage.released()).isEqualTo(fullPlan(defs, res, history));
        assertThat(stage.publishedInputs).as("os-by-arm's full plan, of the new input (luminal-a stays withheld)")
                .last().isEqualTo("os-by-arm {0=11}");
        assertThat(stage.publishedInputs).filteredOn("os-by-arm {0=8}"::equals)
                .as("of release 2's inputs, the release withheld whole alone was published").hasSize(1);
    }

    @Test
    void planningOnTheStreamThreadMakesNoSecondPlan() throws Exception {
        assertThat(ReleasePlanning.inline().secondWorkLimit()).isEqualTo(ReleasePlanning.NO_SECOND_PLAN);
        List<AnalysisDefinition> defs = overlapping();
        Map<String, AnalysisResult> res = ReleaseStage.batchResults(defs);
        ReleaseStage stage = new ReleaseStage(defs, MIN,
                new ReleasePlanning(Runnable::run, 1, ReleasePlanning.NO_SECOND_PLAN), Pacing.UNPACED);
        for (long offset : new long[] {5, 8}) {
            stage.send(both(res, offset));
            stage.endRound();
        }
        Map<String, AnalysisResult> withheld = stage.released();
        assertThat(withheld.values()).allSatisfy(r -> assertThat(r.suppressed()).isTrue());
        int published = stage.publishedInputs.size();
        stage.endRound();
        stage.endRound();
        assertThat(stage.released()).as("the withheld release stands until new input").isEqualTo(withheld);
        assertThat(stage.publishedInputs).hasSize(published);
    }
}
