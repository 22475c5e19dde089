package org.followupmonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.followupmonitor.alerts.SequentialMonitoring;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.SubjectParts;
import org.followupmonitor.analysis.SubjectRow;
import org.followupmonitor.cohortstate.SubjectEntry;
import org.junit.jupiter.api.Test;

/**
 * The subject-level parts' refresher, with wall-clock times given by the test and the "background" a queue it runs
 * by hand: pacing by the interval, staleness, taking up finished refreshes, dropping overtaken ones.
 */
class CoxRefresherTest {
    private static final List<AnalysisDefinition> DEFS = AnalysesLoader.parse("""
            analyses:
              - name: cox
                endpoint: overall-survival
                origin: index
                cox:
                  covariates:
                    - {name: grade, reference: "3"}
              - name: counts-only
                endpoint: overall-survival
                origin: index
                groupBy: arm
              - name: cox-too
                endpoint: overall-survival
                origin: index
                cox:
                  covariates:
                    - {name: grade, reference: "3"}
            """, "test").analyses();
    private static final AnalysisDefinition COX = DEFS.get(0);
    private static final AnalysisDefinition COX_TOO = DEFS.get(2);
    private static final Duration INTERVAL = Duration.ofSeconds(5);

    private final List<SubjectEntry> subjects = new ArrayList<>();
    private final Queue<Runnable> background = new ArrayDeque<>();
    private int reads;

    private void addSubjects(int n) {
        for (int i = 0; i < n; i++) {
            int k = subjects.size();
            subjects.add(new SubjectEntry(new SubjectRow(30 + 7 * k, k % 3 != 0, SubjectRow.ALL, "",
                    Map.of("grade", k % 2 == 0 ? "2" : "3"), Map.of()), null, null));
        }
    }

    private SubjectParts parts(CoxRefresher r, long now) {
        return parts(r, COX, now);
    }

    private SubjectParts parts(CoxRefresher r, AnalysisDefinition def, long now) {
        return r.parts(def, now, () -> {
            reads++;
            return List.copyOf(subjects);
        }, "2020-01-01");
    }

    private static CoxRefresher inline() {
        return refresher(CoxFitting.inline());
    }

    /** A refresher over {@code fits}, with the tests' interval and no small-cell rule. */
    private static CoxRefresher refresher(CoxFitting fits) {
        return new CoxRefresher(fits, INTERVAL, 0, new SequentialMonitoring());
    }

    @Test
    void aRefreshStartsAtMostOncePerIntervalAndThePartsSayWhenTheyAreStale() {
        CoxRefresher r = inline();
        addSubjects(20);
        r.subjectsChanged("cox", 0);
        SubjectParts first = parts(r, 0);
        assertThat(first.basis().subjects()).isEqualTo(20);
        assertThat(first.basis().stale()).isFalse();
        assertThat(first.cox()).isNotNull();
        assertThat(r.behind("cox")).isFalse();

        addSubjects(10);
        r.subjectsChanged("cox", 1_000);
        SubjectParts early = parts(r, 4_999);
        assertThat(reads).as("not due: no snapshot taken").isEqualTo(1);
        assertThat(early.basis().subjects()).isEqualTo(20);
        assertThat(early.basis().stale()).isTrue();
        assertThat(r.behind("cox")).isTrue();
        assertThat(r.dueQuiet("cox", 4_999)).isFalse();
        assertThat(r.dueQuiet("cox", 5_000)).as("the final refresh once quiet").isTrue();

        SubjectParts late = parts(r, 5_000);
        assertThat(late.basis().subjects()).isEqualTo(30);
        assertThat(late.basis().stale()).isFalse();
        assertThat(r.dueQuiet("cox", 20_000)).as("nothing pending").isFalse();
        assertThat(r.pendingAnalyses()).isEmpty();
    }

    @Test
    void anAnalysisWithoutSubjectLevelPartsHasNoneAndNothingPending() {
        CoxRefresher r = inline();
        r.subjectsChanged("counts-only", 0);
        assertThat(r.parts(DEFS.get(1), 0, () -> {
            throw new AssertionError("no snapshot for an analysis of counts");
        }, null)).isNull();
        assertThat(r.pendingAnalyses()).isEmpty();
    }

