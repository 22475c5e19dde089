package org.followupmonitor.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.ResultAvro;
import org.followupmonitor.alerts.Alert;
import org.followupmonitor.analysis.avro.CohortComparison;
import org.followupmonitor.analysis.avro.FollowupAlert;
import org.followupmonitor.analysis.avro.SurvivalEstimates;
import org.followupmonitor.cohortstate.CohortCodec;
import org.followupmonitor.cohortstate.CohortDelta;
import org.followupmonitor.events.avro.PatientEvent;
import org.followupmonitor.events.avro.PatientTimelineState;

/**
 * Builds the monitor's topology from its analyses, serdes and settings; no {@code Properties} and
 * no {@code KafkaStreams} here, so tests drive the very same topology with TopologyTestDriver.
 *
 * <pre>
 * patient-events ─▶ timeline-processor [patient-timelines, timeline-flushes] (per-partition shares, flushed as deltas)
 *                ─▶ repartition by analysis (cohort-deltas)
 *                ─▶ cohort-processor [cohort-state, cohort-subjects] ─ punctuator ─▶ complete results
 *                ─▶ one partition (release-inputs: the front application writes it, the release
 *                   application of its own reads it; {@link #front}, {@link #release})
 *                ─▶ release-processor [unreleased-results, analysis-results, alert-state] ─ punctuator ─▶
 *                   survival-estimates, cohort-comparisons, followup-alerts
 * </pre>
 */
public final class TopologyFactory {
    /**
     * Largest record the app writes (a result's curves grow with the distinct days of follow-up, not with
     * patients: a few hundred kB for decades of daily events). Set on the result topics and changelog, and as
     * the producer's {@code max.request.size}; Kafka's defaults stop at 1 MB.
     */
    public static final int MAX_RESULT_BYTES = 8 * 1024 * 1024;

    private TopologyFactory() {}

    /** The Avro serdes of the public topics (Confluent wire format, schema registry). */
    public record PublicSerdes(Serde<PatientEvent> events, Serde<SurvivalEstimates> estimates,
            Serde<CohortComparison> comparisons, Serde<FollowupAlert> alerts) {}

    /**
     * As {@link #build(List, PublicSerdes, CohortProcessor.Settings, MeterRegistry, ResultListener, CoxFitting)},
     * fitting Cox models on the stream thread (deterministic, for tests).
     */
    public static Topology build(List<AnalysisDefinition> analyses, PublicSerdes serdes,
            CohortProcessor.Settings settings, MeterRegistry metrics, ResultListener listener) {
        return build(analyses, serdes, settings, metrics, listener, CoxFitting.inline());
    }

    /**
     * As {@link #build(List, PublicSerdes, CohortProcessor.Settings, MeterRegistry, ResultListener, CoxFitting,
     * ReleasePlanning)}, planning each release on the stream thread with no second plan after the work limit
     * (deterministic, for tests).
     */
    public static Topology build(List<AnalysisDefinition> analyses, PublicSerdes serdes,
            CohortProcessor.Settings settings, MeterRegistry metrics, ResultListener listener,
            CoxFitting coxFits) {
        return build(analyses, serdes, settings, metrics, listener, coxFits, ReleasePlanning.inline());
    }

    /**
     * The whole monitor in one topology, the release-inputs topic named {@link Names#RELEASE_INPUTS}: the front's
     * sink and the release stage's source in one builder, which TopologyTestDriver feeds back into the topology as
     * the app's two applications do through Kafka. For tests; the app runs {@link #front} and {@link #release}.
     *
     * @param coxFits where Cox models are fitted; the app gives a paced background thread so that a refit of a
     *     large cohort (seconds) does not hold up the stream thread; the fit joins the next publication
     * @param releasePlans where each release's disclosure plan is computed and within what work; the app gives a
     *     background thread, since a plan of a large registry takes minutes, and a second plan after a plan that
     *     reached the work limit ({@link ReleasePlanning#background})
     */
    public static Topology build(List<AnalysisDefinition> analyses, PublicSerdes serdes,
            CohortProcessor.Settings settings, MeterRegistry metrics, ResultListener listener,
            CoxFitting coxFits, ReleasePlanning releasePlans) {
        StreamsBuilder builder = new StreamsBuilder();
        addFront(builder, analyses, serdes, settings, metrics, listener, coxFits, Names.RELEASE_INPUTS,
                InputLag.UNKNOWN);
        addRelease(builder, analyses, serdes, settings, metrics, listener, releasePlans, Names.RELEASE_INPUTS);
        return builder.build();
    }

