package org.followupmonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cohort stage's publishing rounds on a clock the test moves: dirty set, debounce, cost pacing. */
class PublicationSchedulerTest {
    /** The nanosecond clock that times a round; a round "takes" whatever the test adds to it. */
    private long nanos = 1_000_000_000L;
    private final PublicationScheduler scheduler =
            new PublicationScheduler(Duration.ofMillis(100), new Pacing(Pacing.REAL.costFactor(), () -> nanos));
    private final List<List<String>> rounds = new ArrayList<>();

    private boolean tick(long now, long roundTakesMillis) {
        return scheduler.tick(now, names -> {
            rounds.add(names);
            nanos += roundTakesMillis * 1_000_000L;
        });
    }

    @Test
    void changesBetweenTwoTicksGoOutOnceEachInTheOrderTheyFirstChanged() {
        scheduler.markDirty("b");
        scheduler.markDirty("a");
        scheduler.markDirty("b");
        scheduler.markDirty("b");
        assertThat(scheduler.isDirty("a")).isTrue();
        assertThat(tick(0, 0)).isTrue();
        assertThat(rounds).containsExactly(List.of("b", "a"));
        assertThat(scheduler.isDirty("a")).isFalse();
        assertThat(scheduler.debounce()).isEqualTo(Duration.ofMillis(100));

        tick(100, 0); // nothing changed: an empty round (the Cox refresher may still have work)
        assertThat(rounds.get(1)).isEmpty();
    }

    @Test
    void aRoundMayMarkAnAnalysisDirtyAgainForTheNextRound() {
        scheduler.markDirty("a");
        scheduler.tick(0, names -> names.forEach(scheduler::markDirty)); // e.g. half a delta is in
        assertThat(scheduler.isDirty("a")).isTrue();
        tick(100, 0);
        assertThat(rounds).containsExactly(List.of("a"));
    }

    @Test
    void aRoundThatTookTHoldsTheNextBackForThreeT() {
        scheduler.markDirty("a");
        assertThat(tick(1_000, 50)).isTrue(); // took 50 ms: no round before 1,000 + 3 × 50
        scheduler.markDirty("b");
        assertThat(tick(1_100, 0)).isFalse();
        assertThat(tick(1_149, 0)).isFalse();
        assertThat(scheduler.isDirty("b")).as("held back, not lost").isTrue();
        assertThat(tick(1_150, 0)).isTrue();
        assertThat(rounds).containsExactly(List.of("a"), List.of("b"));
        // A cheap round leaves the debounce alone in charge.
        assertThat(tick(1_250, 0)).isTrue();
    }

    @Test
    void unpacedRoundsRunAtEveryTickHoweverLongTheyTook() {
        PublicationScheduler unpaced = new PublicationScheduler(Duration.ofMillis(100), Pacing.UNPACED);
        unpaced.markDirty("a");
        assertThat(unpaced.tick(1_000, names -> nanos += 5_000_000_000L)).isTrue();
        unpaced.markDirty("b");
        assertThat(unpaced.tick(1_100, names -> { })).as("not held back by the 5 s the round took").isTrue();
        assertThat(unpaced.isDirty("b")).isFalse();
    }

    @Test
    void aRestartForgetsThePacingButNotWhatIsDirty() {
        tick(0, 1_000);
        scheduler.markDirty("a");
        assertThat(tick(100, 0)).isFalse();
        scheduler.restart();
        assertThat(tick(100, 0)).isTrue();
        assertThat(rounds.get(1)).containsExactly("a");
    }

    /** A scheduler paced by the app's backlog pacing over a lag the test sets; rounds take no time. */
    private PublicationScheduler withBacklog(FakeInputLag lag) {
        return new PublicationScheduler(Duration.ofMillis(100), new Pacing(Pacing.REAL.costFactor(), () -> nanos),
                new InputBacklog(lag, BacklogPacing.DEFAULT));
    }

    @Test
    void whileTheInputHasABacklogRoundsAreTheBacklogsIntervalApartAndOnceItIsReadEveryTickMayRunOne() {
        FakeInputLag lag = new FakeInputLag();
        PublicationScheduler s = withBacklog(lag);
        long every = BacklogPacing.DEFAULT.roundInterval().toMillis();
        lag.events = java.util.OptionalLong.of(BacklogPacing.DEFAULT.thresholdEvents() + 1);
        s.markDirty("a");
        assertThat(s.tick(0, rounds::add)).as("the first round runs at once").isTrue();
        s.markDirty("b");
        for (long t = 100; t < every; t += 100) {
            assertThat(s.tick(t, rounds::add)).as("behind, at %d ms", t).isFalse();
        }
        assertThat(s.isDirty("b")).as("held back, not lost").isTrue();
        assertThat(s.tick(every, rounds::add)).isTrue();
        assertThat(rounds).containsExactly(List.of("a"), List.of("b"));

        lag.events = java.util.OptionalLong.of(BacklogPacing.DEFAULT.thresholdEvents()); // at the threshold: read
        s.markDirty("c");
        assertThat(s.tick(every + 100, rounds::add)).as("caught up: the debounce alone").isTrue();
        assertThat(s.tick(every + 200, rounds::add)).isTrue();
    }

    @Test
    void whileTheCohortStageAppliesOldDeltasRoundsAreSlowedAndALookWithoutADeltaSinceIsCaughtUp() {
        FakeInputLag lag = new FakeInputLag();
        lag.events = java.util.OptionalLong.of(0); // the events are read, their deltas not all applied yet
        InputBacklog backlog = new InputBacklog(lag, BacklogPacing.DEFAULT);
        PublicationScheduler s = new PublicationScheduler(Duration.ofMillis(100), Pacing.UNPACED, backlog);
        long old = BacklogPacing.DEFAULT.deltaAge().toMillis() + 1;
        assertThat(s.tick(0, rounds::add)).isTrue();
        backlog.deltaApplied(50 - old, 50);
        assertThat(s.tick(100, rounds::add)).as("a delta flushed %d ms ago was applied", old).isFalse();
        backlog.deltaApplied(150 - old + 2, 150); // one just young enough
        assertThat(s.tick(200, rounds::add)).isTrue();
        backlog.deltaApplied(250 - old, 250);
        assertThat(s.tick(300, rounds::add)).isFalse();
        assertThat(s.tick(400, rounds::add)).as("no delta since the last look: the backlog is applied").isTrue();
    }

    @Test
    void withoutLagInformationOrBeforeTheFirstFetchTheUsualPacingAlone() {
        PublicationScheduler unknown = new PublicationScheduler(Duration.ofMillis(100), Pacing.UNPACED,
                new InputBacklog(InputLag.UNKNOWN, BacklogPacing.DEFAULT));
        FakeInputLag notFetched = new FakeInputLag(); // both totals empty
        PublicationScheduler early = withBacklog(notFetched);
        for (long t = 0; t < 1_000; t += 100) {
            assertThat(unknown.tick(t, names -> { })).isTrue();
            assertThat(early.tick(t, names -> { })).isTrue();
        }
    }
}
