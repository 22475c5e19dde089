package org.followupmonitor.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.followupmonitor.survival.RReference.assertClose;
import static org.followupmonitor.survival.RReference.get;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Log-rank against R 4.2.2 / survival 3.5-3 survdiff, numbers from r/km_logrank_reference.R,
 * compared at 1e-9 relative (observed, expected, variance matrix, chi-square, p).
 */
class LogRankReferenceTest {
    private static final Map<String, double[]> LUNG = RReference.csv("lung.csv");
    private static final Map<String, double[]> VET = RReference.csv("veteran.csv");

    /** survdiff(Surv(time, status) ~ sex, data = lung). */
    @Test
    void shouldMatchRSurvdiffOnLungBySex() {
        check("lr.lung.sex", LogRank.test(lungBySex()));
    }

    /** survdiff(Surv(time, status) ~ sex, data = lung, rho = 1): Peto-Peto. */
    @Test
    void shouldMatchRSurvdiffPetoPetoOnLungBySex() {
        check("lr.lung.sex.rho1", LogRank.test(lungBySex(), 1.0));
    }

    /** survdiff(Surv(time, status) ~ sex, data = lung, rho = 0.5). */
    @Test
    void shouldMatchRSurvdiffRhoOneHalfOnLungBySex() {
        check("lr.lung.sex.rho0.5", LogRank.test(lungBySex(), 0.5));
    }

    /** survdiff(Surv(time, status) ~ sex + strata(ph.ecog), data = lung[!is.na(lung$ph.ecog), ]), rho 0 and 1. */
    @Test
    void shouldMatchRStratifiedSurvdiffOnLungBySexWithinEcog() {
        double[] ecog = LUNG.get("ph_ecog");
        int[] keep = java.util.stream.IntStream.range(0, ecog.length).filter(i -> !Double.isNaN(ecog[i])).toArray();
        double[] time = pick(LUNG.get("time"), keep);
        StratifiedRiskTables tables = StratifiedRiskTables.of(time, RReference.events(pick(LUNG.get("status"), keep)),
                RReference.codes(pick(LUNG.get("sex"), keep), 1), RReference.codes(pick(ecog, keep), 0), null);
        assertThat(tables.strataCount()).isEqualTo(4);
        check("lr.lung.sex.ecog", LogRank.test(tables));
        check("lr.lung.sex.ecog.rho1", LogRank.test(tables, 1));
    }

    /** survdiff(Surv(time, status) ~ celltype, data = veteran): four groups, rho 0 and 1. */
    @Test
    void shouldMatchRSurvdiffOnVeteranByCelltype() {
        check("lr.vet.celltype", LogRank.test(vetByCelltype()));
        check("lr.vet.celltype.rho1", LogRank.test(vetByCelltype(), 1));
    }

    /** survdiff(Surv(time, status) ~ celltype + strata(prior)) and ~ trt + strata(celltype), veteran. */
    @Test
    void shouldMatchRStratifiedSurvdiffOnVeteran() {
        boolean[] ev = RReference.events(VET.get("status"));
        check("lr.vet.celltype.prior", LogRank.test(StratifiedRiskTables.of(VET.get("time"), ev,
                RReference.codes(VET.get("celltype"), 1), RReference.codes(VET.get("prior"), 0), null)));
        check("lr.vet.trt.celltype", LogRank.test(StratifiedRiskTables.of(VET.get("time"), ev,
                RReference.codes(VET.get("trt"), 1), RReference.codes(VET.get("celltype"), 1), null)));
    }

    /**
     * survdiff(Surv(tt, st) ~ g + strata(s), rho = 0 and 1) on the six random samples of the script
     * (three groups, two strata); samples where R's solve() stops on a singular variance have no
     * reference and are skipped, at most one of six.
     */
    @Test
    void shouldMatchRStratifiedSurvdiffOnSmallRandomSamples() {
        int compared = 0;
        for (int i = 1; i <= 6; i++) {
            String p = "rand" + i + ".data.";
            StratifiedRiskTables tables = StratifiedRiskTables.of(3, 2, get(p + "time"),
                    RReference.events(get(p + "status")), RReference.codes(get(p + "group"), 0),
                    RReference.codes(get(p + "stratum"), 0), null);
            for (int rho = 0; rho <= 1; rho++) {
                String key = "lr.rand" + i + ".rho" + rho;
                if (RReference.has(key + ".chisq")) {
                    check(key, LogRank.test(tables, rho));
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThanOrEqualTo(10);
    }

    /** survdiff on data censored at h (status 0 past h, time pmin(time, h)), h = 180, 365, 730. */
    @Test
    void shouldMatchRSurvdiffCensoredAtMilestones() {
        for (int h : new int[] {180, 365, 730}) {
            check("lr.lung.sex.h" + h, LogRank.testCensoredAt(lungBySex(), 0, h));
            check("lr.vet.celltype.h" + h, LogRank.testCensoredAt(vetByCelltype(), 0, h));
        }
    }

    /**
     * s = summary(survfit(Surv(time, status) ~ sex, lung), times = t); z = (s1 - s2) /
     * sqrt(se1^2 + se2^2); p = 2 * pnorm(-abs(z)).
     */
    @Test
    void shouldMatchRMilestoneDifferenceOnLungBySex() {
        StratifiedRiskTables tables = lungBySex();
        KaplanMeierFit a = KaplanMeier.fit(tables.group(0));
        KaplanMeierFit b = KaplanMeier.fit(tables.group(1));
        for (int t : new int[] {180, 365, 730}) {
            MilestoneComparison c = MilestoneComparison.compare(a, b, t, false).orElseThrow();
            assertClose("ms." + t, new double[] {c.survivalA(), c.survivalB(), c.standardErrorA(), c.standardErrorB(),
                c.z(), c.pValue()}, get("ms.lung.sex." + t));
        }
        assertThat(MilestoneComparison.compare(a, b, 5000, false)).isEmpty();
    }

    private static StratifiedRiskTables lungBySex() {
        return StratifiedRiskTables.of(LUNG.get("time"), RReference.events(LUNG.get("status")),
                RReference.codes(LUNG.get("sex"), 1), null, null);
    }

    private static StratifiedRiskTables vetByCelltype() {
        return StratifiedRiskTables.of(VET.get("time"), RReference.events(VET.get("status")),
                RReference.codes(VET.get("celltype"), 1), null, null);
    }

    private static double[] pick(double[] v, int[] idx) {
        return Arrays.stream(idx).mapToDouble(i -> v[i]).toArray();
    }

    private static void check(String key, LogRankResult r) {
        assertClose(key + ".n", r.n(), get(key + ".n"));
        assertClose(key + ".obs", r.observed(), get(key + ".obs"));
        assertClose(key + ".exp", r.expected(), get(key + ".exp"));
        double[][] v = r.variance();
        int k = v.length;
        double[] colMajor = new double[k * k];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < k; i++) {
                colMajor[j * k + i] = v[i][j];
            }
        }
        assertClose(key + ".var", colMajor, get(key + ".var"));
        assertClose(key + ".chisq", r.chiSquare(), RReference.scalar(key + ".chisq"));
        assertThat(r.degreesOfFreedom()).as(key + ".df").isEqualTo((int) RReference.scalar(key + ".df"));
        assertClose(key + ".p", r.pValue(), RReference.scalar(key + ".p"));
    }
}