    @Test
    void aBackgroundRefreshJoinsWhenTakenUpAndAnOvertakenOneIsDropped() {
        CoxRefresher r = refresher(new CoxFitting(background::add, took -> { }));
        addSubjects(20);
        r.subjectsChanged("cox", 0);
        assertThat(parts(r, 0)).as("handed out, not computed yet").isNull();
        assertThat(r.behind("cox")).isTrue();
        assertThat(r.takeUpFinished()).isEmpty();

        addSubjects(5);
        r.subjectsChanged("cox", 1_000);
        assertThat(parts(r, 5_000)).isNull(); // a second refresh, of 25 subjects, overtakes the first
        background.poll().run(); // the first finishes: dropped
        assertThat(r.takeUpFinished()).isEmpty();
        assertThat(r.behind("cox")).isTrue();
        background.poll().run();
        assertThat(r.takeUpFinished()).containsExactly("cox");
        assertThat(r.behind("cox")).isFalse();
        SubjectParts p = parts(r, 6_000);
        assertThat(p.basis().subjects()).isEqualTo(25);
        assertThat(p.basis().stale()).isFalse();
    }

    @Test
    void aRefreshFromBeforeARestartIsDroppedAndThePartsAreStaleUntilRefreshed() {
        CoxRefresher r = refresher(new CoxFitting(background::add, took -> { }));
        addSubjects(20);
        r.subjectsChanged("cox", 0);
        parts(r, 0);
        background.poll().run();
        assertThat(r.takeUpFinished()).containsExactly("cox");

        r.subjectsChanged("cox", 1_000);
        parts(r, 5_000); // in flight when the task restarts
        r.restart();
        background.poll().run();
        assertThat(r.takeUpFinished()).isEmpty();
        r.markPending("cox");
        assertThat(parts(r, 5_001).basis().stale()).as("from before the restart").isTrue();
        assertThat(r.dueQuiet("cox", 5_001)).as("pacing starts afresh: handed out at once, none pending").isFalse();
        background.poll().run();
        assertThat(r.takeUpFinished()).containsExactly("cox");
        assertThat(parts(r, 5_002).basis().stale()).isFalse();
    }

    @Test
    void onceTheSubjectsStandStillOneRefreshStartsWithoutWaitingForThePaceAndTheNextWaitsAgain() {
        // Paced by a million times the last refresh's computing time: a refresh of 20,000 subjects takes at least a
        // millisecond, so the pace is over 1,000 s and anything sooner is the quiet rule.
        CoxRefresher r = refresher(new CoxFitting(background::add, took -> { }, 1_000_000));
        addSubjects(20_000);
        r.subjectsChanged("cox", 0);
        parts(r, 0);
        background.poll().run();
        assertThat(r.takeUpFinished()).containsExactly("cox");

        addSubjects(10);
        r.subjectsChanged("cox", 1_000);
        assertThat(r.dueQuiet("cox", 5_999)).as("changed less than an interval ago").isFalse();
        assertThat(r.dueQuiet("cox", 6_000)).as("quiet for an interval: at once, not after the pace").isTrue();
        assertThat(parts(r, 6_000).basis().stale()).isTrue();
        assertThat(reads).isEqualTo(2);

        addSubjects(5);
        r.subjectsChanged("cox", 7_000);
        background.poll().run();
        assertThat(r.takeUpFinished()).containsExactly("cox");
        assertThat(parts(r, 100_000).basis().subjects()).isEqualTo(20_010);
        assertThat(r.dueQuiet("cox", 100_000)).as("after a quiet refresh the next waits for the whole pace").isFalse();
        assertThat(reads).isEqualTo(2);
        long paced = Long.MAX_VALUE / 4;
        assertThat(r.dueQuiet("cox", paced)).isTrue();
        parts(r, paced); // a paced refresh, in flight

        r.subjectsChanged("cox", paced + 1);
        assertThat(r.dueQuiet("cox", paced + 1 + 5_000)).as("quiet, but a refresh is in flight").isFalse();
        background.poll().run();
        assertThat(r.takeUpFinished()).containsExactly("cox");
        assertThat(r.dueQuiet("cox", paced + 1 + 5_000)).as("quiet again after a paced one").isTrue();
    }

