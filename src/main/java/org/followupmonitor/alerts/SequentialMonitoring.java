package org.followupmonitor.alerts;

import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult.MonitoringStatus;
import org.followupmonitor.analysis.Monitor;
import org.followupmonitor.survival.StratifiedRiskTables;

/** The engine's {@link Monitor}: Lan-DeMets boundaries on the monitored log-rank z. Thread-safe. */
public final class SequentialMonitoring implements Monitor {
    private final SequentialMonitor monitor = new SequentialMonitor();

    @Override
    public MonitoringStatus status(AnalysisDefinition def, int events, StratifiedRiskTables tables) {
        if (def.monitoring().isEmpty()) {
            return null;
        }
        return monitor.status(def.monitoring().get(), events, LogRankZ.monitored(tables));
    }
}
