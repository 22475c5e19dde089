package org.followupmonitor.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CoxRegressionTest {

    @Test
    void collinearTermsAreNamedInTheException() {
        CoxData d = CoxRegressionPropertiesTest.randomData(7, 80, 3, 200);
        double[][] x = d.x();
        double[][] x4 = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            // x3 = 2 x1 - x2 + 5: exactly collinear with x1 and x2, not with x0.
            x4[i] = new double[] {x[i][0], x[i][1], x[i][2], 2 * x[i][1] - x[i][2] + 5};
        }
        CoxData bad = CoxData.unweighted(d.time(), d.event(), x4, List.of("x0", "x1", "x2", "x3"));
        assertThatThrownBy(() -> CoxRegression.fit(bad)).isInstanceOfSatisfying(CoxCollinearityException.class,
                ex -> {
                    assertThat(ex.terms()).containsExactly("x3", "x1", "x2");
                    assertThat(ex.getMessage()).contains("collinear").contains("x3, x1, x2");
                });
    }

    @Test
    void constantCovariateIsRefusedByName() {
        CoxData d = CoxRegressionPropertiesTest.randomData(3, 30, 1, 100);
        double[][] x = new double[30][];
        double[][] orig = d.x();
        for (int i = 0; i < 30; i++) {
            x[i] = new double[] {orig[i][0], 4.0};
        }
        assertThatThrownBy(() -> CoxRegression.fit(CoxData.unweighted(d.time(), d.event(), x, List.of("x0", "site"))))
                .isInstanceOf(CoxCollinearityException.class).hasMessageContaining("'site' is constant");
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
