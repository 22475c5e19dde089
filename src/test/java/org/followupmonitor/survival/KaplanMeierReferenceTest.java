package org.followupmonitor.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.followupmonitor.survival.RReference.assertClose;
import static org.followupmonitor.survival.RReference.get;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Kaplan-Meier against R 4.2.2 / survival 3.5-3, numbers from r/km_logrank_reference.R
 * (survfit, summary(fit, times, extend), summary(fit)$table for the printed median, quantile(fit),
 * summary(fit, rmean = tau)), compared at 1e-9 relative.
 */
class KaplanMeierReferenceTest {
    private static final double[] MILESTONES = {0, 5, 100, 365, 730, 1000, 2000};
    private static final Map<String, double[]> LUNG = RReference.csv("lung.csv");

    /** survfit(Surv(time, status) ~ sex, data = lung), each curve; CIs log, log-log, plain at 95% and 90%. */
    @Test
    void shouldMatchRSurvfitOnLungBySex() {
        StratifiedRiskTables tables = StratifiedRiskTables.of(time(), RReference.events(LUNG.get("status")),
                RReference.codes(LUNG.get("sex"), 1), null, null);
        assertThat(tables.groupCount()).isEqualTo(2);
        check("lung.sex1", tables.group(0), MILESTONES, new double[] {365, 730, 1500});
        check("lung.sex2", tables.group(1), MILESTONES, new double[] {365, 730, 1500});
    }

    /** survfit(Surv(time, status) ~ 1, data = lung); print(fit, rmean = 500). */
    @Test
    void shouldMatchRSurvfitOnLungPooled() {
        check("lung.all", RiskTable.of(time(), RReference.events(LUNG.get("status"))), MILESTONES,
                new double[] {500});
    }

    /** survfit(Surv(time, status) ~ 1, data = lung, weights = 1 + age %% 3). */
    @Test
    void shouldMatchRSurvfitOnLungWithIntegerWeights() {
        double[] age = LUNG.get("age");
        double[] w = new double[age.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = 1 + age[i] % 3;
        }
        check("lung.wint", RiskTable.of(time(), RReference.events(LUNG.get("status")), w), MILESTONES,
                new double[] {365});
    }

    /**
     * survfit(Surv(time, status) ~ 1, data = lung, weights = age / 60): point estimates only. For
     * non-integer weights R switches to the infinitesimal-jackknife (robust) variance, which this
     * package does not implement (it keeps Greenwood on weighted counts), so std.err and CIs differ
     * by design; the restricted mean's se uses Greenwood terms in R too and is compared.
     */
    @Test
    void shouldMatchRSurvfitPointEstimatesOnLungWithRealWeights() {
        double[] age = LUNG.get("age");
        double[] w = new double[age.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = age[i] / 60;
        }
        KaplanMeierFit fit = KaplanMeier.fit(RiskTable.of(time(), RReference.events(LUNG.get("status")), w));
        String p = "lung.wreal";
        assertClose(p + ".time", fit.time(), get(p + ".time"));
        assertClose(p + ".n.risk", fit.nRisk(), get(p + ".n.risk"));
        assertClose(p + ".n.event", fit.nEvent(), get(p + ".n.event"));
        assertClose(p + ".n.censor", fit.nCensor(), get(p + ".n.censor"));
        assertClose(p + ".surv", fit.survival(), get(p + ".surv"));
        assertClose(p + ".cumhaz", fit.cumulativeHazard(), get(p + ".cumhaz"));
        double[] ps = {0.25, 0.5, 0.75};
        double[] est = new double[3];
        for (int i = 0; i < 3; i++) {
            est[i] = fit.quantile(ps[i], ConfidenceSpec.DEFAULT).estimate();
        }
        assertClose(p + ".quantile.est", est, get(p + ".log.0.95.quantile.est"));
        RestrictedMean rm = fit.restrictedMean(365);
        assertClose(p + ".rmean.365", new double[] {rm.mean(), rm.standardError()}, get(p + ".rmean.365"));
    }

