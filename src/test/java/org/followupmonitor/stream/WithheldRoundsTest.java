package org.followupmonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.helpers.NOPLogger;

class WithheldRoundsTest {
    @Test
    void countsWithheldRoundsTheirLongestRunAndTheRecordsOfMultiRecordDeltas() {
        WithheldRounds w = new WithheldRounds(NOPLogger.NOP_LOGGER, true);
        w.delta("a", false);
        w.delta("a", false);
        w.delta("a", true);
        w.withheld("a", 1_000);
        w.withheld("a", 1_100);
        w.withheld("a", 1_200);
        w.computed("a", 1_450);
        w.withheld("a", 2_000);
        w.computed("a", 2_100);
        w.computed("b", 2_100);
        WithheldRounds.Tally a = w.tally("a");
        assertThat(a.rounds).isEqualTo(6);
        assertThat(a.withheld).isEqualTo(4);
        assertThat(a.longestStreak).isEqualTo(3);
        assertThat(a.longestStreakMs).isEqualTo(450);
        assertThat(a.deltas).isEqualTo(3);
        assertThat(a.chunks).isEqualTo(2);
        assertThat(a.streak).isZero();
        assertThat(w.tally("b").withheld).isZero();
    }

    @Test
    void offItCountsNothing() {
        WithheldRounds w = new WithheldRounds(NOPLogger.NOP_LOGGER);
        assertThat(w.enabled()).isFalse();
        w.delta("a", false);
        w.withheld("a", 1);
        w.computed("a", 2);
        w.roundEnded(3);
        WithheldRounds.Tally a = w.tally("a");
        assertThat(a.rounds + a.withheld + a.deltas + a.chunks).isZero();
    }
}
