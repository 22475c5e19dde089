package org.followupmonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;


import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.BatchAnalysis;
import org.followupmonitor.analysis.ResultJson;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.file.RegistryImporter;
import org.followupmonitor.ingest.EventPublisher;
import org.followupmonitor.ingest.PublisherSettings;
import org.followupmonitor.runtime.EmbeddedKafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor on a real broker, as a user runs it ({@code run} in its own JVM, killed and restarted):
 * the published estimates equal {@code analyze} on the same events, nothing lost and nothing counted
 * twice; bad records land in the dead-letter topic and the rest are processed. Subclasses provide
 * the broker (embedded KRaft here; Testcontainers' Kafka where Docker runs).
 */
abstract class MonitorContract {
    private static final List<AnalysisDefinition> ANALYSES = AnalysesLoader.loadDefault().analyses();
    private static final long SEED = 20211119L;
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    abstract String bootstrap();

    abstract String registryUrl();

    private Process startMonitor(Path stateDir, int httpPort, String name) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=org.followupmonitor",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), "org.followupmonitor.cli.Main", "run",
                "--bootstrap", bootstrap(), "--registry", registryUrl(), "--http-port", String.valueOf(httpPort),
                "--http-host", "127.0.0.1", "--state-dir", stateDir.toString(), "--privacy-min-cell-size", "0",
                "--debounce-ms", "200", "--cox-interval-ms", "500", "--partitions", "2",
                // A crashed member is noticed after this, not the default 45 s.
                "--kafka-property", "session.timeout.ms=6000",
                // Memtables that flush at this cohort's size, as they do at scale (SmallMemtables says why).
                "--kafka-property", "rocksdb.config.setter=" + SmallMemtables.class.getName()));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile()).start();
    }

    private Map<String, AnalysisResult> batchOf(List<ClinicalEvent> events) throws Exception {
        Map<String, AnalysisResult> batch = new LinkedHashMap<>();
        BatchAnalysis.run(StreamFixtures.jsonLines(events, dir.resolve("events.jsonl")), ANALYSES,
                RegistryImporter.Options.defaults(), 0, new org.followupmonitor.alerts.SequentialMonitoring(), n -> { }).results().forEach(r -> batch.put(r.name(), r));
        return batch;
    }

    private String get(int port, String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (Exception notUp) {
            return null;
        }
    }

    /** Waits until every analysis the monitor on {@code port} serves equals the batch result (4 minutes at most). */
    private void awaitEqualsBatch(int port, Map<String, AnalysisResult> batch, String monitor) {
        String[] last = {null};
        try {
            Awaitility.await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> (last[0] = differenceFromBatch(port, batch)) == null);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(monitor + " never matched the batch analysis; last difference: " + last[0], e);
        }
    }

    /** Null when every analysis served equals the batch result, else the first difference. */
    private String differenceFromBatch(int port, Map<String, AnalysisResult> batch) {
        for (Map.Entry<String, AnalysisResult> e : batch.entrySet()) {
            String body = get(port, "/api/analyses/" + e.getKey());
            if (body == null) {
                return e.getKey() + ": not available yet";
            }
            String d = ResultDiff.first(e.getValue(), ResultJson.read(body));
            if (d != null) {
                return e.getKey() + ": " + d;
            }
        }
        return null;
    }

    private void publish(List<ClinicalEvent> events) {
        try (EventPublisher p = new EventPublisher(PublisherSettings.of(bootstrap(), registryUrl(), Names.PATIENT_EVENTS))) {
            events.forEach(p::send);
            assertThat(p.flush().failed()).isZero();
        }
    }

    @Test
    void killedMidLoadAndRestartedStillEqualsBatchAndBadRecordsAreDeadLettered() throws Exception {
        List<ClinicalEvent> events = StreamFixtures.scramble(StreamFixtures.cohortEvents(200, SEED, dir), SEED);
        Map<String, AnalysisResult> batch = batchOf(events);
        Path state = dir.resolve("state");
        int port1 = EmbeddedKafkaBroker.freePort();
        Process first = startMonitor(state, port1, "first");
        try {
            Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        String h = get(port1, "/api/health");
                        return h != null && h.contains("\"ready\":true");
                    });
            int half = events.size() / 2;
            publish(events.subList(0, half));
            Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        String h = get(port1, "/api/health");
                        return h != null && !h.contains("\"eventsProcessed\":0,");
                    });
        } finally {
            first.destroyForcibly().waitFor(); // a crash: no clean shutdown, no commit of the open transaction
        }
        // Bad records among the rest: undecodable bytes and an unknown schema id.
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(pp, new StringSerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(Names.PATIENT_EVENTS, "bad-1", "garbage".getBytes(StandardCharsets.UTF_8))).get();
            raw.send(new ProducerRecord<>(Names.PATIENT_EVENTS, "bad-2", new byte[] {0, 0, 1, 0, 0, 2, 4})).get();
        }
        publish(events.subList(events.size() / 2, events.size()));

        int port2 = EmbeddedKafkaBroker.freePort();
        Process second = startMonitor(state, port2, "second");
        try {
            awaitEqualsBatch(port2, batch, "the restarted monitor");
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> {
                String h = get(port2, "/api/health");
                return h != null && h.contains("\"deadLetters\":2");
            });
        } finally {
            // A second crash, of a monitor whose work is done and committed. Exactly-once without transactional
            // state stores cannot trust what the stores flushed to disk, so it wipes them; with them
            // (MonitorApp.streamsProperties) a store keeps what it flushed with the offsets it holds.
            second.destroyForcibly().waitFor();
        }
        long committed = committedChangelogRecords();
        int port3 = EmbeddedKafkaBroker.freePort();
        Process third = startMonitor(state, port3, "third");
        try {
            awaitEqualsBatch(port3, batch, "the monitor restarted after its second kill");
        } finally {
            third.destroy();
            third.waitFor();
        }
        // Without transactional stores the restart restores every committed changelog record (all of
        // `committed`); with them only what was committed after the offsets the stores flushed last (their
        // unflushed memtables go with the process): with 64-kB memtables about a tenth (1,092 of 10,659 in one run).
        assertThat(committed).isPositive();
        assertThat(restoredRecords(Files.readString(dir.resolve("third.log"))))
                .as("records restored after the second kill, of %d committed changelog records", committed)
                .isLessThan(committed / 2);
        assertThat(deadLetterReasons()).hasSize(2).anySatisfy(r -> assertThat(r).startsWith("BAD_MAGIC"))
                .anySatisfy(r -> assertThat(r).startsWith("UNKNOWN_SCHEMA_ID"));
        String logs = Files.readString(dir.resolve("first.log")) + Files.readString(dir.resolve("second.log"))
                + Files.readString(dir.resolve("third.log"));
        for (ClinicalEvent e : events.subList(0, 50)) {
            assertThat(logs).doesNotContain(e.patientId());
        }
    }

    /** The records (not commit markers, not aborted ones) in every changelog topic, as a restore reads them. */
    private long committedChangelogRecords() throws Exception {
        List<org.apache.kafka.common.TopicPartition> partitions = new ArrayList<>();
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            List<String> changelogs = admin.listTopics().names().get().stream()
                    .filter(t -> t.endsWith("-changelog")).toList();
            admin.describeTopics(changelogs).allTopicNames().get().values().forEach(d -> d.partitions()
                    .forEach(p -> partitions.add(new org.apache.kafka.common.TopicPartition(d.name(), p.partition()))));
        }
        Properties cp = new Properties();
        cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        cp.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        long[] records = {0};
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(cp, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.assign(partitions);
            c.seekToBeginning(partitions);
            // The last stable offsets: a read_committed consumer reads no further.
            Map<org.apache.kafka.common.TopicPartition, Long> end = c.endOffsets(partitions);
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> {
                records[0] += c.poll(Duration.ofMillis(200)).count();
                return partitions.stream().allMatch(p -> c.position(p) >= end.get(p));
            });
        }
        return records[0];
    }

    /** The records a monitor's log says it restored (RestoreProgress' final line per round; none: nothing). */
    private static long restoredRecords(String log) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("local state restored: ([0-9,.' ]+) records")
                .matcher(log);
        long sum = 0;
        while (m.find()) {
            sum += Long.parseLong(m.group(1).replaceAll("[^0-9]", ""));
        }
        return sum;
    }

    private List<String> deadLetterReasons() {
        Properties cp = new Properties();
        cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        cp.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-check");
        cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> reasons = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(cp, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(Names.DEAD_LETTERS));
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    reasons.add(new String(r.headers().lastHeader("__streams.errors.message").value(),
                            StandardCharsets.UTF_8));
                }
                return reasons.size() >= 2;
            });
        }
        return reasons;
    }

}
