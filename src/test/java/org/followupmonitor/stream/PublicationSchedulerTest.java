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
}
