package org.followupmonitor.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.followupmonitor.survival.CompetingRisksReference.get;
import static org.followupmonitor.survival.RReference.assertClose;

import java.util.List;
import org.followupmonitor.survival.CompetingRisksReference.Data;
import org.junit.jupiter.api.Test;

/**
 * Gray's test against R 4.2.2 / cmprsk 2.2-11: {@code cuminc(ftime, fstatus, group, strata, rho, cencode =
 * 0)$Tests} (statistic and df; p as {@code pchisq(stat, df, lower.tail = FALSE)}, since cuminc prints
 * {@code 1 - pchisq}), numbers from r/competing_risks_reference.R, compared at 1e-9 relative.
 */
class GrayTestReferenceTest {

    @Test
    void shouldMatchCumincOnPbcByTreatment() {
        Data d = Data.load("pbc");
        check("gray.pbc.trt", GrayTest.testAll(CompetingRiskTables.of(2, 1, 2, d.time(), d.status(), d.group(),
                null)));
    }

    @Test
    void shouldMatchCumincOnPbcByTreatmentWithinSex() {
        check("gray.pbc.trt.strata", GrayTest.testAll(Data.load("pbc").tables(2)));
    }

    /** Three edema groups within sex: cause 2 (death) differs strongly, p about 4e-18. */
    @Test
    void shouldMatchCumincOnPbcByEdemaWithinSex() {
        Data d = Data.load("pbc");
        int[] edema = CompetingRisksReference.ints(RReference.csv("cr_pbc.csv").get("edema"));
        check("gray.pbc.edema.strata", GrayTest.testAll(d.tables(2, edema)));
    }

    /** rho = 1: the weight (1 - F(t-)) of the pooled incidence. */
    @Test
    void shouldMatchCumincWithRhoOne() {
        Data d = Data.load("pbc");
        int[] edema = CompetingRisksReference.ints(RReference.csv("cr_pbc.csv").get("edema"));
        CompetingRiskTables t = CompetingRiskTables.of(3, 1, 2, d.time(), d.status(), edema, null);
        check("gray.pbc.edema.rho1", List.of(GrayTest.test(t, 1, 1), GrayTest.test(t, 2, 1)));
    }

    @Test
    void shouldMatchCumincOnMgus2BySex() {
        Data d = Data.load("mgus2");
        check("gray.mgus2.sex.strata", GrayTest.testAll(d.tables(2)));
        check("gray.mgus2.sex", GrayTest.testAll(CompetingRiskTables.of(2, 1, 2, d.time(), d.status(), d.group(),
                null)));
    }

    /** Three groups, three causes, cause 3 absent from group 2, group 1 absent from stratum 1, time-0 events. */
    @Test
    void shouldMatchCumincOnSyntheticThreeGroupsThreeCauses() {
        Data d = Data.load("synth");
        check("gray.synth.strata", GrayTest.testAll(d.tables(3)));
        check("gray.synth", GrayTest.testAll(CompetingRiskTables.of(3, 1, 3, d.time(), d.status(), d.group(),
                null)));
    }

    @Test
    void shouldMatchCumincOnTiny() {
        check("gray.tiny", GrayTest.testAll(Data.load("tiny").tables(2)));
    }

    /**
     * Group 2 is never at risk when cause 1 occurs: its row of the variance is zero, cuminc prints the
     * statistic -1 (p 1) and this gives NaN; cause 2 is computed as usual.
     */
    @Test
    void shouldGiveNoStatisticWhereCumincFindsTheVarianceSingular() {
        Data d = Data.load("singular");
        List<GrayTestResult> r = GrayTest.testAll(d.tables(2));
        assertThat(get("gray.singular.stat")[0]).isEqualTo(-1.0);
        assertThat(r.get(0).chiSquare()).isNaN();
        assertThat(r.get(0).pValue()).isNaN();
        assertThat(r.get(0).df()).isEqualTo(2);
        assertClose("gray.singular.stat[1]", r.get(1).chiSquare(), get("gray.singular.stat")[1]);
        assertClose("gray.singular.pv[1]", r.get(1).pValue(), get("gray.singular.pv")[1]);
    }

    /**
     * A small stratum where Gray's pooled incidence reaches 1 while a group is still at risk: the variance
     * is not finite and cuminc stops with an error in qr(); no statistic here either.
     */
    @Test
    void shouldGiveNoStatisticWhereCumincStopsOnANonFiniteVariance() {
        assertThat(get("gray.nonfinite.error")[0]).isEqualTo(1.0);
        Data d = Data.load("nonfinite");
        GrayTestResult r = GrayTest.test(d.tables(2), 1);
        assertThat(r.variance()[0][0]).isNaN();
        assertThat(r.chiSquare()).isNaN();
        assertThat(r.pValue()).isNaN();
        assertThat(r.df()).isEqualTo(1);
    }

    /** Groups without any subject are left out, as cuminc drops empty factor levels. */
    @Test
    void shouldLeaveOutGroupsWithoutSubjects() {
        Data d = Data.load("pbc");
        int[] shifted = d.group().clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] = shifted[i] == 0 ? 0 : 2;
        }
        List<GrayTestResult> r = GrayTest.testAll(CompetingRiskTables.of(4, 2, 2, d.time(), d.status(), shifted,
                d.stratum()));
        assertThat(r.get(0).groups()).containsExactly(0, 2);
        check("gray.pbc.trt.strata", r);
    }

    private static void check(String key, List<GrayTestResult> results) {
        double[] causes = get(key + ".causes");
        assertThat(results).hasSize(causes.length);
        for (int i = 0; i < causes.length; i++) {
            GrayTestResult r = results.get(i);
            assertThat(r.cause()).isEqualTo((int) causes[i]);
            assertClose(key + ".stat[" + i + "]", r.chiSquare(), get(key + ".stat")[i]);
            assertThat((double) r.df()).as(key + ".df").isEqualTo(get(key + ".df")[i]);
            assertClose(key + ".pv[" + i + "]", r.pValue(), get(key + ".pv")[i]);
        }
    }
}
