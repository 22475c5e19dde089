package org.followupmonitor.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.AnalysisResult.GroupResult;
import org.followupmonitor.analysis.AnalysisResult.LogRankSummary;
import org.followupmonitor.analysis.AnalysisResult.MilestoneComparison;
import org.followupmonitor.analysis.Table1Builder;

/**
 * Applies a plan: the published result of an analysis given the units withheld. A withheld group keeps its
 * name and loses every number (curve, milestones, median, restricted mean, n, events); withheld totals lose
 * subjects, events and the sequential-monitoring status (observed events and the information fraction state
 * the events); an analysis withheld as a whole lists no group and publishes no test. With any group withheld,
 * the per-group log-rank observed and expected counts and the two-group milestone difference go too (they
 * state the withheld group's events or survival). The marker is the same whatever the reason. A competing-risks
 * group withheld loses its cumulative incidences with the rest; the Fine-Gray model loses its basis with the totals.
 */
public final class Redaction {
    private Redaction() {}

    public static AnalysisResult apply(AnalysisDefinition def, AnalysisResult full, Set<String> units,
            int minCellSize) {
        boolean whole = units.contains(Units.whole(def));
        Map<String, Integer> excluded = new TreeMap<>();
        full.excluded().forEach((flag, k) -> excluded.put(flag, units.contains(Units.flag(def, flag)) ? null : k));
        if (whole) {
            return new AnalysisResult(full.formatVersion(), full.name(), full.endpoint(), full.origin(), full.groupBy(),
                    full.strata(), full.confidence(), full.asOf(), null, null, withheld(full.awaitingOrigin()), excluded,
                    true, List.of(), null, List.of(), null, null, null);
        }
        boolean totals = units.contains(Units.totals(def));
        List<GroupResult> groups = new ArrayList<>();
        boolean anyHidden = false;
        for (GroupResult g : full.groups()) {
            if (units.contains(Units.group(def, g.group()))) {
                groups.add(GroupResult.suppressed(g.group()));
                anyHidden = true;
            } else {
                groups.add(g);
            }
        }
        LogRankSummary logRank = anyHidden ? withoutCounts(full.logRank()) : full.logRank();
        List<MilestoneComparison> comparisons = full.milestoneComparisons();
        if (anyHidden) {
            comparisons = comparisons.stream()
                    .map(m -> new MilestoneComparison(m.time(), withoutCounts(m.logRank()), null, null)).toList();
        }
        // Patients awaiting the origin are planned like an exclusion (Views.AWAITING). Counts outside the plan's
        // equations go with any withheld group or total: patients alive or overdue (for overall survival, alive =
        // subjects - events, group by group) and the cohort a Cox model was fitted on (its basis states the
        // totals). Left standing, a small one is withheld on its own: its marker then means 1 .. minimum - 1.
        boolean linked = totals || anyHidden;
        Integer awaiting = units.contains(Units.flag(def, Views.AWAITING)) ? withheld(full.awaitingOrigin())
                : full.awaitingOrigin();
        AnalysisResult.CoxSummary cox = cox(full.cox(), totals);
        // Competing risks: a withheld group's cumulative incidences go with it (GroupResult.suppressed); Gray's
        // test states no count; the Fine-Gray model's counts are in the attacker's equations, its basis states
        // the totals.
        AnalysisResult.FineGraySummary fineGray = full.fineGray() == null || !totals ? full.fineGray()
                : full.fineGray().withBasis(null);
        return new AnalysisResult(full.formatVersion(), full.name(), full.endpoint(), full.origin(), full.groupBy(),
                full.strata(), full.confidence(), full.asOf(), totals ? null : full.subjects(),
                totals ? null : full.events(), awaiting, excluded, false, groups, logRank, comparisons, cox,
                totals ? null : full.monitoring(), linked ? null : followUp(full.followUp(), minCellSize),
                full.grayTest(), fineGray);
    }

    /**
     * The Cox part: without its basis when the totals are withheld (it states them), and a Simon-Makuch figure
     * with a withheld level withholds every level (a level's events are the model's events less the others').
     */
    private static AnalysisResult.CoxSummary cox(AnalysisResult.CoxSummary c, boolean totals) {
        if (c == null) {
            return null;
        }
        List<AnalysisResult.SimonMakuch> curves = c.simonMakuch().stream().map(Redaction::simonMakuch).toList();
        return new AnalysisResult.CoxSummary(c.ties(), c.n(), c.events(), c.terms(), c.likelihoodRatio(), c.wald(),
                c.score(), c.concordance(), c.converged(), c.warnings(), c.univariate(), c.strata(), c.cluster(),
                c.timeVarying(), c.robustScore(), c.proportionalHazards(), c.fixed(), curves,
                totals ? null : c.basis());
    }

    private static AnalysisResult.SimonMakuch simonMakuch(AnalysisResult.SimonMakuch m) {
        if (m.groups().stream().noneMatch(AnalysisResult.ExposureGroup::suppressed)) {
            return m;
        }
        return new AnalysisResult.SimonMakuch(m.covariate(), m.groups().stream()
                .map(g -> new AnalysisResult.ExposureGroup(g.group(), true, null, null, List.of())).toList());
    }

    /**
     * Patients awaiting the origin, withheld as an exclusion count is: null when there are some (as a withheld
     * flag is listed with a null count), 0 when none (as a flag that never occurred is not listed).
     */
    private static Integer withheld(Integer awaiting) {
        return awaiting == null || awaiting > 0 ? null : awaiting;
    }

    /** A count as published on its own: null when small (1 .. minimum - 1). */
    private static Integer small(Integer n, int minCellSize) {
        return n == null || (n > 0 && n < minCellSize) ? null : n;
    }

    private static AnalysisResult.FollowUp followUp(AnalysisResult.FollowUp f, int minCellSize) {
        if (f == null) {
            return null;
        }
        return new AnalysisResult.FollowUp(small(f.alive(), minCellSize), f.completeness(),
                f.overdue().stream().map(o -> new AnalysisResult.Overdue(o.days(), small(o.patients(), minCellSize)))
                        .toList(), f.milestones(), f.basis());
    }

    private static LogRankSummary withoutCounts(LogRankSummary l) {
        return l == null ? null : new LogRankSummary(l.chiSquare(), l.df(), l.pValue(), l.stratified(), l.rho(),
                List.of(), List.of());
    }

    /** Table 1's withheld counts as the units say. */
    static Table1Builder.Withheld table1(Set<String> units) {
        return new Table1Builder.Withheld() {
            @Override
            public boolean cell(String c, String l, String a) {
                return units.contains(Units.table1Cell(c, l, a));
            }

            @Override
            public boolean row(String c, String l) {
                return units.contains(Units.table1Row(c, l));
            }

            @Override
            public boolean arm(String a) {
                return units.contains(Units.table1Arm(a));
            }

            @Override
            public boolean block(String c) {
                return units.contains(Units.table1Block(c));
            }

            @Override
            public boolean whole() {
                return units.contains(Units.table1Whole());
            }
        };
    }
}
