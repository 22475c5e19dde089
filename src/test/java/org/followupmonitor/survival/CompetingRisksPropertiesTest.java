package org.followupmonitor.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Invariances of Aalen-Johansen, Gray's test and Fine-Gray that the R reference tests cannot catch, and a
 * naive oracle for the Aalen-Johansen variance. Each property draws a seed and builds its data from it with
 * java.util.Random; jqwik reports the seed of a failing sample, and {@code @Property(seed = "...")} replays it.
 */
class CompetingRisksPropertiesTest {

    /** Whole-day times 0..maxDay (ties, time 0), causes 1..k drawn with the censored code 0, groups, strata. */
    record Cohort(int[] days, int[] status, int[] group, int[] stratum, int causes, int groups, int strata) {
        static Cohort random(long seed, int n, int causes, int groups, int strata, int maxDay) {
            Random rnd = new Random(seed);
            int[] t = new int[n];
            int[] s = new int[n];
            int[] g = new int[n];
            int[] z = new int[n];
            double censoring = 0.1 + 0.5 * rnd.nextDouble();
            for (int i = 0; i < n; i++) {
                t[i] = rnd.nextInt(maxDay + 1);
                s[i] = rnd.nextDouble() < censoring ? 0 : 1 + rnd.nextInt(causes);
                g[i] = rnd.nextInt(groups);
                z[i] = rnd.nextInt(strata);
            }
            return new Cohort(t, s, g, z, causes, groups, strata);
        }

        CompetingRiskTables tables() {
            return CompetingRiskTables.ofDays(groups, strata, causes, days, status, group, stratum);
        }

        double[] time() {
            double[] t = new double[days.length];
            for (int i = 0; i < t.length; i++) {
                t[i] = days[i];
            }
            return t;
        }

