package org.followupmonitor.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.ResultJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST API over real HTTP on a free port. */
class ApiServerTest {
    private final Fixtures.MemoryQueries queries = new Fixtures.MemoryQueries();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private ApiServer server;

    @BeforeEach
    void start() throws Exception {
        queries.put(Fixtures.result("os-by-arm", 40, "surgery", "no-surgery"));
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metrics.counter("followup_events_processed").increment(3);
        server = new ApiServer("127.0.0.1", 0, queries, metrics, null);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return get(path, null, token == null ? null : "Bearer " + token);
    }

    private HttpResponse<String> get(String path, String ignored, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheSameObjectThatResultJsonWrites() throws Exception {
        HttpResponse<String> res = get("/api/analyses/os-by-arm", null);
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        AnalysisResult back = ResultJson.read(res.body());
        assertThat(back).isEqualTo(queries.find("os-by-arm").orElseThrow());
    }

    @Test
    void listsAnalysesWithSummaries() throws Exception {
        JsonNode body = ResultJson.mapper().readTree(get("/api/analyses", null).body());
        assertThat(body.get("analyses")).hasSize(1);
        JsonNode a = body.get("analyses").get(0);
        assertThat(a.get("name").asText()).isEqualTo("os-by-arm");
        assertThat(a.get("subjects").asInt()).isEqualTo(40);
        assertThat(a.get("logRankPValue").asDouble()).isEqualTo(0.04);
    }

    @Test
    void unknownAnalysisIs404WithJsonError() throws Exception {
        HttpResponse<String> res = get("/api/analyses/nope", null);
        assertThat(res.statusCode()).isEqualTo(404);
        JsonNode body = ResultJson.mapper().readTree(res.body());
        assertThat(body.get("error").asText()).contains("unknown analysis 'nope'");
        assertThat(body.get("status").asInt()).isEqualTo(404);
    }

    @Test
    void aConfiguredAnalysisWithoutAResultYetIs404SayingSoNotUnknown() throws Exception {
        queries.order.add("dfs-by-arm");
        HttpResponse<String> res = get("/api/analyses/dfs-by-arm", null);
        assertThat(res.statusCode()).isEqualTo(404);
        String error = ResultJson.mapper().readTree(res.body()).get("error").asText();
        assertThat(error).startsWith("no result of analysis 'dfs-by-arm' yet").doesNotContain("unknown");
    }

    @Test
    void healthAlertsMetricsAndDashboard() throws Exception {
        JsonNode health = ResultJson.mapper().readTree(get("/api/health", null).body());
        assertThat(health.get("ready").asBoolean()).isTrue();
        assertThat(ResultJson.mapper().readTree(get("/api/alerts", null).body()).get("alerts").isArray()).isTrue();
        assertThat(get("/metrics", null).body()).contains("followup_events_processed_total 3.0");
        HttpResponse<String> page = get("/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<script src=\"dashboard.js\">");
        assertThat(get("/dashboard.js", null).headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(get("/../pom.xml", null).statusCode()).isEqualTo(404);
    }

    @Test
    void bearerTokenProtectsApiButNotThePage() throws Exception {
        server.close();
        server = new ApiServer("127.0.0.1", 0, queries, null, "s3cret");
        assertThat(get("/api/analyses", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/analyses", "wrong").statusCode()).isEqualTo(401);
        assertThat(get("/api/analyses", "s3cret").statusCode()).isEqualTo(200);
        // The scheme is case-insensitive (RFC 9110, 11.1).
        assertThat(get("/api/analyses", null, "bearer s3cret").statusCode()).isEqualTo(200);
        assertThat(get("/api/analyses", null, "BEARER s3cret").statusCode()).isEqualTo(200);
        assertThat(get("/api/analyses", null, "Basic s3cret").statusCode()).isEqualTo(401);
        // ?access_token= is for the event stream (EventSource cannot send headers), nowhere else.
        HttpResponse<String> query = get("/api/health?access_token=s3cret", null);
        assertThat(query.statusCode()).isEqualTo(401);
        assertThat(query.body()).contains("/api/stream only");
        assertThat(get("/metrics?access_token=s3cret", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/stream?access_token=wrong", null).statusCode()).isEqualTo(401);
        assertThat(get("/", null).statusCode()).isEqualTo(200);
    }

    @Test
    void theEventStreamTakesTheTokenAsAQueryParameter() throws Exception {
        server.close();
        server = new ApiServer("127.0.0.1", 0, queries, null, "s3cret");
        HttpResponse<java.io.InputStream> res = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/api/stream?access_token=s3cret")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(res.statusCode()).isEqualTo(200);
        res.body().close();
    }

    @Test
    void errorBodiesEchoAtMostAShortPrefixOfALongPath() throws Exception {
        String name = "x".repeat(200_000);
        HttpResponse<String> unknown = get("/api/analyses/" + name, null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body().length()).isLessThan(300);
        assertThat(unknown.body()).contains("x".repeat(ApiServer.MAX_ECHO)).contains("(200000 characters)")
                .doesNotContain("x".repeat(ApiServer.MAX_ECHO + 1));
        HttpResponse<String> endpoint = get("/api/" + name, null);
        assertThat(endpoint.statusCode()).isEqualTo(404);
        assertThat(endpoint.body().length()).isLessThan(300);
        assertThat(get("/api/analyses/%25zz", null).statusCode()).isEqualTo(404);
    }

    @Test
    void streamDeliversAnalysisUpdates() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/stream")).build();
        HttpResponse<java.io.InputStream> res = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(res.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        BufferedReader reader = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8));
        CompletableFuture<String> dataLine = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = reader.readLine()) != null; ) {
                    if (line.startsWith("data:")) {
                        return line;
                    }
                }
                return null;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        // The handler registers the stream before it sends the headers: a client that has them gets every update
        // published from then on, so one is enough (the dashboard reads everything once the stream is open and
        // relies on this to miss nothing).
        server.analysisUpdated("os-by-arm");
        assertThat(dataLine.get(20, TimeUnit.SECONDS)).isEqualTo("data: {\"name\":\"os-by-arm\"}");
    }
}
