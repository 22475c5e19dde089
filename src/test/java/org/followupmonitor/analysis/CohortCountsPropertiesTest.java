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

    /**
     * Competing causes (blocks of [recurrence, death, censored] per day): dense cells and day-by-day counts give the
     * same competing tables, those of the subject rows they count; the Kaplan-Meier tables are the cause-specific
     * ones, the rows with death censored.
     */
    @Property(tries = 200)
    void competingCountsGiveTheTablesOfTheirRowsAndCauseSpecificKaplanMeier(
            @ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
        Random rnd = new Random(seed);
        java.util.List<SubjectRow> rows = new java.util.ArrayList<>();
        java.util.List<SubjectRow> deathCensored = new java.util.ArrayList<>();
        int strata = 1 + rnd.nextInt(STRATA.length);
        for (int i = rnd.nextInt(300); i > 0; i--) {
            int cause = rnd.nextInt(3);
            String g = GROUPS[rnd.nextInt(GROUPS.length)];
            String st = STRATA[rnd.nextInt(strata)];
            int day = rnd.nextInt(100);
            rows.add(new SubjectRow(day, cause == 1, g, st, java.util.Map.of(), java.util.Map.of(), java.util.Map.of(),
                    cause));
            deathCensored.add(new SubjectRow(day, cause == 1, g, st, java.util.Map.of(), java.util.Map.of()));
        }
        CohortCounts byRow = CohortCounts.of(Optional.empty(), 2, rows);
        CohortCounts.Builder dense = CohortCounts.builder(Optional.empty(), 2);
        java.util.Map<String, int[]> cells = new java.util.HashMap<>();
        for (SubjectRow r : rows) {
            int[] c = cells.computeIfAbsent(r.group() + "|" + r.stratum(), k -> new int[3 * (100 + rnd.nextInt(3))]);
            c[3 * r.timeDays() + (r.cause() == 0 ? 2 : r.cause() - 1)]++;
        }
        cells.forEach((k, c) -> dense.addDays(k.substring(0, k.indexOf('|')), k.substring(k.indexOf('|') + 1), c));
        CohortCounts fromDense = dense.build();
        assertThat(fromDense.groups()).isEqualTo(byRow.groups());
        assertThat(fromDense.strata()).isEqualTo(byRow.strata());
        assertSameTables(fromDense.tables(), byRow.tables());
        assertSameTables(byRow.tables(), CohortCounts.of(Optional.empty(), deathCensored).tables());
        if (!rows.isEmpty()) {
            int[] day = new int[rows.size()];
            int[] status = new int[rows.size()];
            int[] group = new int[rows.size()];
            int[] stratum = new int[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                day[i] = rows.get(i).timeDays();
                status[i] = rows.get(i).cause();
                group[i] = byRow.groups().indexOf(rows.get(i).group());
                stratum[i] = byRow.strata().indexOf(rows.get(i).stratum());
            }
            org.followupmonitor.survival.CompetingRiskTables expected = org.followupmonitor.survival
                    .CompetingRiskTables.ofDays(byRow.groups().size(), byRow.strata().size(), 2, day, status, group,
                            stratum);
            assertThat(byRow.competingTables()).isEqualTo(expected);
            assertThat(fromDense.competingTables()).isEqualTo(expected);
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
