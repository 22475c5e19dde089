package org.followupmonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.followupmonitor.events.AvroEvents;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.avro.PatientEvent;
import org.followupmonitor.events.file.ImportSummary;
import org.followupmonitor.events.file.Pseudonymizer;
import org.followupmonitor.events.file.RegistryImporter;
import org.followupmonitor.ingest.Replayer;
import org.followupmonitor.registry.HttpSchemaRegistryClient;
import org.followupmonitor.registry.RegistryAvroDeserializer;
import org.followupmonitor.runtime.EmbeddedKafkaBroker;
import org.followupmonitor.runtime.LocalKafkaStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code load} in-process against the embedded KRaft broker and registry, read back with the registry serde. */
class LoadCommandIT {
    private static final Path EXAMPLE = Path.of("examples/registry-example.csv");

    @TempDir
    static Path dataDir;
    private static LocalKafkaStack stack;

    @TempDir
    Path work;

    @BeforeAll
    static void startStack() {
        stack = LocalKafkaStack.start(dataDir, "localhost", 0, 0);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run load(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of("load", "--bootstrap", stack.bootstrapServers(), "--registry",
                stack.registryUrl().toString()));
        all.addAll(List.of(args));
        int exit = cli.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private static String topic() {
        return "patient-events-" + UUID.randomUUID();
    }

    private static List<ClinicalEvent> imported(Path file, Optional<String> key) throws Exception {
        List<ClinicalEvent> events = new ArrayList<>();
        new RegistryImporter(new RegistryImporter.Options(false, key)).forEachEvent(file, events::add);
        return events;
    }

    /** Reads every record of the (single-partition) topic, waiting until {@code expected} have arrived. */
    private static <V> List<ConsumerRecord<String, V>> consume(String topic, Deserializer<V> values, int expected) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(config, new StringDeserializer(), values)) {
            TopicPartition p = new TopicPartition(topic, 0);
            consumer.assign(List.of(p));
            consumer.seekToBeginning(List.of(p));
            await().atMost(60, TimeUnit.SECONDS).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
            });
            // Nothing beyond: the log ends where the records read end.
            assertThat(consumer.endOffsets(List.of(p)).get(p)).isEqualTo(records.size());
            assertThat(consumer.partitionsFor(topic)).hasSize(1);
        }
        return records;
    }

    private static RegistryAvroDeserializer<PatientEvent> patientEvents() {
        return RegistryAvroDeserializer.specific(HttpSchemaRegistryClient.of(stack.registryUrl().toString()),
                PatientEvent.class);
    }

    @Test
    void loadsEveryEventInDateOrderKeyedByPatientAndPrintsAMatchingSummary() throws Exception {
        String topic = topic();
        List<ClinicalEvent> expected = Replayer.order(imported(EXAMPLE, Optional.empty()), OptionalLong.empty());
        ImportSummary summary = new RegistryImporter(RegistryImporter.Options.defaults()).forEachPatient(EXAMPLE, p -> {
        });

        Run run = load("--input", EXAMPLE.toString(), "--topic", topic);

        assertThat(run.exit()).as(run.err()).isZero();
        List<ConsumerRecord<String, PatientEvent>> records = consume(topic, patientEvents(), expected.size());
        assertThat(records).hasSize(expected.size());
        assertThat(records).extracting(r -> AvroEvents.fromAvro(r.value())).containsExactlyElementsOf(expected);
        assertThat(records).extracting(ConsumerRecord::key)
                .containsExactlyElementsOf(expected.stream().map(ClinicalEvent::patientId).toList());
        assertThat(run.out())
                .contains("Events sent: " + expected.size() + System.lineSeparator())
                .contains("Patients: " + summary.patients() + System.lineSeparator())
                .contains("Events: " + summary.events() + System.lineSeparator())
                .contains("Failed sends: 0" + System.lineSeparator())
                .contains("Rejected lines: " + summary.rejectedCount() + System.lineSeparator())
                .contains("Order: event date");
        summary.rejections().forEach(r -> assertThat(run.out()).contains(r.toString()));
        // Not a terminal: whole progress lines, the last at 100%.
        assertThat(run.err()).doesNotContain("\r").contains("100.0%  " + expected.size() + "/" + expected.size());
    }

    @Test
    void pseudonymisedLoadKeysByHmacAndNoOriginalIdReachesTheTopicOrTheOutput() throws Exception {
        String topic = topic();
        String key = "load-it-key";
        List<ClinicalEvent> original = imported(EXAMPLE, Optional.empty());
        Set<String> originalIds = original.stream().map(ClinicalEvent::patientId).collect(Collectors.toSet());
        Pseudonymizer pseudonymizer = new Pseudonymizer(key);
        List<ClinicalEvent> expected = Replayer.order(imported(EXAMPLE, Optional.of(key)), OptionalLong.empty());

        Run run = load("--input", EXAMPLE.toString(), "--topic", topic, "--pseudonymize-key", key);

        assertThat(run.exit()).as(run.err()).isZero();
        List<ConsumerRecord<String, PatientEvent>> records = consume(topic, patientEvents(), expected.size());
        assertThat(records).extracting(r -> AvroEvents.fromAvro(r.value())).containsExactlyElementsOf(expected);
        assertThat(records.stream().map(ConsumerRecord::key).collect(Collectors.toSet()))
                .isEqualTo(originalIds.stream().map(pseudonymizer::apply).collect(Collectors.toSet()));
        List<ConsumerRecord<String, byte[]>> raw = consume(topic, new ByteArrayDeserializer(), expected.size());
        for (ConsumerRecord<String, byte[]> r : raw) {
            String value = new String(r.value(), StandardCharsets.ISO_8859_1);
            for (String id : originalIds) {
                assertThat(r.key()).doesNotContain(id);
                assertThat(value).doesNotContain(id);
            }
        }
        for (String id : originalIds) {
            assertThat(run.out()).doesNotContain(id);
            assertThat(run.err()).doesNotContain(id);
        }
    }

    @Test
    void shuffledLoadSendsTheSeedsPermutation() throws Exception {
        String topic = topic();
        List<ClinicalEvent> events = imported(EXAMPLE, Optional.empty());
        List<ClinicalEvent> expected = Replayer.order(events, OptionalLong.of(99));

        Run run = load("--input", EXAMPLE.toString(), "--topic", topic, "--shuffle", "--seed", "99");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("Order: shuffled (seed 99)");
        List<ConsumerRecord<String, PatientEvent>> records = consume(topic, patientEvents(), expected.size());
        List<ClinicalEvent> got = records.stream().map(r -> AvroEvents.fromAvro(r.value())).toList();
        assertThat(got).isEqualTo(expected).containsExactlyInAnyOrderElementsOf(events)
                .isNotEqualTo(Replayer.order(events, OptionalLong.empty()));
    }

    @Test
    void rejectedLinesAreListedByLineAndFieldAndStrictSendsNothing() throws Exception {
        Path file = work.resolve("with-bad-row.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(EXAMPLE));
        String bad = lines.get(1).replaceFirst("^P001,", "PBAD,").replaceFirst(",2015-01-12,", ",2015-13-45,");
        lines.add(bad);
        Files.write(file, lines);
        int badLine = lines.size();
        List<ClinicalEvent> good = new ArrayList<>();
        ImportSummary summary = new RegistryImporter(RegistryImporter.Options.defaults()).forEachEvent(file, good::add);
        // The example already has deliberately bad rows; ours is the last one.
        assertThat(summary.rejections()).extracting(r -> r.line()).contains((long) badLine);
        long firstBad = summary.rejections().get(0).line();

        String strictTopic = topic();
        Run strict = load("--input", file.toString(), "--topic", strictTopic, "--strict");
        assertThat(strict.exit()).isEqualTo(ExitCode.REJECTED_LINES.code());
        assertThat(strict.err()).contains("--strict is set: nothing sent").doesNotContain("PBAD");
        assertThat(strict.out()).contains("Rejected lines: " + summary.rejectedCount())
                .contains("with-bad-row.csv:" + firstBad + ": ")
                .containsPattern("with-bad-row\\.csv:" + badLine + ": diagnosis_date: ")
                .doesNotContain("Events sent").doesNotContain("PBAD");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain(strictTopic);
        }

        String topic = topic();
        Run lenient = load("--input", file.toString(), "--topic", topic);
        assertThat(lenient.exit()).as(lenient.err()).isZero();
        assertThat(lenient.out()).contains("Events sent: " + good.size()).contains("Rejected lines: " + summary.rejectedCount())
                .containsPattern("with-bad-row\\.csv:" + badLine + ": diagnosis_date: ").doesNotContain("PBAD");
        assertThat(consume(topic, patientEvents(), good.size())).hasSize(good.size());
    }

    @Test
    void aMissingFileIsAnErrorAndNothingIsSent() {
        Run run = load("--input", work.resolve("nope.csv").toString(), "--topic", topic());
        assertThat(run.exit()).isEqualTo(ExitCode.UNUSABLE.code());
        assertThat(run.err()).contains("file not found");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anUnreachableBrokerFailsFastWithAReasonAndNonZeroExit() throws Exception {
        int closedPort = EmbeddedKafkaBroker.freePort();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(
                "load", "--input", EXAMPLE.toString(), "--bootstrap", "localhost:" + closedPort, "--registry",
                stack.registryUrl().toString(), "--kafka-property", "max.block.ms=1500");
        int events = imported(EXAMPLE, Optional.empty()).size();
        assertThat(exit).isEqualTo(ExitCode.SEND_FAILED.code());
        assertThat(out.toString()).contains("Events sent: 0").contains("Failed sends: 1")
                .contains("TimeoutException").contains("Not sent: " + (events - 1) + " (stopped after a failed send)");
    }

    @Test
    void kafkaConfigFileAndPropertiesPassThroughAndBadValuesAreNamed() throws Exception {
        Path props = work.resolve("client.properties");
        Files.writeString(props, "compression.type=lz4\nlinger.ms=1\n");
        String topic = topic();
        List<ClinicalEvent> expected = Replayer.order(imported(EXAMPLE, Optional.empty()), OptionalLong.empty());
        Run ok = load("--input", EXAMPLE.toString(), "--topic", topic, "--kafka-config", props.toString(),
                "--kafka-property", "batch.size=16384");
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(consume(topic, patientEvents(), expected.size())).extracting(r -> AvroEvents.fromAvro(r.value()))
                .containsExactlyElementsOf(expected);

        Run bad = load("--input", EXAMPLE.toString(), "--topic", topic(), "--kafka-property", "compression.type=nope");
        assertThat(bad.exit()).isEqualTo(ExitCode.UNUSABLE.code());
        assertThat(bad.err()).contains("compression.type");
        Run weak = load("--input", EXAMPLE.toString(), "--topic", topic(), "--kafka-property", "acks=1");
        assertThat(weak.exit()).isEqualTo(ExitCode.UNUSABLE.code());
        assertThat(weak.err()).contains("acks=all");
    }
}
