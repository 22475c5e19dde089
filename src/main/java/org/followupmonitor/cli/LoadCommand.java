package org.followupmonitor.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.file.Rejection;
import org.followupmonitor.events.file.RegistryImportException;
import org.followupmonitor.ingest.EventPublisher;
import org.followupmonitor.ingest.ProgressBar;
import org.followupmonitor.ingest.PublishStats;
import org.followupmonitor.ingest.PublisherSettings;
import org.followupmonitor.ingest.ReplayClock;
import org.followupmonitor.ingest.ReplayEvents;
import org.followupmonitor.ingest.ReplayOptions;
import org.followupmonitor.ingest.Replayer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code followup-monitor load}: produces a registry file's events to Kafka (Avro, Confluent wire format,
 * key = patient id) with a progress bar on standard error and a summary on standard output. Prints no
 * patient id: rejected lines are listed by line number and field.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        header = "produce a file's events to patient-events, with a progress bar",
        description = "Produces a registry file's events (CSV or JSON Lines) to Kafka as Avro PatientEvents, in "
                + "event-date order (or shuffled), as fast as the broker takes them or on an accelerated clock. "
                + "Prints events sent, rejected lines by line and field, and failed sends by reason; never a "
                + "patient id.")
public final class LoadCommand extends CliCommand {

    @Mixin
    InputOptions input = new InputOptions();

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
    private String bootstrap;

    @Option(names = "--registry", required = true, paramLabel = "URL", description = "Schema registry URL.")
    private String registry;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Topic to produce to (default: ${DEFAULT-VALUE}).")
    private String topic = EventPublisher.DEFAULT_TOPIC;

    @Option(names = "--strict", description = "Send nothing and exit 1 when any line is rejected (all are listed).")
    private boolean strict;

    @Mixin
    ReplayControlOptions replay = new ReplayControlOptions("max");

    @Mixin
    PseudonymOptions pseudonym = new PseudonymOptions();

    @Mixin
    KafkaClientOptions kafka = new KafkaClientOptions();

    @Mixin
    LoggingOptions logging = new LoggingOptions();

    @Override
    int execute() throws Exception {
        PrintWriter out = out();
        PrintWriter err = err();
        try {
            return load(out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int load(PrintWriter out, PrintWriter err) throws RegistryImportException {
        ReplayOptions replayOptions = replay.options();
        PublisherSettings settings;
        try {
            settings = new PublisherSettings(bootstrap, registry, topic, kafka.properties());
            EventPublisher.producerConfig(settings); // fail on forbidden settings before reading the file
        } catch (IllegalArgumentException e) {
            throw CliError.unusable(e.getMessage());
        }
        Path file = input.file();

        ReplayEvents events;
        try {
            // Always lenient here: with --strict every bad line is listed (not only the first) and nothing is sent.
            events = ReplayEvents.fromFile(file, input.read.importerOptions(false, pseudonym.key()));
        } catch (IOException e) {
            throw CliError.unusable("--input " + file + ": cannot read it (" + CliError.reason(e) + ")");
        }
        if (strict && events.summary().rejectedCount() > 0) {
            printRejections(out, events);
            throw new CliError(ExitCode.REJECTED_LINES, events.summary().rejectedCount()
                    + " rejected line(s) and --strict is set: nothing sent");
        }
        if (events.events().isEmpty()) {
            throw CliError.unusable(ImportMessages.noPatients(events.summary()) + (events.heldBack() > 0
                    ? "; " + events.heldBack() + " patient(s) held back for dates after the as-of date" : ""));
        }
        ImportMessages.printNotes("load", events.summary(), err);
        Replayer replayer = new Replayer(replayOptions, ReplayClock.system());
        err.printf("load: %d events of %d patients to topic %s at %s, order: %s, speed %s%n", events.events().size(),
                events.patients(), topic, bootstrap, ReplayControlOptions.order(replayOptions), replayOptions.speed());
        err.flush();

        ProgressBar progress = ProgressBar.forStderr(err);
        long notSent = 0;
        boolean interrupted = false;
        long started = System.nanoTime();
        PublishStats stats;
        try (EventPublisher publisher = new EventPublisher(settings)) {
            long emitted = 0;
            try {
                emitted = replayer.replay(events.events(), (ClinicalEvent e) -> {
                    publisher.send(e);
                    if (publisher.failedCount() > 0) {
                        // Fail fast: when the broker or the registry is unreachable every further send would
                        // wait out its timeout as well.
                        throw new StopLoad();
                    }
                }, progress);
            } catch (StopLoad stop) {
                emitted = publisher.stats().attempted();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                interrupted = true;
                emitted = publisher.stats().attempted();
            }
            notSent = events.events().size() - emitted;
            stats = publisher.flush();
        } catch (IllegalArgumentException e) {
            throw CliError.unusable(e.getMessage());
        } catch (org.apache.kafka.common.KafkaException e) {
            throw CliError.unusable("--bootstrap " + bootstrap + ": the Kafka client cannot start ("
                    + e.getMessage() + "); check the address and the --kafka-property / --kafka-config settings");
        }
        progress.finish();
        double seconds = (System.nanoTime() - started) / 1e9;

        var summary = events.summary();
        out.printf("Input: %s (%s)%n", summary.file(), summary.format().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        out.printf("Records: %d read, %d accepted, %d rejected%n", summary.records(),
                summary.records() - summary.rejectedCount(), summary.rejectedCount());
        out.printf("Patients: %d%s%n", events.patients(), events.heldBack() == 0 ? ""
                : " (" + events.heldBack() + " held back: dates after the as-of date " + events.summary().notes().asOf()
                        + ")");
        out.printf("Events: %d%n", summary.events());
        summary.eventsByType().forEach((type, n) -> out.printf("  %-18s %8d%n", type, n));
        out.printf("Topic: %s%n", topic);
        out.printf("Order: %s%n", ReplayControlOptions.order(replayOptions));
        out.printf("Events sent: %d%n", stats.acknowledged());
        out.printf("Failed sends: %d%n", stats.failed());
        stats.failuresByReason().forEach((reason, n) -> out.printf("  %-30s %8d%n", reason, n));
        if (notSent > 0) {
            out.printf("Not sent: %d (%s)%n", notSent, interrupted ? "interrupted" : "stopped after a failed send");
        }
        printRejections(out, events);
        out.printf(Locale.ROOT, "Time: %.3f s, %.0f events/s%n", seconds, seconds > 0 ? stats.acknowledged() / seconds : 0.0);
        if (stats.failed() > 0 || notSent > 0) {
            throw new CliError(ExitCode.SEND_FAILED, stats.failed() + " event(s) failed and " + notSent
                    + " not sent (the reasons are listed above)");
        }
        return ExitCode.OK.code();
    }

    private static void printRejections(PrintWriter out, ReplayEvents events) {
        var summary = events.summary();
        out.printf("Rejected lines: %d%n", summary.rejectedCount());
        for (Rejection r : summary.rejections()) {
            out.printf("  %s%n", r);
        }
        if (summary.rejectedCount() > summary.rejections().size()) {
            out.printf("  ... and %d more%n", summary.rejectedCount() - summary.rejections().size());
        }
    }

    /** Ends a replay early from inside the sink. */
    private static final class StopLoad extends RuntimeException {
        StopLoad() {
            super("stopped after a failed send", null, false, false);
        }
    }
}
