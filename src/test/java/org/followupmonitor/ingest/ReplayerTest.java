package org.followupmonitor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.Payload;
import org.followupmonitor.events.avro.FollowUpStatus;
import org.junit.jupiter.api.Test;

class ReplayerTest {
    private static final LocalDate DAY0 = LocalDate.of(2015, 1, 1);

    /** An event {@code offset} days after DAY0; the id records the input position. */
    static ClinicalEvent at(String id, int offset) {
        return new ClinicalEvent(id, "patient-" + id, "site-1", DAY0.plusDays(offset), null,
                new Payload.FollowUp(FollowUpStatus.ALIVE_WITH_DISEASE));
    }

    private static List<ClinicalEvent> replay(Replayer replayer, List<ClinicalEvent> events) throws InterruptedException {
        List<ClinicalEvent> out = new ArrayList<>();
        replayer.replay(events, out::add, ReplayProgress.none());
        return out;
    }

    @Test
    void emitsInEventDateOrderAndKeepsInputOrderWithinADate() throws InterruptedException {
        List<ClinicalEvent> input = List.of(at("a", 30), at("b", 0), at("c", 5), at("d", 0), at("e", 30), at("f", 2));
        List<ClinicalEvent> out = replay(new Replayer(ReplayOptions.inDateOrder(ReplaySpeed.MAX), new FakeClock()), input);
        assertThat(out).extracting(ClinicalEvent::eventId).containsExactly("b", "d", "f", "c", "a", "e");
    }

    @Test
    void waitsEqualTheDateGapsDividedByTheSpeed() throws InterruptedException {
        FakeClock clock = new FakeClock();
        // 2 days of event time per second: a day is 0.5 s of wall time.
        Replayer replayer = new Replayer(ReplayOptions.inDateOrder(new ReplaySpeed(2.0)), clock);
        List<ClinicalEvent> out = replay(replayer, List.of(at("x", 30), at("y", 0), at("z", 1), at("w", 1), at("v", 5)));
        assertThat(out).extracting(ClinicalEvent::eventId).containsExactly("y", "z", "w", "v", "x");
        // Gaps 1, 0, 4, 25 days: no wait is requested for the same-day event.
        assertThat(clock.sleeps).containsExactly(500_000_000L, 2_000_000_000L, 12_500_000_000L);
        assertThat(clock.totalSlept()).isEqualTo(15_000_000_000L); // 30 days / 2 days/s
    }

    @Test
    void timeSpentInTheSinkIsSubtractedFromTheNextWaitSoNoDriftAccumulates() throws InterruptedException {
        FakeClock clock = new FakeClock();
        Replayer replayer = new Replayer(ReplayOptions.inDateOrder(new ReplaySpeed(10.0)), clock);
        List<ClinicalEvent> events = List.of(at("a", 0), at("b", 10), at("c", 11), at("d", 30));
        // Each send takes 0.3 s: the 1 s wait for b becomes 0.7 s, c (due at 1.1 s) is overdue at 1.3 s and
        // goes at once, d (due at 3.0 s) waits 1.4 s from 1.6 s.
        replayer.replay(events, e -> clock.advance(300_000_000L), ReplayProgress.none());
        assertThat(clock.sleeps).containsExactly(700_000_000L, 1_400_000_000L);
        // The last event went out exactly when due: 30 days / 10 days/s after the start.
        assertThat(clock.nanoTime() - 1_000_000_000_000L).isEqualTo(3_000_000_000L + 300_000_000L);
    }

    @Test
    void maxSpeedNeverWaits() throws InterruptedException {
        FakeClock clock = new FakeClock();
        List<ClinicalEvent> out = replay(new Replayer(ReplayOptions.inDateOrder(ReplaySpeed.MAX), clock),
                List.of(at("a", 3000), at("b", 0), at("c", 10)));
        assertThat(out).hasSize(3);
        assertThat(clock.sleeps).isEmpty();
    }

    @Test
    void progressReportsEachEventWithTheClockDate() throws InterruptedException {
        List<String> seen = new ArrayList<>();
        new Replayer(ReplayOptions.inDateOrder(new ReplaySpeed(1.0)), new FakeClock()).replay(
                List.of(at("a", 3), at("b", 1), at("c", 2)), e -> {
                }, (emitted, total, date) -> seen.add(emitted + "/" + total + "@" + date));
        assertThat(seen).containsExactly("1/3@2015-01-02", "2/3@2015-01-03", "3/3@2015-01-04");
    }

