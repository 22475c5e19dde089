package org.followupmonitor.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Entry point: wires the sub-commands; the only place that calls {@link System#exit}.
 *
 * <p>How a command is built: one class per verb, its header the line the README's command table shows (a test
 * holds them equal), its options from the mixins where one exists ({@link InputOptions} and {@link ReadOptions},
 * {@link AnalysesOptions}, {@link PrivacyOptions}, {@link PseudonymOptions}, {@link KafkaClientOptions},
 * {@link ReplayControlOptions}, {@link MonitorOptions}, and {@link LoggingOptions} on every command), defaults
 * written once as the field's initial value or {@code defaultValue} and shown with {@code ${DEFAULT-VALUE}}.
 * A command reports a problem by throwing {@link CliError} (or letting a domain exception with a one-line message
 * through); {@link ErrorPrinter} prints it as one line and maps it to an {@link ExitCode}.
 */
@Command(name = "followup-monitor", mixinStandardHelpOptions = true, version = "followup-monitor 0.1.0",
        description = "Live survival analysis over patient event streams.",
        footer = {"", "Exit codes: 0 fine; 1 rejected lines with --strict, or a narrowed count (privacy-audit); 2 unusable "
                + "input, option, port, directory or infrastructure (one line names it); 3 failed sends (load); 70 an "
                + "internal error."},
        subcommands = {DemoCommand.class, AnalyzeCommand.class, RunCommand.class, LoadCommand.class, ValidateCommand.class,
                BrokerCommand.class, GenerateCommand.class, BenchCommand.class, PrivacyAuditCommand.class})
public final class Main implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    /** Without a command: the usage on standard error, exit 2 (nothing was done). */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        spec.commandLine().getErr().flush();
        return ExitCode.UNUSABLE.code();
    }

    /** The command line every caller uses (the process, the tests): sub-commands and the one error printer. */
    public static CommandLine commandLine() {
        return ErrorPrinter.install(new CommandLine(new Main()));
    }

    public static void main(String[] args) {
        // Avro refuses to instantiate generated classes outside a trusted list; ours are trusted.
        if (System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES") == null) {
            System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "org.followupmonitor");
        }
        // The generated classes' own encoders and decoders: the same bytes as the generic path, several times
        // faster for the large result records. Read once, when Avro's data model is first created.
        if (System.getProperty("org.apache.avro.specific.use_custom_coders") == null) {
            System.setProperty("org.apache.avro.specific.use_custom_coders", "true");
        }
        System.exit(commandLine().execute(args));
    }
}
