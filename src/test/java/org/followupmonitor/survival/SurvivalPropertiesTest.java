package org.followupmonitor.survival;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Invariances the reference tests cannot catch. Each property draws a seed and builds its data
 * from it; jqwik reports the seed of every run (and of a failing sample) in its report, and a
 * failing case can be replayed with {@code @Property(seed = "...")}.
 */
class SurvivalPropertiesTest {

    /** A random cohort: whole-day times with ties, 0..k-1 groups, 0..s-1 strata, optional weights. */
    record Cohort(double[] time, boolean[] event, int[] group, int[] stratum, int groups, int strata) {
        static Cohort random(long seed, int n, int groups, int strata, int maxDay) {
            Random rnd = new Random(seed);
            double[] t = new double[n];
            boolean[] e = new boolean[n];
            int[] g = new int[n];
            int[] s = new int[n];
            for (int i = 0; i < n; i++) {
                t[i] = rnd.nextInt(maxDay + 1);
                e[i] = rnd.nextDouble() < 0.6;
                g[i] = rnd.nextInt(groups);
                s[i] = rnd.nextInt(strata);
            }
            return new Cohort(t, e, g, s, groups, strata);
        }

        StratifiedRiskTables tables() {
            return StratifiedRiskTables.of(groups, strata, time, event, group, stratum, null);
        }

