package org.followupmonitor.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.followupmonitor.synthetic.StudyCohortGenerator;
import org.followupmonitor.synthetic.StudyCohortParameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code followup-monitor generate}: writes a synthetic registry CSV shaped like the reference study. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        header = "the seeded study-shaped synthetic registry (CSV)",
        description = "Writes a seeded synthetic registry CSV shaped like the reference study "
                + "(421 stage IV patients, 237 operated; one row per patient).")
public final class GenerateCommand extends CliCommand {


    @Option(names = "--patients", defaultValue = "421", description = "Number of patients (default: ${DEFAULT-VALUE}).")
    int patients;

    @Option(names = "--seed", defaultValue = "2021", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--operated-share", description = "Share of operated patients (default: the study's 237/421).")
    Double operatedShare;

    @Option(names = "--out", paramLabel = "FILE", description = "Output CSV file; standard output when absent.")
    Path out;

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
            rows = generator.writeCsv(w);
        } else {
            try {
                rows = generator.writeCsv(out);
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
