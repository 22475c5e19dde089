package org.followupmonitor.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.followupmonitor.survival.CoxRegressionReferenceTest.assertRel;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Counting-process (start, stop] Cox models, strata, cluster-robust variance, the proportional-hazards test and
 * Kaplan-Meier curves on (start, stop] rows, against R 4.2.2 / survival 3.5-3. The R calls are in
 * src/test/resources/org/followupmonitor/survival/r/cox_methods_reference.R, its output in
 * cox_methods_reference.out (17 significant digits). Tolerance 1e-9 relative.
 */
class CoxMethodsReferenceTest {
    private static final Map<String, Map<String, String>> R = CoxReferenceData.output("cox_methods_reference.out");
    private static final List<String> HEART_TERMS = List.of("age", "year", "surgery", "transplant");

    /** heart: (start, stop] rows of the Stanford transplant data; transplant switches on at the transplant. */
    static CoxData heart(boolean withSurgery) {
        List<String[]> rows = CoxReferenceData.csv("cox_heart.csv");
        int n = rows.size();
        double[] start = new double[n];
        double[] stop = new double[n];
        boolean[] event = new boolean[n];
        double[][] x = new double[n][];
        int[] surgery = new int[n];
        int[] id = new int[n];
        for (int i = 0; i < n; i++) {
            String[] r = rows.get(i);
            id[i] = Integer.parseInt(r[0]);
            start[i] = CoxReferenceData.num(r[1]);
            stop[i] = CoxReferenceData.num(r[2]);
            event[i] = r[3].equals("1");
            double age = CoxReferenceData.num(r[4]);
            double year = CoxReferenceData.num(r[5]);
            surgery[i] = Integer.parseInt(r[6]);
            double transplant = CoxReferenceData.num(r[7]);
            x[i] = withSurgery ? new double[] {age, year, surgery[i], transplant} : new double[] {age, year, transplant};
        }
        CoxData d = CoxData.unweighted(stop, event, x, withSurgery ? HEART_TERMS : List.of("age", "year", "transplant"))
                .withStart(start);
        return withSurgery ? d.withCluster(id) : d.withStrata(surgery);
    }

    static CoxData heartWithoutClusters() {
        CoxData d = heart(true);
        return new CoxData(d.start(), d.time(), d.event(), d.x(), d.termNames(), d.weights(), null, null);
    }

    /** lung without rows missing inst or ph.ecog; strata sex, clusters inst. */
    static CoxData lung(boolean strataSex, boolean clusterInst) {
        List<String[]> rows = CoxReferenceData.csv("cox_lung_inst.csv");
        int n = rows.size();
        double[] time = new double[n];
        boolean[] event = new boolean[n];
        double[][] x = new double[n][];
        int[] sex = new int[n];
        int[] inst = new int[n];
        for (int i = 0; i < n; i++) {
            String[] r = rows.get(i);
            inst[i] = Integer.parseInt(r[0]);
            time[i] = CoxReferenceData.num(r[1]);
            event[i] = r[2].equals("2");
            double age = CoxReferenceData.num(r[3]);
            sex[i] = Integer.parseInt(r[4]);
            double ecog = CoxReferenceData.num(r[5]);
            x[i] = strataSex ? new double[] {age, ecog} : new double[] {age, sex[i], ecog};
        }
        CoxData d = CoxData.unweighted(time, event, x, strataSex ? List.of("age", "ph.ecog")
                : List.of("age", "sex", "ph.ecog"));
        if (strataSex) {
            d = d.withStrata(sex);
        }
        return clusterInst ? d.withCluster(inst) : d;
    }

    // R: coxph(Surv(start, stop, event) ~ age + year + surgery + transplant, data = heart)
    @Test
    void shouldMatchRCoxphOnCountingProcessHeartEfron() {
        assertMatchesR("heart_efron", CoxRegression.fit(heartWithoutClusters()));
    }

    // R: the same with ties = "breslow"
    @Test
    void shouldMatchRCoxphOnCountingProcessHeartBreslow() {
        assertMatchesR("heart_breslow",
                CoxRegression.fit(heartWithoutClusters(), CoxOptions.withTies(CoxTies.BRESLOW)));
    }

    // R: coxph(Surv(start, stop, event) ~ age + year + transplant + strata(surgery), data = heart)
    @Test
    void shouldMatchRStratifiedCountingProcess() {
        assertMatchesR("heart_strata", CoxRegression.fit(heart(false)));
    }

    // R: coxph(Surv(start, stop, event) ~ age + year + surgery + transplant + cluster(id), data = heart)
    @Test
    void shouldMatchRRobustVarianceOnCountingProcessClusteredByPatient() {
        assertMatchesR("heart_cluster", CoxRegression.fit(heart(true)));
    }

    // R: coxph(Surv(time, status) ~ age + ph.ecog + strata(sex), data = lung)
    @Test
    void shouldMatchRStratifiedRightCensored() {
        assertMatchesR("lung_strata", CoxRegression.fit(lung(true, false)));
    }

