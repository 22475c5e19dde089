package org.followupmonitor.survival;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Concordance's dense ranks, by hashing few distinct values or by sorting many, against a naive oracle. */
class DenseRanksPropertiesTest {

    /** Naive oracle: the index of each value among the sorted distinct values, -0.0 counted as 0.0. */
    private static int[] naive(double[] values) {
        TreeSet<Double> distinct = new TreeSet<>();
        for (double v : values) {
            distinct.add(v == 0.0 ? 0.0 : v);
        }
        Double[] sorted = distinct.toArray(new Double[0]);
        int[] ranks = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            ranks[i] = java.util.Arrays.binarySearch(sorted, values[i] == 0.0 ? 0.0 : values[i]);
        }
        return ranks;
    }

    @Property(tries = 60)
    void ranksMatchTheNaiveOracle(@ForAll long seed, @ForAll @IntRange(min = 1, max = 20_000) int n,
            @ForAll @IntRange(min = 1, max = 10_000) int distinct) {
        System.out.println("DenseRanksPropertiesTest seed=" + seed + " n=" + n + " distinct=" + distinct);
        Random rnd = new Random(seed);
        double[] pool = new double[distinct];
        for (int k = 0; k < distinct; k++) {
            pool[k] = rnd.nextInt(4) == 0 ? (rnd.nextBoolean() ? 0.0 : -0.0) : rnd.nextGaussian() * 3;
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = pool[rnd.nextInt(distinct)];
        }
        int[] count = new int[1];
        int[] ranks = CoxIndexSort.denseRanks(values, count);
        int[] expected = naive(values);
        assertThat(ranks).isEqualTo(expected);
        assertThat(count[0]).isEqualTo(java.util.Arrays.stream(expected).max().orElse(-1) + 1);
    }
}