    /**
     * The front application: the timeline and cohort stages, writing each complete result to {@code releaseInputs}
     * (one partition, {@link Names#releaseInputs}), which the release application ({@link #release}) reads.
     *
     * <p>Why two applications: in one, the release task's one partition shared each stream thread's consumer with
     * the {@code patient-events} fetches. The consumer hands out one partition's fetched data after another (up to
     * {@code max.poll.records} per poll) and fetches a partition again only once its fetched data is used up, so the
     * results (~210 kB each, hundreds in the bench's 10 s) waited seconds behind thousands of events after they were
     * readable (docs/scale-measurements.md, "The release hop"). A Kafka Streams application of its own gives the
     * release stage a consumer that fetches nothing else.
     */
    public static Topology front(List<AnalysisDefinition> analyses, PublicSerdes serdes,
            CohortProcessor.Settings settings, MeterRegistry metrics, ResultListener listener, CoxFitting coxFits,
            String releaseInputs) {
        return front(analyses, serdes, settings, metrics, listener, coxFits, releaseInputs, InputLag.UNKNOWN);
    }

    /**
     * As {@link #front(List, PublicSerdes, CohortProcessor.Settings, MeterRegistry, ResultListener, CoxFitting,
     * String)}, the timeline tasks telling the cohort stage when they have caught up with their input by
     * {@code inputLag} (the app's: {@link InputLag#fromMetrics}).
     */
    public static Topology front(List<AnalysisDefinition> analyses, PublicSerdes serdes,
            CohortProcessor.Settings settings, MeterRegistry metrics, ResultListener listener, CoxFitting coxFits,
            String releaseInputs, InputLag inputLag) {
        StreamsBuilder builder = new StreamsBuilder();
        addFront(builder, analyses, serdes, settings, metrics, listener, coxFits, releaseInputs, inputLag);
        return builder.build();
    }

    /** The release application: {@code releaseInputs} → release stage → the public topics (see {@link #front}). */
    public static Topology release(List<AnalysisDefinition> analyses, PublicSerdes serdes,
            CohortProcessor.Settings settings, MeterRegistry metrics, ResultListener listener,
            ReleasePlanning releasePlans, String releaseInputs) {
        StreamsBuilder builder = new StreamsBuilder();
        addRelease(builder, analyses, serdes, settings, metrics, listener, releasePlans, releaseInputs);
        return builder.build();
    }

    /**
     * A key on release-inputs that compaction keeps apart from the analysis' results: the topic is compacted
     * (the release stage needs only each analysis' latest result), and an "unchanged" notice under the result's key
     * would let the cleaner drop a result the release stage has not read yet for a notice that only moves input
     * offsets on. Nothing reads the key ({@link ReleaseProcessor} reads the value's analysis).
     */
    static final String NOTICE_KEY_SUFFIX = "\u001Funchanged";