        Cohort permuted(long seed) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < time.length; i++) {
                idx.add(i);
            }
            Collections.shuffle(idx, new Random(seed));
            double[] t = new double[time.length];
            boolean[] e = new boolean[time.length];
            int[] g = new int[time.length];
            int[] s = new int[time.length];
            for (int i = 0; i < t.length; i++) {
                int j = idx.get(i);
                t[i] = time[j];
                e[i] = event[j];
                g[i] = group[j];
                s[i] = stratum[j];
            }
            return new Cohort(t, e, g, s, groups, strata);
        }
    }

    @Property(tries = 200)
    void rowOrderDoesNotChangeAnyEstimate(@ForAll long seed, @ForAll @IntRange(min = 1, max = 120) int n,
            @ForAll @IntRange(min = 1, max = 4) int groups, @ForAll @IntRange(min = 1, max = 3) int strata) {
        Cohort c = Cohort.random(seed, n, groups, strata, 30);
        Cohort p = c.permuted(seed ^ 0x5DEECE66DL);
        assertThat(p.tables()).isEqualTo(c.tables());
        assertThat(LogRank.test(p.tables(), 1)).isEqualTo(LogRank.test(c.tables(), 1));
        for (int g = 0; g < groups; g++) {
            assertThat(KaplanMeier.fit(p.tables().group(g))).isEqualTo(KaplanMeier.fit(c.tables().group(g)));
        }
    }

    @Property(tries = 200)
    void rowOrderWithRealWeightsChangesEstimatesOnlyByRounding(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 120) int n) {
        Cohort c = Cohort.random(seed, n, 1, 1, 30);
        Random rnd = new Random(seed + 1);
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = 0.1 + rnd.nextDouble() * 3;
        }
        KaplanMeierFit a = KaplanMeier.fit(c.time(), c.event(), w);
        double[] rt = c.time().clone();
        boolean[] re = c.event().clone();
        double[] rw = w.clone();
        reverse(rt, re, rw);
        KaplanMeierFit b = KaplanMeier.fit(rt, re, rw);
        assertThat(b.time()).isEqualTo(a.time());
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.survival()[i]).isCloseTo(a.survival()[i], org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    @Property(tries = 200)
    void integerWeightsEqualDuplicatedRows(@ForAll long seed, @ForAll @IntRange(min = 1, max = 80) int n,
            @ForAll @IntRange(min = 1, max = 3) int groups) {
        Cohort c = Cohort.random(seed, n, groups, 1, 25);
        Random rnd = new Random(~seed);
        double[] w = new double[n];
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            w[i] = 1 + rnd.nextInt(4);
            for (int k = 0; k < w[i]; k++) {
                rows.add(i);
            }
        }
        double[] dt = new double[rows.size()];
        boolean[] de = new boolean[rows.size()];
        int[] dg = new int[rows.size()];
        for (int k = 0; k < rows.size(); k++) {
            dt[k] = c.time()[rows.get(k)];
            de[k] = c.event()[rows.get(k)];
            dg[k] = c.group()[rows.get(k)];
        }
        StratifiedRiskTables weighted = StratifiedRiskTables.of(groups, 1, c.time(), c.event(), c.group(), null, w);
        StratifiedRiskTables duplicated = StratifiedRiskTables.of(groups, 1, dt, de, dg, null, null);
        assertThat(weighted).isEqualTo(duplicated);
        assertThat(KaplanMeier.fit(weighted.pooled())).isEqualTo(KaplanMeier.fit(duplicated.pooled()));
        assertThat(LogRank.test(weighted)).isEqualTo(LogRank.test(duplicated));
    }

    @Property(tries = 300)
    void survivalIsNonIncreasingWithinZeroAndOne(@ForAll long seed, @ForAll @IntRange(min = 1, max = 150) int n,
            @ForAll boolean realTimes) {
        Random rnd = new Random(seed);
        double[] t = new double[n];
        boolean[] e = new boolean[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = realTimes ? rnd.nextDouble() * 100 : rnd.nextInt(40);
            e[i] = rnd.nextBoolean();
            w[i] = realTimes ? 0.01 + rnd.nextDouble() : 1;
        }
        KaplanMeierFit fit = KaplanMeier.fit(t, e, w);
        double[] s = fit.survival();
        for (int i = 0; i < s.length; i++) {
            assertThat(s[i]).isBetween(0.0, 1.0);
            if (i > 0) {
                assertThat(s[i]).isLessThanOrEqualTo(s[i - 1]);
            }
        }
        for (ConfidenceType type : ConfidenceType.values()) {
            ConfidenceBand band = fit.confidenceBand(new ConfidenceSpec(type, 0.95));
            for (int i = 0; i < s.length; i++) {
                if (!Double.isNaN(band.lower()[i])) {
                    assertThat(band.lower()[i]).isBetween(0.0, s[i] + 1e-15);
                    assertThat(band.upper()[i]).isBetween(s[i] - 1e-15, 1.0);
                }
            }
        }
    }

    @Property(tries = 200)
    void relabellingGroupsLeavesTheChiSquareUnchanged(@ForAll long seed,
            @ForAll @IntRange(min = 2, max = 120) int n, @ForAll @IntRange(min = 2, max = 4) int groups,
            @ForAll @IntRange(min = 1, max = 3) int strata) {
        Cohort c = Cohort.random(seed, n, groups, strata, 30);
        List<Integer> perm = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            perm.add(g);
        }
        Collections.shuffle(perm, new Random(seed * 31));
        int[] relabelled = new int[n];
        for (int i = 0; i < n; i++) {
            relabelled[i] = perm.get(c.group()[i]);
        }
        for (double rho : new double[] {0, 1}) {
            LogRankResult a = LogRank.test(c.tables(), rho);
            LogRankResult b = LogRank.test(
                    StratifiedRiskTables.of(groups, strata, c.time(), c.event(), relabelled, c.stratum(), null), rho);
            assertThat(b.degreesOfFreedom()).isEqualTo(a.degreesOfFreedom());
            if (Double.isNaN(a.chiSquare())) {
                assertThat(b.chiSquare()).isNaN();
            } else {
                assertThat(b.chiSquare()).isCloseTo(a.chiSquare(),
                        org.assertj.core.data.Offset.offset(1e-9 * Math.max(1, a.chiSquare())));
                for (int g = 0; g < groups; g++) {
                    assertThat(b.observed()[perm.get(g)]).isEqualTo(a.observed()[g]);
                }
            }
        }
    }

    @Property(tries = 200)
    void incrementalEqualsBatchAfterRandomAddsAndRemoves(@ForAll long seed,
            @ForAll @IntRange(min = 0, max = 150) int steps) {
        Random rnd = new Random(seed);
        int groups = 1 + rnd.nextInt(3);
        int strata = 1 + rnd.nextInt(3);
        IncrementalRiskSets inc = new IncrementalRiskSets();
        List<RiskSetSubject> held = new ArrayList<>();
        for (int k = 0; k < steps; k++) {
            if (!held.isEmpty() && rnd.nextDouble() < 0.4) {
                inc.remove(held.remove(rnd.nextInt(held.size())));
            } else {
                RiskSetSubject s = new RiskSetSubject(rnd.nextInt(40), rnd.nextBoolean(), rnd.nextInt(groups),
                        rnd.nextInt(strata));
                inc.add(s);
                held.add(s);
            }
        }
        assertBatchEqualsIncremental(inc, held, groups, strata);
        assertThat(IncrementalRiskSets.restore(inc.snapshot()).tables(groups, strata))
                .isEqualTo(inc.tables(groups, strata));
        Collections.shuffle(held, rnd);
        for (RiskSetSubject s : held) {
            inc.remove(s);
        }
        assertThat(inc.isEmpty()).isTrue();
        assertThat(inc.snapshot().cells()).isEmpty();
        assertThat(inc.tables(groups, strata)).isEqualTo(Aggregation.emptyTables(groups, strata));
    }

    @Property(tries = 200)
    void horizonBeyondAllTimesGivesThePlainLogRank(@ForAll long seed, @ForAll @IntRange(min = 1, max = 120) int n,
            @ForAll @IntRange(min = 2, max = 4) int groups, @ForAll @IntRange(min = 1, max = 2) int strata,
            @ForAll @IntRange(min = 0, max = 100) int beyond) {
        Cohort c = Cohort.random(seed, n, groups, strata, 30);
        for (double rho : new double[] {0, 1}) {
            assertThat(LogRank.testCensoredAt(c.tables(), rho, 30 + beyond)).isEqualTo(LogRank.test(c.tables(), rho));
        }
    }

    @Property(tries = 200)
    void censoringAtAHorizonEqualsCensoringTheRawData(@ForAll long seed, @ForAll @IntRange(min = 1, max = 120) int n,
            @ForAll @IntRange(min = 0, max = 35) int horizon) {
        Cohort c = Cohort.random(seed, n, 2, 2, 30);
        double[] t = c.time().clone();
        boolean[] e = c.event().clone();
        for (int i = 0; i < n; i++) {
            if (t[i] > horizon) {
                t[i] = horizon;
                e[i] = false;
            }
        }
        StratifiedRiskTables raw = StratifiedRiskTables.of(2, 2, t, e, c.group(), c.stratum(), null);
        assertThat(c.tables().censoredAfter(horizon)).isEqualTo(raw);
    }

    static void assertBatchEqualsIncremental(IncrementalRiskSets inc, List<RiskSetSubject> held, int groups,
            int strata) {
        int n = held.size();
        double[] t = new double[n];
        boolean[] e = new boolean[n];
        int[] g = new int[n];
        int[] s = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = held.get(i).time();
            e[i] = held.get(i).event();
            g[i] = held.get(i).group();
            s[i] = held.get(i).stratum();
        }
        StratifiedRiskTables batch = StratifiedRiskTables.of(groups, strata, t, e, g, s, null);
        StratifiedRiskTables incremental = inc.tables(groups, strata);
        assertThat(incremental).isEqualTo(batch);
        assertThat(inc.size()).isEqualTo(n);
        for (int k = 0; k < groups; k++) {
            assertThat(KaplanMeier.fit(incremental.group(k))).isEqualTo(KaplanMeier.fit(batch.group(k)));
        }
        assertThat(LogRank.test(incremental)).isEqualTo(LogRank.test(batch));
    }

    private static void reverse(double[] t, boolean[] e, double[] w) {
        for (int i = 0, j = t.length - 1; i < j; i++, j--) {
            double x = t[i];
            t[i] = t[j];
            t[j] = x;
            boolean y = e[i];
            e[i] = e[j];
            e[j] = y;
            double z = w[i];
            w[i] = w[j];
            w[j] = z;
        }
    }
}