    @Test
    void shuffleIsADeterministicPermutationForASeed() {
        List<ClinicalEvent> input = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            input.add(at("e" + i, i));
        }
        List<ClinicalEvent> once = Replayer.order(input, OptionalLong.of(42));
        List<ClinicalEvent> again = Replayer.order(input, OptionalLong.of(42));
        List<ClinicalEvent> other = Replayer.order(input, OptionalLong.of(43));
        assertThat(once).containsExactlyInAnyOrderElementsOf(input).isEqualTo(again).isNotEqualTo(other);
        // Input is in date order; a shuffle of 60 leaves it sorted with probability 1/60!.
        assertThat(once).isNotEqualTo(input);
        assertThat(once).isNotEqualTo(Replayer.order(once, OptionalLong.empty()));
    }

    @Test
    void shuffledReplayKeepsTheDateOrderPacingAndSendsEveryEventOnce() throws InterruptedException {
        List<ClinicalEvent> input = List.of(at("a", 0), at("b", 4), at("c", 6), at("d", 12), at("e", 20));
        FakeClock sorted = new FakeClock();
        FakeClock shuffled = new FakeClock();
        replay(new Replayer(ReplayOptions.inDateOrder(new ReplaySpeed(4.0)), sorted), input);
        List<ClinicalEvent> out = replay(new Replayer(ReplayOptions.shuffled(new ReplaySpeed(4.0), 7), shuffled), input);
        assertThat(out).containsExactlyInAnyOrderElementsOf(input).isEqualTo(Replayer.order(input, OptionalLong.of(7)));
        assertThat(shuffled.sleeps).isEqualTo(sorted.sleeps).containsExactly(1_000_000_000L, 500_000_000L,
                1_500_000_000L, 2_000_000_000L);
    }

    @Test
    void anInterruptedWaitStopsTheReplayAfterTheEventsAlreadySent() {
        ReplayClock interrupting = new ReplayClock() {
            @Override
            public long nanoTime() {
                return 0;
            }

            @Override
            public void sleepNanos(long nanos) throws InterruptedException {
                throw new InterruptedException("stop");
            }
        };
        List<ClinicalEvent> out = new ArrayList<>();
        assertThatThrownBy(() -> new Replayer(ReplayOptions.inDateOrder(new ReplaySpeed(1.0)), interrupting)
                .replay(List.of(at("a", 0), at("b", 1)), out::add, ReplayProgress.none()))
                .isInstanceOf(InterruptedException.class);
        assertThat(out).extracting(ClinicalEvent::eventId).containsExactly("a");
    }

    @Test
    void noEventsNoWaits() throws InterruptedException {
        FakeClock clock = new FakeClock();
        assertThat(new Replayer(ReplayOptions.inDateOrder(new ReplaySpeed(1.0)), clock)
                .replay(List.of(), e -> {
                }, ReplayProgress.none())).isZero();
        assertThat(clock.sleeps).isEmpty();
    }

    @Test
    void speedParsesMaxAndPositiveNumbersAndRejectsTheRest() {
        assertThat(ReplaySpeed.parse("MAX").isMax()).isTrue();
        assertThat(ReplaySpeed.parse(" 70 ").daysPerSecond()).isEqualTo(70.0);
        assertThat(ReplaySpeed.parse("0.5").nanosFor(1)).isEqualTo(2_000_000_000L);
        for (String bad : new String[] {"0", "-3", "fast", "NaN", "", "1e400"}) {
            assertThatThrownBy(() -> ReplaySpeed.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("max");
        }
    }

    @Test
    void defaultSpeedPassesTheStudyCohortsTwelveYearsInAboutAMinute() {
        double seconds = Replayer.durationSeconds(LocalDate.of(2010, 1, 2), LocalDate.of(2021, 12, 31),
                ReplaySpeed.DEFAULT_ACCELERATED);
        assertThat(seconds).isBetween(50.0, 75.0);
    }
}