    private static void addFront(StreamsBuilder builder, List<AnalysisDefinition> analyses, PublicSerdes serdes,
            CohortProcessor.Settings settings, MeterRegistry metrics, ResultListener listener, CoxFitting coxFits,
            String releaseInputs, InputLag inputLag) {
        frontStores().forEach(builder::addStateStore);
        Counter processed = Counter.builder("followup.events.processed")
                .description("patient events applied to timelines").register(metrics);
        Timer recompute = Timer.builder("followup.recompute")
                .description("time to recompute and publish one analysis").register(metrics);
        List<AnalysisDefinition> defs = List.copyOf(analyses);
        String fingerprint = DeltaFingerprint.of(defs, settings.cohortPartitions());
        builder.stream(Names.PATIENT_EVENTS, Consumed.with(Serdes.String(), serdes.events()).withName(Names.SOURCE))
                .process(() -> new TimelineProcessor(defs, processed, settings.flushInterval(),
                        settings.inputOffsets(), TimelineProcessor.INIT_THREADS, inputLag, fingerprint),
                        Named.as(Names.TIMELINE_PROCESSOR), Names.TIMELINES_STORE, Names.FLUSHES_STORE)
                .repartition(Repartitioned.<String, CohortDelta>as(Names.COHORT_DELTAS)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(CohortCodec.deltas())
                        .withNumberOfPartitions(settings.cohortPartitions())
                        .withStreamPartitioner(partitioner(defs)::partitions))
                .process(() -> new CohortProcessor(defs, settings, recompute, coxFits, listener, inputLag),
                        Named.as(Names.COHORT_PROCESSOR), Names.COHORT_STATE_STORE, Names.COHORT_SUBJECTS_STORE)
                .selectKey((k, v) -> v.hasResult() || v.isEndOfRound() ? k : k + NOTICE_KEY_SUFFIX,
                        Named.as("release-inputs-key"))
                // Disclosure control needs all analyses in one place: what one withholds depends on the others.
                .to(releaseInputs, Produced.<String, Unreleased>with(Serdes.String(), new UnreleasedSerde())
                        .withStreamPartitioner(RELEASE::partitions).withName(Names.RELEASE_INPUTS_SINK));
    }

    private static void addRelease(StreamsBuilder builder, List<AnalysisDefinition> analyses, PublicSerdes serdes,
            CohortProcessor.Settings settings, MeterRegistry metrics, ResultListener listener,
            ReleasePlanning releasePlans, String releaseInputs) {
        releaseStores().forEach(builder::addStateStore);
        // The window of earlier releases the last release was planned against (README, Privacy): 5, 3 after a
        // fallback, 0 when withheld whole at the work limit; NaN before this instance's first release (an instance
        // that does not hold the release task has none).
        java.util.concurrent.atomic.AtomicInteger releaseWindow = new java.util.concurrent.atomic.AtomicInteger(-1);
        io.micrometer.core.instrument.Gauge.builder("followup.release.window", releaseWindow,
                        w -> w.get() < 0 ? Double.NaN : w.get())
                .description("earlier releases the last release was checked against (5; 3 when that plan reached "
                        + "the work limit; 0 when withheld whole at the limit)")
                .register(metrics);
        List<AnalysisDefinition> defs = List.copyOf(analyses);
        KStream<String, Object> published = builder
                .stream(releaseInputs, Consumed.with(Serdes.String(), new UnreleasedSerde())
                        .withName(Names.RELEASE_INPUTS_SOURCE))
                .process(() -> new ReleaseProcessor(defs, settings.minCellSize(), listener, settings.pacing(),
                        releasePlans, releaseWindow::set),
                        Named.as(Names.RELEASE_PROCESSOR), Names.UNRELEASED_STORE, Names.RESULTS_STORE,
                        Names.ALERTS_STORE, Names.FLOORS_STORE, Names.WINDOW_STORE);
        KStream<String, AnalysisResult> results = published
                .filter((k, v) -> v instanceof AnalysisResult, Named.as("results-only"))
                .mapValues(v -> (AnalysisResult) v, Named.as("as-result"));
        published.filter((k, v) -> v instanceof Alert, Named.as("alerts-only"))
                .mapValues(v -> toAvro((Alert) v), Named.as("to-followup-alerts"))
                .to(Names.ALERTS, Produced.with(Serdes.String(), serdes.alerts()).withName(Names.ALERTS_SINK));
        results.mapValues(ResultAvro::estimates, Named.as("to-survival-estimates"))
                .to(Names.SURVIVAL_ESTIMATES, Produced.with(Serdes.String(), serdes.estimates())
                        .withName(Names.ESTIMATES_SINK));
        results.mapValues(ResultAvro::comparison, Named.as("to-cohort-comparisons"))
                .to(Names.COHORT_COMPARISONS, Produced.with(Serdes.String(), serdes.comparisons())
                        .withName(Names.COMPARISONS_SINK));
    }

