package org.followupmonitor.stream;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.followupmonitor.alerts.Alert;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.ResultJson;
import org.followupmonitor.api.AnalysisQueries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the REST API from the release stage's {@code analysis-results} and {@code alert-state} stores with
 * Kafka Streams interactive queries on the release application (the stores live there,
 * {@code TopologyFactory#release}): read locally when this instance runs the release task, else fetched from the API of the instance that does (found
 * with {@code queryMetadataForKey} on the release application, which advertises the same {@code application.server}).
 */
public final class StreamsAnalysisQueries implements AnalysisQueries {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsAnalysisQueries.class);
    /** The front application (timeline and cohort stages): its state counts for the health answer. */
    private final KafkaStreams front;
    /** The release application, whose one task holds the stores read here. */
    private final KafkaStreams release;
    private final HostInfo self;
    private final List<String> names;
    private final String token;
    private final Supplier<Long> eventsProcessed;
    private final Supplier<Long> deadLetters;
    private final Supplier<Optional<Restoring>> restoring;
    /** The stores the API reads (released results, alerts) live in the one release task. */
    private final org.apache.kafka.streams.processor.StreamPartitioner<String, Object> partitioner =
            TopologyFactory.RELEASE;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param front the front application (timeline and cohort stages), for the health answer
     * @param release the release application, whose stores the API reads and whose metadata routes queries
     * @param eventsProcessed events applied to timelines so far, for the health answer
     * @param deadLetters records sent to the dead-letter topic so far by this instance ({@link DeadLetterCount})
     * @param restoring the restore from the changelogs in progress on this instance, if any
     */
    public StreamsAnalysisQueries(KafkaStreams front, KafkaStreams release, HostInfo self, List<String> names,
            String token, Supplier<Long> eventsProcessed, Supplier<Long> deadLetters, Supplier<Optional<Restoring>> restoring) {
        this.front = front;
        this.release = release;
        this.self = self;
        this.names = List.copyOf(names);
        this.token = token;
        this.eventsProcessed = eventsProcessed;
        this.deadLetters = deadLetters;
        this.restoring = restoring;
    }

    @Override
    public List<String> names() {
        return names;
    }

    @Override
    public Optional<AnalysisResult> find(String name) {
        return routed(Names.RESULTS_STORE, name, "/api/analyses/" + encode(name), ResultJson::read);
    }

    @Override
    public List<Alert> alertsFor(String name) {
        // The owner's API answers {"alerts": [...]}: the recent part of its alert log.
        return this.<AlertLog>routed(Names.ALERTS_STORE, name, "/api/analyses/" + encode(name) + "/alerts", body -> {
            try {
                return new AlertLog(null, ResultJson.mapper().readValue(body, AlertsBody.class).alerts());
            } catch (java.io.IOException e) {
                throw new IllegalStateException("unreadable alerts from another instance", e);
            }
        }).map(AlertLog::recent).orElse(List.of());
    }

    /** The body of {@code GET /api/analyses/{name}/alerts}. */
    record AlertsBody(List<Alert> alerts) {}

    /**
     * Reads one analysis' value from a store: locally when this instance owns the key, else from the
     * owner's API at {@code path}. Empty while the owner is unknown (starting, rebalancing).
     */
    private <V> Optional<V> routed(String storeName, String name, String path,
            java.util.function.Function<String, ? extends V> parseRemote) {
        KeyQueryMetadata md = owner(storeName, name);
        if (md == null) {
            return Optional.empty();
        }
        if (md.activeHost().equals(self)) {
            return local(storeName, name, md.partition());
        }
        String body = fetch(md.activeHost(), path);
        return body == null ? Optional.empty() : Optional.of(parseRemote.apply(body));
    }

    /**
     * Read locally only, from the owning partition of this instance, so a scrape of {@code /metrics} shows each
     * analysis on one instance. The result and the alert log are kept by the same cohort task, so one owner
     * lookup serves both.
     */
    @Override
    public Optional<Owned> owned(String name) {
        KeyQueryMetadata md = owner(Names.RESULTS_STORE, name);
        if (md == null || !md.activeHost().equals(self)) {
            return Optional.empty();
        }
        Optional<AnalysisResult> result = local(Names.RESULTS_STORE, name, md.partition());
        if (result.isEmpty()) {
            return Optional.empty();
        }
        List<Alert> alerts = this.<AlertLog>local(Names.ALERTS_STORE, name, md.partition())
                .map(AlertLog::recent).orElse(List.of());
        return Optional.of(new Owned(result.get(), alerts));
    }

    /** Where an analysis' key lives; null for an unknown name or while the owner is unknown (starting, rebalancing). */
    private KeyQueryMetadata owner(String storeName, String name) {
        if (!names.contains(name)) {
            return null;
        }
        KeyQueryMetadata md;
        try {
            md = release.queryMetadataForKey(storeName, name, partitioner);
        } catch (IllegalStateException notYet) {
            return null;
        }
        return md == null || md == KeyQueryMetadata.NOT_AVAILABLE ? null : md;
    }

    private <V> Optional<V> local(String storeName, String name, int partition) {
        try {
            // The owning partition only: another local task may hold an outdated copy (see CohortProcessor).
            ReadOnlyKeyValueStore<String, V> store = release.store(StoreQueryParameters
                    .fromNameAndType(storeName, QueryableStoreTypes.<String, V>keyValueStore())
                    .withPartition(partition));
            return Optional.ofNullable(store.get(name));
        } catch (RuntimeException migrating) {
            // InvalidStateStoreException while a rebalance moves the store: "not available" for now.
            return Optional.empty();
        }
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** GET from the instance that owns a key; null when it does not answer 200. */
    private String fetch(HostInfo owner, String path) {
        URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + path);
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            req.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            return res.statusCode() == 200 ? res.body() : null;
        } catch (java.io.IOException e) {
            LOG.warn("instance {}:{} did not answer {}: {}", owner.host(), owner.port(), path, e.toString());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Ready only when both applications run; otherwise the state of one that does not. */
    @Override
    public Health health() {
        KafkaStreams.State state = combined(front.state(), release.state());
        return new Health(state == KafkaStreams.State.RUNNING, state.name(), eventsProcessed.get(), deadLetters.get(),
                restoring.get().orElse(null));
    }

    /**
     * The monitor's state from its two applications': {@code RUNNING} when both are; else the state of the one that
     * is not, the more final first (ERROR, then a shutdown, then REBALANCING, CREATED), so a failed application is
     * never hidden behind the other's rebalance.
     */
    public static KafkaStreams.State combined(KafkaStreams.State front, KafkaStreams.State release) {
        if (front == KafkaStreams.State.RUNNING) {
            return release;
        }
        if (release == KafkaStreams.State.RUNNING) {
            return front;
        }
        return rank(front) >= rank(release) ? front : release;
    }

    private static int rank(KafkaStreams.State s) {
        return switch (s) {
            case ERROR -> 5;
            case NOT_RUNNING -> 4;
            case PENDING_ERROR -> 3;
            case PENDING_SHUTDOWN -> 2;
            case REBALANCING -> 1;
            default -> 0; // CREATED, RUNNING
        };
    }

}
