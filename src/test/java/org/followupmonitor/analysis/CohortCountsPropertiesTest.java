package org.followupmonitor.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.followupmonitor.survival.IncrementalRiskSets;
import org.followupmonitor.survival.RiskSetSubject;
import org.followupmonitor.survival.RiskTable;
import org.followupmonitor.survival.StratifiedRiskTables;
import org.junit.jupiter.api.Test;

/**
 * The streaming path gives whole cells as dense day arrays; the batch path adds day by day. Both must give
 * the same tables, and the same tables as the incremental risk sets holding those subjects.
 */
class CohortCountsPropertiesTest {
    private static final String[] GROUPS = {"surgery", "no-surgery", "other"};
    private static final String[] STRATA = {"", "s1", "s2"};

    @Property(tries = 200)
    void denseCellsGiveTheTablesOfDayByDayCounts(@ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
        Random rnd = new Random(seed);
        CohortCounts.Builder byDay = CohortCounts.builder(Optional.empty());
        CohortCounts.Builder dense = CohortCounts.builder(Optional.empty());
        IncrementalRiskSets oracle = new IncrementalRiskSets();
        int strata = 1 + rnd.nextInt(STRATA.length);
        for (int g = 0; g < GROUPS.length; g++) {
            for (int s = 0; s < strata; s++) {
                int[] pairs = new int[2 * (1 + rnd.nextInt(200))];
                for (int k = rnd.nextInt(40); k > 0; k--) {
                    pairs[rnd.nextInt(pairs.length)] += 1 + rnd.nextInt(3);
                }
                dense.addDays(GROUPS[g], STRATA[s], pairs);
                for (int d = 0; d < pairs.length / 2; d++) {
                    byDay.add(GROUPS[g], STRATA[s], d, pairs[2 * d], pairs[2 * d + 1]);
                }
            }
        }
        CohortCounts a = byDay.build();
        CohortCounts b = dense.build();
        assertThat(b.groups()).isEqualTo(a.groups());
        assertThat(b.strata()).isEqualTo(a.strata());
        assertSameTables(b.tables(), a.tables());
        // The same subjects one by one in the incremental risk sets, with the codes of the canonical order.
        if (!a.isEmpty()) {
            StratifiedRiskTables t = a.tables();
            for (int s = 0; s < t.strataCount(); s++) {
                for (int g = 0; g < t.groupCount(); g++) {
                    RiskTable cell = t.cell(g, s);
                    for (int i = 0; i < cell.size(); i++) {
                        for (int k = 0; k < (int) cell.events()[i]; k++) {
                            oracle.add(new RiskSetSubject((int) cell.times()[i], true, g, s));
                        }
                        for (int k = 0; k < (int) cell.censored()[i]; k++) {
                            oracle.add(new RiskSetSubject((int) cell.times()[i], false, g, s));
                        }
                    }
                }
            }
            assertSameTables(IncrementalRiskSets.tables(oracle.snapshot(), t.groupCount(), t.strataCount()), t);
            assertSameTables(oracle.tables(t.groupCount(), t.strataCount()), t);
        }
    }

    @Test
    void denseCountsAreCheckedAndACellIsGivenOnce() {
        CohortCounts.Builder b = CohortCounts.builder(Optional.empty());
        assertThatThrownBy(() -> b.addDays("g", "", new int[3])).hasMessageContaining("pairs");
        assertThatThrownBy(() -> b.addDays("g", "", new int[] {1, -1})).hasMessageContaining(">= 0");
        b.addDays("g", "", new int[] {1, 0});
        assertThatThrownBy(() -> b.addDays("g", "", new int[] {0, 1})).hasMessageContaining("twice");
        // An all-zero cell is no cell, as with day-by-day adds of zero.
        assertThat(CohortCounts.builder(Optional.empty()).addDays("g", "", new int[4]).build().isEmpty()).isTrue();
    }

    private static void assertSameTables(StratifiedRiskTables actual, StratifiedRiskTables expected) {
        assertThat(actual.groupCount()).isEqualTo(expected.groupCount());
        assertThat(actual.strataCount()).isEqualTo(expected.strataCount());
        assertThat(actual.cells()).hasSameSizeAs(expected.cells());
        for (int c = 0; c < expected.cells().size(); c++) {
            RiskTable x = actual.cells().get(c);
            RiskTable y = expected.cells().get(c);
            assertThat(x.times()).containsExactly(y.times());
            assertThat(x.atRisk()).containsExactly(y.atRisk());
            assertThat(x.events()).containsExactly(y.events());
            assertThat(x.censored()).containsExactly(y.censored());
        }
    }
}
