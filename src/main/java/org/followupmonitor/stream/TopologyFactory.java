package org.followupmonitor.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
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
 * patient-events ─▶ timeline-processor [patient-timelines] (per-partition shares, flushed as deltas)
 *                ─▶ repartition by analysis (cohort-deltas)
 *                ─▶ cohort-processor [cohort-state, cohort-subjects] ─ punctuator ─▶ complete results
 *                ─▶ one partition (release-inputs)
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
        stores().forEach(builder::addStateStore);
        Counter processed = Counter.builder("followup.events.processed")
                .description("patient events applied to timelines").register(metrics);
        Timer recompute = Timer.builder("followup.recompute")
                .description("time to recompute and publish one analysis").register(metrics);
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
                .stream(Names.PATIENT_EVENTS, Consumed.with(Serdes.String(), serdes.events()).withName(Names.SOURCE))
                .process(() -> new TimelineProcessor(defs, processed, settings.flushInterval(),
                        settings.inputOffsets()),
                        Named.as(Names.TIMELINE_PROCESSOR), Names.TIMELINES_STORE)
                .repartition(Repartitioned.<String, CohortDelta>as(Names.COHORT_DELTAS)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(CohortCodec.deltas())
                        .withNumberOfPartitions(settings.cohortPartitions())
                        .withStreamPartitioner(partitioner(defs)::partitions))
                .process(() -> new CohortProcessor(defs, settings, recompute, coxFits, listener),
                        Named.as(Names.COHORT_PROCESSOR), Names.COHORT_STATE_STORE, Names.COHORT_SUBJECTS_STORE)
                // Disclosure control needs all analyses in one place: what one withholds depends on the others.
                .repartition(Repartitioned.<String, Unreleased>as(Names.RELEASE_INPUTS)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(new UnreleasedSerde())
                        .withNumberOfPartitions(1)
                        .withStreamPartitioner(RELEASE::partitions))
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
        return builder.build();
    }

    /**
     * The topology's state stores, each with its changelog's topic configs ({@link ChangelogTopics}: segments small
     * enough for the cleaner to compact, so that a restore reads about the live records only).
     */
    static List<StoreBuilder<? extends KeyValueStore<String, ?>>> stores() {
        return List.of(
                store(Names.TIMELINES_STORE, new AvroBinarySerde<>(PatientTimelineState.class))
                        .withLoggingEnabled(ChangelogTopics.largeRecords()),
                // The cohort stage's stores take each block and subject once per flush, so a cache would only
                // double the work (and slow its prefix scans, which merge the cache with RocksDB).
                uncached(Names.COHORT_STATE_STORE, CohortCodec.blockCounts())
                        .withLoggingEnabled(ChangelogTopics.smallRecords()),
                uncached(Names.COHORT_SUBJECTS_STORE, Serdes.ByteArray()) // CohortState encodes
                        .withLoggingEnabled(ChangelogTopics.smallRecords()),
                store(Names.RESULTS_STORE, new ResultSerde()).withLoggingEnabled(ChangelogTopics.largeRecords()),
                store(Names.UNRELEASED_STORE, new UnreleasedSerde()).withLoggingEnabled(ChangelogTopics.largeRecords()),
                store(Names.ALERTS_STORE, new JsonSerde<>(AlertLog.class))
                        .withLoggingEnabled(ChangelogTopics.largeRecords()),
                store(Names.FLOORS_STORE, Serdes.Long()).withLoggingEnabled(ChangelogTopics.largeRecords()),
                store(Names.WINDOW_STORE, new ResultSerde()).withLoggingEnabled(ChangelogTopics.largeRecords()));
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
