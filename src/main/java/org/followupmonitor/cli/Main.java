package org.followupmonitor.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: wires the sub-commands; the only place that calls {@link System#exit}. */
@Command(name = "followup-monitor", mixinStandardHelpOptions = true, version = "followup-monitor 0.1.0",
        description = "Live survival analysis over patient event streams.",
        subcommands = {DemoCommand.class, RunCommand.class, AnalyzeCommand.class, LoadCommand.class, ValidateCommand.class,
                GenerateCommand.class, BrokerCommand.class, BenchCommand.class, PrivacyAuditCommand.class})
public final class Main implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.out);
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
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
