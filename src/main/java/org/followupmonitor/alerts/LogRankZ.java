package org.followupmonitor.alerts;

import java.util.ArrayList;
import java.util.List;
import org.followupmonitor.survival.LogRank;
import org.followupmonitor.survival.LogRankResult;
import org.followupmonitor.survival.RiskTable;
import org.followupmonitor.survival.StratifiedRiskTables;

/**
 * The signed log-rank statistic that sequential monitoring follows.
 *
 * <p>For two groups, z = (O_2 - E_2) / sqrt(V_22): the standardised excess of events in the second group over
 * what the pooled hazard predicts (Klein &amp; Moeschberger, 2nd ed., sec. 7.3). Its square is survdiff's
 * chi-square; its sign says which way: z &gt; 0 when the second group has more events than expected (worse
 * survival than the first), z &lt; 0 when it has fewer.
 *
 * <p>With more than two groups there is no single signed statistic: the k-group vector (O - E) measures each
 * group against all others pooled. What this project monitors is each group against the first (the reference
 * level), as separate two-group comparisons: {@link #versusFirst(StratifiedRiskTables, double)} runs the
 * (stratified) two-group test on the subjects of group 0 and group j only, for each j. These comparisons are
 * not adjusted for their multiplicity; {@link #mostExtreme(double[])} picks the one a single
 * {@code MonitoringStatus} reports.
 */
public final class LogRankZ {
    private LogRankZ() {
    }

    /**
     * The signed two-group z of a log-rank result.
     *
     * @param result a log-rank over exactly two groups
     * @return (O_2 - E_2) / sqrt(V_22); NaN when V_22 is not positive (no information: no events, or one group
     *         empty)
     * @throws IllegalArgumentException when result is null or does not have exactly two groups
     */
    public static double twoGroup(LogRankResult result) {
        if (result == null) {
            throw new IllegalArgumentException("log-rank result must not be null");
        }
        if (result.groupCount() != 2) {
            throw new IllegalArgumentException("a signed z needs exactly two groups, got " + result.groupCount()
                    + "; use versusFirst for each group against the first");
        }
        double v = result.variance()[1][1];
        if (!(v > 0)) {
            return Double.NaN;
        }
        return (result.observed()[1] - result.expected()[1]) / Math.sqrt(v);
    }

    /**
     * Each group against the first, as separate two-group (stratified) log-rank tests.
     *
     * @param tables the cohort's risk tables, groups x strata
     * @param rho    Fleming-Harrington rho (0 for the log-rank)
     * @return z per group code; element 0 is NaN (the reference), element j the signed z of group j against
     *         group 0, NaN when undefined
     * @throws IllegalArgumentException when tables is null or rho is invalid
     */
    public static double[] versusFirst(StratifiedRiskTables tables, double rho) {
        if (tables == null) {
            throw new IllegalArgumentException("risk tables must not be null");
        }
        double[] z = new double[tables.groupCount()];
        z[0] = Double.NaN;
        for (int j = 1; j < z.length; j++) {
            List<RiskTable> cells = new ArrayList<>(2 * tables.strataCount());
            for (int s = 0; s < tables.strataCount(); s++) {
                // Index stratum * 2 + group of the two-group tables: reference first, then group j.
                cells.add(tables.cell(0, s));
                cells.add(tables.cell(j, s));
            }
            z[j] = twoGroup(LogRank.test(new StratifiedRiskTables(2, tables.strataCount(), cells), rho));
        }
        return z;
    }

    /**
     * The z that sequential monitoring follows, from the cohort's risk tables (plain log-rank, rho = 0): for two
     * groups the signed two-group z; for more, the comparison against the first group with the largest |z|
     * (so the boundary is crossed when any group crosses it; no multiplicity adjustment); NaN with one group or
     * when no comparison is defined.
     *
     * @throws IllegalArgumentException when tables is null
     */
    public static double monitored(StratifiedRiskTables tables) {
        double[] z = versusFirst(tables, 0.0);
        int best = mostExtreme(z);
        return best < 0 ? Double.NaN : z[best];
    }

    /**
     * The index of the largest |z| (the first on ties), ignoring NaN; -1 when every element is NaN.
     *
     * @throws IllegalArgumentException when z is null
     */
    public static int mostExtreme(double[] z) {
        if (z == null) {
            throw new IllegalArgumentException("z must not be null");
        }
        int best = -1;
        for (int j = 0; j < z.length; j++) {
            if (!Double.isNaN(z[j]) && (best < 0 || Math.abs(z[j]) > Math.abs(z[best]))) {
                best = j;
            }
        }
        return best;
    }
}
