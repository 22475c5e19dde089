package org.followupmonitor.stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.avro.CohortComparison;
import org.followupmonitor.analysis.avro.SurvivalEstimates;
import org.followupmonitor.events.AvroEvents;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.Payload;
import org.followupmonitor.events.avro.ErasureReason;
import org.followupmonitor.events.avro.FollowUpStatus;
import org.followupmonitor.events.avro.PatientEvent;
import org.followupmonitor.events.file.EventJson;
import org.followupmonitor.events.file.RegistryImporter;
import org.followupmonitor.registry.RegistryAvroSerde;
import org.followupmonitor.registry.SchemaRegistryClient;
import org.followupmonitor.registry.SchemaRegistryService;
import org.followupmonitor.synthetic.StudyCohortGenerator;
import org.followupmonitor.synthetic.StudyCohortParameters;

/** Shared set-up for topology tests: serdes on an in-memory registry, and scrambled event streams. */
final class StreamFixtures {
    /**
     * An in-memory {@code patient-timelines} store, initialised and added to {@code ctx}: what a timeline processor
     * reads at init, without a changelog.
     */
    static org.apache.kafka.streams.state.KeyValueStore<String, org.followupmonitor.events.avro.PatientTimelineState>
            timelinesIn(org.apache.kafka.streams.processor.api.MockProcessorContext<?, ?> ctx) {
        org.apache.kafka.streams.state.KeyValueStore<String, org.followupmonitor.events.avro.PatientTimelineState> s =
                org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                        org.apache.kafka.streams.state.Stores.inMemoryKeyValueStore(Names.TIMELINES_STORE),
                        Serdes.String(), new AvroBinarySerde<>(org.followupmonitor.events.avro.PatientTimelineState.class))
                        .withLoggingDisabled().build();
        s.init(ctx.getStateStoreContext(), s);
        ctx.addStateStore(s);
        return s;
    }

    /**
     * Unpaced ({@link Pacing#UNPACED}): the driver simulates wall-clock time while computing time is real, so paced
     * stages would release at points that depend on the machine's load; unpaced, a seed replays the same releases.
     */
    static final CohortProcessor.Settings SETTINGS =
            new CohortProcessor.Settings(Duration.ofSeconds(1), Duration.ofSeconds(5), 0, Duration.ofMillis(100), 1)
                    .withPacing(Pacing.UNPACED);

    private StreamFixtures() {}

    static TopologyFactory.PublicSerdes serdes(SchemaRegistryClient registry) {
        return new TopologyFactory.PublicSerdes(
                RegistryAvroSerde.specific(PatientEvent.class, registry, false),
                RegistryAvroSerde.specific(SurvivalEstimates.class, registry, false),
                RegistryAvroSerde.specific(CohortComparison.class, registry, false),
                RegistryAvroSerde.specific(org.followupmonitor.analysis.avro.FollowupAlert.class, registry, false));
    }

    static Topology topology(List<AnalysisDefinition> analyses, SchemaRegistryClient registry,
            ResultListener listener) {
        return topology(analyses, registry, listener, SETTINGS);
    }

    static Topology topology(List<AnalysisDefinition> analyses, SchemaRegistryClient registry,
            ResultListener listener, CohortProcessor.Settings settings) {
        return TopologyFactory.build(analyses, serdes(registry), settings, new SimpleMeterRegistry(), listener);
    }

    /**
     * Feeds the events in order, record timestamps {@code t0} plus one millisecond each, and advances the wall clock
     * by 1.1 s after every {@code every} events so that punctuations interleave with the input as wall-clock time
     * passes in production; then lets the stream go quiet ({@link #settle}).
     */
    static void replay(TopologyTestDriver driver, SchemaRegistryClient registry, List<ClinicalEvent> events,
            Instant t0, int every) {
        TestInputTopic<String, PatientEvent> in = driver.createInputTopic(Names.PATIENT_EVENTS,
                Serdes.String().serializer(), serdes(registry).events().serializer());
        int i = 0;
        for (ClinicalEvent e : events) {
            in.pipeInput(e.patientId(), AvroEvents.toAvro(e), t0.plusMillis(i));
            if (++i % every == 0) {
                driver.advanceWallClockTime(Duration.ofMillis(1100));
            }
        }
        settle(driver);
    }

    /**
     * Lets the stream go quiet after the input: past the debounce and the Cox refresh interval, then two long
     * advances, because under {@link Pacing#REAL} each stage holds its next round back by a multiple of its last
     * round's real computing time ({@link PublicationScheduler}, {@link ReleaseProcessor}): on a loaded machine a
     * cohort round, and the release that follows it, can be held back by seconds of wall-clock time that the
     * driver's clock must pass.
     */
    static void settle(TopologyTestDriver driver) {
        driver.advanceWallClockTime(Duration.ofSeconds(6));
        driver.advanceWallClockTime(Duration.ofSeconds(6));
        driver.advanceWallClockTime(Duration.ofMinutes(5));
        driver.advanceWallClockTime(Duration.ofMinutes(5));
    }

    static Properties driverProperties() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try {
            // Each driver its own state directory: drivers open at once never share RocksDB files.
            p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("topology-test").toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Names.DEAD_LETTERS);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                org.apache.kafka.streams.errors.LogAndContinueExceptionHandler.class.getName());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler.class.getName());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        return p;
    }

    /** A study-shaped cohort's events as the importer reads them from the generator's CSV. */
    static List<ClinicalEvent> cohortEvents(int patients, long seed, Path dir) throws Exception {
        Path csv = dir.resolve("cohort-" + seed + ".csv");
        new StudyCohortGenerator(StudyCohortParameters.study(seed).withPatients(patients)).writeCsv(csv);
        List<ClinicalEvent> events = new ArrayList<>();
        new RegistryImporter(RegistryImporter.Options.defaults()).forEachEvent(csv, events::add);
        return events;
    }

    /**
     * The events scrambled as a real feed would deliver them: shuffled, about 10% sent twice, some
     * spurious follow-ups later retracted (retraction sometimes first), and one patient erased.
     */
    static List<ClinicalEvent> scramble(List<ClinicalEvent> events, long seed) {
        Random random = new Random(seed);
        List<ClinicalEvent> out = new ArrayList<>(events);
        for (ClinicalEvent e : events) {
            if (random.nextInt(10) == 0) {
                out.add(e);
            }
            if (random.nextInt(15) == 0) {
                ClinicalEvent wrong = new ClinicalEvent("spurious-" + e.eventId(), e.patientId(), e.site(),
                        e.occurredOn().plusDays(400), Instant.parse("2022-01-01T00:00:00Z"),
                        new Payload.FollowUp(FollowUpStatus.ALIVE_WITHOUT_DISEASE));
                out.add(wrong);
                out.add(new ClinicalEvent("retract-" + e.eventId(), e.patientId(), e.site(), e.occurredOn(),
                        Instant.parse("2022-01-02T00:00:00Z"), new Payload.Retraction(wrong.eventId())));
            }
        }
        ClinicalEvent first = events.get(random.nextInt(events.size()));
        out.add(new ClinicalEvent("erase-" + first.patientId().hashCode(), first.patientId(), first.site(),
                first.occurredOn(), Instant.parse("2022-01-03T00:00:00Z"),
                new Payload.Erasure(ErasureReason.values()[0])));
        Collections.shuffle(out, random);
        return out;
    }

    /** The same events as a JSON Lines file, for the batch side of a comparison. */
    static Path jsonLines(List<ClinicalEvent> events, Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        events.forEach(e -> lines.add(EventJson.write(e)));
        return Files.write(file, lines);
    }

    static SchemaRegistryClient registry() {
        return SchemaRegistryService.inMemory();
    }
}
