package org.followupmonitor.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.file.Rejection;
import org.followupmonitor.events.file.RegistryImportException;
import org.followupmonitor.events.file.RegistryImporter;
import org.followupmonitor.ingest.EventPublisher;
import org.followupmonitor.ingest.ProgressBar;
import org.followupmonitor.ingest.PublishStats;
import org.followupmonitor.ingest.PublisherSettings;
import org.followupmonitor.ingest.ReplayClock;
import org.followupmonitor.ingest.ReplayEvents;
import org.followupmonitor.ingest.ReplayOptions;
import org.followupmonitor.ingest.ReplaySpeed;
import org.followupmonitor.ingest.Replayer;
import org.followupmonitor.runtime.KafkaQuietLogging;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code followup-monitor load}: produces a registry file's events to Kafka (Avro, Confluent wire format,
 * key = patient id) with a progress bar on standard error and a summary on standard output. Prints no
 * patient id: rejected lines are listed by line number and field.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Produce a registry file's events (CSV or JSON Lines) to Kafka as Avro PatientEvents, "
                + "in event-date order (or shuffled), as fast as the broker takes them or on an accelerated clock.")
public final class LoadCommand implements Callable<Integer> {
    /** Exit code when a line is rejected and --strict is set (nothing is sent). */
    static final int EXIT_REJECTED = 1;
    /** Exit code when the input, the Kafka settings or the options cannot be used. */
    static final int EXIT_UNUSABLE = 2;
    /** Exit code when some events could not be sent. */
    static final int EXIT_SEND_FAILED = 3;

