package org.followupmonitor.cli;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.followupmonitor.synthetic.StudyCohortEvents;
import org.followupmonitor.synthetic.StudyCohortGenerator;
import org.followupmonitor.synthetic.StudyCohortParameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code followup-monitor generate}: writes a synthetic registry shaped like the reference study, as a CSV (one row
 * per patient) or as JSON Lines events with follow-up contacts every 3-6 months (what a live registry records).
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write a seeded synthetic registry shaped like the reference study "
                + "(421 stage IV patients, 237 operated): a CSV with one row per patient, or JSON Lines events "
                + "with follow-up contacts every 3-6 months.")
public final class GenerateCommand implements Callable<Integer> {
    enum Format { csv, jsonl }

    @Spec
    CommandSpec spec;

    @Option(names = "--patients", defaultValue = "421", description = "Number of patients (default: ${DEFAULT-VALUE}).")
    int patients;

    @Option(names = "--seed", defaultValue = "2021", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--operated-share", description = "Share of operated patients (default: the study's 237/421).")
    Double operatedShare;

    @Option(names = "--out", description = "Output file; standard output when absent.")
    Path out;

    @Option(names = "--format", defaultValue = "csv", paramLabel = "csv|jsonl",
            description = "csv (default: one row per patient) or jsonl (events, with follow-up contacts every 3-6 "
                    + "months until death or last contact).")
    Format format;

    @Override
    public Integer call() throws Exception {
        StudyCohortParameters parameters;
        try {
            parameters = StudyCohortParameters.study(seed).withPatients(patients);
            if (operatedShare != null) {
                parameters = parameters.withOperatedShare(operatedShare);
            }
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("generate: " + e.getMessage());
            return 2;
        }
        StudyCohortGenerator generator = new StudyCohortGenerator(parameters);
        long rows;
        if (out == null) {
            Writer w = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
            rows = format == Format.jsonl ? StudyCohortEvents.writeJsonLines(parameters, w) : generator.writeCsv(w);
        } else {
            rows = format == Format.jsonl ? StudyCohortEvents.writeJsonLines(parameters, out) : generator.writeCsv(out);
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("generate: wrote " + rows + " patients (seed " + seed + ")"
                + (out == null ? "" : " to " + out));
        err.flush();
        return 0;
    }
}
