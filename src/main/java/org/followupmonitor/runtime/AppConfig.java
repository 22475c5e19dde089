package org.followupmonitor.runtime;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The one typed configuration of a running monitor, built once at start from the command line
 * (and an optional Kafka client properties file) and validated there, so a bad value fails
 * immediately with its name rather than somewhere inside Kafka Streams later.
 *
 * @param kafka where the events live and how to talk to the cluster
 * @param registryUrl the Confluent-compatible schema registry
 * @param http the REST API and dashboard
 * @param streams the Kafka Streams application
 * @param minCellSize cohort cells with fewer subjects are published as suppressed (0 = off)
 * @param analysesFile the analyses YAML, or null for the bundled default (the reference study)
 * @param startupTimeout how long the start waits for Kafka and the schema registry to answer before it gives up
 *     with one line naming the option ({@code --startup-timeout})
 */
public record AppConfig(Kafka kafka, URI registryUrl, Http http, Streams streams, int minCellSize, Path analysesFile,
        Duration startupTimeout) {

    public static final int DEFAULT_MIN_CELL_SIZE = 11;
    public static final Duration DEFAULT_DEBOUNCE = Duration.ofSeconds(1);
    /** The floor of the refresh interval of the subject-level parts (Cox, follow-up, looks); their cost sets the rest. */
    public static final Duration DEFAULT_COX_INTERVAL = Duration.ofSeconds(2);
    public static final String DEFAULT_APPLICATION_ID = "followup-monitor";
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(30);
    /**
     * How often each partition's timeline processor sends its changes on to the cohort processor. Each send
     * asks Streams to commit at once, so the changes become readable downstream without waiting for the
     * commit interval.
     */
    public static final Duration FLUSH_INTERVAL = Duration.ofMillis(200);
    /** Stream threads per instance: one per core, at most 4 (the default topics have 3 partitions). */
    public static final int STREAM_THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    /**
     * Kafka Streams' commit interval (exactly-once's own default): the longest a processed event or a
     * published result waits for its transaction when nothing asked for a commit sooner.
     */
    public static final Duration COMMIT_INTERVAL = Duration.ofMillis(200);
    /**
     * The Streams producer's transaction timeout (exactly-once's default is 10 s): longer than a stream thread
     * takes to initialise its tasks after a restart at 10^6 patients while one of them already holds an open
     * transaction (up to 32 s for one task; 44 s from the last store restored to RUNNING in the 10^6 run with this
     * value, load 4-10: the margin is not large on a busy machine). Why this is safe, and its cost, at
     * {@code MonitorApp.streamsProperties}.
     */
    public static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(60);
    /**
     * The stream threads' main consumer's {@code max.partition.fetch.bytes} and {@code fetch.max.bytes} (1 MB and
     * 50 MB by default): why, at {@code MonitorApp.streamsProperties}.
     */
    public static final int MAIN_CONSUMER_FETCH_BYTES = 4 * 1024 * 1024;
    /**
     * Kafka Streams' {@code enable.transactional.statestores} (false by default): whether a store holds the writes
     * of the open transaction apart until it commits, so that kill -9 under exactly-once no longer wipes the
     * stores. Why and its cost, at {@code MonitorApp.streamsProperties}.
     */
    public static final boolean TRANSACTIONAL_STATE_STORES = true;
    /**
     * The Streams producers' {@code compression.type} ({@code none} by default): batches to every topic the monitor
     * writes (deltas, changelogs, release inputs, results) are LZ4-compressed. Why, at
     * {@code MonitorApp.streamsProperties}.
     */
    public static final String PRODUCER_COMPRESSION = "lz4";

    public AppConfig {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(registryUrl, "registry");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(streams, "streams");
        String scheme = registryUrl.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || registryUrl.getHost() == null) {
            throw new ConfigException("--registry", "must be an http(s) URL such as http://localhost:8081, was '"
                    + registryUrl + "'");
        }
        if (minCellSize < 0) {
            throw new ConfigException("--privacy-min-cell-size", "must be 0 (off) or more, was " + minCellSize);
        }
        startupTimeout = startupTimeout == null ? DEFAULT_STARTUP_TIMEOUT : startupTimeout;
        if (startupTimeout.isNegative() || startupTimeout.isZero()) {
            throw new ConfigException("--startup-timeout", "must be positive, was " + startupTimeout);
        }
    }

    /** With the default start-up timeout ({@link #DEFAULT_STARTUP_TIMEOUT}). */
    public AppConfig(Kafka kafka, URI registryUrl, Http http, Streams streams, int minCellSize, Path analysesFile) {
        this(kafka, registryUrl, http, streams, minCellSize, analysesFile, DEFAULT_STARTUP_TIMEOUT);
    }

    /**
     * @param bootstrap comma-separated host:port list
     * @param clientProperties passed through to every Kafka client (security, SASL, TLS, …)
     */
    public record Kafka(String bootstrap, Map<String, String> clientProperties) {
        private static final Pattern HOST_PORT = Pattern.compile("[^\\s,:]+:\\d{1,5}(,[^\\s,:]+:\\d{1,5})*");
        public Kafka {
            if (bootstrap == null || !HOST_PORT.matcher(bootstrap).matches()) {
                throw new ConfigException("--bootstrap", "must be host:port[,host:port…], was '" + bootstrap + "'");
            }
            clientProperties = Map.copyOf(clientProperties);
        }

        /** Never prints secrets: values of keys that look like credentials are masked ({@link KafkaClientProperties}). */
        @Override
        public String toString() {
            return "Kafka[bootstrap=" + bootstrap + ", clientProperties=" + KafkaClientProperties.masked(clientProperties)
                    + "]";
        }
    }

    /**
     * @param host the address to bind
     * @param port 0 picks a free port
     * @param apiToken bearer token for the API, null for none
     */
    public record Http(String host, int port, String apiToken) {
        public Http {
            if (port < 0 || port > 65535) {
                throw new ConfigException("--http-port", "must be 0..65535, was " + port);
            }
            if (apiToken != null && apiToken.isBlank()) {
                apiToken = null;
            }
        }

        @Override
        public String toString() {
            return "Http[host=" + host + ", port=" + port + ", apiToken=" + (apiToken == null ? "none" : "****") + "]";
        }
    }

    /**
     * @param applicationId the Kafka Streams application id (consumer group, internal topic prefix)
     * @param stateDir where RocksDB keeps the state stores
     * @param processingGuarantee {@code exactly_once_v2} (default) or {@code at_least_once}
     * @param debounce how long a changed analysis waits before it is recomputed
     * @param coxInterval the parts computed from individual subjects (Cox models, follow-up, looks) are refreshed at
     *     most every max(coxInterval, 20 times the last refresh's computing time): they scan the whole cohort
     */
    public record Streams(String applicationId, Path stateDir, String processingGuarantee, Duration debounce,
            Duration coxInterval) {
        public Streams {
            if (applicationId == null || applicationId.isBlank()) {
                throw new ConfigException("--application-id", "must not be empty");
            }
            Objects.requireNonNull(stateDir, "--state-dir");
            if (!"exactly_once_v2".equals(processingGuarantee) && !"at_least_once".equals(processingGuarantee)) {
                throw new ConfigException("--processing-guarantee",
                        "must be exactly_once_v2 or at_least_once, was '" + processingGuarantee + "'");
            }
            if (debounce.isNegative() || debounce.isZero()) {
                throw new ConfigException("--debounce-ms", "must be positive, was " + debounce.toMillis());
            }
            if (coxInterval.isNegative()) {
                throw new ConfigException("--cox-interval-ms", "must not be negative, was " + coxInterval.toMillis());
            }
        }
    }

    /** A configuration value that cannot be used; the message names the option. */
    public static final class ConfigException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public ConfigException(String option, String problem) {
            super(option + ": " + problem);
        }
    }
}