    // R: coxph(Surv(time, status) ~ age + sex + ph.ecog + cluster(inst), data = lung), Efron and Breslow
    @Test
    void shouldMatchRRobustVarianceClusteredByInstitution() {
        assertMatchesR("lung_cluster", CoxRegression.fit(lung(false, true)));
        assertMatchesR("lung_cluster_breslow", CoxRegression.fit(lung(false, true), CoxOptions.withTies(CoxTies.BRESLOW)));
    }

    // R: coxph(Surv(time, status) ~ age + ph.ecog + strata(sex) + cluster(inst), data = lung)
    @Test
    void shouldMatchRStrataWithClusters() {
        assertMatchesR("lung_strata_cluster", CoxRegression.fit(lung(true, true)));
    }

    // R: cox.zph(fit, transform = "km" | "identity" | "rank" | "log") for each fit above
    @Test
    void shouldMatchRCoxZphOnCountingProcessStrataAndWeights() {
        assertZph("heart_efron", heartWithoutClusters(), CoxOptions.defaults());
        assertZph("heart_breslow", heartWithoutClusters(), CoxOptions.withTies(CoxTies.BRESLOW));
        assertZph("heart_strata", heart(false), CoxOptions.defaults());
        assertZph("lung_strata", lung(true, false), CoxOptions.defaults());
        assertZph("lung_plain", lung(false, false), CoxOptions.defaults());
        assertZph("lung_plain_breslow", lung(false, false), CoxOptions.withTies(CoxTies.BRESLOW));
        CoxData plain = lung(false, false);
        double[] w = new double[plain.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = 1 + i % 3;
        }
        assertZph("lung_weighted", new CoxData(plain.time(), plain.event(), plain.x(), plain.termNames(), w),
                CoxOptions.defaults());
    }

    // R: cox.zph(coxph(Surv(time, status) ~ relevel(celltype, "large") + karno + trt, data = veteran)): celltype is
    // one row on 3 df
    @Test
    void shouldMatchRCoxZphWithAFactorAsOneTerm() {
        List<String[]> rows = CoxReferenceData.csv("cox_veteran.csv");
        int n = rows.size();
        double[] time = new double[n];
        boolean[] event = new boolean[n];
        double[] trt = new double[n];
        String[] cell = new String[n];
        double[] karno = new double[n];
        for (int i = 0; i < n; i++) {
            String[] r = rows.get(i);
            time[i] = CoxReferenceData.num(r[0]);
            event[i] = r[1].equals("1");
            trt[i] = CoxReferenceData.num(r[2]);
            cell[i] = r[3];
            karno[i] = CoxReferenceData.num(r[4]);
        }
        DesignMatrix.Columns d = DesignMatrix.builder(n)
                .categorical("celltype", cell, List.of("large", "squamous", "smallcell", "adeno"), "large")
                .numeric("karno", karno).numeric("trt", trt).buildColumns();
        CoxResponse y = CoxResponse.rightCensored(time, event);
        CoxFit fit = CoxRegression.fit(y, d, CoxOptions.defaults());
        Map<String, String> r = R.get("veteran_celltype");
        for (ZphTransform tr : ZphTransform.values()) {
            ZphResult z = CoxZph.test(fit, y, d, tr);
            assertThat(z.terms()).extracting(ZphResult.Row::term).containsExactly("celltype", "karno", "trt");
            assertThat(z.terms().get(0).df()).isEqualTo(3);
            assertRows("veteran_celltype", r, z);
        }
    }

    // R: survfit(Surv(start, stop, event) ~ transplant, data = heart): the curves by current transplant status
    @Test
    void shouldMatchRKaplanMeierOnStartStopRowsByCurrentExposure() {
        CoxData d = heartWithoutClusters();
        double[] start = d.start();
        double[] stop = d.time();
        boolean[] event = d.event();
        double[][] x = d.x();
        for (int level = 0; level <= 1; level++) {
            int m = 0;
            for (double[] row : x) {
                m += row[3] == level ? 1 : 0;
            }
            double[] s = new double[m];
            double[] t = new double[m];
            boolean[] e = new boolean[m];
            for (int i = 0, j = 0; i < x.length; i++) {
                if (x[i][3] == level) {
                    s[j] = start[i];
                    t[j] = stop[i];
                    e[j++] = event[i];
                }
            }
            KaplanMeierFit km = KaplanMeier.fitCounting(s, t, e);
            Map<String, String> r = R.get("heart_km_" + level);
            assertArray(km.time(), r.get("time"), "time");
            assertArray(km.nRisk(), r.get("n.risk"), "n.risk");
            assertArray(km.nEvent(), r.get("n.event"), "n.event");
            assertArray(km.nCensor(), r.get("n.censor"), "n.censor");
            assertArray(km.survival(), r.get("surv"), "surv");
            assertArray(km.stdErr(), r.get("std.err"), "std.err");
        }
    }

