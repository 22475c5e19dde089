package org.followupmonitor.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.followupmonitor.analysis.AnalysesConfig;
import org.followupmonitor.events.file.RegistryImporter;
import org.followupmonitor.ingest.EventPublisher;
import org.followupmonitor.ingest.ProgressBar;
import org.followupmonitor.ingest.PublisherSettings;
import org.followupmonitor.ingest.ReplayClock;
import org.followupmonitor.ingest.ReplayEvents;
import org.followupmonitor.ingest.ReplayOptions;
import org.followupmonitor.ingest.Replayer;
import org.followupmonitor.runtime.AppConfig;
import org.followupmonitor.runtime.DirectoryLock;
import org.followupmonitor.runtime.LocalKafkaStack;
import org.followupmonitor.runtime.MonitorApp;
import org.followupmonitor.runtime.StartupChecks;
import org.followupmonitor.stream.Names;
import org.followupmonitor.synthetic.StudyCohortParameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code demo}: everything in one JVM — a real single-node Kafka broker, the schema registry, the
 * monitor and its dashboard — fed by a replay of the study-shaped synthetic cohort (its events with follow-up
 * contacts every 3-6 months, so a replay in date order looks like a live registry; or a file) on an accelerated clock. A second start on the same data directory resumes: topics, stores and results
 * are kept, and the replayed events (same ids) are recognised as duplicates.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "everything in one JVM on an embedded default",
        description = {"Runs a Kafka broker, a schema registry, the monitor and its dashboard in one JVM and replays "
                + "the synthetic study cohort (or --replay FILE) into it, until Ctrl-C.",
            "Everything lives under --data-dir: the broker's log and schemas in kafka-and-registry/, the state stores "
                + "in state/; a second start on the same directory resumes."})
public final class DemoCommand extends CliCommand {
    /** The demo's topics have one partition: one cohort task, one stream thread's worth of work. */
    static final int PARTITIONS = 1;


    @Option(names = "--replay", paramLabel = "FILE",
            description = "Replay this registry file (CSV or JSON Lines) instead of the synthetic cohort.")
    Path replay;

    @Option(names = "--kafka-port", paramLabel = "PORT",
            description = "Port of the embedded broker; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int kafkaPort = 9092;

    @Option(names = "--registry-port", paramLabel = "PORT",
            description = "Port of the embedded schema registry; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int registryPort = 8081;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Broker log, schemas and state stores, reused on the next start (default: ${DEFAULT-VALUE}).")
    Path dataDir = Path.of("data/demo");

    @Mixin
    ReplayControlOptions replayControl = new ReplayControlOptions("70");

    @Mixin
    ReadOptions read = new ReadOptions();

    @Mixin
    MonitorOptions monitor = new MonitorOptions();

    @Mixin
    AnalysesOptions analyses = new AnalysesOptions();

    @Mixin
    PrivacyOptions privacy = new PrivacyOptions();

    @Mixin
    LoggingOptions logging = new LoggingOptions();

    @Override
    int execute() throws Exception {
        PrintWriter out = out();
        PrintWriter err = err();
        AnalysesConfig config = analyses.load();
        int minCellSize = privacy.resolve(config);
        ReplayOptions replayOptions = replayControl.options();
        if (replay != null) {
            InputOptions.requireFile("--replay", replay);
        }
        RegistryImporter.Options importOptions = read.importerOptions(false, Optional.empty());
        ReplayEvents events = replay != null ? ReplayEvents.fromFile(replay, importOptions)
                : ReplayEvents.fromGeneratorWithContacts(StudyCohortParameters.study(StudyCohortParameters.EXAMPLE_SEED),
                        importOptions);
        if (events.events().isEmpty()) {
            throw CliError.unusable("--replay " + ImportMessages.noPatients(events.summary()) + (events.heldBack() > 0
                    ? "; " + events.heldBack() + " patient(s) held back for dates after the as-of date" : ""));
        }
        // Everything that can be checked before the broker starts is, so a mistake costs no broker start-up.
        StartupChecks.requireFreePort("--kafka-port", "localhost", kafkaPort);
        StartupChecks.requireFreePort("--registry-port", "localhost", registryPort);
        StartupChecks.requireFreePort("--http-port", monitor.httpHost, monitor.httpPort);
        GracefulStop stop = GracefulStop.onSignal("followup-monitor-demo-stop");
        try (DirectoryLock lock = DirectoryLock.acquire(dataDir, "demo.lock", "--data-dir", "followup-monitor demo");
                LocalKafkaStack stack = startStack(dataDir.resolve("kafka-and-registry"), "localhost", kafkaPort,
                        registryPort)) {
            AppConfig app = monitor.config(stack.bootstrapServers(), stack.registryUrl(), Map.of(),
                    dataDir.resolve("state"), AppConfig.DEFAULT_APPLICATION_ID, "exactly_once_v2", minCellSize,
                    analyses.file);
            try (MonitorApp running = MonitorApp.start(app, config, PARTITIONS)) {
                out.printf("Kafka %s, schema registry %s%n", stack.bootstrapServers(), stack.registryUrl());
                out.printf("Dashboard: http://localhost:%d/%s%n", running.httpPort(),
                        monitor.apiToken == null ? "" : "#token=<your token>");
                out.flush();
                out.printf("Replaying %s: %d patients, %d events at %s, order: %s%n",
                        replay != null ? replay : "the synthetic study cohort (with follow-up contacts)",
                        events.patients(),
                        events.events().size(), replayOptions.speed().isMax() ? "full speed"
                                : replayControl.speed + " days/s", ReplayControlOptions.order(replayOptions));
                out.flush();
                Thread feeder = new Thread(() -> feed(events, stack, replayOptions, err, out), "demo-replay");
                feeder.setDaemon(true);
                feeder.start();
                stop.await();
                feeder.interrupt();
            }
        } finally {
            stop.closed();
        }
        return ExitCode.OK.code();
    }

    /**
     * The embedded broker and registry. A port taken after the checks above (by another program, in between) or a
     * broken data directory is still one line.
     */
    static LocalKafkaStack startStack(Path dir, String host, int kafkaPort, int registryPort) {
        try {
            return LocalKafkaStack.start(dir, host, kafkaPort, registryPort);
        } catch (IllegalStateException e) {
            throw CliError.unusable(e.getMessage() + " (check --kafka-port, --registry-port and --data-dir)");
        }
    }

    private static void feed(ReplayEvents events, LocalKafkaStack stack, ReplayOptions options, PrintWriter err,
            PrintWriter out) {
        ProgressBar bar = ProgressBar.forStderr(err);
        try (EventPublisher publisher = new EventPublisher(
                PublisherSettings.of(stack.bootstrapServers(), stack.registryUrl().toString(), Names.PATIENT_EVENTS))) {
            new Replayer(options, ReplayClock.system()).replay(events.events(), publisher::send, bar);
            bar.finish();
            publisher.flush();
            out.println("Replay done; the monitor keeps running (Ctrl-C stops it).");
            out.flush();
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }
}
