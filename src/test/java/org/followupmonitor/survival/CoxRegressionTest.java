package org.followupmonitor.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class CoxRegressionTest {

    @Test
    void aCollinearTermIsAliasedAndTheRestIsTheFitWithoutIt() {
        CoxData d = CoxRegressionPropertiesTest.randomData(7, 80, 3, 200);
        double[][] x = d.x();
        double[][] x4 = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            // x3 = 2 x1 - x2 + 5: exactly collinear with x1 and x2, not with x0.
            x4[i] = new double[] {x[i][0], x[i][1], x[i][2], 2 * x[i][1] - x[i][2] + 5};
        }
        CoxFit fit = CoxRegression.fit(CoxData.unweighted(d.time(), d.event(), x4, List.of("x0", "x1", "x2", "x3")));
        CoxFit without = CoxRegression.fit(d);
        // The later column of a collinear set is the aliased one, as R's cholesky2 declares it.
        assertThat(fit.aliased()).containsExactly("x3");
        assertThat(fit.term("x3").coef()).isNaN();
        assertThat(fit.term("x3").p()).isNaN();
        assertThat(fit.warnings()).singleElement().asString().contains("variable 4 (x3)");
        assertThat(fit.converged()).isTrue();
        for (String t : List.of("x0", "x1", "x2")) {
            assertThat(fit.term(t).coef()).isCloseTo(without.term(t).coef(), within(1e-9 * Math.abs(without.term(t).coef())));
            assertThat(fit.term(t).se()).isCloseTo(without.term(t).se(), within(1e-9 * without.term(t).se()));
        }
        assertThat(fit.likelihoodRatio().df()).isEqualTo(3);
        assertThat(fit.likelihoodRatio().statistic()).isCloseTo(without.likelihoodRatio().statistic(),
                within(1e-9 * without.likelihoodRatio().statistic()));
        assertThat(fit.wald().df()).isEqualTo(3);
        assertThat(fit.score().df()).isEqualTo(3);
    }

    @Test
    void aConstantCovariateIsAliasedNotRefused() {
        CoxData d = CoxRegressionPropertiesTest.randomData(3, 30, 1, 100);
        double[][] x = new double[30][];
        double[][] orig = d.x();
        for (int i = 0; i < 30; i++) {
            x[i] = new double[] {orig[i][0], 4.0};
        }
        CoxFit fit = CoxRegression.fit(CoxData.unweighted(d.time(), d.event(), x, List.of("x0", "site")));
        assertThat(fit.aliased()).containsExactly("site");
        assertThat(fit.term("x0").coef()).isCloseTo(CoxRegression.fit(d).term("x0").coef(),
                within(1e-9 * Math.abs(CoxRegression.fit(d).term("x0").coef())));
        assertThat(fit.likelihoodRatio().df()).isEqualTo(1);
    }

    @Test
    void whenEveryTermIsAliasedThereIsNoTest() {
        CoxData d = CoxRegressionPropertiesTest.randomData(3, 30, 1, 100);
        double[][] x = new double[30][];
        for (int i = 0; i < 30; i++) {
            x[i] = new double[] {1.0};
        }
        CoxFit fit = CoxRegression.fit(CoxData.unweighted(d.time(), d.event(), x, List.of("one")));
        assertThat(fit.aliased()).containsExactly("one");
        assertThat(fit.likelihoodRatio().df()).isZero();
        assertThat(fit.likelihoodRatio().statistic()).isNaN();
        assertThat(fit.likelihoodRatio().p()).isNaN();
        assertThat(fit.wald().p()).isNaN();
        assertThat(fit.score().p()).isNaN();
    }

    @Test
    void aGroupWithoutEventsGivesAFlaggedFitNotACrashOrASilentNumber() {
        CoxData d = CoxRegressionPropertiesTest.randomData(5, 120, 2, 300);
        double[][] x = d.x();
        boolean[] e = d.event();
        for (int i = 0; i < x.length; i++) {
            x[i][0] = i % 4 == 0 ? 1 : 0; // group 1: a quarter of the subjects, all censored
            if (x[i][0] == 1) {
                e[i] = false;
            }
        }
        CoxFit fit = CoxRegression.fit(CoxData.unweighted(d.time(), e, x, d.termNames()));
        assertThat(fit.converged()).isFalse();
        assertThat(fit.warnings()).singleElement().asString()
                .contains("variable 1 (x0)").contains("coefficient may be infinite");
        assertThat(fit.term("x0").coef()).isLessThan(-5);
        assertThat(fit.term("x1").coef()).isFinite();
    }

    @Test
    void runningOutOfIterationsIsReportedNotHidden() {
        CoxData d = CoxRegressionPropertiesTest.randomData(11, 100, 2, 300);
        CoxFit fit = CoxRegression.fit(d, CoxOptions.defaults().withIterMax(1));
        assertThat(fit.converged()).isFalse();
        assertThat(fit.warnings()).contains("Ran out of iterations and did not converge");
    }

    @Test
    void invalidInputIsRejectedWithAHint() {
        double[] t = {1, 2, 3};
        double[][] x = {{1}, {2}, {3}};
        assertThatThrownBy(() -> CoxData.unweighted(t, new boolean[3], x, List.of("a")))
                .hasMessageContaining("no events");
        assertThatThrownBy(() -> new CoxData(t, new boolean[] {true, false, true}, x, List.of("a"),
                new double[] {1, 0, 1})).hasMessageContaining("> 0");
        assertThatThrownBy(() -> CoxData.unweighted(t, new boolean[] {true, true, true},
                new double[][] {{1}, {Double.NaN}, {3}}, List.of("a"))).hasMessageContaining("DesignMatrix");
    }

    @Test
    void pValuesComeFromTheUpperTailSoTinyOnesSurvive() {
        assertThat(CoxRegression.twoSidedNormalP(20)).isGreaterThan(0).isLessThan(1e-80);
        assertThat(CoxTest.of(400, 1).p()).isGreaterThan(0).isLessThan(1e-80);
    }
}
