package org.followupmonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.ResultJson;
import org.followupmonitor.api.OutcomeMetrics;
import org.followupmonitor.api.PrometheusText;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.file.RegistryImporter;
import org.followupmonitor.ingest.EventPublisher;
import org.followupmonitor.ingest.PublisherSettings;
import org.followupmonitor.runtime.AppConfig;
import org.followupmonitor.runtime.LocalKafkaStack;
import org.followupmonitor.runtime.MonitorApp;
import org.followupmonitor.stream.Names;
import org.followupmonitor.synthetic.StudyCohortGenerator;
import org.followupmonitor.synthetic.StudyCohortParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ops stack against a running monitor (embedded broker and registry, {@link MonitorApp}, a generated cohort):
 * Debian's real Prometheus binary scrapes it every second with deploy/prometheus/'s configuration and rules, and
 * what its query API returns equals the REST API; every metric the Grafana dashboard and the rules read is in a
 * real scrape, and every dashboard query runs in Prometheus.
 */
class PrometheusStackIT {
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final String TOKEN = "metrics-token";
    private static final int PATIENTS = 300;
    private static final String ANALYSIS = "os-by-arm";

    @TempDir
    static Path dir;

    private static LocalKafkaStack stack;
    private static MonitorApp app;
    private static Process prometheus;
    private static int prometheusPort;
    private static int eventCount;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        assertThat(PROMETHEUS).as("Debian's prometheus (.ci/run installs it)").isExecutable();
        stack = LocalKafkaStack.start(dir.resolve("kafka"), "localhost", 0, 0);
        app = MonitorApp.start(new AppConfig(new AppConfig.Kafka(stack.bootstrapServers(), Map.of()),
                stack.registryUrl(), new AppConfig.Http("127.0.0.1", 0, TOKEN),
                new AppConfig.Streams("prometheus-it", dir.resolve("state"), "exactly_once_v2", Duration.ofMillis(200),
                        Duration.ofMillis(500)), 11, null), AnalysesLoader.loadDefault(), 3);
        Path csv = dir.resolve("cohort.csv");
        new StudyCohortGenerator(StudyCohortParameters.study(7).withPatients(PATIENTS)).writeCsv(csv);
        List<ClinicalEvent> events = new ArrayList<>();
        new RegistryImporter(RegistryImporter.Options.defaults()).forEachEvent(csv, events::add);
        eventCount = events.size();
        try (EventPublisher p = new EventPublisher(PublisherSettings.of(stack.bootstrapServers(),
                stack.registryUrl().toString(), Names.PATIENT_EVENTS))) {
            events.forEach(p::send);
            assertThat(p.flush().failed()).isZero();
        }
        prometheus = startPrometheus();
    }

    /** deploy/prometheus/prometheus.yml with the running monitor as its target, a 1 s interval and the real rules. */
    private static Process startPrometheus() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        Path deployed = Path.of("deploy/prometheus/prometheus.yml");
        ObjectNode config = (ObjectNode) yaml.readTree(deployed.toFile());
        ((ObjectNode) config.get("global")).put("scrape_interval", "1s").put("scrape_timeout", "1s")
                .put("evaluation_interval", "1s");
        ArrayNode rules = config.putArray("rule_files");
        yaml.readTree(deployed.toFile()).get("rule_files")
                .forEach(r -> rules.add(deployed.resolveSibling(r.asText()).toAbsolutePath().toString()));
        ObjectNode job = (ObjectNode) config.get("scrape_configs").get(0);
        job.putArray("static_configs").addObject().putArray("targets").add("127.0.0.1:" + app.httpPort());
        job.putObject("authorization").put("credentials", TOKEN);
        Path file = dir.resolve("prometheus.yml");
        yaml.writeValue(file.toFile(), config);
        try (ServerSocket s = new ServerSocket(0)) {
            prometheusPort = s.getLocalPort();
        }
        Process p = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + file,
                "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + prometheusPort)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .until(() -> !p.isAlive() || status("http://127.0.0.1:" + prometheusPort + "/-/ready") == 200);
        assertThat(p.isAlive()).as("prometheus runs: " + Files.readString(dir.resolve("prometheus.log"))).isTrue();
        return p;
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(30, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
        if (app != null) {
            app.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    private static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static String monitor(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }

    /** An instant query; fails unless Prometheus answers success. */
    private static JsonNode query(String promql) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + prometheusPort
                + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("status").asText()).as(promql + " → " + r.body()).isEqualTo("success");
        return body.get("data").get("result");
    }

    @Test
    void survivalGaugesInPrometheusEqualTheRestValues() {
        Awaitility.await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(JSON.readTree(monitor("/api/health")).get("eventsProcessed").asInt()).isEqualTo(eventCount);
            AnalysisResult rest = ResultJson.read(monitor("/api/analyses/" + ANALYSIS));
            assertThat(rest.subjects()).isEqualTo(PATIENTS);
            Map<String, Double> expected = new TreeMap<>();
            for (AnalysisResult.GroupResult g : rest.groups()) {
                for (AnalysisResult.Milestone m : g.milestones()) {
                    if (!g.suppressed() && m.survival() != null) {
                        expected.put(g.group() + "@" + m.time(), m.survival());
                    }
                }
            }
            Map<String, Double> scraped = new TreeMap<>();
            for (JsonNode s : query(OutcomeMetrics.SURVIVAL + "{analysis=\"" + ANALYSIS + "\"}")) {
                scraped.put(s.get("metric").get("group").asText() + "@" + s.get("metric").get("milestone_days").asText(),
                        Double.parseDouble(s.get("value").get(1).asText()));
            }
            // Exactly equal: both sides print the shortest decimal that reads back as the same double.
            assertThat(scraped).isNotEmpty().isEqualTo(expected);
        });
    }

    /** The real rules load and evaluate without error, and the monitor is up as Prometheus sees it. */
    @Test
    void rulesEvaluateInPrometheusAndTheMonitorIsUp() {
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode up = query("up{job=\"followup-monitor\"}");
            assertThat(up).hasSize(1);
            assertThat(up.get(0).get("value").get(1).asText()).isEqualTo("1");
            JsonNode groups = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + prometheusPort + "/api/v1/rules")).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .get("data").get("groups");
            Map<String, String> health = new TreeMap<>();
            groups.forEach(g -> g.get("rules").forEach(r -> health.put(r.get("name").asText(), r.get("health").asText())));
            assertThat(health.keySet()).isEqualTo(PromQl.ruleExpressions().keySet());
            assertThat(health.values()).containsOnly("ok");
        });
    }

    /** Every query of the Grafana dashboard is PromQL that Prometheus runs (Grafana's variables filled in). */
    @Test
    void everyDashboardQueryRunsInPrometheus() throws Exception {
        List<String> expressions = PromQl.dashboardExpressions();
        assertThat(expressions).hasSizeGreaterThan(10);
        for (String e : expressions) {
            query(PromQl.substitute(e, ANALYSIS));
        }
    }

    /** Every metric name the dashboard's queries read is in a real scrape of the running monitor. */
    @Test
    void everyMetricTheDashboardReadsIsInARealScrape() throws Exception {
        Set<String> names = new TreeSet<>();
        for (String e : PromQl.dashboardExpressions()) {
            names.addAll(PromQl.metricNames(PromQl.substitute(e, ANALYSIS)));
        }
        assertThat(names).contains(OutcomeMetrics.SURVIVAL, OutcomeMetrics.SURVIVAL_LOWER, OutcomeMetrics.SURVIVAL_UPPER,
                OutcomeMetrics.MONITORING_Z, OutcomeMetrics.MONITORING_BOUNDARY, OutcomeMetrics.COMPLETENESS,
                OutcomeMetrics.ALERT_RAISED, "followup_events_processed_total", "kafka_consumer_fetch_manager_records_lag");
        assertInScrape(names);
    }

    /** The same for the alerting rules; {@code up} is Prometheus' own series per target (checked above). */
    @Test
    void everyMetricTheRulesReadIsInARealScrape() throws Exception {
        Set<String> names = new TreeSet<>();
        PromQl.ruleExpressions().values().forEach(e -> names.addAll(PromQl.metricNames(e)));
        assertThat(names).contains("up", OutcomeMetrics.ALERT_RAISED, OutcomeMetrics.COMPLETENESS,
                "followup_events_processed_total", "followup_dead_letters_total");
        names.remove("up");
        assertInScrape(names);
    }

    private static void assertInScrape(Set<String> names) {
        Awaitility.await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            String scrape = monitor("/metrics");
            Set<String> present = new TreeSet<>();
            PrometheusText.parse(scrape).forEach(s -> present.add(s.name()));
            assertThat(present).containsAll(names);
            Path out = Path.of("target/prometheus-it");
            Files.createDirectories(out);
            Files.writeString(out.resolve("scrape.txt"), scrape);
        });
    }
}
