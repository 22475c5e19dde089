package org.followupmonitor.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.followupmonitor.analysis.AnalysesConfig;
import org.followupmonitor.analysis.AnalysesConfigException;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.runtime.AppConfig;
import org.followupmonitor.runtime.MonitorApp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code run}: the monitor against an existing Kafka cluster and schema registry, until stopped. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the streaming monitor against an existing Kafka cluster and schema registry.")
public final class RunCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(names = "--registry", required = true, paramLabel = "URL",
            description = "Confluent-compatible schema registry, e.g. http://localhost:8081.")
    String registry;

    @Mixin
    ServiceOptions service = new ServiceOptions();

    @Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        AppConfig config;
        AnalysesConfig analyses;
        try {
            analyses = service.analyses();
            config = service.config(bootstrap, URI.create(registry), kafka.merged(), analyses);
        } catch (AnalysesConfigException | IllegalArgumentException | IOException e) {
            err.println("run: " + e.getMessage());
            err.flush();
            return 2;
        }
        GracefulStop stop = GracefulStop.onSignal("followup-monitor-stop");
        try (MonitorApp app = MonitorApp.start(config, analyses, service.partitions)) {
            PrintWriter out = spec.commandLine().getOut();
            out.printf("followup-monitor running; dashboard and API on http://localhost:%d/%n", app.httpPort());
            out.flush();
            stop.await();
        } finally {
            stop.closed();
        }
        return 0;
    }

    /** Options of every command that runs the monitor (run, demo). */
    static final class ServiceOptions {
        @Option(names = "--config", paramLabel = "FILE", description = "Analyses YAML (default: the reference study's).")
        Path analysesFile;

        @Option(names = "--http-port", defaultValue = "8080", paramLabel = "PORT",
                description = "Port of the dashboard and REST API (default 8080; 0 picks a free one).")
        int httpPort;

        @Option(names = "--http-host", defaultValue = "0.0.0.0", paramLabel = "HOST", description = "Address to bind.")
        String httpHost;

        @Option(names = "--api-token", paramLabel = "TOKEN", description = "Require this bearer token on the API.")
        String apiToken;

        @Option(names = "--state-dir", defaultValue = "data/state", paramLabel = "DIR",
                description = "Where the state stores live (default data/state).")
        Path stateDir;

        @Option(names = "--application-id", defaultValue = AppConfig.DEFAULT_APPLICATION_ID, paramLabel = "ID",
                description = "Kafka Streams application id (default followup-monitor).")
        String applicationId;

        @Option(names = "--processing-guarantee", defaultValue = "exactly_once_v2", paramLabel = "G",
                description = "exactly_once_v2 (default) or at_least_once.")
        String guarantee;

        @Option(names = "--debounce-ms", defaultValue = "1000", paramLabel = "MS",
                description = "A changed analysis is recomputed at most this often (default 1000).")
        long debounceMs;

        @Option(names = "--cox-interval-ms", defaultValue = "2000", paramLabel = "MS",
                description = "The parts computed from individual subjects (Cox models, follow-up, look history) are "
                        + "refreshed at most every max(MS, 20 x the last refresh's computing time), and once more "
                        + "when the cohort is quiet (default 2000).")
        long coxIntervalMs;

        @Option(names = "--privacy-min-cell-size", paramLabel = "N",
                description = "Suppress cells with fewer patients (default: the config's, 11; 0 = off).")
        Integer minCellSize;

        @Option(names = "--partitions", defaultValue = "" + MonitorApp.DEFAULT_PARTITIONS, paramLabel = "N",
                description = "Partitions of topics created when missing (default 3).")
        int partitions;

        AnalysesConfig analyses() {
            return analysesFile == null ? AnalysesLoader.loadDefault() : AnalysesLoader.load(analysesFile);
        }

        AppConfig config(String bootstrap, URI registry, java.util.Map<String, String> kafka, AnalysesConfig analyses) {
            return new AppConfig(new AppConfig.Kafka(bootstrap, kafka), registry,
                    new AppConfig.Http(httpHost, httpPort, apiToken),
                    new AppConfig.Streams(applicationId, stateDir, guarantee, Duration.ofMillis(debounceMs),
                            Duration.ofMillis(coxIntervalMs)),
                    minCellSize != null ? minCellSize : analyses.privacy().minCellSize(), analysesFile);
        }
    }
}