    @Test
    void aQuietRefreshDoesNotMoveThePace() {
        CoxRefresher r = refresher(new CoxFitting(background::add, took -> { }, 1_000_000));
        addSubjects(20_000);
        r.subjectsChanged("cox", 0);
        parts(r, 0); // paced
        background.poll().run();
        r.takeUpFinished();

        r.subjectsChanged("cox", 1_000);
        assertThat(r.dueQuiet("cox", 6_000)).isTrue();
        parts(r, 6_000); // quiet
        background.poll().run();
        r.takeUpFinished();
        r.subjectsChanged("cox", 7_000);
        long pace = r.paceMillis("cox"); // set by the last refresh's cost
        assertThat(pace).as("a refresh of 20,000 subjects computes for a millisecond at least").isGreaterThan(60_000);
        assertThat(r.dueQuiet("cox", pace - 1)).isFalse();
        assertThat(r.dueQuiet("cox", pace)).as("the pace counts from the paced refresh at 0, not the quiet one")
                .isTrue();
    }

    @Test
    void aRefreshOvertakenBeforeItBeginsSkipsItsWork() {
        int[] steps = {0};
        CoxRefresher r = refresher(new CoxFitting(background::add, took -> steps[0]++));
        addSubjects(20);
        r.subjectsChanged("cox", 0);
        parts(r, 0);
        addSubjects(5);
        r.subjectsChanged("cox", 1_000);
        parts(r, 5_000); // the second is handed out while the first still waits for the fitter
        background.poll().run();
        assertThat(steps[0]).as("the overtaken refresh computed nothing").isZero();
        assertThat(r.takeUpFinished()).isEmpty();
        assertThat(r.behind("cox")).isTrue();
        background.poll().run();
        assertThat(steps[0]).isPositive();
        assertThat(r.takeUpFinished()).containsExactly("cox");
        assertThat(parts(r, 6_000).basis().subjects()).isEqualTo(25);
    }

