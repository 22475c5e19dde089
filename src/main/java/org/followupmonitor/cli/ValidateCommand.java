package org.followupmonitor.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.followupmonitor.analysis.AnalysesConfig;
import org.followupmonitor.analysis.AnalysesConfigException;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.DataQualityFlag;
import org.followupmonitor.analysis.Derivation;
import org.followupmonitor.analysis.SubjectRows;
import org.followupmonitor.events.PatientTimeline;
import org.followupmonitor.events.file.ImportSummary;
import org.followupmonitor.events.file.Rejection;
import org.followupmonitor.events.file.RegistryImportException;
import org.followupmonitor.events.file.RegistryImporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code followup-monitor validate}: reads a registry file and reports what it holds and what is wrong with
 * it, without any patient id (counts, line numbers and field names only).
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a registry file (CSV or JSON Lines): patients, events by type, rejected lines and "
                + "data-quality exclusions per analysis. Prints no patient id.")
public final class ValidateCommand implements Callable<Integer> {
    /** Exit code when the file has rejected lines and --strict is set. */
    static final int EXIT_REJECTED = 1;
    /** Exit code when the input or the analyses file cannot be used at all. */
    static final int EXIT_UNUSABLE = 2;

    @Spec
    private CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "CSV or JSON Lines registry file.")
    private Path input;

    @Option(names = "--strict", description = "Exit non-zero when any line is rejected.")
    private boolean strict;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Analyses YAML file (default: the bundled analyses of the reference study).")
    private Path config;

    @Option(names = "--pseudonymize-key", paramLabel = "KEY",
            description = "Replace patient ids by HMAC-SHA256 with this key before anything else sees them.")
    private String pseudonymizeKey;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AnalysesConfig analyses;
        try {
            analyses = config == null ? AnalysesLoader.loadDefault() : AnalysesLoader.load(config);
        } catch (AnalysesConfigException e) {
            err.println(e.getMessage());
            err.flush();
            return EXIT_UNUSABLE;
        }
        List<AnalysisDefinition> definitions = analyses.analyses();
        Map<String, long[]> rows = new LinkedHashMap<>();
        Map<String, Map<DataQualityFlag, Long>> flags = new LinkedHashMap<>();
        for (AnalysisDefinition a : definitions) {
            rows.put(a.name(), new long[1]);
            flags.put(a.name(), new EnumMap<>(DataQualityFlag.class));
        }
        long[] erased = {0};
        RegistryImporter importer = new RegistryImporter(
                new RegistryImporter.Options(false, Optional.ofNullable(pseudonymizeKey)));
        ImportSummary summary;
        try {
            summary = importer.forEachPatient(input, patient -> {
                PatientTimeline timeline = patient.timeline();
                if (timeline.erased()) {
                    erased[0]++;
                }
                for (AnalysisDefinition a : definitions) {
                    Derivation d = SubjectRows.derive(timeline, a);
                    if (d instanceof Derivation.Excluded x) {
                        flags.get(a.name()).merge(x.flag(), 1L, Long::sum);
                    } else {
                        rows.get(a.name())[0]++;
                    }
                }
            });
        } catch (RegistryImportException e) {
            err.println("validate: " + e.getMessage());
            err.flush();
            return EXIT_UNUSABLE;
        } catch (IOException e) {
            err.println("validate: cannot read " + input + ": " + e.getMessage());
            err.flush();
            return EXIT_UNUSABLE;
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
        out.printf("Analyses (%s):%n", config == null ? "bundled default" : config.toString());
        for (AnalysisDefinition a : definitions) {
            Map<DataQualityFlag, Long> f = flags.get(a.name());
            long excluded = f.values().stream().mapToLong(Long::longValue).sum();
            out.printf("  %-32s subjects %6d, excluded %6d%n", a.name(), rows.get(a.name())[0], excluded);
            f.forEach((flag, n) -> out.printf("    %-28s %6d%s%n", flag.name(), n,
                    flag == DataQualityFlag.AWAITING_ORIGIN ? "  (not yet at the time origin)"
                            : flag.dataQuality() ? "" : "  (by design)"));
        }
        if (summary.rejectedCount() > 0) {
            out.printf("Rejected lines: %d%n", summary.rejectedCount());
            for (Rejection r : summary.rejections()) {
                out.printf("  %s%n", r);
            }
            if (summary.rejectedCount() > summary.rejections().size()) {
                out.printf("  ... and %d more%n", summary.rejectedCount() - summary.rejections().size());
            }
        }
        out.flush();
        if (strict && summary.rejectedCount() > 0) {
            err.printf("validate: %d rejected line(s) and --strict is set%n", summary.rejectedCount());
            err.flush();
            return EXIT_REJECTED;
        }
        return 0;
    }
}
