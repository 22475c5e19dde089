package org.followupmonitor.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * Invariances of the Cox fit on random data (jqwik reports the seed of any failing sample; the data are drawn
 * from java.util.Random with the generated seed, so a failure replays from that number).
 */
class CoxRegressionPropertiesTest {

    /** Random data: n rows, p normal covariates (one binary), integer times 1..maxTime, ~70% events. */
    static CoxData randomData(long seed, int n, int p, int maxTime) {
        Random rnd = new Random(seed);
        double[] time = new double[n];
        boolean[] event = new boolean[n];
        double[][] x = new double[n][p];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < p; k++) {
                x[i][k] = k == 0 ? (rnd.nextBoolean() ? 1 : 0) : 50 + 10 * rnd.nextGaussian();
            }
            double lp = 0.5 * x[i][0] + (p > 1 ? 0.03 * (x[i][1] - 50) : 0);
            double t = -Math.log(rnd.nextDouble()) / (0.01 * Math.exp(lp));
            time[i] = Math.min(maxTime, Math.ceil(t));
            event[i] = rnd.nextDouble() < 0.7;
        }
        List<String> names = new ArrayList<>();
        for (int k = 0; k < p; k++) {
            names.add("x" + k);
        }
        return CoxData.unweighted(time, event, x, names);
    }

    private static void assertSameCoefficients(CoxFit a, CoxFit b, double rel) {
        for (int k = 0; k < a.terms().size(); k++) {
            double ca = a.terms().get(k).coef();
            assertThat(b.terms().get(k).coef()).as("coef " + k).isCloseTo(ca, within(rel * Math.abs(ca) + 1e-10));
            double sa = a.terms().get(k).se();
            assertThat(b.terms().get(k).se()).as("se " + k).isCloseTo(sa, within(rel * sa));
        }
        assertThat(b.loglik()).isCloseTo(a.loglik(), within(rel * Math.abs(a.loglik())));
    }

    @Property(tries = 60)
    void coefficientsDoNotDependOnRowOrder(@ForAll long seed, @ForAll @IntRange(min = 30, max = 120) int n) {
        CoxData d = randomData(seed, n, 3, 300);
        CoxFit fit = CoxRegression.fit(d);
        Assume.that(fit.converged());
        List<Integer> perm = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            perm.add(i);
        }
        Collections.shuffle(perm, new Random(seed + 1));
        double[] t = d.time();
        boolean[] e = d.event();
        double[][] x = d.x();
        double[] pt = new double[n];
        boolean[] pe = new boolean[n];
        double[][] px = new double[n][];
        for (int i = 0; i < n; i++) {
            pt[i] = t[perm.get(i)];
            pe[i] = e[perm.get(i)];
            px[i] = x[perm.get(i)];
        }
        CoxFit shuffled = CoxRegression.fit(CoxData.unweighted(pt, pe, px, d.termNames()));
        assertSameCoefficients(fit, shuffled, 1e-9);
        assertThat(shuffled.concordance().concordance()).isCloseTo(fit.concordance().concordance(), within(1e-12));
    }

    @Property(tries = 60)
    void shiftingACovariateLeavesCoefficientsUnchanged(@ForAll long seed,
            @ForAll @DoubleRange(min = -1000, max = 1000) double shift) {
        CoxData d = randomData(seed, 60, 3, 300);
        CoxFit fit = CoxRegression.fit(d);
        Assume.that(fit.converged());
        double[][] x = d.x();
        for (double[] row : x) {
            row[1] += shift;
        }
        CoxFit shifted = CoxRegression.fit(CoxData.unweighted(d.time(), d.event(), x, d.termNames()));
        assertSameCoefficients(fit, shifted, 1e-7);
    }

    @Property(tries = 60)
    void scalingACovariateByKScalesItsCoefficientByOneOverK(@ForAll long seed,
            @ForAll @DoubleRange(min = 0.01, max = 100) double k) {
        CoxData d = randomData(seed, 60, 3, 300);
        CoxFit fit = CoxRegression.fit(d);
        Assume.that(fit.converged());
        double[][] x = d.x();
        for (double[] row : x) {
            row[2] *= k;
        }
        CoxFit scaled = CoxRegression.fit(CoxData.unweighted(d.time(), d.event(), x, d.termNames()));
        double c = fit.terms().get(2).coef();
        assertThat(scaled.terms().get(2).coef()).isCloseTo(c / k, within(1e-7 * Math.abs(c / k) + 1e-12));
        assertThat(scaled.terms().get(2).z()).isCloseTo(fit.terms().get(2).z(), within(1e-6));
        assertThat(scaled.terms().get(0).coef()).isCloseTo(fit.terms().get(0).coef(),
                within(1e-7 * Math.abs(fit.terms().get(0).coef()) + 1e-12));
        assertThat(scaled.loglik()).isCloseTo(fit.loglik(), within(1e-9 * Math.abs(fit.loglik())));
    }

    /**
     * Integer case weights equal duplicated rows under Breslow ties. (Under Efron they do not, in R too: copies
     * of a death are tied deaths, while a weighted death is one record.)
     */
    @Property(tries = 60)
    void integerWeightsEqualDuplicatedRowsUnderBreslow(@ForAll long seed) {
        CoxData d = randomData(seed, 50, 2, 200);
        Random rnd = new Random(seed ^ 0x5DEECE66DL);
        int n = d.size();
        double[] w = new double[n];
        List<Integer> copies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            w[i] = 1 + rnd.nextInt(3);
            for (int c = 0; c < w[i]; c++) {
                copies.add(i);
            }
        }
        CoxOptions breslow = CoxOptions.withTies(CoxTies.BRESLOW);
        CoxFit weighted = CoxRegression.fit(new CoxData(d.time(), d.event(), d.x(), d.termNames(), w), breslow);
        Assume.that(weighted.converged());
        double[] t = d.time();
        boolean[] e = d.event();
        double[][] x = d.x();
        int m = copies.size();
        double[] dt = new double[m];
        boolean[] de = new boolean[m];
        double[][] dx = new double[m][];
        for (int i = 0; i < m; i++) {
            dt[i] = t[copies.get(i)];
            de[i] = e[copies.get(i)];
            dx[i] = x[copies.get(i)];
        }
        CoxFit duplicated = CoxRegression.fit(CoxData.unweighted(dt, de, dx, d.termNames()), breslow);
        for (int k = 0; k < 2; k++) {
            double c = duplicated.terms().get(k).coef();
            assertThat(weighted.terms().get(k).coef()).isCloseTo(c, within(1e-8 * Math.abs(c) + 1e-12));
            double s = duplicated.terms().get(k).se();
            assertThat(weighted.terms().get(k).se()).isCloseTo(s, within(1e-8 * s));
        }
        assertThat(weighted.loglik()).isCloseTo(duplicated.loglik(), within(1e-9 * Math.abs(duplicated.loglik())));
        assertThat(weighted.concordance().concordance())
                .isCloseTo(duplicated.concordance().concordance(), within(1e-12));
    }

    @Property(tries = 60)
    void breslowEqualsEfronWithoutTiedEventTimes(@ForAll long seed) {
        CoxData d = randomData(seed, 60, 3, 300);
        // Break every tie: add a distinct fraction per row.
        double[] t = d.time();
        for (int i = 0; i < t.length; i++) {
            t[i] += i / (double) (t.length + 1);
        }
        CoxData untied = CoxData.unweighted(t, d.event(), d.x(), d.termNames());
        CoxFit efron = CoxRegression.fit(untied);
        Assume.that(efron.converged());
        CoxFit breslow = CoxRegression.fit(untied, CoxOptions.withTies(CoxTies.BRESLOW));
        assertSameCoefficients(efron, breslow, 1e-12);
        assertThat(breslow.score().statistic()).isCloseTo(efron.score().statistic(), within(1e-10));
    }

    /** Naive oracle: the Efron log partial likelihood summed term by term, at the fitted coefficients. */
    @Property(tries = 40)
    void loglikEqualsNaiveEfronSumAtTheFit(@ForAll long seed) {
        CoxData d = randomData(seed, 40, 2, 60);
        CoxFit fit = CoxRegression.fit(d);
        Assume.that(fit.converged());
        double[] t = d.time();
        boolean[] e = d.event();
        double[][] x = d.x();
        double[] b = {fit.terms().get(0).coef(), fit.terms().get(1).coef()};
        double ll = 0;
        java.util.TreeSet<Double> times = new java.util.TreeSet<>();
        for (int i = 0; i < t.length; i++) {
            if (e[i]) {
                times.add(t[i]);
            }
        }
        for (double s : times) {
            double risk = 0;
            double deadRisk = 0;
            int dcount = 0;
            for (int i = 0; i < t.length; i++) {
                double r = Math.exp(b[0] * x[i][0] + b[1] * x[i][1]);
                if (t[i] >= s) {
                    risk += r;
                }
                if (t[i] == s && e[i]) {
                    deadRisk += r;
                    dcount++;
                    ll += b[0] * x[i][0] + b[1] * x[i][1];
                }
            }
            for (int k = 0; k < dcount; k++) {
                ll -= Math.log(risk - (double) k / dcount * deadRisk);
            }
        }
        assertThat(fit.loglik()).isCloseTo(ll, within(1e-9 * Math.abs(ll)));
    }
}