    private static void assertArray(double[] actual, String expected, String what) {
        String[] e = expected.split(",");
        assertThat(actual).as(what).hasSize(e.length);
        for (int i = 0; i < e.length; i++) {
            double v = RReference.parse(e[i]);
            if (Double.isInfinite(v)) {
                assertThat(actual[i]).as(what + "[" + i + "]").isEqualTo(v);
            } else {
                assertRel(actual[i], e[i], what + "[" + i + "]");
            }
        }
    }

    private static void assertZph(String rcase, CoxData data, CoxOptions options) {
        CoxFit fit = CoxRegression.fit(data, options);
        Map<String, String> r = R.get(rcase);
        assertThat(r).as("R case " + rcase).isNotNull();
        for (ZphTransform tr : ZphTransform.values()) {
            assertRows(rcase, r, CoxZph.test(fit, data, tr));
        }
    }

    private static void assertRows(String rcase, Map<String, String> r, ZphResult z) {
        String tr = z.transform().name().toLowerCase(java.util.Locale.ROOT);
        List<ZphResult.Row> rows = new java.util.ArrayList<>(z.terms());
        rows.add(z.global());
        for (ZphResult.Row row : rows) {
            String what = rcase + " " + tr + " " + row.term();
            assertRel(row.chiSquare(), r.get(tr + ".chisq." + row.term()), what + " chisq");
            assertRel(row.p(), r.get(tr + ".p." + row.term()), what + " p");
            assertThat(row.df()).as(what + " df").isEqualTo(Integer.parseInt(r.get(tr + ".df." + row.term())));
        }
    }

    private static void assertMatchesR(String rcase, CoxFit fit) {
        Map<String, String> r = R.get(rcase);
        assertThat(r).as("R case " + rcase).isNotNull();
        boolean robust = r.keySet().stream().anyMatch(k -> k.startsWith("robust.se."));
        for (CoxTerm t : fit.terms()) {
            String n = t.name();
            assertRel(t.coef(), r.get("coef." + n), rcase + " coef " + n);
            assertRel(t.se(), r.get("se." + n), rcase + " se " + n);
            if (robust) {
                assertRel(t.robustSe(), r.get("robust.se." + n), rcase + " robust se " + n);
            } else {
                assertThat(t.robustSe()).as("no clusters, no robust se").isNaN();
            }
            assertRel(t.hazardRatio(), r.get("hr." + n), rcase + " HR " + n);
            assertRel(t.lower(), r.get("lower." + n), rcase + " lower " + n);
            assertRel(t.upper(), r.get("upper." + n), rcase + " upper " + n);
            assertRel(t.z(), r.get("z." + n), rcase + " z " + n);
            assertRel(t.p(), r.get("p." + n), rcase + " p " + n);
        }
        double[] means = fit.means();
        for (int k = 0; k < means.length; k++) {
            assertRel(means[k], r.get("mean." + fit.terms().get(k).name()), rcase + " mean " + k);
        }
        assertRel(fit.loglikNull(), r.get("loglik0"), rcase + " loglik0");
        assertRel(fit.loglik(), r.get("loglik"), rcase + " loglik");
        assertRel(fit.likelihoodRatio().statistic(), r.get("lr"), rcase + " LR");
        assertRel(fit.likelihoodRatio().p(), r.get("lr.p"), rcase + " LR p");
        assertRel(fit.wald().statistic(), r.get("wald"), rcase + " Wald");
        assertRel(fit.wald().p(), r.get("wald.p"), rcase + " Wald p");
        assertRel(fit.score().statistic(), r.get("score"), rcase + " score");
        assertRel(fit.score().p(), r.get("score.p"), rcase + " score p");
        if (robust) {
            assertRel(fit.robustScore().statistic(), r.get("rscore"), rcase + " robust score");
            assertRel(fit.robustScore().p(), r.get("rscore.p"), rcase + " robust score p");
        } else {
            assertThat(fit.robustScore()).isNull();
            assertThat(fit.robustVariance()).isNull();
        }
        assertThat(fit.likelihoodRatio().df()).isEqualTo(Integer.parseInt(r.get("df")));
        assertThat(fit.n()).isEqualTo(Integer.parseInt(r.get("n")));
        assertThat(fit.events()).isEqualTo(Integer.parseInt(r.get("events")));
        assertThat(fit.iterations()).as(rcase + " iterations").isEqualTo(Integer.parseInt(r.get("iter")));
        assertThat(fit.converged()).isTrue();
        assertThat(fit.warnings()).isEmpty();
        Concordance c = fit.concordance();
        assertRel(c.concordant(), r.get("conc.concordant"), rcase + " concordant");
        assertRel(c.discordant(), r.get("conc.discordant"), rcase + " discordant");
        assertRel(c.tiedX(), r.get("conc.tied.x"), rcase + " tied.x");
        assertRel(c.tiedY(), r.get("conc.tied.y"), rcase + " tied.y");
        assertRel(c.tiedXY(), r.get("conc.tied.xy"), rcase + " tied.xy");
        assertRel(c.concordance(), r.get("conc.concordance"), rcase + " concordance");
    }
}