    /**
     * The topology's state stores, each with its changelog's topic configs ({@link ChangelogTopics}: segments small
     * enough for the cleaner to compact, so that a restore reads about the live records only).
     */
    static List<StoreBuilder<? extends KeyValueStore<String, ?>>> stores() {
        List<StoreBuilder<? extends KeyValueStore<String, ?>>> all = new java.util.ArrayList<>(frontStores());
        all.addAll(releaseStores());
        return List.copyOf(all);
    }

    /** The front application's stores (timeline and cohort stages). */
    static List<StoreBuilder<? extends KeyValueStore<String, ?>>> frontStores() {
        return List.of(
                store(Names.TIMELINES_STORE, new AvroBinarySerde<>(PatientTimelineState.class))
                        .withLoggingEnabled(ChangelogTopics.largeRecords()),
                // Kept as the timelines are (cached, changelogged), so its flag is committed with them (TimelineProcessor).
                store(Names.FLUSHES_STORE, Serdes.String()).withLoggingEnabled(ChangelogTopics.largeRecords()),
                // The cohort stage's stores take each block and subject once per flush, so a cache would only
                // double the work (and slow its prefix scans, which merge the cache with RocksDB).
                uncached(Names.COHORT_STATE_STORE, CohortCodec.blockCounts())
                        .withLoggingEnabled(ChangelogTopics.smallRecords()),
                uncached(Names.COHORT_SUBJECTS_STORE, Serdes.ByteArray()) // CohortState encodes
                        .withLoggingEnabled(ChangelogTopics.smallRecords()));
    }

    /** The release application's stores. */
    static List<StoreBuilder<? extends KeyValueStore<String, ?>>> releaseStores() {
        return List.of(
                store(Names.RESULTS_STORE, new ResultSerde()).withLoggingEnabled(ChangelogTopics.largeRecords()),
                store(Names.UNRELEASED_STORE, new UnreleasedSerde()).withLoggingEnabled(ChangelogTopics.largeRecords()),
                store(Names.ALERTS_STORE, new JsonSerde<>(AlertLog.class))
                        .withLoggingEnabled(ChangelogTopics.largeRecords()),
                store(Names.FLOORS_STORE, Serdes.Long()).withLoggingEnabled(ChangelogTopics.largeRecords()),
                store(Names.WINDOW_STORE, new ResultSerde()).withLoggingEnabled(ChangelogTopics.largeRecords()));
    }

    /** The configs of the release-inputs topic the app creates ({@link ChangelogTopics#releaseInputs}). */
    public static Map<String, String> releaseInputsConfigs() {
        return ChangelogTopics.releaseInputs();
    }

    /** Everything to the release stage's one partition; interactive queries on its stores route with it. */
    public static final org.apache.kafka.streams.processor.StreamPartitioner<String, Object> RELEASE =
            (topic, key, value, partitions) -> java.util.Optional.of(java.util.Set.of(0));

    /** How analyses are spread over the cohort stage's partitions. */
    public static AnalysisPartitioner partitioner(List<AnalysisDefinition> analyses) {
        return new AnalysisPartitioner(analyses.stream().map(AnalysisDefinition::name).toList());
    }

    static FollowupAlert toAvro(Alert a) {
        return new FollowupAlert(a.analysis(), a.rule(), a.group(), a.state(), a.message(),
                new java.util.TreeMap<>(a.values()), a.at());
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> uncached(String name, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values);
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> values) {
        // Caching on: repeated updates of one key (a patient's timeline, a busy risk-set day) within a
        // commit interval reach RocksDB and the changelog once. Tombstones still reach the changelog.
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values)
                .withCachingEnabled();
    }
}