    /**
     * survfit(Surv(c(10, 20, 30, 40), rep(1, 4)) ~ 1): S = 0.5 on the flat stretch [20, 30), so the
     * median is the midpoint 25; at 40 everyone at risk dies (n = d): std.err Inf, CI NA.
     */
    @Test
    void shouldMatchRMidpointMedianAndInfiniteStdErrWhenAllAtRiskDie() {
        RiskTable table = RiskTable.of(new double[] {10, 20, 30, 40}, new boolean[] {true, true, true, true});
        check("hand.midpoint", table, new double[] {5, 20, 35, 40}, new double[] {40, 50});
        KaplanMeierFit fit = KaplanMeier.fit(table);
        assertThat(fit.stdErr()[3]).isInfinite();
        assertThat(fit.median(ConfidenceSpec.DEFAULT).estimate()).isEqualTo(25.0);
    }

    /** survfit(Surv(c(5, 10, 15, 20), c(1, 1, 0, 0)) ~ 1): the curve ends flat at 0.5. */
    @Test
    void shouldMatchRWhenCurveEndsFlatAtOneHalf() {
        RiskTable table = RiskTable.of(new double[] {5, 10, 15, 20}, new boolean[] {true, true, false, false});
        check("hand.flatend", table, new double[] {10, 20}, new double[] {20});
        KaplanMeierFit fit = KaplanMeier.fit(table);
        // print(fit) says 10; quantile(fit, 0.5) says (10 + 20) / 2.
        assertThat(fit.median(ConfidenceSpec.DEFAULT).estimate()).isEqualTo(10.0);
        assertThat(fit.quantile(0.5, ConfidenceSpec.DEFAULT).estimate()).isEqualTo(15.0);
    }

    /** Tied events and censorings at one time, a censoring before the first event. */
    @Test
    void shouldMatchRWithTiedEventsAndCensorings() {
        check("hand.ties", RiskTable.of(new double[] {1, 3, 3, 3, 4, 6, 6, 8, 9, 9},
                new boolean[] {false, true, true, false, true, false, true, true, false, false}),
                new double[] {0, 3, 6, 9}, new double[] {7});
    }

    /** R's timefix: 1 and 1 + 1e-9 merge (absolute), 3 and 3 + 2e-8 merge (relative to the mean time). */
    @Test
    void shouldMatchRTimefixMergingOfNearlyEqualTimes() {
        RiskTable table = RiskTable.of(new double[] {1, 1 + 1e-9, 2, 3, 3 + 2e-8, 4},
                new boolean[] {true, true, false, true, false, true});
        assertThat(table.times()).containsExactly(1, 2, 3, 4);
        check("hand.timefix", table, new double[] {1, 3}, new double[] {4});
    }

    /**
     * Six small random samples from set.seed(20261127) (half-unit times with ties, times of 0, heavy
     * censoring; data printed by the script): every curve, CI, quantile, summary and rmean.
     */
    @Test
    void shouldMatchRSurvfitOnSmallRandomSamples() {
        for (int i = 1; i <= 6; i++) {
            String p = "rand" + i;
            double[] time = get(p + ".data.time");
            check(p, RiskTable.of(time, RReference.events(get(p + ".data.status"))), new double[] {1, 5, 10, 20},
                    new double[] {15});
        }
    }

    /** qnorm(0.975). */
    @Test
    void shouldMatchRNormalQuantileForTheDefaultLevel() {
        assertClose("z", ConfidenceSpec.DEFAULT.z(), RReference.scalar("qnorm.0.975"));
    }

    private static double[] time() {
        return LUNG.get("time");
    }

