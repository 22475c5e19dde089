package org.followupmonitor.alerts;

import java.time.LocalDate;
import java.util.List;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult.Basis;
import org.followupmonitor.analysis.AnalysisResult.Look;
import org.followupmonitor.analysis.AnalysisResult.MonitoringStatus;
import org.followupmonitor.analysis.CutCohort;
import org.followupmonitor.analysis.Monitor;
import org.followupmonitor.analysis.Monitoring;
import org.followupmonitor.survival.StratifiedRiskTables;

/** The engine's {@link Monitor}: formal looks as data cuts, Lan-DeMets boundaries on the log-rank z. Thread-safe. */
public final class SequentialMonitoring implements Monitor {
    private final SequentialMonitor monitor = new SequentialMonitor();

    @Override
    public MonitoringStatus status(AnalysisDefinition def, int events, StratifiedRiskTables tables, List<Look> looks,
            Basis basis) {
        if (def.monitoring().isEmpty()) {
            return null;
        }
        return monitor.status(def.monitoring().get(), events, LogRankZ.monitored(tables), looks, basis);
    }

    @Override
    public List<Look> looks(AnalysisDefinition def, CutCohort cohort, LocalDate clock) {
        if (def.monitoring().isEmpty()) {
            return List.of();
        }
        Monitoring spec = def.monitoring().get();
        return monitor.looks(spec, cohort.cuts(SequentialMonitor.thresholds(spec), clock));
    }
}
