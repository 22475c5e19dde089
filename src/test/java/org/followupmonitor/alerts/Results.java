package org.followupmonitor.alerts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.AnalysisResult.Basis;
import org.followupmonitor.analysis.AnalysisResult.FollowUp;
import org.followupmonitor.analysis.AnalysisResult.GroupCompleteness;
import org.followupmonitor.analysis.AnalysisResult.GroupResult;
import org.followupmonitor.analysis.AnalysisResult.Look;
import org.followupmonitor.analysis.AnalysisResult.Milestone;
import org.followupmonitor.analysis.AnalysisResult.MilestoneCompleteness;
import org.followupmonitor.analysis.AnalysisResult.MonitoringStatus;
import org.followupmonitor.analysis.AnalysisResult.Overdue;

/** Minimal analysis results and definitions for alert tests. */
final class Results {
    private Results() {
    }

    static AnalysisResult result(String name, String asOf, Integer subjects, int events, List<GroupResult> groups,
            MonitoringStatus monitoring, FollowUp followUp, Map<String, Integer> excluded) {
        return new AnalysisResult(AnalysisResult.FORMAT_VERSION, name, "overall-survival", "diagnosis", "arm",
                List.of(), new AnalysisResult.Confidence("log", 0.95), asOf, subjects, events, 0, excluded, false,
                groups, null, List.of(), null, monitoring, followUp);
    }

    static AnalysisResult result(String name, String asOf, int subjects, int events, List<GroupResult> groups,
            MonitoringStatus monitoring) {
        return result(name, asOf, subjects, events, groups, monitoring, null, Map.of());
    }

    /** A published group with one milestone estimate, everyone at risk there. */
    static GroupResult group(String name, int n, int day, Double survival, Double lower, Double upper) {
        return group(name, n, day, survival, lower, upper, n);
    }

    /** A published group with one milestone estimate and its number at risk. */
    static GroupResult group(String name, int n, int day, Double survival, Double lower, Double upper, int atRisk) {
        return new GroupResult(name, false, n, null, List.of(),
                List.of(new Milestone(day, atRisk, survival, null, lower, upper)), null, null);
    }

    /**
     * A follow-up part: alive and Clark's C over the cohort, patients overdue for {@code overdueDays}, and each
     * group's completeness to the milestone (groups and completeness given in pairs).
     */
    static FollowUp followUp(String asOf, int alive, Double completeness, int overdueDays, int overdue, int milestone,
            Object... groupCompleteness) {
        List<GroupCompleteness> groups = new ArrayList<>();
        for (int i = 0; i < groupCompleteness.length; i += 2) {
            groups.add(new GroupCompleteness((String) groupCompleteness[i], (Double) groupCompleteness[i + 1]));
        }
        return new FollowUp(alive, completeness, List.of(new Overdue(overdueDays, overdue)),
                List.of(new MilestoneCompleteness(milestone, groups)), new Basis(asOf, 130, 60, false));
    }

    /** A look with an O'Brien-Fleming-like alpha spent. */
    static Look look(int k, String cutDate, int events, double fraction, Double z, Double boundary) {
        boolean crossed = z != null && boundary != null && Math.abs(z) >= boundary;
        return new Look(k, cutDate, events, fraction, z, boundary, 0.001 * k, crossed, fraction >= 1);
    }

    /** A monitoring status with the given looks (z now for information only). */
    static MonitoringStatus monitoring(int planned, int events, Double z, List<Look> looks) {
        Double boundary = looks.isEmpty() ? null : looks.get(looks.size() - 1).boundary();
        return new MonitoringStatus(planned, events, Math.min(1.0, (double) events / planned), "obrien-fleming", 0.05,
                0.05, z, boundary, looks.stream().anyMatch(Look::crossed), looks, new Basis("2015-06-30", 130, events,
                        false));
    }

    /** The definition of a YAML analyses file with one analysis. */
    static AnalysisDefinition definition(String yaml) {
        return AnalysesLoader.parse(yaml, "test").analyses().get(0);
    }
}
