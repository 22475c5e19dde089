package org.followupmonitor.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Cox fits against R 4.2.2 / survival 3.5-3. The R calls are in
 * src/test/resources/org/followupmonitor/survival/r/cox_reference.R, its output in cox_reference.out.
 * Tolerance 1e-9 relative (R prints 17 significant digits).
 */
class CoxRegressionReferenceTest {
    private static final double REL = 1e-9;
    private static final Map<String, Map<String, String>> R = CoxReferenceData.output("cox_reference.out");

    /** lung[, c(time, status, age, sex, ph.ecog)]; the row with ph.ecog NA is dropped by the design. */
    static CoxData lung(boolean weighted) {
        List<String[]> rows = CoxReferenceData.csv("cox_lung.csv");
        int n = rows.size();
        double[] time = new double[n];
        boolean[] event = new boolean[n];
        double[] age = new double[n];
        double[] sex = new double[n];
        double[] ecog = new double[n];
        for (int i = 0; i < n; i++) {
            String[] r = rows.get(i);
            time[i] = CoxReferenceData.num(r[0]);
            event[i] = r[1].equals("2");
            age[i] = CoxReferenceData.num(r[2]);
            sex[i] = CoxReferenceData.num(r[3]);
            ecog[i] = CoxReferenceData.num(r[4]);
        }
        DesignMatrix d = DesignMatrix.builder(n).numeric("age", age).numeric("sex", sex).numeric("ph.ecog", ecog)
                .build();
        assertThat(d.excludedRows()).isEqualTo(1);
        if (!weighted) {
            return CoxData.of(time, event, d);
        }
        double[] w = new double[d.rows().length];
        for (int i = 0; i < w.length; i++) {
            w[i] = 1 + i % 3; // R: rep(c(1, 2, 3), length.out = nrow(na.omit(lung)))
        }
        return new CoxData(d.keep(time), d.keep(event), d.x(), d.termNames(), w);
    }

    /** veteran with celltype releveled to "large" (R's level order otherwise), karno, trt. */
    static CoxData veteran(boolean months, boolean withCelltype) {
        List<String[]> rows = CoxReferenceData.csv("cox_veteran.csv");
        int n = rows.size();
        double[] time = new double[n];
        boolean[] event = new boolean[n];
        double[] trt = new double[n];
        String[] cell = new String[n];
        double[] karno = new double[n];
        for (int i = 0; i < n; i++) {
            String[] r = rows.get(i);
            time[i] = months ? Math.ceil(CoxReferenceData.num(r[0]) / 30) : CoxReferenceData.num(r[0]);
            event[i] = r[1].equals("1");
            trt[i] = CoxReferenceData.num(r[2]);
            cell[i] = r[3];
            karno[i] = CoxReferenceData.num(r[4]);
        }
        DesignMatrix.Builder b = DesignMatrix.builder(n);
        if (withCelltype) {
            b.categorical("celltype", cell, List.of("large", "squamous", "smallcell", "adeno"), "large");
        }
        DesignMatrix d = b.numeric("karno", karno).numeric("trt", trt).build();
        return CoxData.of(time, event, d);
    }

    // R: coxph(Surv(time, status) ~ age + sex + ph.ecog, data = lung)
    @Test
    void shouldMatchRCoxphEfronOnLungAgeSexEcog() {
        assertMatchesR("lung_efron", CoxRegression.fit(lung(false)));
    }

    // R: coxph(Surv(time, status) ~ age + sex + ph.ecog, data = lung, ties = "breslow")
    @Test
    void shouldMatchRCoxphBreslowOnLungAgeSexEcog() {
        assertMatchesR("lung_breslow", CoxRegression.fit(lung(false), CoxOptions.withTies(CoxTies.BRESLOW)));
    }

    // R: summary(coxph(Surv(time, status) ~ age + sex + ph.ecog, data = lung), conf.int = 0.90)
    @Test
    void shouldMatchRNinetyPercentIntervalsOnLung() {
        CoxFit fit = CoxRegression.fit(lung(false), CoxOptions.defaults().withConfidenceLevel(0.90));
        Map<String, String> r = R.get("lung_efron90");
        for (CoxTerm t : fit.terms()) {
            assertRel(t.lower(), r.get("lower." + t.name()), "lower " + t.name());
            assertRel(t.upper(), r.get("upper." + t.name()), "upper " + t.name());
        }
    }

    // R: coxph(Surv(time, status) ~ age + sex + ph.ecog, data = na.omit(lung), weights = rep(1:3, ...))
    @Test
    void shouldMatchRCoxphWithCaseWeightsOnLung() {
        assertMatchesR("lung_weighted", CoxRegression.fit(lung(true)));
    }

    // R: coxph(Surv(time, status) ~ relevel(celltype, "large") + karno + trt, data = veteran)
    @Test
    void shouldMatchRCoxphOnVeteranCelltypeAgainstLarge() {
        CoxFit fit = CoxRegression.fit(veteran(false, true));
        assertThat(fit.terms()).extracting(CoxTerm::name)
                .containsExactly("celltypesquamous", "celltypesmallcell", "celltypeadeno", "karno", "trt");
        assertMatchesR("veteran_efron", fit);
    }

    // R: coxph(Surv(ceiling(time / 30), status) ~ karno + trt, data = veteran), ties efron and breslow
    @Test
    void shouldMatchRCoxphOnHeavilyTiedVeteranMonths() {
        assertMatchesR("veteran_months_efron", CoxRegression.fit(veteran(true, false)));
        assertMatchesR("veteran_months_breslow",
                CoxRegression.fit(veteran(true, false), CoxOptions.withTies(CoxTies.BRESLOW)));
    }

