package org.followupmonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.followupmonitor.survival.LogRank;
import org.followupmonitor.survival.LogRankResult;
import org.followupmonitor.survival.StratifiedRiskTables;
import org.junit.jupiter.api.Test;

/**
 * The signed z: its square is survdiff's two-group chi-square (the survival package's LogRank is checked against
 * R elsewhere), its sign follows the excess of events, and "each group against the first" equals the two-group
 * test on those two groups' subjects alone.
 */
class LogRankZTest {
    private static final long SEED = 77L;

    /** Random whole-day data: group g has hazard (1 + g) / 400 per day; censoring uniform. */
    private static int[][] data(SplittableRandom r, int n, int groups, int strata) {
        int[][] rows = new int[n][4];
        for (int i = 0; i < n; i++) {
            int g = r.nextInt(groups);
            int death = 1 + (int) (-Math.log(1 - r.nextDouble()) * 400 / (1 + g));
            int censor = 1 + r.nextInt(900);
            rows[i] = new int[] {Math.min(death, censor), death <= censor ? 1 : 0, g, r.nextInt(strata)};
        }
        return rows;
    }

    private static StratifiedRiskTables tables(List<int[]> rows, int groups, int strata, int[] recode) {
        int n = rows.size();
        int[] days = new int[n];
        boolean[] event = new boolean[n];
        int[] group = new int[n];
        int[] stratum = new int[n];
        for (int i = 0; i < n; i++) {
            int[] row = rows.get(i);
            days[i] = row[0];
            event[i] = row[1] == 1;
            group[i] = recode == null ? row[2] : recode[row[2]];
            stratum[i] = row[3];
        }
        return StratifiedRiskTables.ofDays(groups, strata, days, event, group, stratum);
    }

    @Test
    void squareIsTheTwoGroupChiSquareAndSignFollowsTheExcessOfEvents() {
        System.out.println("LogRankZTest seed " + SEED);
        SplittableRandom r = new SplittableRandom(SEED);
        for (int strata = 1; strata <= 3; strata++) {
            List<int[]> rows = List.of(data(r, 300, 2, strata));
            LogRankResult lr = LogRank.test(tables(rows, 2, strata, null));
            double z = LogRankZ.twoGroup(lr);
            assertThat(z * z).isCloseTo(lr.chiSquare(), within(1e-9 * lr.chiSquare()));
            // Group 1 has twice the hazard: more events than expected, z > 0; swapping the groups flips the sign.
            assertThat(z).isPositive();
            double swapped = LogRankZ.twoGroup(LogRank.test(tables(rows, 2, strata, new int[] {1, 0})));
            assertThat(swapped).isCloseTo(-z, within(1e-12));
            assertThat(LogRankZ.monitored(tables(rows, 2, strata, null))).isEqualTo(z);
        }
    }

    @Test
    void eachGroupAgainstTheFirstIsTheTwoGroupTestOnThoseGroupsAlone() {
        SplittableRandom r = new SplittableRandom(SEED + 1);
        int[][] all = data(r, 400, 3, 2);
        double[] z = LogRankZ.versusFirst(tables(List.of(all), 3, 2, null), 0);
        assertThat(z).hasSize(3);
        assertThat(z[0]).isNaN();
        for (int j = 1; j < 3; j++) {
            List<int[]> pair = new ArrayList<>();
            for (int[] row : all) {
                if (row[2] == 0 || row[2] == j) {
                    pair.add(row);
                }
            }
            int[] recode = {0, j == 1 ? 1 : -1, j == 2 ? 1 : -1};
            double direct = LogRankZ.twoGroup(LogRank.test(tables(pair, 2, 2, recode)));
            assertThat(z[j]).as("group %d against group 0", j).isCloseTo(direct, within(1e-12));
        }
        // Group 2 (three times the hazard of group 0) is the most extreme comparison, and the monitored one.
        assertThat(LogRankZ.mostExtreme(z)).isEqualTo(2);
        assertThat(LogRankZ.monitored(tables(List.of(all), 3, 2, null))).isEqualTo(z[2]);
    }

    @Test
    void undefinedWithoutInformationAndRejectsOtherGroupCounts() {
        // No events at all: V22 = 0, z undefined (NaN), not 0.
        StratifiedRiskTables none = StratifiedRiskTables.ofDays(2, 1, new int[] {3, 5, 7}, new boolean[3],
                new int[] {0, 1, 1}, null);
        assertThat(LogRankZ.twoGroup(LogRank.test(none))).isNaN();
        assertThat(LogRankZ.monitored(none)).isNaN();
        StratifiedRiskTables oneGroup = StratifiedRiskTables.ofDays(1, 1, new int[] {3, 5}, new boolean[] {true, true},
                null, null);
        assertThat(LogRankZ.monitored(oneGroup)).isNaN();
        assertThat(LogRankZ.mostExtreme(new double[] {Double.NaN, Double.NaN})).isEqualTo(-1);
        assertThat(LogRankZ.mostExtreme(new double[] {Double.NaN, -2.5, 2.5, 1})).isEqualTo(1);
        StratifiedRiskTables three = StratifiedRiskTables.ofDays(3, 1, new int[] {3, 5, 7},
                new boolean[] {true, true, true}, new int[] {0, 1, 2}, null);
        assertThatThrownBy(() -> LogRankZ.twoGroup(LogRank.test(three))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("versusFirst");
    }
}
