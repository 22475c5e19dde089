package org.followupmonitor.analysis;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.followupmonitor.events.file.CsvPatientRow;
import org.followupmonitor.events.file.ImportSummary;
import org.followupmonitor.events.file.PatientEvents;
import org.followupmonitor.events.file.RegistryImportException;
import org.followupmonitor.events.file.RegistryImporter;

/**
 * The batch face of the engine: reads a registry file once, patient by patient, and computes every
 * selected analysis and Table 1. Each patient's facts are collected once and shared by all analyses; a CSV
 * patient with one row is read straight into its facts, without events. Memory grows with the number of
 * distinct days and, for analyses with a Cox model, with their subject rows (stored by column); never with
 * whole timelines. A CSV file whose patients' rows are interleaved is read a second time, grouped in memory.
 */
public final class BatchAnalysis {
    private BatchAnalysis() {}

    /**
     * @param results one per selected analysis, in configuration order, complete (what a release withholds is
     *     decided by disclosure control, {@code privacy.Disclosure}, over all of them together)
     * @param table1 Table 1's counts, null when not asked for
     * @param dataQuality patients excluded by data-quality flags, summed over analyses
     */
    public record Outcome(List<AnalysisResult> results, Table1Counts table1, ImportSummary summary,
            Map<DataQualityFlag, Integer> dataQuality) {}

    /**
     * @param minCellSize Cox levels with fewer patients publish no numbers (see {@link AnalysisEngine})
     * @param monitor sequential monitoring ({@link Monitor#NONE} for none); called from several threads
     * @param progress called with the number of patients read so far, every 10,000 patients
     * @throws IOException when the file cannot be read
     * @throws RegistryImportException when the file is unusable, or a row is bad and strict is set
     */
    public static Outcome run(Path input, List<AnalysisDefinition> analyses, RegistryImporter.Options options,
            int minCellSize, Monitor monitor, LongConsumer progress) throws IOException, RegistryImportException {
        return run(input, analyses, options, minCellSize, monitor, progress, true);
    }

    /**
     * As {@link #run(Path, List, RegistryImporter.Options, int, Monitor, LongConsumer)}; with {@code table1}
     * false, Table 1 is not collected (a JSON report has none) and {@link Outcome#table1()} is null.
     */
    public static Outcome run(Path input, List<AnalysisDefinition> analyses, RegistryImporter.Options options,
            int minCellSize, Monitor monitor, LongConsumer progress, boolean table1)
            throws IOException, RegistryImportException {
        RegistryImporter importer = new RegistryImporter(options);
        LocalDate asOf = options.asOf();
        Cohort first = new Cohort(analyses, minCellSize, progress, table1);
        Optional<ImportSummary> summary = importer.forEachPatientRecord(input, new RegistryImporter.PatientSink() {
            @Override
            public void row(CsvPatientRow row) {
                first.add(PatientFacts.of(row).flagDatesAfter(asOf));
            }

            @Override
            public void events(PatientEvents patient) {
                first.add(PatientFacts.of(patient.timeline()).flagDatesAfter(asOf));
            }
        });
        if (summary.isPresent()) {
            return first.outcome(summary.get(), monitor);
        }
        // Patients' rows are interleaved: start again on the path that groups them in memory.
        Cohort again = new Cohort(analyses, minCellSize, progress, table1);
        ImportSummary grouped = importer.forEachPatient(input,
                p -> again.add(PatientFacts.of(p.timeline()).flagDatesAfter(asOf)));
        return again.outcome(grouped, monitor);
    }

    /** Everything the batch collects, patient by patient, from each patient's facts. */
    private static final class Cohort {
        private final List<CohortAccumulator> cohorts = new ArrayList<>();
        private final Table1Builder table1;
        private final Map<DataQualityFlag, Integer> quality = new EnumMap<>(DataQualityFlag.class);
        private final int minCellSize;
        private final LongConsumer progress;
        private long patients;

        Cohort(List<AnalysisDefinition> analyses, int minCellSize, LongConsumer progress, boolean table1) {
            analyses.forEach(a -> cohorts.add(new CohortAccumulator(a)));
            this.table1 = table1 ? new Table1Builder(minCellSize) : null;
            this.minCellSize = minCellSize;
            this.progress = progress;
        }

        void add(PatientFacts facts) {
            if (table1 != null && !facts.datedAfterAsOf) { // left out of every analysis, and so of Table 1
                table1.add(facts);
            }
            for (CohortAccumulator cohort : cohorts) {
                DataQualityFlag flag = cohort.add(facts);
                if (flag != null && flag.dataQuality()) {
                    quality.merge(flag, 1, Integer::sum);
                }
            }
            if (++patients % 10_000 == 0) {
                progress.accept(patients);
            }
        }

        /**
         * The analyses' results, computed in parallel (each a pure function of its cohort; the monitor is
         * thread-safe), in configuration order.
         */
        Outcome outcome(ImportSummary summary, Monitor monitor) {
            List<java.util.function.Supplier<AnalysisResult>> tasks = new ArrayList<>();
            cohorts.forEach(c -> tasks.add(() -> c.result(minCellSize, monitor)));
            List<AnalysisResult> results = ParallelTasks.runAll(tasks);
            return new Outcome(results, table1 == null ? null : table1.counts(), summary, quality);
        }
    }
}
