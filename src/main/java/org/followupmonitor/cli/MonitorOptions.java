package org.followupmonitor.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.followupmonitor.runtime.AppConfig;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * Mixin: the options of every command that runs the monitor ({@code run}, {@code demo}): its API, its pace and its
 * start-up deadline. Where the state lives and how topics are made is {@code run}'s alone ({@code demo} keeps
 * everything under its {@code --data-dir}).
 */
final class MonitorOptions {
    @Option(names = "--http-port", paramLabel = "PORT",
            description = "Port of the dashboard and REST API; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int httpPort = 8080;

    @Option(names = "--http-host", paramLabel = "HOST",
            description = "Address the dashboard and API listen on (default: ${DEFAULT-VALUE}).")
    String httpHost = "0.0.0.0";

    @Option(names = "--api-token", paramLabel = "TOKEN",
            description = "Require this bearer token on /api and /metrics (the dashboard asks for it).")
    String apiToken;

    @Option(names = "--debounce-ms", paramLabel = "MS",
            description = "A changed analysis is recomputed and published at most this often (default: "
                    + "${DEFAULT-VALUE}).")
    long debounceMs = AppConfig.DEFAULT_DEBOUNCE.toMillis();

    @Option(names = "--cox-interval-ms", paramLabel = "MS",
            description = "The parts computed from individual subjects (Cox models, follow-up, look history) are "
                    + "refreshed at most every max(MS, 20 x the last refresh's computing time), and once more when "
                    + "the cohort is quiet (default: ${DEFAULT-VALUE}).")
    long coxIntervalMs = AppConfig.DEFAULT_COX_INTERVAL.toMillis();

    @Option(names = "--startup-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long the start waits for Kafka and the schema registry to answer before it stops with "
                    + "one line naming the option, e.g. 30s, 2m, 500ms (default: 30s).")
    Duration startupTimeout = AppConfig.DEFAULT_STARTUP_TIMEOUT;

    /** The monitor's configuration. */
    AppConfig config(String bootstrap, URI registry, Map<String, String> kafkaProperties, Path stateDir,
            String applicationId, String guarantee, int minCellSize, Path analysesFile) {
        return new AppConfig(new AppConfig.Kafka(bootstrap, kafkaProperties), registry,
                new AppConfig.Http(httpHost, httpPort, apiToken),
                new AppConfig.Streams(applicationId, stateDir, guarantee, Duration.ofMillis(debounceMs),
                        Duration.ofMillis(coxIntervalMs)),
                minCellSize, analysesFile, startupTimeout);
    }

    /** {@code 30s}, {@code 2m}, {@code 500ms} or a number of seconds. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(java.util.Locale.ROOT);
            try {
                Duration d;
                if (v.endsWith("ms")) {
                    d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
                } else if (v.endsWith("s")) {
                    d = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1).trim()));
                } else if (v.endsWith("m")) {
                    d = Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1).trim()));
                } else {
                    d = Duration.ofSeconds(Long.parseLong(v));
                }
                if (d.isNegative() || d.isZero()) {
                    throw new TypeConversionException("'" + value + "' must be positive");
                }
                return d;
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a duration such as 30s, 2m or 500ms");
            }
        }
    }
}
