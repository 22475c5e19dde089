package org.followupmonitor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.followupmonitor.events.ClinicalEvent;

/** Order and pacing for arbitrary event dates and speeds (jqwik prints the seed of a failing run). */
class ReplayerPropertiesTest {

    private static List<ClinicalEvent> events(List<Integer> offsets) {
        List<ClinicalEvent> events = new ArrayList<>();
        for (int i = 0; i < offsets.size(); i++) {
            events.add(ReplayerTest.at("e" + i, offsets.get(i)));
        }
        return events;
    }

    @Property(tries = 200)
    void dateOrderIsSortedStableAndEachWaitIsTheGapOverTheSpeed(
            @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 5000) Integer> offsets,
            @ForAll @DoubleRange(min = 0.01, max = 1000) double daysPerSecond) throws InterruptedException {
        List<ClinicalEvent> input = events(offsets);
        FakeClock clock = new FakeClock();
        List<ClinicalEvent> out = new ArrayList<>();
        ReplaySpeed speed = new ReplaySpeed(daysPerSecond);
        new Replayer(ReplayOptions.inDateOrder(speed), clock).replay(input, out::add, ReplayProgress.none());

        // Naive oracle: a stable insertion sort by date.
        List<ClinicalEvent> expected = new ArrayList<>();
        for (ClinicalEvent e : input) {
            int at = expected.size();
            while (at > 0 && expected.get(at - 1).occurredOn().isAfter(e.occurredOn())) {
                at--;
            }
            expected.add(at, e);
        }
        assertThat(out).isEqualTo(expected);

        // Each positive gap between consecutive dates asks for gap / speed seconds (to rounding of 1 ns per
        // schedule point, as due times are rounded from the start).
        List<Long> gapWaits = new ArrayList<>();
        for (int i = 1; i < out.size(); i++) {
            long gap = out.get(i).occurredOn().toEpochDay() - out.get(i - 1).occurredOn().toEpochDay();
            if (gap > 0) {
                gapWaits.add((long) (gap * 1e9 / daysPerSecond));
            }
        }
        assertThat(clock.sleeps).hasSameSizeAs(gapWaits);
        for (int i = 0; i < gapWaits.size(); i++) {
            assertThat(Math.abs(clock.sleeps.get(i) - gapWaits.get(i))).as("wait %d", i).isLessThanOrEqualTo(2L);
        }
        long span = out.get(out.size() - 1).occurredOn().toEpochDay() - out.get(0).occurredOn().toEpochDay();
        assertThat(clock.totalSlept()).isEqualTo(speed.nanosFor(span));
    }

    @Property(tries = 200)
    void shuffleIsAPermutationRepeatableFromItsSeed(
            @ForAll @Size(max = 80) List<@IntRange(min = 0, max = 400) Integer> offsets, @ForAll long seed) {
        List<ClinicalEvent> input = events(offsets);
        List<ClinicalEvent> shuffled = Replayer.order(input, OptionalLong.of(seed));
        assertThat(shuffled).containsExactlyInAnyOrderElementsOf(input)
                .isEqualTo(Replayer.order(input, OptionalLong.of(seed)));
        assertThat(Replayer.order(shuffled, OptionalLong.empty()))
                .isSortedAccordingTo(Comparator.comparing(ClinicalEvent::occurredOn));
    }
}
