package org.followupmonitor.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.followupmonitor.analysis.AnalysesConfig;
import org.followupmonitor.analysis.AnalysesConfigException;
import org.followupmonitor.events.file.RegistryImporter;
import org.followupmonitor.ingest.EventPublisher;
import org.followupmonitor.ingest.ProgressBar;
import org.followupmonitor.ingest.PublisherSettings;
import org.followupmonitor.ingest.ReplayClock;
import org.followupmonitor.ingest.ReplayEvents;
import org.followupmonitor.ingest.ReplayOptions;
import org.followupmonitor.ingest.ReplaySpeed;
import org.followupmonitor.ingest.Replayer;
import org.followupmonitor.runtime.AppConfig;
import org.followupmonitor.runtime.KafkaQuietLogging;
import org.followupmonitor.runtime.LocalKafkaStack;
import org.followupmonitor.runtime.MonitorApp;
import org.followupmonitor.stream.Names;
import org.followupmonitor.synthetic.StudyCohortParameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: everything in one JVM — a real single-node Kafka broker, the schema registry, the
 * monitor and its dashboard — fed by a replay of the study-shaped synthetic cohort (its events with follow-up
 * contacts every 3-6 months, so a replay in date order looks like a live registry; or a file) on an accelerated clock. A second start on the same data directory resumes: topics, stores and results
 * are kept, and the replayed events (same ids) are recognised as duplicates.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run broker, registry, monitor and dashboard in one JVM, replaying a synthetic cohort.")
public final class DemoCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--replay", paramLabel = "FILE",
            description = "Replay this registry file (CSV or JSON Lines) instead of the synthetic cohort.")
    Path replay;

    @Option(names = "--shuffle", description = "Scramble the arrival order (the results do not change).")
    boolean shuffle;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for --shuffle (default 1).", defaultValue = "1")
    long seed;

    @Option(names = "--speed", paramLabel = "X|max", defaultValue = "70",
            description = "Days of event time per second (default 70: the cohort's 12 years in about a minute), "
                    + "or max.")
    String speed;

    @Option(names = "--kafka-port", defaultValue = "9092", paramLabel = "PORT", description = "Broker port (0 = free).")
    int kafkaPort;

    @Option(names = "--registry-port", defaultValue = "8081", paramLabel = "PORT",
            description = "Schema registry port (0 = free).")
    int registryPort;

    @Option(names = "--data-dir", defaultValue = "data/demo", paramLabel = "DIR",
            description = "Broker log, registry and state stores (default data/demo); reused on the next start.")
    Path dataDir;

    @Mixin
    RunCommand.ServiceOptions service = new RunCommand.ServiceOptions();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AnalysesConfig analyses;
        ReplaySpeed replaySpeed;
        try {
            analyses = service.analyses();
            replaySpeed = ReplaySpeed.parse(speed);
        } catch (AnalysesConfigException | IllegalArgumentException e) {
            err.println("demo: " + e.getMessage());
            err.flush();
            return 2;
        }
        if (replay != null && !java.nio.file.Files.isRegularFile(replay)) {
            err.println("demo: no such file: " + replay);
            err.flush();
            return 2;
        }
        KafkaQuietLogging.apply();
        service.stateDir = dataDir.resolve("state");
        service.partitions = 1;
        GracefulStop stop = GracefulStop.onSignal("followup-monitor-demo-stop");
        try (LocalKafkaStack stack = LocalKafkaStack.start(dataDir.resolve("kafka-and-registry"), "localhost",
                kafkaPort, registryPort)) {
            AppConfig config = service.config(stack.bootstrapServers(), stack.registryUrl(), Map.of(),
                    analyses);
            try (MonitorApp app = MonitorApp.start(config, analyses, service.partitions)) {
                out.printf("Kafka %s, schema registry %s%n", stack.bootstrapServers(), stack.registryUrl());
                out.printf("Dashboard: http://localhost:%d/%s%n", app.httpPort(),
                        service.apiToken == null ? "" : "#token=<your token>");
                out.flush();
                ReplayEvents events = replay != null
                        ? ReplayEvents.fromFile(replay, RegistryImporter.Options.defaults())
                        : ReplayEvents.fromGeneratorWithContacts(
                                StudyCohortParameters.study(StudyCohortParameters.EXAMPLE_SEED),
                                RegistryImporter.Options.defaults());
                out.printf("Replaying %s: %d patients, %d events at %s%n",
                        replay != null ? replay : "the synthetic study cohort (with follow-up contacts)",
                        events.patients(),
                        events.events().size(), replaySpeed.isMax() ? "full speed" : speed + " days/s");
                out.flush();
                Thread feeder = new Thread(() -> feed(events, stack, replaySpeed, err, out), "demo-replay");
                feeder.setDaemon(true);
                feeder.start();
                stop.await();
                feeder.interrupt();
            }
        } finally {
            stop.closed();
        }
        return 0;
    }

    private void feed(ReplayEvents events, LocalKafkaStack stack, ReplaySpeed replaySpeed, PrintWriter err,
            PrintWriter out) {
        ProgressBar bar = ProgressBar.forStderr(err);
        try (EventPublisher publisher = new EventPublisher(
                PublisherSettings.of(stack.bootstrapServers(), stack.registryUrl().toString(), Names.PATIENT_EVENTS))) {
            new Replayer(new ReplayOptions(replaySpeed, shuffle ? OptionalLong.of(seed) : OptionalLong.empty()),
                    ReplayClock.system()).replay(events.events(), publisher::send, bar);
            bar.finish();
            publisher.flush();
            out.println("Replay done; the monitor keeps running (Ctrl-C stops it).");
            out.flush();
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }
}
