package org.followupmonitor.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.DataQualityFlag;
import org.followupmonitor.analysis.Derivation;
import org.followupmonitor.analysis.PatientFacts;
import org.followupmonitor.analysis.SubjectRows;
import org.followupmonitor.events.PatientTimeline;
import org.followupmonitor.events.file.ImportNotes;
import org.followupmonitor.events.file.ImportSummary;
import org.followupmonitor.events.file.RegistryImporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code followup-monitor validate}: reads a registry file and reports what it holds and what is wrong with
 * it, without any patient id (counts, line numbers and field names only).
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        header = "read a file: patients, events, data-quality flags, every rejected line",
        description = "Checks a registry file (CSV or JSON Lines): patients, events by type, data-quality exclusions "
                + "per analysis, and every rejected line, date after the as-of date and repeated patient row by line "
                + "and field. Prints no patient id.")
public final class ValidateCommand extends CliCommand {

    @Mixin
    InputOptions input = new InputOptions();

    @Option(names = "--strict", description = "Exit 1 when any line is rejected.")
    private boolean strict;

    @Mixin
    AnalysesOptions analyses = new AnalysesOptions();

    @Mixin
    PseudonymOptions pseudonym = new PseudonymOptions();

    @Mixin
    LoggingOptions logging = new LoggingOptions();

    @Override
    int execute() throws Exception {
        PrintWriter out = out();
        PrintWriter err = err();
        Path file = input.file();
        List<AnalysisDefinition> definitions = analyses.load().analyses();
        Map<String, long[]> rows = new LinkedHashMap<>();
        Map<String, Map<DataQualityFlag, Long>> flags = new LinkedHashMap<>();
        for (AnalysisDefinition a : definitions) {
            rows.put(a.name(), new long[1]);
            flags.put(a.name(), new EnumMap<>(DataQualityFlag.class));
        }
        long[] erased = {0};
        RegistryImporter.Options options = input.read.importerOptions(false, pseudonym.key());
        RegistryImporter importer = new RegistryImporter(options);
        ImportSummary summary;
        try {
            summary = importer.forEachPatient(file, patient -> {
                PatientTimeline timeline = patient.timeline();
                if (timeline.erased()) {
                    erased[0]++;
                }
                PatientFacts facts = PatientFacts.of(timeline).flagDatesAfter(options.asOf());
                for (AnalysisDefinition a : definitions) {
                    Derivation d = SubjectRows.derive(facts, a);
                    if (d instanceof Derivation.Excluded x) {
                        flags.get(a.name()).merge(x.flag(), 1L, Long::sum);
                    } else {
                        rows.get(a.name())[0]++;
                    }
                }
            });
        } catch (IOException e) {
            throw CliError.unusable("--input " + file + ": cannot read it (" + CliError.reason(e) + ")");
        }

        out.printf("File: %s (%s)%n", summary.file(), summary.format() == null ? "?" : summary.format().name()
                .toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        out.printf("Records: %d read, %d accepted, %d rejected%n", summary.records(),
                summary.records() - summary.rejectedCount(), summary.rejectedCount());
        if (!summary.unknownColumns().isEmpty()) {
            out.printf("Unknown columns (ignored): %s%n", String.join(", ", summary.unknownColumns()));
        }
        out.printf("Patients: %d (erased: %d)%n", summary.patients(), erased[0]);
        out.printf("Events: %d%n", summary.events());
        summary.eventsByType().forEach((type, n) -> out.printf("  %-18s %8d%n", type, n));
        out.printf("Analyses (%s):%n", analyses.source());
        for (AnalysisDefinition a : definitions) {
            Map<DataQualityFlag, Long> f = flags.get(a.name());
            long excluded = f.values().stream().mapToLong(Long::longValue).sum();
            out.printf("  %-32s subjects %6d, excluded %6d%n", a.name(), rows.get(a.name())[0], excluded);
            f.forEach((flag, n) -> out.printf("    %-28s %6d%s%n", flag.name(), n,
                    flag == DataQualityFlag.AWAITING_ORIGIN ? "  (not yet at the time origin)"
                            : flag.dataQuality() ? "" : "  (by design)"));
        }
        ImportMessages.list(out, "Rejected lines", summary.rejectedCount(), summary.rejections());
        ImportNotes notes = summary.notes();
        ImportMessages.list(out, "Lines with a date after the as-of date " + notes.asOf()
                + " (their patients are flagged DATE_AFTER_AS_OF)", notes.datesAfterAsOfCount(), notes.datesAfterAsOf());
        ImportMessages.list(out, "Rows repeating a patient of an earlier row (merged into one patient)",
                notes.repeatedPatientsCount(), notes.repeatedPatients());
        out.flush();
        if (summary.patients() == 0) {
            throw CliError.unusable(ImportMessages.noPatients(summary));
        }
        if (strict && summary.rejectedCount() > 0) {
            throw new CliError(ExitCode.REJECTED_LINES, summary.rejectedCount()
                    + " rejected line(s) and --strict is set");
        }
        return ExitCode.OK.code();
    }
}
