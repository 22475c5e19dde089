package org.followupmonitor.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DesignMatrixTest {

    @Test
    void dummyCodesAFactorAgainstItsReferenceWithRStyleNames() {
        String[] grade = {"1", "3", "2", null, "3", "10"};
        double[] age = {50, 60, 45, 40, 70, 55};
        DesignMatrix d = DesignMatrix.builder(6).numeric("age", age).categorical("grade", grade, "3").build();
        // Levels in numeric order 1, 2, 3, 10; reference 3 dropped.
        assertThat(d.termNames()).containsExactly("age", "grade1", "grade2", "grade10");
        assertThat(d.terms()).extracting(DesignMatrix.Term::level).containsExactly(null, "1", "2", "10");
        assertThat(d.terms()).extracting(DesignMatrix.Term::reference).containsExactly(null, "3", "3", "3");
        assertThat(d.rows()).containsExactly(0, 1, 2, 4, 5);
    }

    @Test
    void codesOnlyTheLevelsOfTheCompleteRowsAsRDoesAfterNaOmit() {
        String[] grade = {"1", "3", "2", null, "3", "10"};
        double[] age = {50, 60, Double.NaN, 40, 70, 55};
        DesignMatrix d = DesignMatrix.builder(6).numeric("age", age).categorical("grade", grade, "3").build();
        // Rows 2 (age NaN) and 3 (grade null) are excluded, as na.omit would; level 2 occurs only in row 2,
        // so it has no column (R: character or droplevels'd factor, model.matrix on the complete cases).
        assertThat(d.rows()).containsExactly(0, 1, 4, 5);
        assertThat(d.excludedRows()).isEqualTo(2);
        assertThat(d.termNames()).containsExactly("age", "grade1", "grade10");
        assertThat(d.x()).isEqualTo(new double[][] {{50, 1, 0}, {60, 0, 0}, {70, 0, 0}, {55, 0, 1}});
        assertThat(d.terms()).extracting(DesignMatrix.Term::rows).containsExactly(4, 1, 1);
        assertThat(d.keep(new double[] {10, 20, 30, 40, 50, 60})).containsExactly(10, 20, 50, 60);
    }

    @Test
    void theDefaultReferenceIsTheFirstDeclaredLevelPresentAmongTheCompleteRows() {
        String[] t = {"2", "1", "3", "0", "2", "3"};
        double[] ki = {5, 7, 9, Double.NaN, 4, 8};
        DesignMatrix d = DesignMatrix.builder(6).numeric("ki", ki)
                .categorical("t", t, List.of("0", "1", "2", "3", "4"), null).build();
        // 0 occurs only in the incomplete row 3 and 4 nowhere: the reference is 1.
        assertThat(d.termNames()).containsExactly("ki", "t2", "t3");
        assertThat(d.terms().get(1).reference()).isEqualTo("1");
    }

    @Test
    void aReferenceOrASecondLevelMissingFromTheCompleteRowsIsNamed() {
        String[] t = {"2", "1", "3", "0"};
        double[] ki = {5, 7, 9, Double.NaN};
        assertThatThrownBy(() -> DesignMatrix.builder(4).numeric("ki", ki)
                .categorical("t", t, List.of("0", "1", "2", "3"), "0").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reference level '0' of 't' does not occur among the complete rows")
                .hasMessageContaining("levels present: 1, 2, 3");
        String[] one = {"2", "2", "2", "1"};
        assertThatThrownBy(() -> DesignMatrix.builder(4).numeric("ki", ki)
                .categorical("t", one, List.of("0", "1", "2", "3"), null).buildColumns())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only the level(s) [2]");
        assertThatThrownBy(() -> DesignMatrix.builder(0).numeric("ki", new double[0]).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no subjects");
    }

    @Test
    void explicitLevelsKeepTheirOrder() {
        String[] cell = {"squamous", "large", "adeno", "smallcell"};
        DesignMatrix d = DesignMatrix.builder(4)
                .categorical("celltype", cell, List.of("large", "squamous", "smallcell", "adeno"), "large").build();
        assertThat(d.termNames()).containsExactly("celltypesquamous", "celltypesmallcell", "celltypeadeno");
    }

    @Test
    void rejectsUnknownReferenceUndeclaredLevelAndLengthMismatch() {
        String[] g = {"a", "b"};
        assertThatThrownBy(() -> DesignMatrix.builder(2).categorical("g", g, "z").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reference level 'z'");
        assertThatThrownBy(() -> DesignMatrix.builder(2).categorical("g", g, List.of("a", "b"), "z"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not among its levels");
        assertThatThrownBy(() -> DesignMatrix.builder(2).categorical("g", g, List.of("a", "c"), "a"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a declared level");
        assertThatThrownBy(() -> DesignMatrix.builder(3).numeric("x", new double[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 rows");
        assertThatThrownBy(() -> DesignMatrix.builder(1).numeric("x", new double[] {Double.NaN}).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing");
    }
}
