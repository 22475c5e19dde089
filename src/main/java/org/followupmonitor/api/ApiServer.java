package org.followupmonitor.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.ResultJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API, the server-sent event stream and the dashboard's static files, on the JDK's own
 * HTTP server (no framework: a handful of read-only routes do not need one).
 *
 * <p>Routes: {@code GET /api/analyses}, {@code /api/analyses/{name}}, {@code /api/alerts},
 * {@code /api/health}, {@code /api/stream} (SSE), {@code /metrics} (Prometheus), and the dashboard
 * under {@code /}. With a token configured, {@code /api/**} and {@code /metrics} need
 * {@code Authorization: Bearer <token>} (the scheme in any case, RFC 9110 section 11.1); only the event stream
 * also takes {@code ?access_token=}, because a browser's EventSource cannot set headers, and a token in a URL
 * ends up in logs and histories. The static dashboard itself is public and asks for the token.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final String JSON = "application/json; charset=utf-8";
    private static final String STATIC_ROOT = "/org/followupmonitor/api/dashboard/";
    /** The only path that accepts the token as a query parameter (EventSource cannot send headers). */
    private static final String EVENT_STREAM = "/api/stream";
    /** A path or name echoed in an error body is cut to this many characters. */
    static final int MAX_ECHO = 80;
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png");

    private final HttpServer server;
    private final AnalysisQueries queries;
    private final PrometheusMeterRegistry metrics;
    private final String token;
    private final ExecutorService executor;
    private final ScheduledExecutorService heartbeat;
    private final List<OutputStream> streams = new CopyOnWriteArrayList<>();

    /**
     * Binds and starts the server.
     *
     * @param host the address to bind, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
     * @param port the port; 0 picks a free one (see {@link #port()})
     * @param metrics the registry scraped at {@code /metrics}, or null for none
     * @param token the bearer token, or null/blank for an open API
     * @throws IOException when the port cannot be bound
     */
    public ApiServer(String host, int port, AnalysisQueries queries, PrometheusMeterRegistry metrics, String token)
            throws IOException {
        this.queries = queries;
        this.metrics = metrics;
        this.token = token == null || token.isBlank() ? null : token;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 64);
        this.executor = Executors.newFixedThreadPool(8, r -> daemon(r, "api-http"));
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "api-sse-heartbeat"));
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        // A comment line every 15 s keeps proxies from closing idle streams and finds dead clients.
        heartbeat.scheduleAtFixedRate(() -> broadcast(": keep-alive\n\n"), 15, 15, TimeUnit.SECONDS);
        LOG.info("HTTP API listening on {}:{}", host, port());
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Tells every open dashboard that an analysis has a new result. */
    public void analysisUpdated(String name) {
        broadcast("event: analysis\ndata: " + ResultJson.write(Map.of("name", name)) + "\n\n");
    }

    /** Tells every open dashboard that the alert feed changed. */
    public void alertsUpdated() {
        broadcast("event: alerts\ndata: {}\n\n");
    }

    private void broadcast(String frame) {
        byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
        for (OutputStream out : streams) {
            try {
                synchronized (out) {
                    out.write(bytes);
                    out.flush();
                }
            } catch (IOException gone) {
                streams.remove(out);
                closeQuietly(out);
            }
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
            if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                error(ex, 405, "method not allowed: only GET is served");
                return;
            }
            if (path.startsWith("/api/") || path.equals("/metrics")) {
                if (!authorised(ex)) {
                    ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                    boolean queryToken = queryParameter(ex, "access_token") != null;
                    error(ex, 401, queryToken && !EVENT_STREAM.equals(path)
                            ? "?access_token= is accepted on " + EVENT_STREAM + " only; send Authorization: Bearer <token>"
                            : "missing or wrong bearer token");
                    return;
                }
                route(ex, path);
            } else {
                serveStatic(ex, path);
            }
        } catch (RuntimeException e) {
            LOG.warn("request failed: {}", e.toString());
            error(ex, 500, "internal error");
        }
    }

    private void route(HttpExchange ex, String path) throws IOException {
        if (path.equals("/api/analyses")) {
            List<Map<String, Object>> summaries = new ArrayList<>();
            for (String name : queries.names()) {
                summaries.add(summary(name, queries.find(name)));
            }
            json(ex, 200, Map.of("analyses", summaries));
        } else if (path.startsWith("/api/analyses/") && path.endsWith("/alerts")) {
            String name = decode(path.substring("/api/analyses/".length(), path.length() - "/alerts".length()));
            if (!queries.names().contains(name)) {
                error(ex, 404, "unknown analysis '" + echo(name) + "'; GET /api/analyses lists the names");
            } else {
                json(ex, 200, Map.of("alerts", queries.alertsFor(name)));
            }
        } else if (path.startsWith("/api/analyses/")) {
            String name = decode(path.substring("/api/analyses/".length()));
            Optional<AnalysisResult> result = queries.find(name);
            if (result.isPresent()) {
                json(ex, 200, result.get());
            } else if (queries.names().contains(name)) {
                // A configured analysis: calling it unknown would send an operator to the configuration for nothing.
                error(ex, 404, "no result of analysis '" + echo(name) + "' yet: none has been published, or its "
                        + "store is moving between instances; it is served once published");
            } else {
                error(ex, 404, "unknown analysis '" + echo(name) + "'; GET /api/analyses lists the names");
            }
        } else if (path.equals("/api/alerts")) {
            json(ex, 200, Map.of("alerts", queries.alerts()));
        } else if (path.equals("/api/health")) {
            AnalysisQueries.Health health = queries.health();
            json(ex, health.ready() ? 200 : 503, health);
        } else if (path.equals("/api/stream")) {
            openStream(ex);
        } else if (path.equals("/metrics") && metrics != null) {
            send(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
                    metrics.scrape().getBytes(StandardCharsets.UTF_8));
        } else {
            error(ex, 404, "no such endpoint: " + echo(path));
        }
    }

    private static Map<String, Object> summary(String name, Optional<AnalysisResult> result) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", name);
        s.put("available", result.isPresent());
        result.ifPresent(r -> {
            s.put("endpoint", r.endpoint());
            s.put("groupBy", r.groupBy());
            s.put("asOf", r.asOf());
            s.put("subjects", r.subjects());
            s.put("events", r.events());
            s.put("logRankPValue", r.logRank() == null ? null : r.logRank().pValue());
        });
        return s;
    }

    private void openStream(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        // The exchange stays open after this handler returns; broadcast() writes to it. Registered before its headers
        // go out, under the lock broadcast() writes with (so nothing is written before the headers): an update
        // published from here on reaches this stream, and one published before came before the client saw the stream
        // open, so the dashboard, which reads everything again once the stream has opened (dashboard.js), sees it.
        // Registered after the headers, as before, an update published between the client's reading and the
        // registration reached neither.
        OutputStream out = ex.getResponseBody();
        synchronized (out) {
            streams.add(out);
            try {
                ex.sendResponseHeaders(200, 0);
                out.write("retry: 2000\n: connected\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException gone) {
                streams.remove(out);
                throw gone;
            }
        }
    }

    private boolean authorised(HttpExchange ex) {
        if (token == null) {
            return true;
        }
        String header = ex.getRequestHeaders().getFirst("Authorization");
        String presented = null;
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = header.substring(7).trim();
        } else if (header == null && EVENT_STREAM.equals(ex.getRequestURI().getPath())) {
            presented = queryParameter(ex, "access_token");
        }
        return presented != null && MessageDigest.isEqual(
                presented.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }

    /** The name in a path; a malformed escape is kept as written (it then names no analysis). */
    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return raw;
        }
    }

    /** A client-supplied path or name for an error body: at most {@link #MAX_ECHO} characters. */
    static String echo(String text) {
        return text.length() <= MAX_ECHO ? text : text.substring(0, MAX_ECHO) + "… (" + text.length() + " characters)";
    }

    private static String queryParameter(HttpExchange ex, String name) {
        String query = ex.getRequestURI().getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return decode(pair.substring(eq + 1));
            }
        }
        return null;
    }

    private void serveStatic(HttpExchange ex, String path) throws IOException {
        String file = path.equals("/") ? "index.html" : path.substring(1);
        if (file.contains("..") || file.contains("/") || !file.contains(".")) {
            error(ex, 404, "not found");
            return;
        }
        try (InputStream in = ApiServer.class.getResourceAsStream(STATIC_ROOT + file)) {
            if (in == null) {
                error(ex, 404, "not found");
                return;
            }
            String ext = file.substring(file.lastIndexOf('.') + 1);
            send(ex, 200, CONTENT_TYPES.getOrDefault(ext, "application/octet-stream"), in.readAllBytes());
        }
    }

    private static void json(HttpExchange ex, int status, Object body) throws IOException {
        send(ex, status, JSON, ResultJson.write(body).getBytes(StandardCharsets.UTF_8));
    }

    private static void error(HttpExchange ex, int status, String message) throws IOException {
        json(ex, status, Map.of("status", status, "error", message));
    }

    private static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
        ex.close();
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException ignored) {
            // the client is gone already
        }
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        for (OutputStream out : streams) {
            closeQuietly(out);
        }
        streams.clear();
        server.stop(0);
        executor.shutdownNow();
    }
}
