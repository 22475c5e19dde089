package org.followupmonitor.cohortstate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The array-backed clock against a sorted map of dates, over days from 1900 to 2199. */
class LastSeenDaysTest {
    @Property(tries = 200)
    void latestEqualsTheLargestDateStillCounted(@ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
        Random rnd = new Random(seed);
        LastSeenDays days = new LastSeenDays();
        TreeMap<LocalDate, Integer> oracle = new TreeMap<>();
        List<LocalDate> held = new ArrayList<>();
        long lo = LocalDate.of(1900, 1, 1).toEpochDay();
        long hi = LocalDate.of(2199, 12, 31).toEpochDay();
        // Mostly near one another (a registry's dates), sometimes anywhere in the accepted range.
        long centre = lo + (long) (rnd.nextDouble() * (hi - lo));
        for (int step = 0; step < 400; step++) {
            if (!held.isEmpty() && rnd.nextInt(3) == 0) {
                LocalDate d = held.remove(rnd.nextInt(held.size()));
                days.add(d, -1);
                oracle.merge(d, -1, Integer::sum);
                oracle.remove(d, 0);
            } else {
                long day = rnd.nextInt(10) == 0 ? lo + (long) (rnd.nextDouble() * (hi - lo))
                        : Math.max(lo, Math.min(hi, centre + rnd.nextInt(4000) - 2000));
                LocalDate d = LocalDate.ofEpochDay(day);
                days.add(d, +1);
                held.add(d);
                oracle.merge(d, 1, Integer::sum);
            }
            assertThat(days.latest()).isEqualTo(oracle.isEmpty() ? null : oracle.lastKey());
        }
        days.clear();
        assertThat(days.latest()).isNull();
    }

    @Test
    void removingWhatWasNotCountedIsABug() {
        LastSeenDays days = new LastSeenDays();
        days.add(null, +1);
        assertThat(days.latest()).isNull();
        days.add(LocalDate.of(2020, 1, 1), +1);
        assertThatThrownBy(() -> days.add(LocalDate.of(2020, 1, 2), -1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> days.add(LocalDate.of(1950, 1, 2), -1)).isInstanceOf(IllegalStateException.class);
        days.add(LocalDate.of(2020, 1, 1), -1);
        assertThat(days.latest()).isNull();
    }
}