    private static void check(String prefix, RiskTable table, double[] milestones, double[] rmeans) {
        KaplanMeierFit fit = KaplanMeier.fit(table);
        assertClose(prefix + ".time", fit.time(), get(prefix + ".time"));
        assertClose(prefix + ".n.risk", fit.nRisk(), get(prefix + ".n.risk"));
        assertClose(prefix + ".n.event", fit.nEvent(), get(prefix + ".n.event"));
        assertClose(prefix + ".n.censor", fit.nCensor(), get(prefix + ".n.censor"));
        assertClose(prefix + ".surv", fit.survival(), get(prefix + ".surv"));
        assertClose(prefix + ".std.err", fit.stdErr(), get(prefix + ".std.err"));
        assertClose(prefix + ".cumhaz", fit.cumulativeHazard(), get(prefix + ".cumhaz"));
        double[] sdChaz = fit.cumulativeHazardVariance();
        for (int i = 0; i < sdChaz.length; i++) {
            sdChaz[i] = Math.sqrt(sdChaz[i]);
        }
        assertClose(prefix + ".std.chaz", sdChaz, get(prefix + ".std.chaz"));
        for (ConfidenceType type : ConfidenceType.values()) {
            for (double level : new double[] {0.95, 0.90}) {
                ConfidenceSpec spec = new ConfidenceSpec(type, level);
                String key = prefix + "." + rName(type) + "." + (level == 0.95 ? "0.95" : "0.9");
                ConfidenceBand band = fit.confidenceBand(spec);
                assertClose(key + ".lower", band.lower(), get(key + ".lower"));
                assertClose(key + ".upper", band.upper(), get(key + ".upper"));
                SurvivalQuantile median = fit.median(spec);
                assertClose(key + ".median", new double[] {median.estimate(), median.lower(), median.upper()},
                        get(key + ".median"));
                double[] est = new double[3];
                double[] lo = new double[3];
                double[] hi = new double[3];
                double[] ps = {0.25, 0.5, 0.75};
                for (int i = 0; i < 3; i++) {
                    SurvivalQuantile q = fit.quantile(ps[i], spec);
                    est[i] = q.estimate();
                    lo[i] = q.lower();
                    hi[i] = q.upper();
                }
                assertClose(key + ".quantile.est", est, get(key + ".quantile.est"));
                assertClose(key + ".quantile.lower", lo, get(key + ".quantile.lower"));
                assertClose(key + ".quantile.upper", hi, get(key + ".quantile.upper"));
                for (boolean extend : new boolean[] {false, true}) {
                    String k2 = key + ".summary." + (extend ? "extend" : "noextend");
                    List<SurvivalAtTime> rows = fit.at(milestones, extend, spec);
                    assertClose(k2 + ".time", rows.stream().mapToDouble(SurvivalAtTime::time).toArray(),
                            get(k2 + ".time"));
                    assertClose(k2 + ".n.risk", rows.stream().mapToDouble(SurvivalAtTime::nRisk).toArray(),
                            get(k2 + ".n.risk"));
                    assertClose(k2 + ".n.event", rows.stream().mapToDouble(SurvivalAtTime::nEvent).toArray(),
                            get(k2 + ".n.event"));
                    assertClose(k2 + ".n.censor", rows.stream().mapToDouble(SurvivalAtTime::nCensor).toArray(),
                            get(k2 + ".n.censor"));
                    assertClose(k2 + ".surv", rows.stream().mapToDouble(SurvivalAtTime::survival).toArray(),
                            get(k2 + ".surv"));
                    assertClose(k2 + ".std.err",
                            rows.stream().mapToDouble(SurvivalAtTime::standardError).toArray(), get(k2 + ".std.err"));
                    assertClose(k2 + ".lower", rows.stream().mapToDouble(SurvivalAtTime::lower).toArray(),
                            get(k2 + ".lower"));
                    assertClose(k2 + ".upper", rows.stream().mapToDouble(SurvivalAtTime::upper).toArray(),
                            get(k2 + ".upper"));
                    assertClose(k2 + ".cumhaz",
                            rows.stream().mapToDouble(SurvivalAtTime::cumulativeHazard).toArray(), get(k2 + ".cumhaz"));
                }
            }
        }
        for (double tau : rmeans) {
            RestrictedMean rm = fit.restrictedMean(tau);
            String key = prefix + ".rmean." + (tau == Math.rint(tau) ? String.valueOf((long) tau) : String.valueOf(tau));
            assertClose(key, new double[] {rm.mean(), rm.standardError()}, get(key));
        }
    }

    private static String rName(ConfidenceType t) {
        return switch (t) {
            case LOG -> "log";
            case LOG_LOG -> "log-log";
            case PLAIN -> "plain";
        };
    }
}
