package org.followupmonitor.cohortstate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** The mirror's sums against summing the latest block of every source directly. */
class BlockMirrorTest {
    @Property(tries = 100)
    void sumsEqualTheLatestBlocksOfEverySource(@ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
        Random rnd = new Random(seed);
        BlockMirror mirror = new BlockMirror();
        Map<String, int[]> latest = new TreeMap<>(); // source/group/block -> counts
        for (int step = 0; step < 200; step++) {
            int source = rnd.nextInt(3);
            if (rnd.nextInt(25) == 0) {
                mirror.dropSource("a", source);
                latest.keySet().removeIf(k -> k.startsWith(source + "/"));
                continue;
            }
            String group = rnd.nextBoolean() ? "x" : "y";
            int index = rnd.nextInt(4);
            int[] counts = new int[2 * CohortDelta.BLOCK_DAYS];
            if (rnd.nextInt(5) > 0) {
                for (int k = 0; k < 3; k++) {
                    counts[rnd.nextInt(counts.length)] = rnd.nextInt(4);
                }
            }
            mirror.put("a", source, group, "", index, counts);
            latest.put(source + "/" + group + "/" + index, counts);
        }
        Map<String, int[]> expected = new TreeMap<>();
        latest.forEach((k, counts) -> {
            String[] p = k.split("/");
            for (int d = 0; d < CohortDelta.BLOCK_DAYS; d++) {
                int day = Integer.parseInt(p[2]) * CohortDelta.BLOCK_DAYS + d;
                if (counts[2 * d] + counts[2 * d + 1] > 0) {
                    int[] e = expected.computeIfAbsent(p[1] + "/" + day, x -> new int[2]);
                    e[0] += counts[2 * d];
                    e[1] += counts[2 * d + 1];
                }
            }
        });
        Map<String, int[]> actual = new TreeMap<>();
        mirror.forEachCell("a", (group, stratum, pairs) -> {
            for (int day = 0; day < pairs.length / 2; day++) {
                if (pairs[2 * day] != 0 || pairs[2 * day + 1] != 0) {
                    actual.put(group + "/" + day, new int[] {pairs[2 * day], pairs[2 * day + 1]});
                }
            }
        });
        assertThat(actual).usingRecursiveComparison().isEqualTo(expected);
    }

    /**
     * Blocks of three counts a day (recurrences, deaths, censored) sum day by day; after an endpoint's change from
     * one cause to competing ones, once the old two-count blocks are dropped (the sources' resets), the sums read as
     * whole days of three counts.
     */
    @org.junit.jupiter.api.Test
    void competingBlocksSumAsWholeDaysAlsoAfterTheOldPairBlocksAreDropped() {
        BlockMirror mirror = new BlockMirror();
        int[] pairs = new int[2 * CohortDelta.BLOCK_DAYS];
        pairs[2 * 3] = 5;
        mirror.put("a", 0, "x", "", 1, pairs); // the old layout, from before the change
        int[] three = new int[3 * CohortDelta.BLOCK_DAYS];
        three[3 * 7] = 2; // day 7: two recurrences
        three[3 * 7 + 1] = 1; // one death without recurrence
        three[3 * 31 + 2] = 4; // day 31: four censored
        mirror.put("a", 1, "x", "", 0, three);
        mirror.put("a", 1, "x", "", 2, three);
        mirror.dropSource("a", 0);
        int[][] seen = new int[1][];
        mirror.forEachCell("a", (group, stratum, slots) -> seen[0] = slots.clone());
        assertThat(seen[0].length % 3).isZero();
        int[] expected = new int[seen[0].length];
        System.arraycopy(three, 0, expected, 0, three.length);
        System.arraycopy(three, 0, expected, 2 * three.length, three.length);
        assertThat(seen[0]).containsExactly(expected);
    }
}
