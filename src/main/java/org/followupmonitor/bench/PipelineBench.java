package org.followupmonitor.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.followupmonitor.analysis.AnalysesConfig;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.file.RegistryImporter;
import org.followupmonitor.ingest.EventPublisher;
import org.followupmonitor.ingest.PublishStats;
import org.followupmonitor.ingest.PublisherSettings;
import org.followupmonitor.ingest.ReplayEvents;
import org.followupmonitor.runtime.AppConfig;
import org.followupmonitor.runtime.LocalKafkaStack;
import org.followupmonitor.runtime.MonitorApp;
import org.followupmonitor.stream.Names;
import org.followupmonitor.synthetic.StudyCohortParameters;

/**
 * One bench run on a fresh embedded broker and registry:
 * <ol>
 * <li>raw: an {@link EventPublisher} (idempotent, acks=all) sends the cohort's N events to a scratch topic;
 * rate = N / (first send … all acknowledged). A full untimed pass to another scratch topic warms the JIT and
 * registers the schema first, so neither phase pays for them.</li>
 * <li>pipeline: {@link MonitorApp} (exactly_once_v2, debounce {@code --debounce-ms}, privacy off) runs; the same N events
 * go to {@code patient-events}; rate = N / (first send … the first os-by-arm publication that includes all
 * N events, known exactly from the input offsets each publication reflects, see {@link PublicationLog}).</li>
 * <li>latency: new events (the cohort relabelled with fresh event and patient ids, repeated as needed) are
 * offered at a paced rate; every 100 ms a sample records (now, events sent so far per partition); its
 * latency is the time until the first os-by-arm publication that includes all of them.</li>
 * </ol>
 * The state-store size is the bytes under the Streams state directory after a clean close, divided by the
 * patients held (both cohorts). No patient id is printed.
 */
public final class PipelineBench {
    /** The analysis whose publications are timed: the study's headline comparison. */
    public static final String TIMED_ANALYSIS = "os-by-arm";
    static final Duration SAMPLE_EVERY = Duration.ofMillis(100);
    /** The pacer's wake-up interval in the latency phase: events due within it go together. */
    static final Duration PACE = Duration.ofMillis(1);
    static final Duration PIPELINE_TIMEOUT = Duration.ofMinutes(10);
    /**
     * Warm-up passes (the cohort under fresh ids, untimed) go on until the JIT compilers worked less than this
     * share of a pass's time, at most {@link #MAX_WARM_UP_PASSES}: after one pass the C2 compiler still took a
     * quarter of the machine's CPU in the timed phase, which a monitor running for days never sees. (With the
     * broker in the same JVM the compilers stay busy for a minute or more, so the cap usually ends it; each
     * pass also adds a cohort's patients to the state.)
     */
    static final double SETTLED_COMPILE_SHARE = 0.10;
    static final int MAX_WARM_UP_PASSES = 3;
    private static final String RAW_TOPIC = "bench-raw";
    private static final String WARMUP_TOPIC = "bench-warmup";
    private static final String FLOOR_TOPIC = "bench-floor";

    private final BenchSettings settings;
    private final PrintWriter progress;

