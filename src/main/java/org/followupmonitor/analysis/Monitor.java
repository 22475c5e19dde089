package org.followupmonitor.analysis;

import org.followupmonitor.survival.StratifiedRiskTables;

/**
 * Computes an analysis' sequential-monitoring status from its current risk sets (the alerts
 * package implements it with Lan-DeMets boundaries). Kept as an interface here so the engine does
 * not depend on the alerting code.
 */
@FunctionalInterface
public interface Monitor {
    /** No monitoring: every result's {@code monitoring} is null. */
    Monitor NONE = (def, events, tables) -> null;

    /**
     * @param events observed endpoint events in the analysis
     * @return the status, or null when the analysis declares no monitoring
     */
    AnalysisResult.MonitoringStatus status(AnalysisDefinition def, int events, StratifiedRiskTables tables);
}
