package org.followupmonitor.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The column-stored design ({@link DesignMatrix.Builder#buildColumns()}) and the Cox fit on it
 * ({@link CoxRegression#fit(double[], boolean[], DesignMatrix.Columns, CoxOptions)}) against the row-stored
 * design and {@link CoxData}: the same matrix, and the same fit to the last bit, since the fitter must sum in the
 * same order whatever the storage.
 */
class CoxColumnsPropertiesTest {

    /** A design with a factor (with missing values), a numeric covariate (with missing values) and tied times. */
    private record Data(double[] time, boolean[] event, DesignMatrix.Builder design) {}

    private static Data data(long seed, int n) {
        System.out.println("CoxColumnsPropertiesTest seed=" + seed + " n=" + n);
        Random rnd = new Random(seed);
        double[] time = new double[n];
        boolean[] event = new boolean[n];
        String[] grade = new String[n];
        double[] age = new double[n];
        for (int i = 0; i < n; i++) {
            time[i] = 1 + rnd.nextInt(40); // many ties
            event[i] = rnd.nextDouble() < 0.6;
            grade[i] = rnd.nextDouble() < 0.1 ? null : Integer.toString(1 + rnd.nextInt(3));
            age[i] = rnd.nextDouble() < 0.05 ? Double.NaN : 30 + rnd.nextInt(50);
        }
        event[0] = true;
        grade[0] = "1";
        grade[1] = "2";
        grade[2] = "3";
        // Every level among the complete rows: the reference level of a level missing there is refused (issue 12).
        for (int i = 0; i < 3; i++) {
            age[i] = 30 + i;
        }
        DesignMatrix.Builder b = DesignMatrix.builder(n).categorical("grade", grade, "3").numeric("age", age);
        return new Data(time, event, b);
    }

    @Property(tries = 40)
    void columnsAreTheTransposedMatrix(@ForAll long seed, @ForAll @IntRange(min = 5, max = 300) int n) {
        Data d = data(seed, n);
        DesignMatrix rows = d.design().build();
        DesignMatrix.Columns cols = d.design().buildColumns();
        assertThat(cols.termNames()).isEqualTo(rows.termNames());
        assertThat(cols.rows()).isEqualTo(rows.rows());
        assertThat(cols.excludedRows()).isEqualTo(rows.excludedRows());
        double[][] x = rows.x();
        for (int k = 0; k < cols.x().length; k++) {
            for (int i = 0; i < x.length; i++) {
                assertThat(cols.x()[k][i]).isEqualTo(x[i][k]);
            }
        }
    }

    @Property(tries = 40)
    void shouldFitBitForBitAsCoxDataDoes(@ForAll long seed, @ForAll @IntRange(min = 20, max = 400) int n,
            @ForAll boolean breslow) {
        Data d = data(seed, n);
        CoxOptions options = CoxOptions.withTies(breslow ? CoxTies.BRESLOW : CoxTies.EFRON);
        CoxFit expected;
        try {
            expected = CoxRegression.fit(CoxData.of(d.time(), d.event(), d.design().build()), options);
        } catch (IllegalArgumentException e) { // e.g. a factor with one level among the complete rows
            assertThatThrownBy(() -> CoxRegression.fit(d.time(), d.event(), d.design().buildColumns(), options))
                    .isInstanceOf(e.getClass()).hasMessage(e.getMessage());
            return;
        }
        CoxFit actual = CoxRegression.fit(d.time(), d.event(), d.design().buildColumns(), options);
        assertThat(actual.terms()).isEqualTo(expected.terms());
        assertThat(actual.loglikNull()).isEqualTo(expected.loglikNull());
        assertThat(actual.loglik()).isEqualTo(expected.loglik());
        assertThat(actual.concordance()).isEqualTo(expected.concordance());
        assertThat(actual.score()).isEqualTo(expected.score());
        assertThat(actual.iterations()).isEqualTo(expected.iterations());
        assertThat(actual.warnings()).isEqualTo(expected.warnings());
    }

    @Test
    void shouldRejectDataWithoutEventsWithCoxDatasMessage() {
        double[] time = {1, 2, 3};
        boolean[] event = {false, false, false};
        DesignMatrix.Builder b = DesignMatrix.builder(3).numeric("x", new double[] {1, 2, 3});
        assertThatThrownBy(() -> CoxData.of(time, event, b.build()))
                .hasMessage("no events among 3 subjects: the Cox partial likelihood is empty");
        assertThatThrownBy(() -> CoxRegression.fit(time, event, b.buildColumns(), CoxOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no events among 3 subjects: the Cox partial likelihood is empty");
    }
}