    @Test
    void aRefreshOvertakenWhileItComputesStopsAtItsNextStepAndTheFitterTakesTheNewerOne() throws Exception {
        addSubjects(20);
        int[] oneRefresh = {0};
        CoxRefresher counting = refresher(new CoxFitting(Runnable::run, took -> oneRefresh[0]++));
        counting.subjectsChanged("cox", 0);
        parts(counting, 0);
        assertThat(oneRefresh[0]).as("a refresh of this analysis has several steps").isGreaterThan(2);

        ExecutorService fitters = CoxFitting.fitters(1);
        AtomicInteger steps = new AtomicInteger();
        CountDownLatch firstStepDone = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        LongConsumer afterEachStep = took -> {
            if (steps.incrementAndGet() == 1) {
                firstStepDone.countDown();
                try {
                    go.await(30, TimeUnit.SECONDS); // the first refresh holds here, between its first two steps
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try {
            CoxRefresher r = refresher(new CoxFitting(fitters, afterEachStep));
            r.subjectsChanged("cox", 0);
            assertThat(parts(r, 0)).isNull();
            assertThat(firstStepDone.await(30, TimeUnit.SECONDS)).isTrue();
            addSubjects(5);
            r.subjectsChanged("cox", 1_000);
            assertThat(parts(r, 5_000)).as("a second refresh, of 25 subjects, handed out").isNull();
            go.countDown();
            List<String> takenUp = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                takenUp.addAll(r.takeUpFinished());
                return !takenUp.isEmpty();
            });
            // Going on, the first refresh would have taken all its steps before the second began: 2 x oneRefresh.
            assertThat(steps.get()).as("the first stopped after its first step; the second took all of its")
                    .isEqualTo(1 + oneRefresh[0]);
            assertThat(takenUp).containsExactly("cox");
            assertThat(r.behind("cox")).isFalse();
            SubjectParts p = parts(r, 6_000);
            assertThat(p.basis().subjects()).isEqualTo(25);
            assertThat(p.basis().stale()).isFalse();
            counting.subjectsChanged("cox", 1_000);
            assertThat(p).usingRecursiveComparison().as("what a refresh of the 25 alone computes")
                    .isEqualTo(parts(counting, 10_000));
        } finally {
            go.countDown();
            fitters.shutdownNow();
        }
    }

    @Test
    void aNewerRefreshThatFinishesFirstIsNotReplacedByTheOlderOne() {
        CoxRefresher r = refresher(new CoxFitting(background::add, took -> { }));
        addSubjects(20);
        r.subjectsChanged("cox", 0);
        parts(r, 0);
        addSubjects(5);
        r.subjectsChanged("cox", 1_000);
        parts(r, 5_000);
        // With several fitters the newer refresh can finish first and the older one after it, before either is taken up.
        ((ArrayDeque<Runnable>) background).pollLast().run();
        background.poll().run();
        assertThat(r.takeUpFinished()).containsExactly("cox");
        assertThat(r.behind("cox")).isFalse();
        assertThat(parts(r, 6_000).basis().subjects()).isEqualTo(25);
    }

    @Test
    void afterARestartTwoAnalysesRefreshAtOnceOnTwoFitters() throws Exception {
        ExecutorService fitters = CoxFitting.fitters(2);
        CountDownLatch bothComputing = new CountDownLatch(2);
        AtomicBoolean metTheOther = new AtomicBoolean(true);
        LongConsumer afterEachStep = took -> {
            bothComputing.countDown();
            try {
                // On one fitter the other refresh waits behind this one: this wait would time out.
                if (!bothComputing.await(20, TimeUnit.SECONDS)) {
                    metTheOther.set(false);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        try {
            CoxRefresher r = refresher(new CoxFitting(fitters, afterEachStep));
            addSubjects(40);
            r.restart();
            r.markPending("cox");
            r.markPending("cox-too");
            assertThat(parts(r, COX, 0)).as("cox's refresh waits in its first step for the other's").isNull();
            // Hands out the second refresh: both compute now, and on a loaded machine both may be done before this
            // call returns (it then takes up its own result at once), so it may return parts already.
            parts(r, COX_TOO, 0);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                r.takeUpFinished();
                return parts(r, COX, 1) != null && parts(r, COX_TOO, 1) != null;
            });
            assertThat(metTheOther).as("each refresh computed while the other did").isTrue();
            assertThat(parts(r, COX, 1).basis().subjects()).isEqualTo(40);
            assertThat(parts(r, COX_TOO, 1).basis().subjects()).isEqualTo(40);
        } finally {
            fitters.shutdownNow();
        }
    }

    /** A refresher over the test's queue whose restored analyses wait up to a minute for their resets. */
    private CoxRefresher awaitingResets() {
        return refresher(new CoxFitting(background::add, took -> { }).awaitingResets(Duration.ofMinutes(1)));
    }

    @Test
    void aRestoredAnalysisIsRefreshedOnceEverySourcesResetIsInAndItsSubjectsAreQuiet() {
        CoxRefresher r = awaitingResets();
        addSubjects(20);
        r.restart();
        r.markPending("cox");
        r.awaitResets("cox", 2, 0);
        assertThat(parts(r, 0)).isNull();
        assertThat(reads).as("no refresh of the restored subjects before the resets").isZero();
        r.delta("cox", 0, false, true, 500); // input from before source 0's reset: not one
        r.delta("cox", 0, true, true, 1_000); // source 0's reset, one record
        assertThat(parts(r, 9_000)).isNull();
        r.delta("cox", 1, true, false, 9_000); // source 1's reset begins
        r.subjectsChanged("cox", 9_500);
        assertThat(parts(r, 20_000)).isNull();
        assertThat(r.dueQuiet("cox", 20_000)).isFalse();
        assertThat(reads).isZero();
        r.delta("cox", 1, false, true, 21_000); // and is complete
        assertThat(r.dueQuiet("cox", 25_999)).as("a Cox interval for the input after the resets").isFalse();
        r.subjectsChanged("cox", 23_000);
        assertThat(r.dueQuiet("cox", 27_999)).isFalse();
        assertThat(r.dueQuiet("cox", 28_000)).isTrue();
        assertThat(parts(r, 28_000)).isNull();
        assertThat(reads).as("handed out").isEqualTo(1);
        assertThat(background).hasSize(1);
        background.poll().run();
        assertThat(r.takeUpFinished()).containsExactly("cox");
        // The first refresh ends the wait: the usual rules again (a change is refreshed at the interval).
        addSubjects(1);
        r.subjectsChanged("cox", 29_000);
        assertThat(r.dueQuiet("cox", 32_999)).isFalse();
        assertThat(r.dueQuiet("cox", 33_000)).isTrue();
        assertThat(parts(r, 33_000).basis().subjects()).isEqualTo(20);
        assertThat(reads).isEqualTo(2);
    }

    @Test
    void aRestoredAnalysisWaitsForEverySourcesCaughtUpMarkAfterItsResetThenForAQuietInterval() {
        CoxRefresher r = awaitingResets();
        addSubjects(20);
        r.restart();
        r.markPending("cox");
        r.awaitResets("cox", 2, 0);
        r.delta("cox", 0, false, true, true, 500); // a mark from before source 0's reset: not one
        r.delta("cox", 0, true, true, false, 1_000); // source 0's reset, complete, not caught up yet
        r.delta("cox", 1, true, true, true, 2_000); // source 1's reset, caught up at once (no backlog)
        assertThat(r.dueQuiet("cox", 30_000)).as("source 0 is still applying its backlog").isFalse();
        assertThat(parts(r, 30_000)).isNull();
        r.subjectsChanged("cox", 31_000); // the backlog's deltas
        assertThat(r.dueQuiet("cox", 50_000)).as("resets in and quiet for long, but no mark from source 0").isFalse();
        assertThat(reads).isZero();
        r.delta("cox", 0, false, true, true, 52_000); // source 0 caught up: an otherwise empty record
        assertThat(r.dueQuiet("cox", 56_999)).as("a Cox interval after the last mark").isFalse();
        assertThat(r.dueQuiet("cox", 57_000)).isTrue();
        parts(r, 57_000);
        assertThat(reads).isEqualTo(1);
    }

    /**
     * A timeline task that resumed without a reset sends none: its source is complete at its caught-up mark (after
     * the deltas of its backlog), while a source that does reset still needs its reset's last record and its mark.
     */
    @Test
    void aSourceThatSendsNoResetIsCompleteAtItsCaughtUpMark() {
        CoxRefresher r = awaitingResets();
        addSubjects(20);
        r.restart();
        r.markPending("cox");
        r.awaitResets("cox", 2, 0);
        r.delta("cox", 0, false, true, false, 1_000); // source 0's backlog, no reset: not complete yet
        r.subjectsChanged("cox", 1_000);
        r.delta("cox", 1, true, false, false, 2_000); // source 1 resets: begun, not complete
        r.delta("cox", 0, false, true, true, 3_000); // source 0 caught up
        assertThat(r.dueQuiet("cox", 30_000)).as("source 1's reset is not complete").isFalse();
        r.delta("cox", 1, false, true, true, 31_000); // source 1's reset complete and caught up
        assertThat(r.dueQuiet("cox", 35_999)).as("a Cox interval after the last mark").isFalse();
        assertThat(r.dueQuiet("cox", 36_000)).isTrue();
        parts(r, 36_000);
        assertThat(reads).isEqualTo(1);
    }

    /** A reset after a source's mark (a mark of its task from before the restart, then the reset) starts it over. */
    @Test
    void aResetAfterASourcesMarkStartsItsWaitOver() {
        CoxRefresher r = awaitingResets();
        addSubjects(20);
        r.restart();
        r.markPending("cox");
        r.awaitResets("cox", 1, 0);
        r.delta("cox", 0, false, true, true, 1_000); // a mark
        r.delta("cox", 0, true, false, false, 1_500); // then a reset begins
        assertThat(r.dueQuiet("cox", 20_000)).as("the reset is under way").isFalse();
        r.delta("cox", 0, false, true, true, 21_000);
        assertThat(r.dueQuiet("cox", 25_999)).isFalse();
        assertThat(r.dueQuiet("cox", 26_000)).isTrue();
    }

    @Test
    void aSecondCaughtUpMarkOrOneOfASourceCountedAlreadyDoesNotMoveTheWait() {
        CoxRefresher r = awaitingResets();
        addSubjects(20);
        r.restart();
        r.markPending("cox");
        r.awaitResets("cox", 1, 0);
        r.delta("cox", 0, true, false, false, 1_000);
        r.delta("cox", 0, false, true, true, 2_000); // the reset's last record carries the mark
        assertThat(r.dueQuiet("cox", 6_999)).isFalse();
        r.delta("cox", 0, false, true, true, 6_500); // a repeated mark: the wait counts from the first
        assertThat(r.dueQuiet("cox", 7_000)).isTrue();
    }

    @Test
    void aCaughtUpMarkWithoutTheResetsCompleteDoesNotOpenTheWaitWhichEndsAtTheLimit() {
        CoxRefresher r = awaitingResets();
        addSubjects(20);
        r.restart();
        r.markPending("cox");
        r.awaitResets("cox", 2, 1_000);
        r.delta("cox", 0, true, false, true, 2_000); // marked, but its reset is not complete
        r.delta("cox", 1, true, true, true, 3_000);
        assertThat(r.dueQuiet("cox", 61_999)).isFalse();
        assertThat(r.dueQuiet("cox", 62_000)).as("the limit, counted from the first reset's start").isTrue();
        parts(r, 62_000);
        assertThat(reads).isEqualTo(1);
    }

    @Test
    void aRestoredAnalysisWaitsForItsResetsAtMostTheLimit() {
        CoxRefresher r = awaitingResets();
        addSubjects(20);
        r.restart();
        r.markPending("cox");
        r.awaitResets("cox", 3, 1_000);
        r.delta("cox", 2, true, true, 30_000); // one source of three only: the others' timeline tasks did not restart
        r.delta("cox", 1, true, false, 40_000); // a later reset does not move the limit
        assertThat(r.dueQuiet("cox", 89_999)).isFalse();
        assertThat(parts(r, 89_999)).isNull();
        assertThat(reads).isZero();
        assertThat(r.dueQuiet("cox", 90_000)).as("a minute after the first reset began").isTrue();
        parts(r, 90_000);
        assertThat(reads).isEqualTo(1);
    }

    @Test
    void aCohortTaskThatRestartsAloneWaitsTheLimitFromItsStart() {
        CoxRefresher r = awaitingResets();
        addSubjects(20);
        r.restart();
        r.markPending("cox");
        r.awaitResets("cox", 3, 1_000);
        r.delta("cox", 0, false, true, true, 5_000); // input after a reset it never saw: no reset begins
        assertThat(r.dueQuiet("cox", 60_999)).isFalse();
        assertThat(r.dueQuiet("cox", 61_000)).isTrue();
    }

    @Test
    void withoutAWaitARestoredAnalysisIsRefreshedAtOnceAndAnAnalysisNotRestoredNeverWaits() {
        CoxRefresher notWaiting = refresher(new CoxFitting(background::add, took -> { }));
        addSubjects(20);
        notWaiting.restart();
        notWaiting.markPending("cox");
        notWaiting.awaitResets("cox", 3, 0);
        parts(notWaiting, 0);
        assertThat(reads).isEqualTo(1);

        CoxRefresher r = awaitingResets();
        r.restart();
        r.subjectsChanged("cox", 0); // new data after a start with none restored
        parts(r, 0);
        assertThat(reads).isEqualTo(2);
    }

    @Test
    void aRefreshIsHandedOutWithItsEstimateThenWithTheLastMeasuredCost() {
        long[] measured = {0};
        CoxRefresher r = refresher(new CoxFitting(background::add, took -> measured[0] += took));
        addSubjects(20);
        r.subjectsChanged("cox", 0);
        parts(r, 0);
        Runnable first = background.poll();
        assertThat(first).isInstanceOf(CoxFitting.Estimated.class);
        assertThat(((CoxFitting.Estimated) first).estimateNanos()).as("none measured yet: from the subjects")
                .isEqualTo(RefreshEstimate.nanos(COX, 20));
        first.run();
        assertThat(r.takeUpFinished()).containsExactly("cox");

        addSubjects(5);
        r.subjectsChanged("cox", 1_000);
        parts(r, 5_000);
        CoxFitting.Estimated second = (CoxFitting.Estimated) background.poll();
        assertThat(second.estimateNanos()).as("what the first computed, its steps' times").isEqualTo(measured[0])
                .isPositive();
    }

    @Test
    void oneFitterPerCoreButOneAndAtLeastOne() {
        assertThat(CoxFitting.fitterThreads(1)).isEqualTo(1);
        assertThat(CoxFitting.fitterThreads(2)).isEqualTo(1);
        assertThat(CoxFitting.fitterThreads(8)).isEqualTo(7);
    }

    @Test
    void whileTheInputHasABacklogPacedRefreshesAreTheBacklogsIntervalApartAndOnceItIsReadThePaceAloneApplies() {
        FakeInputLag lag = new FakeInputLag();
        CoxRefresher r = new CoxRefresher(CoxFitting.inline(), INTERVAL, 0, new SequentialMonitoring(),
                new InputBacklog(lag, BacklogPacing.DEFAULT));
        long every = BacklogPacing.DEFAULT.refreshInterval().toMillis();
        assertThat(every).as("the backlog's interval is longer than the pace here").isGreaterThan(INTERVAL.toMillis());
        lag.events = java.util.OptionalLong.of(BacklogPacing.DEFAULT.thresholdEvents() + 1);
        addSubjects(20);
        r.subjectsChanged("cox", 0);
        assertThat(parts(r, 0).basis().subjects()).as("the first refresh at once").isEqualTo(20);
        // The subjects change every second while the backlog is read: the quiet rule never applies.
        for (long t = 1_000; t < every; t += 1_000) {
            addSubjects(1);
            r.subjectsChanged("cox", t - 1);
            assertThat(r.dueQuiet("cox", t)).as("behind, %d ms after the last refresh", t).isFalse();
            assertThat(parts(r, t).basis().stale()).isTrue();
        }
        assertThat(reads).isEqualTo(1);
        assertThat(r.dueQuiet("cox", every)).isTrue();
        assertThat(parts(r, every).basis().stale()).isFalse();
        assertThat(reads).isEqualTo(2);

        lag.events = java.util.OptionalLong.of(0); // read: the pace alone (the interval here)
        addSubjects(1);
        r.subjectsChanged("cox", every + 100);
        assertThat(r.dueQuiet("cox", every + INTERVAL.toMillis() - 1)).isFalse();
        assertThat(r.dueQuiet("cox", every + INTERVAL.toMillis())).isTrue();
    }

    @Test
    void whileTheInputHasABacklogAnAnalysisWhoseSubjectsStandStillStillGetsItsQuietRefresh() {
        FakeInputLag lag = new FakeInputLag();
        CoxRefresher r = new CoxRefresher(CoxFitting.inline(), INTERVAL, 0, new SequentialMonitoring(),
                new InputBacklog(lag, BacklogPacing.DEFAULT));
        lag.events = java.util.OptionalLong.of(BacklogPacing.DEFAULT.thresholdEvents() + 1);
        addSubjects(20);
        r.subjectsChanged("cox", 0);
        parts(r, 0);
        addSubjects(1);
        r.subjectsChanged("cox", 1_000);
        assertThat(r.dueQuiet("cox", 5_999)).isFalse();
        assertThat(r.dueQuiet("cox", 6_000)).as("quiet for an interval: the final refresh is not held back").isTrue();
    }
}
