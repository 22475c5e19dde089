package org.followupmonitor.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DesignMatrixTest {

    @Test
    void dummyCodesAFactorAgainstItsReferenceWithRStyleNames() {
        String[] grade = {"1", "3", "2", null, "3", "10"};
        double[] age = {50, 60, Double.NaN, 40, 70, 55};
        DesignMatrix d = DesignMatrix.builder(6).numeric("age", age).categorical("grade", grade, "3").build();
        // Levels in numeric order 1, 2, 3, 10; reference 3 dropped.
        assertThat(d.termNames()).containsExactly("age", "grade1", "grade2", "grade10");
        // Rows 2 (age NaN) and 3 (grade null) are excluded, as na.omit would.
        assertThat(d.rows()).containsExactly(0, 1, 4, 5);
        assertThat(d.excludedRows()).isEqualTo(2);
        assertThat(d.x()).isEqualTo(new double[][] {{50, 1, 0, 0}, {60, 0, 0, 0}, {70, 0, 0, 0}, {55, 0, 0, 1}});
        assertThat(d.keep(new double[] {10, 20, 30, 40, 50, 60})).containsExactly(10, 20, 50, 60);
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
        assertThatThrownBy(() -> DesignMatrix.builder(2).categorical("g", g, "z"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reference level 'z'");
        assertThatThrownBy(() -> DesignMatrix.builder(2).categorical("g", g, List.of("a", "c"), "a"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a declared level");
        assertThatThrownBy(() -> DesignMatrix.builder(3).numeric("x", new double[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 rows");
        assertThatThrownBy(() -> DesignMatrix.builder(1).numeric("x", new double[] {Double.NaN}).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing");
    }
}