    @Spec
    private CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "CSV or JSON Lines registry file.")
    private Path input;

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
    private String bootstrap;

    @Option(names = "--registry", required = true, paramLabel = "URL", description = "Schema registry URL.")
    private String registry;

    @Option(names = "--topic", defaultValue = EventPublisher.DEFAULT_TOPIC,
            description = "Topic to produce to (default: ${DEFAULT-VALUE}).")
    private String topic;

    @Option(names = "--strict", description = "Send nothing and exit 1 when any line is rejected (all are listed).")
    private boolean strict;

    @Option(names = "--pseudonymize-key", paramLabel = "KEY",
            description = "Replace patient ids by HMAC-SHA256 with this key before anything is sent.")
    private String pseudonymizeKey;

    @Option(names = "--shuffle", description = "Send the events in a scrambled order instead of by event date.")
    private boolean shuffle;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of --shuffle (default: random, printed so the order can be repeated).")
    private Long seed;

    @Option(names = "--speed", paramLabel = "X|max", defaultValue = "max", converter = SpeedConverter.class,
            description = "Days of event time per wall-clock second, or max (default: ${DEFAULT-VALUE}).")
    private ReplaySpeed speed;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "A Kafka client property (security.protocol, sasl.*, ssl.*, linger.ms...); repeatable, "
                    + "wins over --kafka-config.")
    private List<String> kafkaProperty = new ArrayList<>();

    @Option(names = "--kafka-config", paramLabel = "FILE", description = "A properties file of Kafka client settings.")
    private Path kafkaConfig;

    /** Converts --speed. */
    static final class SpeedConverter implements ITypeConverter<ReplaySpeed> {
        @Override
        public ReplaySpeed convert(String value) {
            return ReplaySpeed.parse(value);
        }
    }

    @Override
    public Integer call() {
        // The producer's INFO lines (its whole configuration) would bury the progress bar.
        KafkaQuietLogging.apply();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return load(out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int load(PrintWriter out, PrintWriter err) {
        if (seed != null && !shuffle) {
            err.println("load: --seed only applies with --shuffle");
            return EXIT_UNUSABLE;
        }
        Map<String, String> properties = new LinkedHashMap<>();
        try {
            if (kafkaConfig != null) {
                properties.putAll(PublisherSettings.readProperties(kafkaConfig));
            }
            for (String kv : kafkaProperty) {
                Map.Entry<String, String> e = PublisherSettings.parseProperty(kv);
                properties.put(e.getKey(), e.getValue());
            }
        } catch (IOException e) {
            err.println("load: cannot read --kafka-config " + kafkaConfig + ": " + e.getMessage());
            return EXIT_UNUSABLE;
        } catch (IllegalArgumentException e) {
            err.println("load: " + e.getMessage());
            return EXIT_UNUSABLE;
        }
        PublisherSettings settings;
        try {
            settings = new PublisherSettings(bootstrap, registry, topic, properties);
            EventPublisher.producerConfig(settings); // fail on forbidden settings before reading the file
        } catch (IllegalArgumentException e) {
            err.println("load: " + e.getMessage());
            return EXIT_UNUSABLE;
        }
        if (!Files.isRegularFile(input) || !Files.isReadable(input)) {
            err.println("load: " + input + ": " + (Files.exists(input) ? "not a readable file" : "file not found")
                    + "; give an existing CSV or JSON Lines file");
            return EXIT_UNUSABLE;
        }

        err.println("load: reading " + input);
        err.flush();
        ReplayEvents events;
        try {
            // Always lenient here: with --strict every bad line is listed (not only the first) and nothing is sent.
            events = ReplayEvents.fromFile(input, new RegistryImporter.Options(false, Optional.ofNullable(pseudonymizeKey)));
        } catch (RegistryImportException e) {
            err.println("load: " + e.getMessage());
            return EXIT_UNUSABLE;
        } catch (IOException e) {
            err.println("load: cannot read " + input + ": " + e.getMessage());
            return EXIT_UNUSABLE;
        }
        if (strict && events.summary().rejectedCount() > 0) {
            printRejections(out, events);
            err.printf("load: %d rejected line(s) and --strict is set: nothing sent%n", events.summary().rejectedCount());
            return EXIT_REJECTED;
        }

        OptionalLong shuffleSeed = OptionalLong.empty();
        if (shuffle) {
            long s = seed != null ? seed : new SecureRandom().nextLong();
            shuffleSeed = OptionalLong.of(s);
        }
        Replayer replayer = new Replayer(new ReplayOptions(speed, shuffleSeed), ReplayClock.system());
        err.printf("load: %d events of %d patients to topic %s at %s, %s, speed %s%n", events.events().size(),
                events.patients(), topic, bootstrap,
                shuffle ? "shuffled (seed " + shuffleSeed.getAsLong() + ")" : "in event-date order", speed);
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
            err.println("load: " + e.getMessage());
            return EXIT_UNUSABLE;
        } catch (org.apache.kafka.common.KafkaException e) {
            err.println("load: Kafka client error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return EXIT_UNUSABLE;
        }
        progress.finish();
        double seconds = (System.nanoTime() - started) / 1e9;

        var summary = events.summary();
        out.printf("Input: %s (%s)%n", summary.file(), summary.format().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        out.printf("Records: %d read, %d accepted, %d rejected%n", summary.records(),
                summary.records() - summary.rejectedCount(), summary.rejectedCount());
        out.printf("Patients: %d%n", events.patients());
        out.printf("Events: %d%n", summary.events());
        summary.eventsByType().forEach((type, n) -> out.printf("  %-18s %8d%n", type, n));
        out.printf("Topic: %s%n", topic);
        out.printf("Order: %s%n", shuffle ? "shuffled (seed " + shuffleSeed.getAsLong() + ")" : "event date");
        out.printf("Events sent: %d%n", stats.acknowledged());
        out.printf("Failed sends: %d%n", stats.failed());
        stats.failuresByReason().forEach((reason, n) -> out.printf("  %-30s %8d%n", reason, n));
        if (notSent > 0) {
            out.printf("Not sent: %d (%s)%n", notSent, interrupted ? "interrupted" : "stopped after a failed send");
        }
        printRejections(out, events);
        out.printf(Locale.ROOT, "Time: %.3f s, %.0f events/s%n", seconds, seconds > 0 ? stats.acknowledged() / seconds : 0.0);
        if (stats.failed() > 0 || notSent > 0) {
            err.printf("load: %d event(s) failed and %d not sent%n", stats.failed(), notSent);
            return EXIT_SEND_FAILED;
        }
        return 0;
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
