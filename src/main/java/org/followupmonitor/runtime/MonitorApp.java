package org.followupmonitor.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.followupmonitor.analysis.AnalysesConfig;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.avro.CohortComparison;
import org.followupmonitor.analysis.avro.SurvivalEstimates;
import org.followupmonitor.api.ApiServer;
import org.followupmonitor.events.avro.PatientEvent;
import org.followupmonitor.registry.RegistryAvroSerde;
import org.followupmonitor.registry.SchemaRegistryClient;
import org.followupmonitor.stream.CohortProcessor;
import org.followupmonitor.stream.Names;
import org.followupmonitor.stream.ResultListener;
import org.followupmonitor.stream.StreamsAnalysisQueries;
import org.followupmonitor.stream.TopologyFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running monitor: the two Kafka Streams applications (the front: timeline and cohort stages; the release
 * stage, under {@code <application-id>-release}; {@code TopologyFactory#front}), the REST API and dashboard, and the
 * metrics, wired from one {@link AppConfig}. {@code run} and {@code demo} both start one of these.
 */
public final class MonitorApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MonitorApp.class);
    /** Partitions of the topics the app creates when they are missing. */
    public static final int DEFAULT_PARTITIONS = 3;

    /** The timeline and cohort stages, under the configured application id. */
    private final KafkaStreams front;
    /** The release stage, an application of its own ({@link #releaseProperties}). */
    private final KafkaStreams release;
    private final ApiServer api;
    private final PrometheusMeterRegistry metrics;
    private final List<StreamsMeters> streamsMetrics;
    private final java.util.concurrent.ExecutorService coxFits;
    private final java.util.concurrent.ExecutorService releasePlans;
    private final DirectoryLock stateLock;
    private final List<org.followupmonitor.stream.DeadLetterLog> deadLetterLogs;

    private MonitorApp(KafkaStreams front, KafkaStreams release, ApiServer api, PrometheusMeterRegistry metrics,
            List<StreamsMeters> streamsMetrics, java.util.concurrent.ExecutorService coxFits,
            java.util.concurrent.ExecutorService releasePlans, DirectoryLock stateLock,
            List<org.followupmonitor.stream.DeadLetterLog> deadLetterLogs) {
        this.coxFits = coxFits;
        this.releasePlans = releasePlans;
        this.stateLock = stateLock;
        this.deadLetterLogs = deadLetterLogs;
        this.front = front;
        this.release = release;
        this.api = api;
        this.metrics = metrics;
        this.streamsMetrics = streamsMetrics;
    }

    /**
     * Starts the monitor: locks the state directory, binds the HTTP port, creates missing topics, checks the schema
     * registry, then starts the streams application, in that order, so that an instance joins the consumer group
     * only with its API listening (the other instances route queries to it) and a busy port or an unreachable
     * cluster fails before anything joins. Kafka and the registry have {@link AppConfig#startupTimeout()} to answer.
     *
     * @throws StartupException naming the option when a port, the state directory, Kafka or the registry cannot be
     *     used; everything opened so far is closed again
     * @throws IOException never in practice (kept for callers written against the earlier signature)
     */
    public static MonitorApp start(AppConfig config, AnalysesConfig analyses, int partitions) throws IOException {
        return start(config, analyses, partitions, ResultListener.NONE);
    }

    /**
     * As {@link #start(AppConfig, AnalysesConfig, int)}, and also tells {@code observer} of every result the
     * topology publishes, on the stream thread, after the API has been told (the bench times publications).
     *
     * @param observer called for each published result; must be quick and must not throw
     * @throws StartupException as {@link #start(AppConfig, AnalysesConfig, int)}
     * @throws IOException never in practice
     */
    public static MonitorApp start(AppConfig config, AnalysesConfig analyses, int partitions, ResultListener observer)
            throws IOException {
        java.util.Objects.requireNonNull(observer, "observer (use ResultListener.NONE for none)");
        long deadline = System.nanoTime() + config.startupTimeout().toNanos();
        DirectoryLock lock = DirectoryLock.acquire(config.streams().stateDir(),
                config.streams().applicationId() + ".lock", "--state-dir", "monitor with application id "
                        + config.streams().applicationId());
        List<String> names = analyses.analyses().stream().map(AnalysisDefinition::name).toList();
        DeferredQueries deferred = new DeferredQueries(names);
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ApiServer api = null;
        try {
            // The HTTP server binds first, so a port of 0 resolves before Streams advertises it, and a taken port
            // stops the start before anything joins the consumer group.
            api = bindApi(config, deferred, metrics);
            StartupChecks.createTopics(config, partitions, deadline);
            SchemaRegistryClient registry = StartupChecks.registry(config, deadline);
            return start(config, analyses, partitions, observer, registry, api, deferred, metrics, lock);
        } catch (RuntimeException e) {
            if (api != null) {
                api.close();
            }
            metrics.close();
            lock.close();
            throw e;
        }
    }

    private static ApiServer bindApi(AppConfig config, DeferredQueries deferred, PrometheusMeterRegistry metrics) {
        try {
            return new ApiServer(config.http().host(), config.http().port(), deferred, metrics,
                    config.http().apiToken());
        } catch (IOException e) {
            String option = config.http().port() == 0 ? "--http-host " + config.http().host()
                    : "--http-port " + config.http().port();
            throw new StartupException(option, StartupChecks.bindProblem(e, config.http().host(), config.http().port()));
        }
    }

    private static MonitorApp start(AppConfig config, AnalysesConfig analyses, int partitions, ResultListener observer,
            SchemaRegistryClient registry, ApiServer api, DeferredQueries deferred, PrometheusMeterRegistry metrics,
            DirectoryLock lock) {
        TopologyFactory.PublicSerdes serdes = new TopologyFactory.PublicSerdes(
                RegistryAvroSerde.specific(PatientEvent.class, registry, false),
                RegistryAvroSerde.specific(SurvivalEstimates.class, registry, false),
                RegistryAvroSerde.specific(CohortComparison.class, registry, false),
                RegistryAvroSerde.specific(org.followupmonitor.analysis.avro.FollowupAlert.class, registry, false));
        List<AnalysisDefinition> defs = analyses.analyses();
        // Background threads fit Cox models for all cohort tasks, resting between steps; more than one only when
        // refreshes queue, as after a restart, and the last core's slot only while the stream threads are idle
        // (CoxFitting.fitters).
        int processors = Runtime.getRuntime().availableProcessors();
        java.util.concurrent.ExecutorService coxFits = org.followupmonitor.stream.CoxFitting.fitters(
                org.followupmonitor.stream.CoxFitting.fitterThreads(processors),
                org.followupmonitor.stream.CoxFitting.lentFitterSlots(processors));
        // And one plans each release's disclosure control, which takes minutes for a large registry
        // (stream.ReleaseProcessor): on the stream thread it would stall that thread's tasks past the poll interval.
        java.util.concurrent.ExecutorService releasePlans = daemonThread("followup-monitor-release-plans");
        CohortProcessor.Settings settings = new CohortProcessor.Settings(config.streams().debounce(),
                config.streams().coxInterval(), config.minCellSize(), AppConfig.FLUSH_INTERVAL, partitions,
                // The offsets each publication reflects serve an observer only (the bench's latency).
                observer != ResultListener.NONE);
        ResultListener listener = new ResultListener() {
            @Override
            public void published(org.followupmonitor.analysis.AnalysisResult result) {
                published(result, java.util.Map.of());
            }

            @Override
            public void published(org.followupmonitor.analysis.AnalysisResult result,
                    java.util.Map<Integer, Long> inputOffsets) {
                api.analysisUpdated(result.name());
                observer.published(result, inputOffsets);
            }

            @Override
            public void unchanged(String analysis, java.util.Map<Integer, Long> inputOffsets) {
                observer.unchanged(analysis, inputOffsets);
            }

            @Override
            public void reached(Stage stage, String analysis, long atMillis,
                    java.util.Map<Integer, Long> inputOffsets) {
                observer.reached(stage, analysis, atMillis, inputOffsets);
            }

            @Override
            public void alerted(org.followupmonitor.alerts.Alert alert) {
                api.alertsUpdated();
            }
        };
        // Two Kafka Streams applications joined by the release-inputs topic (TopologyFactory.front: the release
        // stage's consumer then fetches nothing but that topic).
        String releaseInputs = Names.releaseInputs(config.streams().applicationId());
        // The timeline tasks read their input's lag from the front application's own consumer metrics, so the front
        // application is set once built (a task starts only after front.start() below).
        var frontStreams = new java.util.concurrent.atomic.AtomicReference<KafkaStreams>();
        var frontTopology = TopologyFactory.front(defs, serdes, settings, metrics, listener,
                org.followupmonitor.stream.CoxFitting.background(coxFits)
                        .awaitingResets(org.followupmonitor.stream.CoxFitting.RESET_WAIT), releaseInputs,
                org.followupmonitor.stream.InputLag.fromMetrics(frontStreams::get));
        var releaseTopology = TopologyFactory.release(defs, serdes, settings, metrics, listener,
                // In the background, a release withheld whole at the work limit gets one second, bounded plan.
                org.followupmonitor.stream.ReleasePlanning.background(releasePlans), releaseInputs);
        List<String> names = deferred.names();
        String advertisedHost = config.http().host().equals("0.0.0.0") ? "localhost" : config.http().host();
        HostInfo self = new HostInfo(advertisedHost, api.port());
        Properties frontProperties = streamsProperties(config, self);
        Properties releaseProperties = releaseProperties(frontProperties);
        KafkaStreams front = new KafkaStreams(frontTopology, frontProperties);
        frontStreams.set(front);
        KafkaStreams release = new KafkaStreams(releaseTopology, releaseProperties);
        // Not Micrometer's KafkaStreamsMetrics: it reads every store gauge from its own thread, and some read the
        // stream thread's native RocksDB state (ThreadOwnedGauges); a scrape racing a commit crashed the JVM.
        List<StreamsMeters> streamsMetrics = List.of(StreamsMeters.of(front), StreamsMeters.of(release));
        streamsMetrics.forEach(m -> m.bindTo(metrics));
        Counter processed = metrics.counter("followup.events.processed");
        String server = self.host() + ":" + self.port();
        String frontId = frontProperties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        String releaseId = releaseProperties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        // The exception handlers count per application (DeadLetterCount): this instance's count is both.
        java.util.concurrent.atomic.AtomicLong frontDeadLetters =
                org.followupmonitor.stream.DeadLetterCount.of(frontId, server);
        java.util.concurrent.atomic.AtomicLong releaseDeadLetters =
                org.followupmonitor.stream.DeadLetterCount.of(releaseId, server);
        java.util.function.Supplier<Long> deadLetters = () -> frontDeadLetters.get() + releaseDeadLetters.get();
        io.micrometer.core.instrument.FunctionCounter.builder("followup.dead.letters", deadLetters,
                d -> d.get().doubleValue())
                .description("records this instance sent to the dead-letter topic").register(metrics);
        RestoreProgress restores = new RestoreProgress(LOG::warn, System::nanoTime);
        // One round of restore progress across both applications: running only when both are.
        BothStates states = new BothStates(restores);
        for (KafkaStreams s : List.of(front, release)) {
            s.setGlobalStateRestoreListener(restores);
            s.setStateListener(states.of(s == front));
            s.setUncaughtExceptionHandler(e -> {
                LOG.error("stream thread failed: {}; replacing it", e.toString());
                return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                        .REPLACE_THREAD;
            });
        }
        deferred.delegate = new StreamsAnalysisQueries(front, release, self, names, config.http().apiToken(),
                () -> (long) processed.count(), deadLetters, restores::current);
        // Outcome metrics are read at scrape time from what this instance publishes as an analysis' owner.
        metrics.getPrometheusRegistry().register(new org.followupmonitor.api.OutcomeMetrics(defs, deferred));
        // A state directory written without transactional stores is wiped once before it is used with them
        // (TransactionalStoresMark says why).
        markTransactionalStores(frontProperties, front);
        markTransactionalStores(releaseProperties, release);
        // The release application first: the front's first results then find their reader in the group already.
        release.start();
        front.start();
        LOG.info("followup-monitor running: {} analyses, API on port {}", defs.size(), api.port());
        return new MonitorApp(front, release, api, metrics, streamsMetrics, coxFits, releasePlans, lock,
                List.of(org.followupmonitor.stream.DeadLetterLog.of(frontId, server, Names.DEAD_LETTERS),
                        org.followupmonitor.stream.DeadLetterLog.of(releaseId, server, Names.DEAD_LETTERS)));
    }

    /**
     * The two applications' states as one for {@link RestoreProgress}, whose round ends only when the monitor runs:
     * {@code RUNNING} once both are, else the state of one that is not.
     */
    private static final class BothStates {
        private final KafkaStreams.StateListener out;
        private KafkaStreams.State front = KafkaStreams.State.CREATED;
        private KafkaStreams.State release = KafkaStreams.State.CREATED;
        private KafkaStreams.State both = KafkaStreams.State.CREATED;

        BothStates(KafkaStreams.StateListener out) {
            this.out = out;
        }

        KafkaStreams.StateListener of(boolean isFront) {
            return (newState, oldState) -> changed(isFront, newState);
        }

        private synchronized void changed(boolean isFront, KafkaStreams.State state) {
            if (isFront) {
                front = state;
            } else {
                release = state;
            }
            KafkaStreams.State now = StreamsAnalysisQueries.combined(front, release);
            if (now != both) {
                KafkaStreams.State was = both;
                both = now;
                out.onChange(now, was);
            }
        }
    }

    private static void markTransactionalStores(Properties properties, KafkaStreams streams) {
        if (TransactionalStoresMark.prepare(properties, streams::cleanUp) == TransactionalStoresMark.Outcome.WIPED) {
            LOG.info("the local stores of {} were written without transactional stores: wiped once, restored from "
                    + "their changelogs", properties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG));
        }
    }

    private static java.util.concurrent.ExecutorService daemonThread(String name) {
        return java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    static Properties streamsProperties(AppConfig config, HostInfo self) {
        Properties p = new Properties();
        p.putAll(config.kafka().clientProperties());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.streams().applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrap());
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.streams().stateDir().toAbsolutePath().toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.streams().processingGuarantee());
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        // A static member id: a restart after kill -9 takes the killed instance's place in the group at once
        // instead of waiting out its session (StaticMembership). One the user set through --kafka-property wins.
        String instanceId = org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_INSTANCE_ID_CONFIG;
        if (!p.containsKey(instanceId) && !p.containsKey(StreamsConfig.mainConsumerPrefix(instanceId))) {
            p.put(StreamsConfig.mainConsumerPrefix(instanceId), StaticMembership.id(config.streams().stateDir()));
        }
        // Exactly-once gives the Streams producer a transaction timeout of 10 s, and the broker aborts (and fences)
        // a transaction open longer. After kill -9 at 10^6 patients the task restored first opened a transaction,
        // then its thread spent up to 32 s initialising its other tasks without committing: fenced twice, it
        // restored 2.65 M records from scratch each time (docs/scale-measurements.md). A restart keeps its
        // process id (the state directory), so the new producer aborts the killed one's transaction at once
        // whatever the timeout; the longer timeout only costs when an instance dies and never comes back, where
        // read_committed readers of its output partitions wait up to this long for the broker to abort it. The
        // broker's transaction.max.timeout.ms (15 min by default) must allow it. One the user set wins.
        String txTimeout = org.apache.kafka.clients.producer.ProducerConfig.TRANSACTION_TIMEOUT_CONFIG;
        if (!p.containsKey(txTimeout) && !p.containsKey(StreamsConfig.producerPrefix(txTimeout))) {
            p.put(StreamsConfig.producerPrefix(txTimeout), (int) AppConfig.TRANSACTION_TIMEOUT.toMillis());
        }
        // Transactional state stores (KIP-892, Kafka 4.4): a store keeps the writes of the open transaction in a
        // buffer and applies them, with the changelog offsets it stores itself (KIP-1035), only once the
        // transaction has committed. Without them exactly-once cannot tell a store's committed writes from
        // uncommitted ones after kill -9, so it wipes every store of the task and restores it from its changelog:
        // at 10^6 patients ~8 M records, most of a restart. With them a restart restores only the changelog after
        // the offsets the store last flushed to disk with its data (RocksDB is written without a write-ahead log,
        // so what its memtables held at the kill is restored again): none at 10^6, 372,326 records instead of
        // ~860,000 at 10^5. The cost: each uncommitted write is held twice, on the heap in a sorted map and in a
        // RocksDB write batch, until the next commit (at most the 200 ms commit interval here;
        // statestore.uncommitted.max.bytes, 64 MB per instance by default, would force an earlier one), and every
        // range or prefix scan merges that map into the store's iterator; heap and store per patient were
        // unchanged at 10^6 (docs/scale-measurements.md, "Transactional state stores"). One the user set wins.
        if (!p.containsKey(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG)) {
            p.put(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG, AppConfig.TRANSACTIONAL_STATE_STORES);
        }
        // One stream thread per core (up to 4): the timeline and cohort tasks of different partitions then run
        // side by side. Tasks never share state, so more threads change nothing in the results.
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, AppConfig.STREAM_THREADS);
        // Each commit makes the flushed deltas readable by the cohort stage (read_committed), so the commit
        // interval adds directly to the latency of a result; the timeline stage batches per flush anyway.
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, (int) AppConfig.COMMIT_INTERVAL.toMillis());
        // A thread whose tasks have nothing to read waits at most 10 ms (not 100) before punctuating and
        // committing again: deltas and results then wait less for the next commit.
        p.put(StreamsConfig.POLL_MS_CONFIG, 10);
        // The release stage's one input partition shares each stream thread's consumer with patient-events, and
        // its records are whole results (~210 kB at 20,000 patients). The consumer hands out its fetched data one
        // partition's fetch after another and fetches a partition again only once that partition's data is used
        // up, so with the defaults (1 MB per partition) a fetch brought about five results and queued behind
        // fetches of ~10,000 events: at 10,000 events/s results waited seconds after they were readable. With 4 MB
        // for a partition and for a whole fetch the release stage read 325-426 results in the bench's 10 s
        // (101-251 with the defaults), without making the patient-events fetches so large that the timeline
        // stage fell behind, as 16 MB did
        // (docs/scale-measurements.md, "The release hop, H1 against H2"). One the user set wins.
        for (String fetch : List.of(org.apache.kafka.clients.consumer.ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                org.apache.kafka.clients.consumer.ConsumerConfig.FETCH_MAX_BYTES_CONFIG)) {
            if (!p.containsKey(fetch) && !p.containsKey(StreamsConfig.mainConsumerPrefix(fetch))
                    && !p.containsKey(StreamsConfig.consumerPrefix(fetch))) {
                p.put(StreamsConfig.mainConsumerPrefix(fetch), AppConfig.MAIN_CONSUMER_FETCH_BYTES);
            }
        }
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 64L * 1024 * 1024);
        // Each publication round sends every changed analysis' whole result (~215 kB at 20,000 patients, mostly
        // repeated digits and field names) through release-inputs, the release stage's changelog and an output topic:
        // 15-19 MB/s under the bench's 10,000 events/s, for the producers, the broker and the consumers to move. LZ4
        // is Kafka's cheapest codec; the broker stores a producer's compressed batches as they come (topic
        // compression.type=producer), and every Kafka client reads them. In three alternating pairs of bench on an
        // idle machine the pipeline rate rose 5-19% and p99 fell 7-47% with it (docs/scale-measurements.md,
        // "Compressed batches"). One the user set, plain or producer-prefixed, wins.
        String compression = org.apache.kafka.clients.producer.ProducerConfig.COMPRESSION_TYPE_CONFIG;
        if (!p.containsKey(compression) && !p.containsKey(StreamsConfig.producerPrefix(compression))) {
            p.put(StreamsConfig.producerPrefix(compression), AppConfig.PRODUCER_COMPRESSION);
        }
        p.put(StreamsConfig.producerPrefix(org.apache.kafka.clients.producer.ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                TopologyFactory.MAX_RESULT_BYTES);
        // The release stage's input topic carries complete results, as large as the published ones.
        p.put(StreamsConfig.topicPrefix(org.apache.kafka.common.config.TopicConfig.MAX_MESSAGE_BYTES_CONFIG),
                String.valueOf(TopologyFactory.MAX_RESULT_BYTES));
        // Bad records: logged, counted (dropped-records) and written to the dead-letter topic with the
        // original bytes and the reason in headers; the stream goes on.
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                org.followupmonitor.stream.DeadLetterCount.Deserialization.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                org.followupmonitor.stream.DeadLetterCount.Processing.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Names.DEAD_LETTERS);
        // No JMX path to the store gauges that read the stream thread's native RocksDB state (ThreadOwnedGauges:
        // uncommitted-bytes and the 22 RocksDB property gauges; one read on another thread crashed the JVM). Kafka
        // 4.x registers every Streams metric as an MBean attribute through JmxReporter, the default of
        // metric.reporters, and a JMX client (jconsole, a Prometheus JMX exporter agent) reads them on its own thread.
        // KafkaStreams configures the reporters of its own Metrics with these properties
        // (CommonClientConfigs.metricsReporters -> AbstractConfig.getConfiguredInstances, which passes originals()),
        // so JmxReporter.configure sees metrics.jmx.exclude. The choice, narrowest first:
        // - per attribute: JmxReporter cannot; it tests its include/exclude patterns on an MBean's name only
        //   (JmxReporter.metricChange -> compilePredicate's predicate) and an MBean holds all metrics of one group
        //   and tag set. A reporter of our own that wrapped JmxReporter and dropped single metrics would replace
        //   Kafka's default class in metric.reporters (for the embedded clients too), and a user's metric.reporters
        //   would silently drop the protection; it would save only the metrics below, which /metrics serves.
        // - per store MBean (kafka.streams:type=stream-state-metrics,...): every store metric of a task carries
        //   thread-id, task-id and <scope>-state-id (StreamsMetricsImpl.storeLevelTagMap), so a store's
        //   uncommitted-bytes (MeteredKeyValueStore.registerMetrics, every key-value store) and RocksDB property
        //   gauges (RocksDBMetricsRecorder.initGauges) share one MBean with its other metrics. Excluding by scope
        //   (rocksdb-state-id) would be no narrower here: all of the monitor's stores are RocksDB key-value stores,
        //   in-memory key-value stores carry uncommitted-bytes too, and a store with a scope of its own would slip
        //   through. What JMX loses: the stores' iterator metrics and, at DEBUG recording, their rates and RocksDB
        //   statistics; /metrics keeps all of them (StreamsMeters). Thread, task, processor-node, record-cache and
        //   client MBeans, and the embedded consumers', producers' and admin's (other domains), stay.
        // - metric.reporters emptied, or an include list: would drop far more (the consumer lag JMX users watch).
        // A user's own metrics.jmx.exclude is kept, ORed with ours; metrics.jmx.include cannot undo it (JmxReporter
        // registers an MBean only if included and not excluded). The release application copies these properties.
        p.put(org.apache.kafka.common.metrics.JmxReporter.EXCLUDE_CONFIG, ThreadOwnedGauges.STATE_STORES.jmxExclusion(
                p.getProperty(org.apache.kafka.common.metrics.JmxReporter.EXCLUDE_CONFIG)));
        // Nor a push path: with client metrics push (KIP-714, KIP-1076; on by Kafka's default) each stream thread
        // hands its main consumer every metric tagged with its thread id, the store gauges above included, and the
        // consumer reads those a broker's client-metrics subscription matches on a thread of its own, not the stream
        // thread (StreamsThreadMetricsDelegatingReporter). Off unless the user turns it on with --kafka-property,
        // accepting that risk; StreamsConfig requires the main consumer and the admin client to agree, which one
        // unprefixed value ensures.
        if (!p.containsKey(StreamsConfig.ENABLE_METRICS_PUSH_CONFIG)) {
            p.put(StreamsConfig.ENABLE_METRICS_PUSH_CONFIG, false);
        }
        return p;
    }

    /**
     * The release application's settings: the front's ({@link #streamsProperties}), so exactly-once, the state
     * directory (Streams keeps each application id in a subdirectory of its own), {@code application.server}
     * (interactive queries route with the release application's metadata) and the static member id (a group of its
     * own, so the same id) are the same, with its own application id and one stream thread for its one task.
     */
    static Properties releaseProperties(Properties front) {
        Properties p = new Properties();
        p.putAll(front);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG,
                Names.releaseApplicationId(front.getProperty(StreamsConfig.APPLICATION_ID_CONFIG)));
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        return p;
    }

    /** The front application (timeline and cohort stages). */
    public KafkaStreams front() {
        return front;
    }

    /** The release application, which holds the stores the API reads ({@code analysis-results}, alerts). */
    public KafkaStreams release() {
        return release;
    }

    /** Whether both applications are {@code RUNNING}. */
    public boolean running() {
        return StreamsAnalysisQueries.combined(front.state(), release.state()) == KafkaStreams.State.RUNNING;
    }

    public int httpPort() {
        return api.port();
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    /** Stops cleanly, leaving the consumer group so a restart does not wait for the session timeout. */
    @Override
    public void close() {
        api.close();
        // Both at once, so a stop takes one close's time (GracefulStop waits 60 s for all of it).
        Thread releaseClose = new Thread(() -> leave(release), "followup-monitor-release-close");
        releaseClose.setDaemon(true);
        releaseClose.start();
        leave(front);
        try {
            releaseClose.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        streamsMetrics.forEach(StreamsMeters::close);
        metrics.close();
        coxFits.shutdownNow(); // a fit still running is of no use once the streams are closed
        releasePlans.shutdownNow(); // nor is a plan: the next start plans again from the stores
        deadLetterLogs.forEach(org.followupmonitor.stream.DeadLetterLog::flush);
        stateLock.close();
    }

    private static void leave(KafkaStreams streams) {
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
    }

    /** The API needs its queries before Streams exists (to learn its port); they are filled in just after. */
    private static final class DeferredQueries implements org.followupmonitor.api.AnalysisQueries {
        private final List<String> names;
        private volatile org.followupmonitor.api.AnalysisQueries delegate;

        DeferredQueries(List<String> names) {
            this.names = names;
        }

        @Override
        public List<String> names() {
            return names;
        }

        @Override
        public java.util.Optional<org.followupmonitor.analysis.AnalysisResult> find(String name) {
            return delegate == null ? java.util.Optional.empty() : delegate.find(name);
        }

        @Override
        public List<org.followupmonitor.alerts.Alert> alertsFor(String name) {
            return delegate == null ? List.of() : delegate.alertsFor(name);
        }

        @Override
        public java.util.Optional<Owned> owned(String name) {
            return delegate == null ? java.util.Optional.empty() : delegate.owned(name);
        }

        @Override
        public Health health() {
            return delegate == null ? new Health(false, "STARTING", 0, 0) : delegate.health();
        }
    }
}
