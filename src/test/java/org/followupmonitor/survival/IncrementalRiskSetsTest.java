package org.followupmonitor.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class IncrementalRiskSetsTest {

    @Test
    void removingASubjectNeverAddedIsRejectedWithoutChangingTheCounts() {
        IncrementalRiskSets inc = new IncrementalRiskSets();
        inc.add(new RiskSetSubject(10, false, 0, 0));
        RiskSetSnapshot before = inc.snapshot();
        // Same day and cell, but an event where only a censoring is held.
        assertThatThrownBy(() -> inc.remove(new RiskSetSubject(10, true, 0, 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("never added").hasMessageContaining("day 10");
        assertThatThrownBy(() -> inc.remove(new RiskSetSubject(10, false, 1, 0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> inc.remove(new RiskSetSubject(11, false, 0, 0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(inc.snapshot()).isEqualTo(before);
        inc.remove(new RiskSetSubject(10, false, 0, 0));
        assertThatThrownBy(() -> inc.remove(new RiskSetSubject(10, false, 0, 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emptyDaysAndCellsDisappearFromTheSnapshot() {
        IncrementalRiskSets inc = new IncrementalRiskSets();
        inc.add(new RiskSetSubject(5, true, 1, 2));
        inc.add(new RiskSetSubject(7, false, 1, 2));
        inc.add(new RiskSetSubject(7, true, 0, 0));
        inc.add(new RiskSetSubject(3, true, 0, 0));
        inc.remove(new RiskSetSubject(5, true, 1, 2));
        RiskSetSnapshot snap = inc.snapshot();
        assertThat(snap.cells()).hasSize(2);
        CellCounts first = snap.cells().get(0);
        assertThat(first.group()).isZero();
        assertThat(first.stratum()).isZero();
        assertThat(first.times()).containsExactly(3, 7);
        assertThat(first.events()).containsExactly(1, 1);
        assertThat(first.censored()).containsExactly(0, 0);
        CellCounts second = snap.cells().get(1);
        assertThat(second.times()).containsExactly(7);
        assertThat(second.events()).containsExactly(0);
        assertThat(second.censored()).containsExactly(1);
        assertThat(inc.groupCount()).isEqualTo(2);
        assertThat(inc.strataCount()).isEqualTo(3);
        inc.remove(new RiskSetSubject(7, false, 1, 2));
        assertThat(inc.snapshot().cells()).hasSize(1);
        assertThat(inc.strataCount()).isEqualTo(1);
        assertThat(inc.tables(2, 3).cell(1, 2)).isEqualTo(RiskTable.EMPTY);
    }

    @Test
    void restoreRebuildsAnEqualStructureThatKeepsWorking() {
        IncrementalRiskSets inc = new IncrementalRiskSets();
        for (int d = 0; d < 20; d++) {
            inc.add(new RiskSetSubject(d % 7, d % 3 == 0, d % 2, d % 4));
        }
        IncrementalRiskSets copy = IncrementalRiskSets.restore(inc.snapshot());
        assertThat(copy.snapshot()).isEqualTo(inc.snapshot());
        assertThat(copy.size()).isEqualTo(20);
        copy.remove(new RiskSetSubject(0, true, 0, 0));
        inc.remove(new RiskSetSubject(0, true, 0, 0));
        assertThat(copy.tables(2, 4)).isEqualTo(inc.tables(2, 4));
    }

    @Test
    void tablesRejectCountsThatDoNotCoverTheHeldCodes() {
        IncrementalRiskSets inc = new IncrementalRiskSets();
        inc.add(new RiskSetSubject(1, true, 3, 0));
        assertThatThrownBy(() -> inc.tables(2, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4 groups");
        assertThat(inc.tables().groupCount()).isEqualTo(4);
    }

    @Test
    void compactValuesValidateTheirInvariants() {
        assertThatThrownBy(() -> new CellCounts(0, 0, new int[] {2, 1}, new int[] {1, 1}, new int[] {0, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strictly increasing");
        assertThatThrownBy(() -> new CellCounts(0, 0, new int[] {1}, new int[] {0}, new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one subject");
        assertThatThrownBy(() -> new CellCounts(0, 0, new int[0], new int[0], new int[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        CellCounts c = new CellCounts(0, 0, new int[] {1}, new int[] {1}, new int[] {0});
        assertThatThrownBy(() -> new RiskSetSnapshot(List.of(c, c)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> new RiskSetSubject(-1, true, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