    // R: coxph(Surv(time, status) ~ grp + age, data = lung) with grp = time > 800: R warns
    // "Loglik converged before variable 1 ; coefficient may be infinite."
    @Test
    void shouldFlagMonotoneLikelihoodLikeR() {
        // All 228 lung rows (ph.ecog is not in this model, so no row is dropped).
        List<String[]> rows = CoxReferenceData.csv("cox_lung.csv");
        double[] t = new double[rows.size()];
        boolean[] e = new boolean[rows.size()];
        double[][] xx = new double[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            t[i] = CoxReferenceData.num(rows.get(i)[0]);
            e[i] = rows.get(i)[1].equals("2");
            xx[i] = new double[] {t[i] > 800 ? 1 : 0, CoxReferenceData.num(rows.get(i)[2])};
        }
        CoxFit fit = CoxRegression.fit(CoxData.unweighted(t, e, xx, List.of("grp", "age")));
        Map<String, String> r = R.get("lung_monotone");
        assertThat(fit.converged()).isFalse();
        assertThat(fit.warnings()).singleElement().asString()
                .startsWith("Loglik converged before variable 1 (grp); coefficient may be infinite");
        assertThat(r.get("warning")).startsWith("Loglik_converged_before_variable_1");
        assertThat(fit.iterations()).isEqualTo(Integer.parseInt(r.get("iter")));
        // The stopping point of a diverging coefficient is reproducible along the same Newton path.
        assertRel(fit.term("grp").coef(), r.get("coef.grp"), "grp", 1e-6);
        assertRel(fit.term("age").coef(), r.get("coef.age"), "age", 1e-6);
        assertRel(fit.loglik(), r.get("loglik"), "loglik", 1e-9);
    }

    // R: coxph(Surv(time, status) ~ age + sex + ph.ecog, data = lung, iter.max = 2)
    // warns "Ran out of iterations and did not converge" and reports the last accepted beta, iter = 3.
    @Test
    void shouldReportRanOutOfIterationsLikeR() {
        CoxFit fit = CoxRegression.fit(lung(false), CoxOptions.defaults().withIterMax(2));
        Map<String, String> r = R.get("lung_iter2");
        assertThat(r.get("warning")).isEqualTo("Ran_out_of_iterations_and_did_not_converge");
        assertThat(fit.converged()).isFalse();
        assertThat(fit.warnings()).containsExactly("Ran out of iterations and did not converge");
        assertThat(fit.iterations()).isEqualTo(Integer.parseInt(r.get("iter")));
        for (CoxTerm t : fit.terms()) {
            assertRel(t.coef(), r.get("coef." + t.name()), "coef " + t.name());
        }
        assertRel(fit.loglik(), r.get("loglik"), "loglik");
    }

    private static void assertMatchesR(String rcase, CoxFit fit) {
        Map<String, String> r = R.get(rcase);
        assertThat(r).as("R case " + rcase).isNotNull();
        for (CoxTerm t : fit.terms()) {
            String n = t.name();
            assertRel(t.coef(), r.get("coef." + n), "coef " + n);
            assertRel(t.se(), r.get("se." + n), "se " + n);
            assertRel(t.hazardRatio(), r.get("hr." + n), "HR " + n);
            assertRel(t.lower(), r.get("lower." + n), "lower " + n);
            assertRel(t.upper(), r.get("upper." + n), "upper " + n);
            assertRel(t.z(), r.get("z." + n), "z " + n);
            assertRel(t.p(), r.get("p." + n), "p " + n);
        }
        assertRel(fit.loglikNull(), r.get("loglik0"), "loglik0");
        assertRel(fit.loglik(), r.get("loglik"), "loglik");
        assertRel(fit.likelihoodRatio().statistic(), r.get("lr"), "LR");
        assertRel(fit.likelihoodRatio().p(), r.get("lr.p"), "LR p");
        assertRel(fit.wald().statistic(), r.get("wald"), "Wald");
        assertRel(fit.wald().p(), r.get("wald.p"), "Wald p");
        assertRel(fit.score().statistic(), r.get("score"), "score");
        assertRel(fit.score().p(), r.get("score.p"), "score p");
        assertThat(fit.likelihoodRatio().df()).isEqualTo(Integer.parseInt(r.get("df")));
        assertThat(fit.n()).isEqualTo(Integer.parseInt(r.get("n")));
        assertThat(fit.events()).isEqualTo(Integer.parseInt(r.get("events")));
        assertThat(fit.iterations()).isEqualTo(Integer.parseInt(r.get("iter")));
        assertThat(fit.converged()).isTrue();
        assertThat(fit.warnings()).isEmpty();
        Concordance c = fit.concordance();
        assertRel(c.concordant(), r.get("conc.concordant"), "concordant");
        assertRel(c.discordant(), r.get("conc.discordant"), "discordant");
        assertRel(c.tiedX(), r.get("conc.tied.x"), "tied.x");
        assertRel(c.tiedY(), r.get("conc.tied.y"), "tied.y");
        assertRel(c.tiedXY(), r.get("conc.tied.xy"), "tied.xy");
        assertRel(c.concordance(), r.get("conc.concordance"), "concordance");
        assertRel(c.stdErr(), r.get("conc.std"), "concordance std");
    }

    static void assertRel(double actual, String expected, String what) {
        assertRel(actual, expected, what, REL);
    }

    static void assertRel(double actual, String expected, String what, double rel) {
        assertThat(expected).as("R value for " + what).isNotNull();
        double e = Double.parseDouble(expected);
        assertThat(actual).as(what).isCloseTo(e, within(Math.max(rel * Math.abs(e), 1e-300)));
    }
}