    /** @param progress where progress notes go (stderr for the command) */
    public PipelineBench(BenchSettings settings, PrintWriter progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /**
     * Runs the three phases and returns the figures; deletes the data directory afterwards unless asked to keep it.
     *
     * @throws IllegalArgumentException when the given data directory is not empty (the bench needs a fresh broker)
     * @throws IllegalStateException    when sends fail or the pipeline does not finish within 10 minutes
     * @throws IOException              when the data directory cannot be created or measured
     */
    public BenchResult run() throws IOException, InterruptedException {
        Path dataDir = prepareDataDir();
        try {
            return runIn(dataDir);
        } finally {
            if (!settings.keep()) {
                deleteTree(dataDir);
            } else {
                note("kept data directory " + dataDir);
            }
        }
    }

    private Path prepareDataDir() throws IOException {
        return prepareDataDir(settings.dataDir());
    }

    /** A fresh temporary directory for null, else {@code dir}, which must be new or empty. */
    static Path prepareDataDir(Path dir) throws IOException {
        if (dir == null) {
            return Files.createTempDirectory("followup-monitor-bench-");
        }
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("--data-dir " + dir + " is not a directory");
            }
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw new IllegalArgumentException("--data-dir " + dir + " is not empty; the bench needs a fresh "
                            + "broker: give a new or empty directory");
                }
            }
        }
        return Files.createDirectories(dir);
    }

    private BenchResult runIn(Path dataDir) throws IOException, InterruptedException {
        note("generating " + settings.patients() + " synthetic patients");
        ReplayEvents cohort = ReplayEvents.fromGenerator(
                StudyCohortParameters.study(StudyCohortParameters.EXAMPLE_SEED).withPatients(settings.patients()),
                RegistryImporter.Options.defaults());
        List<ClinicalEvent> events = cohort.events();
        List<ClinicalEvent> latencyEvents = relabelled(events, settings.latencyEvents(), "L");
        long latencyPatients = latencyEvents.stream().map(ClinicalEvent::patientId).distinct().count();
        note(events.size() + " events per rate phase; " + latencyEvents.size() + " in the latency phase");

        Path stateDir = dataDir.resolve("state");
        try (LocalKafkaStack stack = LocalKafkaStack.start(dataDir.resolve("kafka-and-registry"), "localhost", 0, 0)) {
            createTopics(stack.bootstrapServers(), List.of(WARMUP_TOPIC, RAW_TOPIC, FLOOR_TOPIC));
            note("warm-up pass (untimed)");
            sendAll(stack, WARMUP_TOPIC, events);
            note("raw producer");
            long t0 = System.nanoTime();
            sendAll(stack, RAW_TOPIC, events);
            double raw = events.size() / seconds(System.nanoTime() - t0);
            double floor = floor(stack, dataDir.resolve("floor-state"), events);

            int partitions = MonitorApp.DEFAULT_PARTITIONS;
            PublicationLog log = new PublicationLog(TIMED_ANALYSIS, partitions);
            AnalysesConfig analyses = AnalysesLoader.loadDefault();
            AppConfig config = new AppConfig(new AppConfig.Kafka(stack.bootstrapServers(), Map.of()),
                    stack.registryUrl(), new AppConfig.Http("localhost", 0, null),
                    new AppConfig.Streams("followup-monitor-bench", stateDir, "exactly_once_v2",
                            Duration.ofMillis(settings.debounceMillis()),
                            AppConfig.DEFAULT_COX_INTERVAL),
                    0, null);
            double pipeline;
            int warmUpPasses;
            double p50;
            double p99;
            int samples;
            double achieved;
            try (MonitorApp app = MonitorApp.start(config, analyses, MonitorApp.DEFAULT_PARTITIONS, log)) {
                waitFor(app::running, Duration.ofMinutes(2),
                        "the streams applications did not reach RUNNING");
                try (EventPublisher publisher = publisher(stack, Names.PATIENT_EVENTS)) {
                    long[] sent = new long[partitions];
                    // Like the producer's, the monitor's code is compiled before it is timed: a long-running
                    // monitor runs compiled code, and the JIT would otherwise take much of a core in this phase.
                    warmUpPasses = warmUp("pipeline", events, pass -> {
                        sendCounted(publisher, pass, sent);
                        awaitIncluded(log, sent);
                    });
                    note("pipeline (exactly_once_v2)");
                    ThreadCpu.Snapshot pc0 = cpuSnapshot();
                    long p0 = System.nanoTime();
                    sendCounted(publisher, events, sent);
                    long end = awaitIncluded(log, sent);
                    pipeline = events.size() / seconds(end - p0);
                    noteCpu("pipeline timed pass", pc0, events.size());

                    note("latency at " + settings.rate() + " events/s for " + settings.seconds() + " s");
                    Map<String, double[]> consumedBefore = consumed(app);
                    ThreadCpu.Snapshot lc0 = cpuSnapshot();
                    List<long[]> sampled = new ArrayList<>(); // {time, sent in partition 0, 1, ...}
                    List<Long> sampledWall = new ArrayList<>(); // each sample's wall-clock time (ms), for the stages
                    long l0 = System.nanoTime();
                    long nextSample = l0 + SAMPLE_EVERY.toNanos();
                    double nanosPerEvent = 1e9 / settings.rate();
                    int i = 0;
                    while (i < latencyEvents.size()) {
                        long now = System.nanoTime();
                        long due = l0 + (long) (i * nanosPerEvent);
                        if (now < due) {
                            // At least a millisecond: waking up for every event (100 µs apart at 10,000/s) kept
                            // this thread busy, taking a core from the monitor it measures.
                            LockSupport.parkNanos(Math.max(due - now, PACE.toNanos()));
                            continue;
                        }
                        // Everything that is due goes now, so a late wake-up does not lower the offered rate.
                        while (i < latencyEvents.size() && l0 + (long) (i * nanosPerEvent) <= now) {
                            ClinicalEvent e = latencyEvents.get(i++);
                            publisher.send(e);
                            sent[PublicationLog.partitionOf(e.patientId(), partitions)]++;
                        }
                        if (now >= nextSample) {
                            long[] sample = new long[partitions + 1];
                            sample[0] = now;
                            System.arraycopy(sent, 0, sample, 1, partitions);
                            sampled.add(sample);
                            sampledWall.add(System.currentTimeMillis());
                            nextSample += SAMPLE_EVERY.toNanos();
                        }
                    }
                    achieved = latencyEvents.size() / seconds(System.nanoTime() - l0);
                    noteConsumed(consumedBefore, consumed(app));
                    requireNoFailures(publisher.flush());
                    awaitIncluded(log, sent);
                    noteCpu("latency phase until its last event was published", lc0, latencyEvents.size());
                    double[] latencies = new double[sampled.size()];
                    for (int s = 0; s < sampled.size(); s++) {
                        long[] sample = sampled.get(s);
                        OptionalLong at = log.includedAt(java.util.Arrays.copyOfRange(sample, 1, sample.length));
                        if (at.isEmpty()) {
                            throw new IllegalStateException("a latency sample was never published; the monitor "
                                    + "fell behind or stopped");
                        }
                        latencies[s] = Math.max(0, at.getAsLong() - sample[0]) / 1e6;
                    }
                    samples = latencies.length;
                    noteStages(log, sampled, sampledWall);
                    p50 = samples == 0 ? Double.NaN : Percentiles.nearestRank(latencies, 0.50);
                    p99 = samples == 0 ? Double.NaN : Percentiles.nearestRank(latencies, 0.99);
                }
            }
            long stateBytes = sizeOf(stateDir);
            return new BenchResult(events.size(), cohort.patients(), raw, floor, pipeline, samples, p50, p99,
                    latencyEvents.size(), achieved, stateBytes, (1L + warmUpPasses) * cohort.patients() + latencyPatients,
                    warmUpPasses);
        }
    }

    /**
     * Per topic the stream threads' consumers read: {records, bytes} so far (Kafka's fetch-manager metrics
     * {@code records-consumed-total} and {@code bytes-consumed-total}, summed over the threads' consumers).
     */
    private static Map<String, double[]> consumed(MonitorApp app) {
        Map<String, double[]> out = new java.util.TreeMap<>();
        consumed(app.front(), out);
        consumed(app.release(), out);
        return out;
    }

    private static void consumed(KafkaStreams streams, Map<String, double[]> out) {
        streams.metrics().forEach((name, metric) -> {
            String topic = name.tags().get("topic");
            if (topic == null || name.tags().containsKey("partition") || !name.group().equals("consumer-fetch-manager-metrics")) {
                return;
            }
            int k = name.name().equals("records-consumed-total") ? 0 : name.name().equals("bytes-consumed-total") ? 1 : -1;
            if (k >= 0 && metric.metricValue() instanceof Number n) {
                out.computeIfAbsent(topic, t -> new double[2])[k] += n.doubleValue();
            }
        });
    }

    /** Notes (stderr) the records and bytes the stream threads read per topic between two {@link #consumed} calls. */
    private void noteConsumed(Map<String, double[]> before, Map<String, double[]> after) {
        StringBuilder b = new StringBuilder("read by the stream threads while events were offered:");
        after.forEach((topic, v) -> {
            double[] was = before.getOrDefault(topic, new double[2]);
            double records = v[0] - was[0];
            double bytes = v[1] - was[1];
            b.append(String.format(java.util.Locale.ROOT, " %s %.0f records %.1f MB (%.0f kB each);", topic, records,
                    bytes / 1e6, records == 0 ? 0 : bytes / records / 1e3));
        });
        note(b.toString());
    }

    /**
     * Notes (stderr) where the latency phase's samples spent their time: per stage of the topology
     * ({@link org.followupmonitor.stream.ResultListener.Stage}, then the publication), p50 and p99 of the time from
     * the sample until the stage first reached all its events, and of the time from the stage before. Wall-clock
     * milliseconds, as the stages report them; the printed latency stays the nanoTime measure above.
     */
    private void noteStages(PublicationLog log, List<long[]> sampled, List<Long> wall) {
        if (sampled.isEmpty()) {
            return;
        }
        List<org.followupmonitor.stream.ResultListener.Stage> stages = new ArrayList<>(
                List.of(org.followupmonitor.stream.ResultListener.Stage.values()));
        stages.add(null); // the publication
        int n = sampled.size();
        double[][] since = new double[stages.size()][n];
        for (int s = 0; s < n; s++) {
            long[] sample = sampled.get(s);
            long[] sent = java.util.Arrays.copyOfRange(sample, 1, sample.length);
            for (int k = 0; k < stages.size(); k++) {
                OptionalLong at = log.reachedAt(stages.get(k), sent);
                since[k][s] = at.isPresent() ? at.getAsLong() - wall.get(s) : Double.NaN;
            }
        }
        StringBuilder b = new StringBuilder("latency by stage, ms after the sample p50/p99 (from the stage before "
                + "p50/p99):");
        for (int k = 0; k < stages.size(); k++) {
            double[] step = new double[n];
            for (int s = 0; s < n; s++) {
                step[s] = k == 0 ? since[k][s] : since[k][s] - since[k - 1][s];
            }
            String name = stages.get(k) == null ? "published" : stages.get(k).name().toLowerCase(java.util.Locale.ROOT);
            b.append(String.format(java.util.Locale.ROOT, " %s %.0f/%.0f (%.0f/%.0f);", name,
                    Percentiles.nearestRank(since[k], 0.50), Percentiles.nearestRank(since[k], 0.99),
                    Percentiles.nearestRank(step, 0.50), Percentiles.nearestRank(step, 0.99)));
        }
        note(b.toString());
    }

    /**
     * The cohort's events with fresh event and patient ids (prefixed with {@code tag} and the copy number),
     * repeated (each copy its own ids) up to {@code n}.
     */
    static List<ClinicalEvent> relabelled(List<ClinicalEvent> events, long n, String tag) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("the generated cohort has no events");
        }
        List<ClinicalEvent> out = new ArrayList<>((int) Math.min(n, Integer.MAX_VALUE - 8));
        for (int copy = 0; out.size() < n; copy++) {
            String prefix = tag + copy + "-";
            for (ClinicalEvent e : events) {
                if (out.size() >= n) {
                    break;
                }
                out.add(new ClinicalEvent(prefix + e.eventId(), prefix + e.patientId(), e.site(), e.occurredOn(),
                        e.recordedAt(), e.payload()));
            }
        }
        return out;
    }

    /**
     * The {@link TimelineFloor} rate: warmed up like the monitor, then the cohort's events are sent; rate = N /
     * (first send … the N-th event applied to its timeline). The floor is closed before the monitor starts.
     */
    private double floor(LocalKafkaStack stack, Path stateDir, List<ClinicalEvent> events)
            throws InterruptedException {
        try (TimelineFloor floor = new TimelineFloor(stack.bootstrapServers(), stack.registryUrl().toString(),
                FLOOR_TOPIC, stateDir)) {
            waitFor(floor::running, Duration.ofMinutes(2), "the floor application did not reach RUNNING");
            long[] total = {0};
            warmUp("timeline floor", events, pass -> {
                sendAll(stack, FLOOR_TOPIC, pass);
                total[0] += pass.size();
                waitFor(() -> floor.processed() >= total[0], PIPELINE_TIMEOUT,
                        "the floor application did not process its warm-up");
            });
            note("timeline floor (exactly_once_v2, timelines only)");
            ThreadCpu.Snapshot fc0 = cpuSnapshot();
            long f0 = System.nanoTime();
            sendAll(stack, FLOOR_TOPIC, events);
            total[0] += events.size();
            waitFor(() -> floor.processed() >= total[0], PIPELINE_TIMEOUT,
                    "the floor application did not process the cohort");
            double rate = events.size() / seconds(System.nanoTime() - f0);
            noteCpu("timeline floor timed pass", fc0, events.size());
            return rate;
        }
    }

    /** One warm-up pass: sends the events and waits until they are processed. */
    @FunctionalInterface
    private interface Pass {
        void run(List<ClinicalEvent> events) throws InterruptedException;
    }

    /**
     * Runs warm-up passes, each the cohort under fresh ids, until the JIT compiler's time during a pass is under
     * {@link #SETTLED_COMPILE_SHARE} of it (or {@link #MAX_WARM_UP_PASSES} passes); returns the passes run. Where
     * the JVM does not report compilation time, one pass.
     */
    private int warmUp(String what, List<ClinicalEvent> events, Pass pass) throws InterruptedException {
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        boolean timed = jit != null && jit.isCompilationTimeMonitoringSupported();
        for (int n = 1; ; n++) {
            long c0 = timed ? jit.getTotalCompilationTime() : 0;
            long w0 = System.nanoTime();
            pass.run(relabelled(events, events.size(), "W" + n + "-"));
            double share = timed ? (jit.getTotalCompilationTime() - c0) / ((System.nanoTime() - w0) / 1e6) : 0;
            note(String.format(java.util.Locale.ROOT, "%s warm-up pass %d (untimed): JIT compiling %.0f%% of it",
                    what, n, 100 * share));
            if (!timed || share < SETTLED_COMPILE_SHARE || n >= MAX_WARM_UP_PASSES) {
                return n;
            }
        }
    }

    /** Sends the events, counting them by partition into {@code sent}, and waits until all are acknowledged. */
    private static void sendCounted(EventPublisher publisher, List<ClinicalEvent> events, long[] sent) {
        for (ClinicalEvent e : events) {
            publisher.send(e);
            sent[PublicationLog.partitionOf(e.patientId(), sent.length)]++;
        }
        requireNoFailures(publisher.flush());
    }

    /** Waits until a publication includes the first {@code sent[p]} events of every partition; returns its time. */
    private long awaitIncluded(PublicationLog log, long[] sent) throws InterruptedException {
        long k = java.util.Arrays.stream(sent).sum();
        long deadline = System.nanoTime() + PIPELINE_TIMEOUT.toNanos();
        while (true) {
            long now = System.nanoTime();
            OptionalLong at = log.includedAt(sent);
            if (at.isPresent()) {
                return at.getAsLong();
            }
            if (now > deadline) {
                throw new IllegalStateException("the monitor did not publish a result including all " + k
                        + " events within " + PIPELINE_TIMEOUT.toMinutes() + " minutes");
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    static void waitFor(BooleanSupplier condition, Duration timeout, String failure)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(failure + " within " + timeout.toSeconds() + " s");
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    static EventPublisher publisher(LocalKafkaStack stack, String topic) {
        return new EventPublisher(PublisherSettings.of(stack.bootstrapServers(), stack.registryUrl().toString(), topic));
    }

    private static void sendAll(LocalKafkaStack stack, String topic, List<ClinicalEvent> events) {
        try (EventPublisher publisher = publisher(stack, topic)) {
            for (ClinicalEvent e : events) {
                publisher.send(e);
            }
            requireNoFailures(publisher.flush());
        }
    }

    static void requireNoFailures(PublishStats stats) {
        if (stats.failed() > 0) {
            throw new IllegalStateException(stats.failed() + " sends failed " + stats.failuresByReason()
                    + "; the figures would be meaningless");
        }
    }

    static void createTopics(String bootstrap, List<String> topics) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            List<NewTopic> create = new ArrayList<>();
            for (String t : topics) {
                create.add(new NewTopic(t, Optional.of(MonitorApp.DEFAULT_PARTITIONS), Optional.empty()));
            }
            admin.createTopics(create).all().get();
            awaitLeaders(admin, topics);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create the bench topics: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the bench topics", e);
        }
    }

    /**
     * Waits until every partition of the new topics answers a list-offsets request at its leader. Right after
     * creation a partition can be in the metadata before its leader has opened it: the idempotent publisher's
     * first batch then fails with NOT_LEADER_OR_FOLLOWER while later ones land, and the retried first batch is
     * rejected as out of order until its delivery times out (seen once in CI: 176 warm-up sends failed).
     */
    private static void awaitLeaders(Admin admin, List<String> topics) throws InterruptedException {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        for (String t : topics) {
            for (int i = 0; i < MonitorApp.DEFAULT_PARTITIONS; i++) {
                partitions.put(new TopicPartition(t, i), OffsetSpec.latest());
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                admin.listOffsets(partitions).all().get();
                return;
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the bench topics have no leader after 30 s: "
                            + e.getCause().getMessage(), e);
                }
                Thread.sleep(50);
            }
        }
    }

    /** Bytes of the regular files under {@code dir} (what {@code du --apparent-size} counts); 0 when absent. */
    static long sizeOf(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** A CPU snapshot with --cpu-by-thread, else null. */
    private ThreadCpu.Snapshot cpuSnapshot() {
        return settings.cpuByThread() ? ThreadCpu.snapshot() : null;
    }

    /** With --cpu-by-thread, notes the CPU time per event of each group of threads since {@code before}. */
    private void noteCpu(String phase, ThreadCpu.Snapshot before, long events) {
        if (before != null) {
            note(ThreadCpu.line(phase, before, ThreadCpu.snapshot(), events));
        }
    }

    private void note(String message) {
        progress.println("bench: " + message);
        progress.flush();
    }
}
