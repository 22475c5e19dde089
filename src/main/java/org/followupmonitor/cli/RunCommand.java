package org.followupmonitor.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import org.followupmonitor.analysis.AnalysesConfig;
import org.followupmonitor.runtime.AppConfig;
import org.followupmonitor.runtime.MonitorApp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code run}: the monitor against an existing Kafka cluster and schema registry, until stopped. */
@Command(name = "run", mixinStandardHelpOptions = true,
        header = "the monitor against an existing Kafka cluster and registry",
        description = {"Runs the streaming monitor, its REST API and dashboard against an existing Kafka cluster and "
                + "Confluent-compatible schema registry, until Ctrl-C.",
            "At start it locks --state-dir, binds --http-port, creates missing topics and checks the registry, in "
                + "that order, before it joins the consumer group; each must succeed within --startup-timeout, or "
                + "it stops with one line naming the option (exit 2)."})
public final class RunCommand extends CliCommand {

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (host:port[,host:port...]).")
    String bootstrap;

    @Option(names = "--registry", required = true, paramLabel = "URL",
            description = "Confluent-compatible schema registry, e.g. http://localhost:8081.")
    String registry;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Where the state stores live; one running instance per directory (default: "
                    + "${DEFAULT-VALUE}).")
    Path stateDir = Path.of("data/state");

    @Option(names = "--application-id", paramLabel = "ID",
            description = "Kafka Streams application id: instances with the same id share the work "
                    + "(default: ${DEFAULT-VALUE}).")
    String applicationId = AppConfig.DEFAULT_APPLICATION_ID;

    @Option(names = "--processing-guarantee", paramLabel = "G",
            description = "exactly_once_v2 or at_least_once (default: ${DEFAULT-VALUE}).")
    String guarantee = "exactly_once_v2";

    @Option(names = "--partitions", paramLabel = "N",
            description = "Partitions of the topics created when missing (default: ${DEFAULT-VALUE}).")
    int partitions = MonitorApp.DEFAULT_PARTITIONS;

    @Mixin
    MonitorOptions monitor = new MonitorOptions();

    @Mixin
    AnalysesOptions analyses = new AnalysesOptions();

    @Mixin
    PrivacyOptions privacy = new PrivacyOptions();

    @Mixin
    KafkaClientOptions kafka = new KafkaClientOptions();

    @Mixin
    LoggingOptions logging = new LoggingOptions();

    @Override
    int execute() throws Exception {
        AnalysesConfig config = analyses.load();
        URI registryUrl;
        try {
            registryUrl = URI.create(registry.trim());
        } catch (IllegalArgumentException e) {
            throw CliError.unusable("--registry " + registry + ": not a URL; give one like http://localhost:8081");
        }
        if (partitions < 1) {
            throw CliError.unusable("--partitions " + partitions + ": must be 1 or more");
        }
        AppConfig app = monitor.config(bootstrap, registryUrl, kafka.properties(), stateDir, applicationId,
                guarantee, privacy.resolve(config), analyses.file);
        GracefulStop stop = GracefulStop.onSignal("followup-monitor-stop");
        try (MonitorApp running = MonitorApp.start(app, config, partitions)) {
            PrintWriter out = out();
            out.printf("followup-monitor running; dashboard and API on http://localhost:%d/%n", running.httpPort());
            out.flush();
            stop.await();
        } finally {
            stop.closed();
        }
        return ExitCode.OK.code();
    }
}
