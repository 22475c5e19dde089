package org.followupmonitor.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: wires the sub-commands; the only place that calls {@link System#exit}. */
@Command(name = "followup-monitor", mixinStandardHelpOptions = true, version = "followup-monitor 0.1.0",
        description = "Live survival analysis over patient event streams.",
        subcommands = {ValidateCommand.class, GenerateCommand.class, BrokerCommand.class, LoadCommand.class})
public final class Main implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