        Cohort permuted(long seed) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < days.length; i++) {
                idx.add(i);
            }
            Collections.shuffle(idx, new Random(seed));
            int n = days.length;
            int[] t = new int[n];
            int[] s = new int[n];
            int[] g = new int[n];
            int[] z = new int[n];
            for (int i = 0; i < n; i++) {
                int j = idx.get(i);
                t[i] = days[j];
                s[i] = status[j];
                g[i] = group[j];
                z[i] = stratum[j];
            }
            return new Cohort(t, s, g, z, causes, groups, strata);
        }
    }

    @Property(tries = 300)
    void theCausesAndTheEventFreeStateSumToOneAtEveryTime(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 150) int n, @ForAll @IntRange(min = 1, max = 4) int causes) {
        Cohort c = Cohort.random(seed, n, causes, 2, 2, 30);
        CompetingRiskTables tables = c.tables();
        for (int g = 0; g < 2; g++) {
            AalenJohansenFit fit = AalenJohansen.fit(tables.group(g));
            double[][] p = fit.pstate();
            for (int i = 0; i < fit.size(); i++) {
                double sum = 0;
                for (double[] state : p) {
                    assertThat(state[i]).isBetween(-1e-15, 1 + 1e-15);
                    sum += state[i];
                }
                assertThat(sum).as("sum of states at time %s", fit.time()[i]).isCloseTo(1.0, within(1e-12));
                if (i > 0) {
                    assertThat(p[0][i]).isLessThanOrEqualTo(p[0][i - 1]);
                    for (int s = 1; s < p.length; s++) {
                        assertThat(p[s][i]).isGreaterThanOrEqualTo(p[s][i - 1]);
                    }
                }
            }
        }
    }

    /** Without competing events the incidence is 1 - Kaplan-Meier, and the event-free state always is KM. */
    @Property(tries = 300)
    void withoutCompetingEventsTheIncidenceIsOneMinusKaplanMeier(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 150) int n, @ForAll @IntRange(min = 1, max = 3) int causes) {
        Cohort c = Cohort.random(seed, n, causes, 1, 1, 40);
        int[] only = c.status().clone();
        for (int i = 0; i < n; i++) {
            only[i] = only[i] == 0 ? 0 : 1; // every event is cause 1; causes 2..k stay empty
        }
        CompetingRiskTable single = CompetingRiskTables.ofDays(1, 1, causes, c.days(), only, null, null).cell(0, 0);
        AalenJohansenFit aj = AalenJohansen.fit(single);
        KaplanMeierFit km = KaplanMeier.fit(single.causeSpecific(1));
        double[] f = aj.incidence(1);
        double[] s = km.survival();
        assertThat(aj.time()).isEqualTo(km.time());
        assertThat(aj.nRisk()).isEqualTo(km.nRisk());
        for (int i = 0; i < f.length; i++) {
            assertThat(f[i]).isCloseTo(1 - s[i], within(1e-13));
        }
        for (int cause = 2; cause <= causes; cause++) {
            assertThat(aj.incidence(cause)).containsOnly(0.0);
        }
        // With competing causes, the event-free state is the Kaplan-Meier curve of the first event.
        CompetingRiskTable all = c.tables().cell(0, 0);
        double[] free = AalenJohansen.fit(all).eventFree();
        double[] kmAny = KaplanMeier.fit(all.anyEvent()).survival();
        for (int i = 0; i < free.length; i++) {
            assertThat(free[i]).isCloseTo(kmAny[i], within(1e-13));
        }
    }

    /**
     * The closed-form variance equals R's per-subject infinitesimal jackknife (survfitci.c: U := U H, then the
     * dH term for those at risk, variance sum U^2), replayed naively below.
     */
    @Property(tries = 300)
    void standardErrorsEqualTheNaivePerSubjectJackknife(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 120) int n, @ForAll @IntRange(min = 1, max = 3) int causes) {
        Cohort c = Cohort.random(seed, n, causes, 1, 1, 25);
        AalenJohansenFit fit = AalenJohansen.fit(c.tables().cell(0, 0));
        double[][] naive = naiveJackknife(c.days(), c.status(), causes);
        double[][] se = fit.stdErr();
        double scale = 0;
        for (double[] state : naive) {
            for (double v : state) {
                scale = Math.max(scale, v * v);
            }
        }
        // Variances agree to 1e-10 relative, or to 1e-13 of the largest one where a variance is (nearly) 0.
        for (int s = 0; s <= causes; s++) {
            for (int i = 0; i < se[s].length; i++) {
                double v = naive[s][i] * naive[s][i];
                assertThat(se[s][i] * se[s][i]).as("state %s time %s", s, fit.time()[i])
                        .isCloseTo(v, within(1e-13 * scale + 1e-10 * v));
            }
        }
    }

    @Property(tries = 200)
    void rowOrderChangesNothing(@ForAll long seed, @ForAll @IntRange(min = 1, max = 150) int n,
            @ForAll @IntRange(min = 1, max = 3) int causes, @ForAll @IntRange(min = 1, max = 3) int groups,
            @ForAll @IntRange(min = 1, max = 3) int strata) {
        Cohort c = Cohort.random(seed, n, causes, groups, strata, 30);
        Cohort p = c.permuted(seed ^ 0x5DEECE66DL);
        assertThat(p.tables()).isEqualTo(c.tables());
        for (int g = 0; g < groups; g++) {
            assertThat(AalenJohansen.fit(p.tables().group(g))).isEqualTo(AalenJohansen.fit(c.tables().group(g)));
        }
        for (int cause = 1; cause <= causes; cause++) {
            assertThat(GrayTest.test(p.tables(), cause)).isEqualTo(GrayTest.test(c.tables(), cause));
        }
    }

    /** The stream's per-day counts (sorted maps or dense slots) give the tables of the subject rows. */
    @Property(tries = 200)
    void countsGiveTheSameTablesAsSubjects(@ForAll long seed, @ForAll @IntRange(min = 0, max = 150) int n,
            @ForAll @IntRange(min = 1, max = 3) int causes, @ForAll @IntRange(min = 1, max = 3) int groups,
            @ForAll @IntRange(min = 1, max = 3) int strata, @ForAll boolean dense) {
        Cohort c = Cohort.random(seed, n, causes, groups, strata, 30);
        List<SortedMap<Integer, int[]>> byCell = new ArrayList<>();
        for (int k = 0; k < groups * strata; k++) {
            byCell.add(new TreeMap<>());
        }
        for (int i = 0; i < n; i++) {
            int[] counts = byCell.get(c.stratum()[i] * groups + c.group()[i])
                    .computeIfAbsent(c.days()[i], d -> new int[causes + 1]);
            counts[c.status()[i] == 0 ? causes : c.status()[i] - 1]++;
        }
        List<CompetingCellCounts> cells = new ArrayList<>();
        for (int s = 0; s < strata; s++) {
            for (int g = 0; g < groups; g++) {
                SortedMap<Integer, int[]> days = byCell.get(s * groups + g);
                if (days.isEmpty()) {
                    continue;
                }
                if (dense) {
                    int[] slots = new int[(days.lastKey() + 1) * (causes + 1)];
                    days.forEach((d, v) -> System.arraycopy(v, 0, slots, d * (causes + 1), causes + 1));
                    cells.add(CompetingCellCounts.ofDense(g, s, causes, slots));
                } else {
                    cells.add(CompetingCellCounts.of(g, s, causes, days));
                }
            }
        }
        Collections.shuffle(cells, new Random(seed));
        CompetingRiskTables fromCounts = CompetingRiskTables.of(groups, strata, causes, cells);
        CompetingRiskTables fromSubjects = c.tables();
        assertThat(fromCounts).isEqualTo(fromSubjects);
        assertThat(fromCounts).isEqualTo(CompetingRiskTables.of(groups, strata, causes, c.time(), c.status(),
                c.group(), c.stratum()));
        for (int g = 0; g < groups; g++) {
            assertThat(AalenJohansen.fit(fromCounts.group(g))).isEqualTo(AalenJohansen.fit(fromSubjects.group(g)));
        }
        assertThat(GrayTest.testAll(fromCounts)).isEqualTo(GrayTest.testAll(fromSubjects));
    }

    /** Real-valued times take the sorting route of the aggregation; it must agree with a naive grouping. */
    @Property(tries = 200)
    void realTimesAggregateAsANaiveGrouping(@ForAll long seed, @ForAll @IntRange(min = 1, max = 100) int n) {
        Random rnd = new Random(seed);
        double[] t = new double[n];
        int[] s = new int[n];
        int[] g = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = Math.round(rnd.nextDouble() * 50) / 4.0 + (rnd.nextBoolean() ? 0.1 : 0);
            s[i] = rnd.nextInt(3);
            g[i] = rnd.nextInt(2);
        }
        CompetingRiskTables tables = CompetingRiskTables.of(2, 1, 2, t, s, g, null);
        for (int grp = 0; grp < 2; grp++) {
            TreeMap<Double, double[]> naive = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                if (g[i] == grp) {
                    naive.computeIfAbsent(t[i], k -> new double[3])[s[i]]++;
                }
            }
            CompetingRiskTable cell = tables.cell(grp, 0);
            assertThat(cell.times()).containsExactly(naive.keySet().stream().mapToDouble(Double::doubleValue)
                    .toArray());
            int i = 0;
            for (double[] v : naive.values()) {
                assertThat(cell.censored()[i]).isEqualTo(v[0]);
                assertThat(cell.events(1)[i]).isEqualTo(v[1]);
                assertThat(cell.events(2)[i]).isEqualTo(v[2]);
                i++;
            }
        }
    }

    /**
     * The sample above on which a relabelling crosses cuminc's stop, against R (r/gray_relabelling_nan.R and .txt:
     * as drawn, cause 1, statistic 2.9999999999999991 on 1 df; swapped, cuminc stops on the NaN).
     */
    @Example
    void aRelabellingCanMeetTheNaNThatCumincStopsOn() {
        int[] days = {6, 26, 6, 29, 16, 25, 24, 21};
        int[] status = {1, 0, 1, 2, 2, 0, 0, 1};
        int[] group = {0, 0, 0, 1, 1, 0, 0, 1};
        int[] stratum = {2, 0, 2, 2, 1, 0, 0, 2};
        int[] swapped = new int[group.length];
        for (int i = 0; i < group.length; i++) {
            swapped[i] = 1 - group[i];
        }
        GrayTestResult drawn = GrayTest.test(CompetingRiskTables.ofDays(2, 3, 2, days, status, group, stratum), 1, 0);
        GrayTestResult other = GrayTest.test(CompetingRiskTables.ofDays(2, 3, 2, days, status, swapped, stratum), 1, 0);
        assertThat(drawn.chiSquare()).isCloseTo(2.9999999999999991, within(1e-9 * 3));
        assertThat(drawn.df()).isEqualTo(1);
        assertThat(finite(other.variance())).isFalse();
        assertThat(other.chiSquare()).isNaN();
    }

    @Property(tries = 200)
    void relabellingGroupsLeavesGraysStatisticUnchanged(@ForAll long seed,
            @ForAll @IntRange(min = 2, max = 150) int n, @ForAll @IntRange(min = 2, max = 4) int groups,
            @ForAll @IntRange(min = 1, max = 3) int strata) {
        Cohort c = Cohort.random(seed, n, 2, groups, strata, 30);
        List<Integer> perm = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            perm.add(g);
        }
        Collections.shuffle(perm, new Random(seed * 31));
        int[] relabelled = new int[n];
        for (int i = 0; i < n; i++) {
            relabelled[i] = perm.get(c.group()[i]);
        }
        CompetingRiskTables other = CompetingRiskTables.ofDays(groups, strata, 2, c.days(), c.status(), relabelled,
                c.stratum());
        for (int cause = 1; cause <= 2; cause++) {
            for (double rho : new double[] {0, 1}) {
                GrayTestResult a = GrayTest.test(c.tables(), cause, rho);
                GrayTestResult b = GrayTest.test(other, cause, rho);
                assertThat(b.df()).isEqualTo(a.df());
                if (!finite(a.variance()) || !finite(b.variance())) {
                    // The pooled incidence reached 1 while a group was still at risk (cuminc stops on the NaN):
                    // no statistic where the variance is not finite. Whether the NaN is met depends on the labels,
                    // as cuminc's statistic leaves the last group out: R gives 3 for one labelling of this
                    // property's sample seed 239, n 8, 2 groups, 3 strata and stops for the other
                    // (r/gray_relabelling_nan.R and its output).
                    if (!finite(a.variance())) {
                        assertThat(a.chiSquare()).isNaN();
                    }
                    if (!finite(b.variance())) {
                        assertThat(b.chiSquare()).isNaN();
                    }
                } else if (Double.isNaN(a.chiSquare()) || Double.isNaN(b.chiSquare())) {
                    // Singularity is decided on a relative tolerance, which a relabelling may cross only
                    // when the variance is (numerically) degenerate; require that it is.
                    assertThat(Math.min(determinant(a), determinant(b))).isLessThan(1e-6);
                } else {
                    assertThat(b.chiSquare()).isCloseTo(a.chiSquare(), within(1e-8 * Math.max(1, a.chiSquare())));
                }
            }
        }
    }

    /** Fine-Gray: row order and a shift of a numeric covariate change neither coefficients nor errors. */
    @Property(tries = 60)
    void fineGrayIgnoresRowOrderAndCovariateShift(@ForAll long seed,
            @ForAll @IntRange(min = 40, max = 150) int n) {
        Cohort c = Cohort.random(seed, n, 2, 3, 1, 60);
        Random rnd = new Random(seed + 7);
        double[] x = new double[n];
        double[] shifted = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.round(rnd.nextGaussian() * 100) / 10.0;
            shifted[i] = x[i] + 50;
        }
        if (count(c.status(), 1) < 3) {
            return;
        }
        FineGrayFit a = fineGray(c, x);
        if (a == null) {
            return;
        }
        Cohort p = c.permuted(seed + 3);
        int[] idx = permutation(seed + 3, n);
        double[] xp = new double[n];
        for (int i = 0; i < n; i++) {
            xp[i] = x[idx[i]];
        }
        FineGrayFit r = fineGray(p, xp);
        assertThat(r.converged()).isEqualTo(a.converged());
        assertThat(r.iterations()).isEqualTo(a.iterations());
        FineGrayFit b = fineGray(c, shifted);
        for (FineGrayFit other : List.of(b, r)) {
            if (!a.converged() || !other.converged()) {
                continue;
            }
            for (int j = 0; j < a.terms().size(); j++) {
                FineGrayTerm s = a.terms().get(j);
                FineGrayTerm o = other.terms().get(j);
                assertThat(o.coef()).isCloseTo(s.coef(), within(1e-7 * Math.max(1, Math.abs(s.coef()))));
                assertThat(o.se()).isCloseTo(s.se(), within(1e-7 * s.se()));
            }
            assertThat(other.loglik()).isCloseTo(a.loglik(), within(1e-7 * Math.abs(a.loglik())));
        }
    }

    /**
     * Without competing events the subdistribution is the ordinary risk set: Fine-Gray's coefficients are
     * Cox's with Breslow ties. crr's own stopping rule (gtol 1e-6 on the score) leaves about 1e-5 in the
     * coefficients, so this iterates to gtol 1e-12.
     */
    @Property(tries = 60)
    void fineGrayWithoutCompetingEventsIsCoxBreslow(@ForAll long seed,
            @ForAll @IntRange(min = 40, max = 150) int n) {
        Cohort c = Cohort.random(seed, n, 1, 2, 1, 60);
        if (count(c.status(), 1) < 5) {
            return;
        }
        Random rnd = new Random(seed + 11);
        double[] x = new double[n];
        double[][] rows = new double[n][];
        boolean[] event = new boolean[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.round(rnd.nextGaussian() * 100) / 10.0;
            rows[i] = new double[] {c.group()[i], x[i]};
            event[i] = c.status()[i] == 1;
        }
        FineGrayFit fg = fineGray(c, x, new FineGrayOptions(1e-12, 50, 0.95));
        if (fg == null) {
            return;
        }
        CoxFit cox = CoxRegression.fit(CoxData.unweighted(c.time(), event, rows, List.of("group1", "x")),
                CoxOptions.withTies(CoxTies.BRESLOW));
        if (!fg.converged() || !cox.converged()) {
            return;
        }
        for (int j = 0; j < 2; j++) {
            double coxCoef = cox.terms().get(j).coef();
            assertThat(fg.terms().get(j).coef()).isCloseTo(coxCoef, within(1e-8 * Math.max(1, Math.abs(coxCoef))));
        }
    }

    private static FineGrayFit fineGray(Cohort c, double[] x) {
        return fineGray(c, x, FineGrayOptions.DEFAULTS);
    }

    private static FineGrayFit fineGray(Cohort c, double[] x, FineGrayOptions options) {
        String[] g = new String[x.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = Integer.toString(c.group()[i]);
        }
        DesignMatrix.Builder b = DesignMatrix.builder(x.length);
        if (java.util.Arrays.stream(g).distinct().count() > 1) {
            b.categorical("group", g, "0");
        }
        DesignMatrix design = b.numeric("x", x).build();
        try {
            return FineGray.fit(c.time(), c.status(), design, 1, options);
        } catch (IllegalArgumentException e) {
            // A group level without anyone at risk at the failure times: crr stops with an error too.
            assertThat(e).hasMessageContaining("singular");
            return null;
        }
    }

    private static int count(int[] status, int code) {
        int k = 0;
        for (int s : status) {
            k += s == code ? 1 : 0;
        }
        return k;
    }

    private static int[] permutation(long seed, int n) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            idx.add(i);
        }
        Collections.shuffle(idx, new Random(seed));
        return idx.stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean finite(double[][] m) {
        for (double[] row : m) {
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static double determinant(GrayTestResult result) {
        double[][] v = result.variance();
        if (v.length == 1) {
            return Math.abs(v[0][0]);
        }
        double scale = 0;
        for (double[] row : v) {
            for (double e : row) {
                scale = Math.max(scale, Math.abs(e));
            }
        }
        if (scale == 0) {
            return 0;
        }
        int p = v.length;
        double[][] a = new double[p][];
        for (int i = 0; i < p; i++) {
            a[i] = v[i].clone();
            for (int j = 0; j < p; j++) {
                a[i][j] /= scale;
            }
        }
        double det = 1;
        for (int col = 0; col < p; col++) {
            int piv = col;
            for (int r = col + 1; r < p; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) {
                    piv = r;
                }
            }
            if (a[piv][col] == 0) {
                return 0;
            }
            double[] t = a[piv];
            a[piv] = a[col];
            a[col] = t;
            det *= a[col][col];
            for (int r = col + 1; r < p; r++) {
                double f = a[r][col] / a[col][col];
                for (int k = col; k < p; k++) {
                    a[r][k] -= f * a[col][k];
                }
            }
        }
        return Math.abs(det);
    }

    /** R's survfitci.c influence recursion, subject by subject, O(subjects x times x states). */
    static double[][] naiveJackknife(int[] days, int[] status, int causes) {
        int n = days.length;
        int[] distinct = java.util.Arrays.stream(days).distinct().sorted().toArray();
        int m = distinct.length;
        double[][] u = new double[n][causes + 1];
        double[] p = new double[causes + 1];
        p[0] = 1;
        double[][] se = new double[causes + 1][m];
        for (int ti = 0; ti < m; ti++) {
            int t = distinct[ti];
            double atRisk = 0;
            double[] d = new double[causes + 1];
            for (int i = 0; i < n; i++) {
                if (days[i] >= t) {
                    atRisk++;
                    if (days[i] == t && status[i] > 0) {
                        d[status[i]]++;
                    }
                }
            }
            double dAll = 0;
            for (int c = 1; c <= causes; c++) {
                dAll += d[c];
            }
            if (dAll > 0) {
                double[] h = new double[causes + 1];
                h[0] = 1 - dAll / atRisk;
                for (int c = 1; c <= causes; c++) {
                    h[c] = d[c] / atRisk;
                }
                double q = p[0] / atRisk;
                for (int i = 0; i < n; i++) {
                    double u0 = u[i][0];
                    u[i][0] = u0 * h[0];
                    for (int c = 1; c <= causes; c++) {
                        u[i][c] += u0 * h[c];
                    }
                    if (days[i] >= t) {
                        for (int s = 0; s <= causes; s++) {
                            u[i][s] -= h[s] * q;
                        }
                        int next = days[i] == t ? status[i] : 0;
                        u[i][next] += q;
                    }
                }
                double p0 = p[0];
                for (int c = 1; c <= causes; c++) {
                    p[c] += p0 * h[c];
                }
                p[0] = p0 * h[0];
            }
            for (int s = 0; s <= causes; s++) {
                double v = 0;
                for (int i = 0; i < n; i++) {
                    v += u[i][s] * u[i][s];
                }
                se[s][ti] = Math.sqrt(v);
            }
        }
        return se;
    }
}
