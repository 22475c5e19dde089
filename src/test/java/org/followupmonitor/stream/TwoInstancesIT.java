package org.followupmonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.followupmonitor.analysis.AnalysesConfig;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.ResultJson;
import org.followupmonitor.api.OutcomeMetrics;
import org.followupmonitor.api.PrometheusText;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.ingest.EventPublisher;
import org.followupmonitor.ingest.PublisherSettings;
import org.followupmonitor.runtime.AppConfig;
import org.followupmonitor.runtime.LocalKafkaStack;
import org.followupmonitor.runtime.MonitorApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two app instances on one broker split the analyses between them (by the repartition topic's
 * partitions), and either answers the REST API for every analysis by asking the owner.
 */
class TwoInstancesIT {
    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    private String get(int port, String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", "Bearer tok").timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static AppConfig config(LocalKafkaStack stack, Path state) {
        return new AppConfig(new AppConfig.Kafka(stack.bootstrapServers(), Map.of("session.timeout.ms", "6000")),
                stack.registryUrl(), new AppConfig.Http("127.0.0.1", 0, "tok"),
                new AppConfig.Streams("two-instances", state, "exactly_once_v2", Duration.ofMillis(200),
                        Duration.ofMillis(500)), 11, null);
    }

    @Test
    void eitherInstanceAnswersForEveryAnalysisByRoutingToTheOwner() throws Exception {
        AnalysesConfig analyses = AnalysesLoader.loadDefault();
        List<String> names = analyses.analyses().stream().map(AnalysisDefinition::name).toList();
        List<ClinicalEvent> events = StreamFixtures.cohortEvents(300, 7, dir);
        try (LocalKafkaStack stack = LocalKafkaStack.start(dir.resolve("kafka"), "localhost", 0, 0);
                MonitorApp a = MonitorApp.start(config(stack, dir.resolve("a")), analyses, 3);
                MonitorApp b = MonitorApp.start(config(stack, dir.resolve("b")), analyses, 3)) {
            try (EventPublisher p = new EventPublisher(PublisherSettings.of(stack.bootstrapServers(),
                    stack.registryUrl().toString(), Names.PATIENT_EVENTS))) {
                events.forEach(p::send);
                assertThat(p.flush().failed()).isZero();
            }
            Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() ->
                    a.running() && b.running()
                            && String.valueOf(get(b.httpPort(), "/api/analyses/os-by-arm")).contains("\"subjects\":300")
                            && names.stream().allMatch(n -> {
                                String fromA = get(a.httpPort(), "/api/analyses/" + n);
                                return fromA != null && fromA.equals(get(b.httpPort(), "/api/analyses/" + n))
                                        && fromA.contains("\"subjects\":");
                            }));
            Set<Integer> owners = new HashSet<>();
            for (String n : names) {
                owners.add(a.release().queryMetadataForKey(Names.RESULTS_STORE, n, TopologyFactory.RELEASE)
                        .activeHost().port());
            }
            // The release stage is one task: its instance reads locally, the other forwards every query to it.
            assertThat(owners).hasSize(1);
            assertThat(owners).containsAnyOf(a.httpPort(), b.httpPort());
            assertThat(get(a.httpPort(), "/api/analyses/os-by-arm")).contains("\"subjects\":300");

            // /metrics: an analysis' outcome series come from its owner only, with the numbers the API serves.
            Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                Map<Integer, String> scrapes = Map.of(a.httpPort(), get(a.httpPort(), "/metrics"),
                        b.httpPort(), get(b.httpPort(), "/metrics"));
                Set<Integer> owning = new HashSet<>();
                for (String n : names) {
                    // The owner as the API finds it: the one task of the release stage holds every result.
                    int owner = a.release().queryMetadataForKey(Names.RESULTS_STORE, n, TopologyFactory.RELEASE)
                            .activeHost().port();
                    owning.add(owner);
                    AnalysisResult published = ResultJson.read(get(a.httpPort(), "/api/analyses/" + n));
                    Integer subjects = published.subjects();
                    scrapes.forEach((port, text) -> {
                        List<PrometheusText.Sample> series = PrometheusText.parse(text).stream()
                                .filter(x -> n.equals(x.label("analysis"))).toList();
                        List<Double> cohortSubjects = series.stream()
                                .filter(x -> x.name().equals(OutcomeMetrics.COHORT_SUBJECTS))
                                .map(PrometheusText.Sample::value).toList();
                        if (port != owner || published.suppressed()) {
                            assertThat(series).as(n + " on " + port).isEmpty();
                        } else if (subjects == null) {
                            // A total withheld as a complementary cell has no series; what the result does
                            // publish beside it (a log-rank p-value, say) still has one.
                            assertThat(cohortSubjects).as(n + " withheld total").isEmpty();
                        } else {
                            assertThat(cohortSubjects).as(n).containsExactly(subjects.doubleValue());
                        }
                    });
                }
                // One instance serves every analysis' series, the other none.
                assertThat(owning).hasSize(1);
            });
        }
    }
}
