package org.followupmonitor.survival;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.TreeSet;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealVector;
import org.junit.jupiter.api.Test;

/**
 * Kaplan-Meier and the stratified G-rho test against deliberately simple O(n^2) versions written
 * straight from the textbook definitions (Klein &amp; Moeschberger, 2nd ed., eq. 4.2.1-4.2.2 and
 * sec. 7.3), on random data with many ties. Seeds are printed and named in failure messages.
 */
class NaiveOracleTest {
    private static final double TOL = 1e-10;

    @Test
    void kaplanMeierShouldMatchNaiveProductLimitOnRandomData() {
        long base = System.nanoTime();
        System.out.println("NaiveOracleTest.kaplanMeier base seed = " + base);
        for (int rep = 0; rep < 200; rep++) {
            long seed = base + rep;
            Random rnd = new Random(seed);
            int n = 1 + rnd.nextInt(60);
            double[] time = new double[n];
            boolean[] event = new boolean[n];
            boolean wholeDays = rnd.nextBoolean();
            for (int i = 0; i < n; i++) {
                time[i] = wholeDays ? rnd.nextInt(20) : Math.round(rnd.nextDouble() * 50) / 4.0;
                event[i] = rnd.nextDouble() < 0.7;
            }
            KaplanMeierFit fit = KaplanMeier.fit(time, event);
            TreeSet<Double> distinct = new TreeSet<>();
            for (double t : time) {
                distinct.add(t);
            }
            assertThat(fit.size()).as("seed %d", seed).isEqualTo(distinct.size());
            double s = 1;
            double gw = 0;
            int row = 0;
            for (double t : distinct) {
                int atRisk = 0;
                int deaths = 0;
                for (int i = 0; i < n; i++) {
                    if (time[i] >= t) {
                        atRisk++;
                    }
                    if (time[i] == t && event[i]) {
                        deaths++;
                    }
                }
                if (deaths > 0) {
                    s = s * (1 - (double) deaths / atRisk);
                    gw += deaths / ((double) atRisk * (atRisk - deaths));
                }
                assertThat(fit.time()[row]).as("seed %d", seed).isEqualTo(t);
                assertThat(fit.nRisk()[row]).as("seed %d", seed).isEqualTo(atRisk);
                assertThat(fit.survival()[row]).as("seed %d S(%s)", seed, t).isCloseTo(s, within(s));
                if (Double.isInfinite(gw)) {
                    assertThat(fit.stdErr()[row]).as("seed %d", seed).isInfinite();
                } else {
                    assertThat(fit.stdErr()[row]).as("seed %d", seed).isCloseTo(Math.sqrt(gw), within(Math.sqrt(gw)));
                }
                row++;
            }
        }
    }

    @Test
    void logRankShouldMatchNaiveStratifiedGRhoOnRandomData() {
        long base = System.nanoTime();
        System.out.println("NaiveOracleTest.logRank base seed = " + base);
        for (int rep = 0; rep < 200; rep++) {
            long seed = base + rep;
            Random rnd = new Random(seed);
            int n = 2 + rnd.nextInt(80);
            int groups = 2 + rnd.nextInt(3);
            int strata = 1 + rnd.nextInt(3);
            double rho = new double[] {0, 1, 0.5, 2}[rnd.nextInt(4)];
            double[] time = new double[n];
            boolean[] event = new boolean[n];
            int[] group = new int[n];
            int[] stratum = new int[n];
            for (int i = 0; i < n; i++) {
                time[i] = rnd.nextInt(25);
                event[i] = rnd.nextDouble() < 0.6;
                group[i] = rnd.nextInt(groups);
                stratum[i] = rnd.nextInt(strata);
            }
            LogRankResult r = LogRank.test(StratifiedRiskTables.of(groups, strata, time, event, group, stratum, null),
                    rho);
            double[] obs = new double[groups];
            double[] exp = new double[groups];
            double[][] var = new double[groups][groups];
            for (int s = 0; s < strata; s++) {
                TreeSet<Double> times = new TreeSet<>();
                for (int i = 0; i < n; i++) {
                    if (stratum[i] == s) {
                        times.add(time[i]);
                    }
                }
                double km = 1;
                for (double t : times) {
                    double[] nk = new double[groups];
                    double[] dk = new double[groups];
                    for (int i = 0; i < n; i++) {
                        if (stratum[i] == s && time[i] >= t) {
                            nk[group[i]]++;
                            if (time[i] == t && event[i]) {
                                dk[group[i]]++;
                            }
                        }
                    }
                    double nn = 0;
                    double d = 0;
                    for (int g = 0; g < groups; g++) {
                        nn += nk[g];
                        d += dk[g];
                    }
                    double w = Math.pow(km, rho);
                    for (int g = 0; g < groups; g++) {
                        obs[g] += w * dk[g];
                        exp[g] += w * d * nk[g] / nn;
                        for (int h = 0; h < groups; h++) {
                            if (nn > 1) {
                                var[g][h] += w * w * d * (nn - d) / (nn - 1) * (nk[g] / nn)
                                        * ((g == h ? 1 : 0) - nk[h] / nn);
                            }
                        }
                    }
                    km *= 1 - d / nn;
                }
            }
            for (int g = 0; g < groups; g++) {
                assertThat(r.observed()[g]).as("seed %d O", seed).isCloseTo(obs[g], within(obs[g]));
                assertThat(r.expected()[g]).as("seed %d E", seed).isCloseTo(exp[g], within(exp[g]));
                for (int h = 0; h < groups; h++) {
                    assertThat(r.variance()[g][h]).as("seed %d V", seed).isCloseTo(var[g][h], within(var[g][h]));
                }
            }
            int[] keep = java.util.stream.IntStream.range(0, groups).filter(g -> exp[g] > 0).toArray();
            assertThat(r.degreesOfFreedom()).as("seed %d df", seed).isEqualTo(Math.max(0, keep.length - 1));
            if (keep.length < 2) {
                assertThat(r.chiSquare()).as("seed %d", seed).isNaN();
                continue;
            }
            int p = keep.length - 1;
            double[][] a = new double[p][p];
            double[] u = new double[p];
            for (int i = 0; i < p; i++) {
                u[i] = obs[keep[i + 1]] - exp[keep[i + 1]];
                for (int j = 0; j < p; j++) {
                    a[i][j] = var[keep[i + 1]][keep[j + 1]];
                }
            }
            LUDecomposition lu = new LUDecomposition(new Array2DRowRealMatrix(a), 1e-12);
            if (!lu.getSolver().isNonSingular()) {
                continue; // the naive oracle has no generalized inverse; the Cholesky path is checked against R
            }
            RealVector x = lu.getSolver().solve(new ArrayRealVector(u));
            double chi = x.dotProduct(new ArrayRealVector(u));
            assertThat(r.chiSquare()).as("seed %d chi-square", seed).isCloseTo(chi, within(chi));
        }
    }

    private static org.assertj.core.data.Offset<Double> within(double expected) {
        return org.assertj.core.data.Offset.offset(TOL * Math.max(1, Math.abs(expected)));
    }
}
