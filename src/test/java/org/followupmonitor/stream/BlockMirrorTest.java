package org.followupmonitor.stream;

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
}
