package org.followupmonitor.analysis;

import java.time.LocalDate;
import java.util.List;
import org.followupmonitor.survival.StratifiedRiskTables;

/**
 * Sequential monitoring of an analysis' group comparison (the alerts package implements it with Lan-DeMets
 * boundaries). Kept as an interface here so the engine does not depend on the alerting code.
 */
public interface Monitor {
    /** No monitoring: every result's {@code monitoring} is null. */
    Monitor NONE = new Monitor() {
        @Override
        public AnalysisResult.MonitoringStatus status(AnalysisDefinition def, int events, StratifiedRiskTables tables,
                List<AnalysisResult.Look> looks, AnalysisResult.Basis basis) {
            return null;
        }

        @Override
        public List<AnalysisResult.Look> looks(AnalysisDefinition def, CutCohort cohort, LocalDate clock) {
            return List.of();
        }
    };

    /**
     * The status now: the current data's events and z, with the look history computed from the subjects.
     *
     * @param events observed endpoint events in the analysis
     * @param tables the current risk tables
     * @param looks  the look history ({@link #looks}); empty before the first look or while not yet computed
     * @param basis  what the look history reflects; null while not yet computed
     * @return the status, or null when the analysis declares no monitoring
     */
    AnalysisResult.MonitoringStatus status(AnalysisDefinition def, int events, StratifiedRiskTables tables,
            List<AnalysisResult.Look> looks, AnalysisResult.Basis basis);

    /**
     * The formal looks the cohort has reached by the clock: data cuts with their statistics and boundaries. A pure
     * function of the subjects' cut histories and the clock, so batch and streaming give the same history.
     *
     * @return the looks in order, empty when the analysis declares no monitoring
     */
    List<AnalysisResult.Look> looks(AnalysisDefinition def, CutCohort cohort, LocalDate clock);
}
