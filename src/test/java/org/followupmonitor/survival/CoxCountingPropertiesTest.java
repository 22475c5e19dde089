package org.followupmonitor.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties of counting-process (start, stop] fits that R cannot check directly (jqwik; the data come from
 * java.util.Random with the generated seed, so a failure replays from that number):
 * <ul>
 *   <li>splitting a row's interval at a time when nobody has an event changes no number: the fit, its tests and
 *       concordance, and the proportional-hazards test;</li>
 *   <li>one (0, t] interval per subject is the right-censored fit of the same subjects (times &gt; 0);</li>
 *   <li>with strata and clusters too.</li>
 * </ul>
 */
class CoxCountingPropertiesTest {
    private static final double REL = 1e-9;

    /** Right-censored data with times 1..maxTime, a binary and a continuous covariate, optional strata/clusters. */
    private static CoxData data(long seed, int n, boolean strata, boolean clusters) {
        CoxData d = CoxRegressionPropertiesTest.randomData(seed, n, 2, 200);
        Random rnd = new Random(seed ^ 0x5DEECE66DL);
        int[] s = new int[n];
        int[] c = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = rnd.nextInt(2);
            c[i] = rnd.nextInt(6);
        }
        if (strata) {
            d = d.withStrata(s);
        }
        return clusters ? d.withCluster(c) : d;
    }

    /** The same rows as (0, t] intervals. */
    private static CoxData asIntervals(CoxData d) {
        return d.withStart(new double[d.size()]);
    }

    /** Each row split in two at a random non-event time inside its interval (when there is one). */
    private static CoxData split(CoxData d, long seed) {
        Random rnd = new Random(seed + 17);
        double[] start = d.start();
        double[] stop = d.time();
        boolean[] event = d.event();
        double[][] x = d.x();
        double[] w = d.weights();
        int[] strata = d.strata();
        int[] cluster = d.cluster();
        Set<Double> eventTimes = new HashSet<>();
        for (int i = 0; i < stop.length; i++) {
            if (event[i]) {
                eventTimes.add(stop[i]);
            }
        }
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < stop.length; i++) {
            double cut = -1;
            if (rnd.nextBoolean()) {
                // Half-day cuts never meet a whole-day event time; whole-day cuts are tried when free of events.
                double candidate = start[i] + (stop[i] - start[i]) * rnd.nextDouble();
                candidate = rnd.nextBoolean() ? Math.floor(candidate) + 0.5 : Math.ceil(candidate);
                if (candidate > start[i] && candidate < stop[i] && !eventTimes.contains(candidate)) {
                    cut = candidate;
                }
            }
            if (cut < 0) {
                rows.add(new double[] {i, start[i], stop[i], event[i] ? 1 : 0});
            } else {
                rows.add(new double[] {i, start[i], cut, 0});
                rows.add(new double[] {i, cut, stop[i], event[i] ? 1 : 0});
            }
        }
        int m = rows.size();
        double[] s2 = new double[m];
        double[] t2 = new double[m];
        boolean[] e2 = new boolean[m];
        double[][] x2 = new double[m][];
        double[] w2 = new double[m];
        int[] st2 = strata == null ? null : new int[m];
        int[] cl2 = cluster == null ? null : new int[m];
        for (int j = 0; j < m; j++) {
            double[] r = rows.get(j);
            int i = (int) r[0];
            s2[j] = r[1];
            t2[j] = r[2];
            e2[j] = r[3] == 1;
            x2[j] = x[i];
            w2[j] = w[i];
            if (st2 != null) {
                st2[j] = strata[i];
            }
            if (cl2 != null) {
                cl2[j] = cluster[i];
            }
        }
        return new CoxData(s2, t2, e2, x2, d.termNames(), w2, st2, cl2);
    }

    @Property(tries = 40)
    void splittingAnIntervalWhereNoEventHappensChangesNothing(@ForAll long seed,
            @ForAll @IntRange(min = 30, max = 90) int n, @ForAll boolean strata, @ForAll boolean clusters) {
        CoxData whole = asIntervals(data(seed, n, strata, clusters));
        CoxFit a = CoxRegression.fit(whole);
        Assume.that(a.converged() && a.warnings().isEmpty());
        CoxData pieces = split(whole, seed);
        CoxFit b = CoxRegression.fit(pieces);
        assertSameFit(a, b);
        for (ZphTransform tr : new ZphTransform[] {ZphTransform.KM, ZphTransform.IDENTITY, ZphTransform.LOG}) {
            assertSameZph(CoxZph.test(a, whole, tr), CoxZph.test(b, pieces, tr));
        }
    }

    @Property(tries = 40)
    void oneIntervalPerSubjectIsTheRightCensoredFit(@ForAll long seed, @ForAll @IntRange(min = 30, max = 90) int n,
            @ForAll boolean strata, @ForAll boolean clusters) {
        CoxData rows = data(seed, n, strata, clusters);
        CoxFit a = CoxRegression.fit(rows);
        Assume.that(a.converged() && a.warnings().isEmpty());
        CoxData intervals = asIntervals(rows);
        CoxFit b = CoxRegression.fit(intervals);
        assertSameFit(a, b);
        assertThat(b.iterations()).isEqualTo(a.iterations());
        for (ZphTransform tr : ZphTransform.values()) {
            assertSameZph(CoxZph.test(a, rows, tr), CoxZph.test(b, intervals, tr));
        }
    }

    private static void assertSameFit(CoxFit a, CoxFit b) {
        for (int k = 0; k < a.terms().size(); k++) {
            CoxTerm ta = a.terms().get(k);
            CoxTerm tb = b.terms().get(k);
            close(tb.coef(), ta.coef(), "coef " + k);
            close(tb.se(), ta.se(), "se " + k);
            close(tb.p(), ta.p(), "p " + k);
            if (a.robustVariance() != null) {
                close(tb.robustSe(), ta.robustSe(), "robust se " + k);
            }
        }
        close(b.loglik(), a.loglik(), "loglik");
        close(b.loglikNull(), a.loglikNull(), "loglik0");
        close(b.wald().statistic(), a.wald().statistic(), "Wald");
        close(b.score().statistic(), a.score().statistic(), "score");
        if (a.robustScore() != null) {
            close(b.robustScore().statistic(), a.robustScore().statistic(), "robust score");
        }
        close(b.concordance().concordance(), a.concordance().concordance(), "concordance");
        assertThat(b.events()).isEqualTo(a.events());
    }

    private static void assertSameZph(ZphResult a, ZphResult b) {
        assertThat(b.terms()).hasSameSizeAs(a.terms());
        for (int k = 0; k < a.terms().size(); k++) {
            close(b.terms().get(k).chiSquare(), a.terms().get(k).chiSquare(), a.transform() + " " + k);
        }
        close(b.global().chiSquare(), a.global().chiSquare(), a.transform() + " global");
    }

    private static void close(double actual, double expected, String what) {
        assertThat(actual).as(what).isCloseTo(expected, within(REL * Math.abs(expected) + 1e-12));
    }
}
