package org.followupmonitor.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.followupmonitor.survival.CoxRegressionReferenceTest.assertRel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Aliased terms against R 4.2.2 / survival 3.5-3 (r/cox_aliasing_reference.R, its output beside it): which
 * column R's coxph declares aliased (cholesky2 at toler.chol on the information matrix, in column order), the NA
 * it reports for it, and the model fitted around it with its tests on the reduced df. Tolerance 1e-9 relative.
 */
class CoxAliasingReferenceTest {
    private static final Map<String, Map<String, String>> R = CoxReferenceData.output("cox_aliasing_reference.out");

    /** na.omit(lung) with the derived columns of the R script, in the order the names ask for. */
    private static CoxData lung(String... columns) {
        List<double[]> rows = new ArrayList<>();
        List<Double> time = new ArrayList<>();
        List<Boolean> event = new ArrayList<>();
        for (String[] r : CoxReferenceData.csv("cox_lung.csv")) {
            double age = CoxReferenceData.num(r[2]);
            double sex = CoxReferenceData.num(r[3]);
            double ecog = CoxReferenceData.num(r[4]);
            if (Double.isNaN(ecog)) {
                continue;
            }
            double[] x = new double[columns.length];
            for (int k = 0; k < columns.length; k++) {
                x[k] = switch (columns[k]) {
                    case "age" -> age;
                    case "sex" -> sex;
                    case "ph.ecog" -> ecog;
                    case "x3" -> 2 * age - sex + 5;
                    case "ecog2", "ecog2b" -> ecog >= 2 ? 1 : 0;
                    case "four" -> 4;
                    default -> throw new IllegalArgumentException(columns[k]);
                };
            }
            rows.add(x);
            time.add(CoxReferenceData.num(r[0]));
            event.add(r[1].equals("2"));
        }
        double[] t = new double[time.size()];
        boolean[] e = new boolean[time.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = time.get(i);
            e[i] = event.get(i);
        }
        return CoxData.unweighted(t, e, rows.toArray(new double[0][]), List.of(columns));
    }

    private static void matchesR(String rcase, CoxFit fit) {
        Map<String, String> r = R.get(rcase);
        assertThat(fit.terms()).extracting(CoxTerm::name).containsExactlyElementsOf(Arrays.asList(r.get("terms").split(",")));
        List<String> aliased = new ArrayList<>(Arrays.asList(r.get("aliased").split(",")));
        aliased.remove("-");
        assertThat(fit.aliased()).as(rcase + " aliased").containsExactlyElementsOf(aliased);
        for (CoxTerm t : fit.terms()) {
            if (t.aliased()) {
                assertThat(r.get("coef." + t.name())).isEqualTo("NA");
                assertThat(List.of(t.se(), t.hazardRatio(), t.lower(), t.upper(), t.z(), t.p())).allMatch(d -> d.isNaN());
                continue;
            }
            assertRel(t.coef(), r.get("coef." + t.name()), rcase + " coef " + t.name());
            assertRel(t.se(), r.get("se." + t.name()), rcase + " se " + t.name());
            assertRel(t.p(), r.get("p." + t.name()), rcase + " p " + t.name());
        }
        assertRel(fit.loglik(), r.get("loglik"), rcase + " loglik");
        assertRel(fit.likelihoodRatio().statistic(), r.get("lr"), rcase + " LR");
        assertRel(fit.wald().statistic(), r.get("wald"), rcase + " Wald");
        assertRel(fit.score().statistic(), r.get("score"), rcase + " score");
        assertRel(fit.concordance().concordance(), r.get("concordance"), rcase + " concordance");
        int df = Integer.parseInt(r.get("df"));
        assertThat(List.of(fit.likelihoodRatio().df(), fit.wald().df(), fit.score().df())).containsOnly(df);
        assertThat(fit.converged()).isTrue();
        if (aliased.isEmpty()) {
            assertThat(fit.warnings()).isEmpty();
        } else {
            assertThat(fit.warnings()).singleElement().asString().startsWith("X matrix deemed to be singular; variable")
                    .contains("(" + aliased.get(0) + ")");
        }
    }

    // R: coxph(Surv(time, status) ~ age + sex + ph.ecog + x3), x3 = 2 age - sex + 5: x3 is NA
    @Test
    void theLaterColumnOfACombinationIsAliased() {
        matchesR("combination_last", CoxRegression.fit(lung("age", "sex", "ph.ecog", "x3")));
        matchesR("reduced", CoxRegression.fit(lung("age", "sex", "ph.ecog")));
    }

    // R: coxph(Surv(time, status) ~ x3 + age + sex + ph.ecog): now sex, the last of the dependent set, is NA
    @Test
    void columnOrderDecidesWhichTermIsAliased() {
        matchesR("combination_first", CoxRegression.fit(lung("x3", "age", "sex", "ph.ecog")));
    }

    // R: two 0/1 flags that always coincide (neither centred nor scaled): the copy is NA
    @Test
    void aCopiedFlagIsAliased() {
        matchesR("flag_copy", CoxRegression.fit(lung("ecog2", "age", "ecog2b")));
    }

    // R: coxph(Surv(time, status) ~ four): NA, and "Likelihood ratio test=0 on 0 df, p=1" with no Wald test.
    // A test of no coefficient is no test: the df is R's, the statistic and p are NaN (published as null).
    @Test
    void withEveryTermAliasedTheTestsHaveNoDegreesOfFreedomAndNoNumbers() {
        Map<String, String> r = R.get("all_aliased");
        CoxFit fit = CoxRegression.fit(lung("four"));
        assertThat(r.get("coef.four")).isEqualTo("NA");
        assertThat(fit.aliased()).containsExactly("four");
        assertThat(fit.likelihoodRatio().df()).isEqualTo(Integer.parseInt(r.get("df"))).isZero();
        assertThat(Math.abs(Double.parseDouble(r.get("lr")))).isZero();
        assertThat(r.get("lr.p")).isEqualTo("1");
        assertThat(r.get("wald.length")).isEqualTo("0");
        assertThat(List.of(fit.likelihoodRatio().statistic(), fit.likelihoodRatio().p(), fit.wald().statistic(),
                fit.wald().p(), fit.score().statistic(), fit.score().p())).allMatch(d -> d.isNaN());
    }

    // R: a constant column between two others: NA, the others fitted
    @Test
    void aConstantColumnIsAliased() {
        matchesR("constant", CoxRegression.fit(lung("age", "four", "sex")));
    }
}
