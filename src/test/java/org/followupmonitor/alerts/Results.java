package org.followupmonitor.alerts;

import java.util.List;
import java.util.Map;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.AnalysisResult.GroupResult;
import org.followupmonitor.analysis.AnalysisResult.Milestone;
import org.followupmonitor.analysis.AnalysisResult.MonitoringStatus;

/** Minimal analysis results and definitions for alert tests. */
final class Results {
    private Results() {
    }

    static AnalysisResult result(String name, String asOf, int subjects, int events, List<GroupResult> groups,
            MonitoringStatus monitoring) {
        return new AnalysisResult(AnalysisResult.FORMAT_VERSION, name, "overall-survival", "diagnosis", "arm",
                List.of(), new AnalysisResult.Confidence("log", 0.95), asOf, subjects, events, Map.of(), false, groups, null, List.of(), null, monitoring);
    }

    /** A published group with one milestone estimate. */
    static GroupResult group(String name, int n, int day, Double survival, Double lower, Double upper) {
        return new GroupResult(name, false, n, null, List.of(),
                List.of(new Milestone(day, n, survival, null, lower, upper)), null, null);
    }

    /** The definition of a YAML analyses file with one analysis. */
    static AnalysisDefinition definition(String yaml) {
        return AnalysesLoader.parse(yaml, "test").analyses().get(0);
    }
}
