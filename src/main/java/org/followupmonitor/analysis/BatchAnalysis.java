package org.followupmonitor.analysis;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.PatientTimeline;
import org.followupmonitor.events.file.ImportSummary;
import org.followupmonitor.events.file.RegistryImportException;
import org.followupmonitor.events.file.RegistryImporter;

/**
 * The batch face of the engine: reads a registry file once, patient by patient, and computes every
 * selected analysis and Table 1. Memory grows with the number of distinct days and, for analyses
 * with a Cox model, with their subject rows; never with whole timelines.
 */
public final class BatchAnalysis {
    private BatchAnalysis() {}

    /**
     * @param results one per selected analysis, in configuration order
     * @param dataQuality patients excluded by data-quality flags, summed over analyses
     */
    public record Outcome(List<AnalysisResult> results, Table1 table1, ImportSummary summary,
            Map<DataQualityFlag, Integer> dataQuality) {}

    /**
     * @param monitor sequential monitoring ({@link Monitor#NONE} for none)
     * @param progress called with the number of patients read so far, every 10,000 patients
     * @throws IOException when the file cannot be read
     * @throws RegistryImportException when the file is unusable, or a row is bad and strict is set
     */
    public static Outcome run(Path input, List<AnalysisDefinition> analyses, RegistryImporter.Options options,
            int minCellSize, Monitor monitor, LongConsumer progress) throws IOException, RegistryImportException {
        Map<AnalysisDefinition, CohortAccumulator> cohorts = new LinkedHashMap<>();
        analyses.forEach(a -> cohorts.put(a, new CohortAccumulator(a)));
        Table1Builder table1 = new Table1Builder(minCellSize);
        Map<DataQualityFlag, Integer> quality = new EnumMap<>(DataQualityFlag.class);
        long[] patients = {0};
        ImportSummary summary = new RegistryImporter(options).forEachPatient(input, patient -> {
            PatientTimeline timeline = patient.timeline();
            LocalDate lastSeen = lastSeen(timeline);
            table1.add(timeline);
            cohorts.forEach((def, cohort) -> {
                Derivation d = SubjectRows.derive(timeline, def);
                cohort.add(d, lastSeen);
                if (d instanceof Derivation.Excluded x && x.flag().dataQuality()) {
                    quality.merge(x.flag(), 1, Integer::sum);
                }
            });
            if (++patients[0] % 10_000 == 0) {
                progress.accept(patients[0]);
            }
        });
        List<AnalysisResult> results = new ArrayList<>();
        cohorts.values().forEach(c -> results.add(c.result(minCellSize, monitor)));
        return new Outcome(results, table1.build(), summary, quality);
    }

    /** The latest date among the events in effect; null when there are none. */
    public static LocalDate lastSeen(PatientTimeline timeline) {
        LocalDate last = null;
        for (ClinicalEvent e : timeline.effectiveEvents()) {
            if (last == null || e.occurredOn().isAfter(last)) {
                last = e.occurredOn();
            }
        }
        return last;
    }
}
