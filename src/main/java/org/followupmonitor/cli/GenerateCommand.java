package org.followupmonitor.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.followupmonitor.synthetic.StudyCohortEvents;
import org.followupmonitor.synthetic.StudyCohortGenerator;
import org.followupmonitor.synthetic.StudyCohortParameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code followup-monitor generate}: writes a synthetic registry shaped like the reference study, as a CSV (one row
 * per patient) or as JSON Lines events with follow-up contacts every 3-6 months (what a live registry records).
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        header = "the seeded study-shaped synthetic registry (CSV, or JSON Lines events with follow-up contacts)",
        description = "Writes a seeded synthetic registry shaped like the reference study "
                + "(421 stage IV patients, 237 operated): a CSV with one row per patient, or JSON Lines events "
                + "with follow-up contacts every 3-6 months.")
public final class GenerateCommand extends CliCommand {
    enum Format { csv, jsonl }


    @Option(names = "--patients", defaultValue = "421", paramLabel = "N", description = "Number of patients (default: ${DEFAULT-VALUE}).")
    int patients;

    @Option(names = "--seed", defaultValue = "2021", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--operated-share", paramLabel = "SHARE", description = "Share of operated patients (default: the study's 237/421).")
    Double operatedShare;

    @Option(names = "--out", paramLabel = "FILE", description = "Output file; standard output when absent.")
    Path out;

    @Option(names = "--format", defaultValue = "csv", paramLabel = "csv|jsonl",
            description = "csv (default: one row per patient) or jsonl (events, with follow-up contacts every 3-6 "
                    + "months until death or last contact).")
    Format format;

    @Mixin
    LoggingOptions logging = new LoggingOptions();

    @Override
    int execute() throws Exception {
        StudyCohortParameters parameters;
        try {
            parameters = StudyCohortParameters.study(seed).withPatients(patients);
        } catch (IllegalArgumentException e) {
            throw CliError.unusable("--patients " + patients + ": " + e.getMessage());
        }
        if (operatedShare != null) {
            try {
                parameters = parameters.withOperatedShare(operatedShare);
            } catch (IllegalArgumentException e) {
                throw CliError.unusable("--operated-share " + operatedShare + ": " + e.getMessage());
            }
        }
        if (out != null && Files.isDirectory(out)) {
            throw CliError.unusable("--out " + out + ": is a directory; give a file name, e.g. " + out.resolve(
                    "cohort.csv"));
        }
        StudyCohortGenerator generator = new StudyCohortGenerator(parameters);
        long rows;
        if (out == null) {
            Writer w = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
            rows = format == Format.jsonl ? StudyCohortEvents.writeJsonLines(parameters, w) : generator.writeCsv(w);
        } else {
            try {
                rows = format == Format.jsonl ? StudyCohortEvents.writeJsonLines(parameters, out)
                        : generator.writeCsv(out);
            } catch (IOException e) {
                throw CliError.unusable("--out " + out + ": cannot write it (" + CliError.reason(e) + ")");
            }
        }
        PrintWriter err = err();
        err.println("generate: wrote " + rows + " patients (seed " + seed + ")"
                + (out == null ? "" : " to " + out));
        err.flush();
        return 0;
    }
}
