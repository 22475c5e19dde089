package org.followupmonitor.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reverse proxy in front of an {@link ApiServer}, as a load balancer stands in front of a monitor in production:
 * it forwards every request to the current backend, streaming the answer (so the event stream passes through as it
 * comes), answers 502 when the backend cannot be reached, and, while told the monitor is restarting, answers the
 * event stream with its own 503 page. The backend can be swapped, as when the monitor restarts on another port.
 */
final class FrontProxy implements AutoCloseable {
    private static final String EVENT_STREAM = "/api/stream";

    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private volatile int backendPort;
    private volatile boolean streamUnavailable;
    /** When each request for the event stream that this proxy refused with 503 arrived (System.nanoTime()). */
    final List<Long> refusedAt = new CopyOnWriteArrayList<>();
    /** Requests for the event stream passed on to the backend. */
    final AtomicInteger streamsForwarded = new AtomicInteger();

    FrontProxy(int backendPort) throws IOException {
        this.backendPort = backendPort;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        // One thread per exchange: an open event stream holds its thread for as long as it is open.
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "front-proxy");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::forward);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Forwards from now on to the backend on this port. */
    void backend(int port) {
        this.backendPort = port;
    }

    /** While true, the event stream is answered 503 here, as a load balancer does while its backend restarts. */
    void streamUnavailable(boolean unavailable) {
        this.streamUnavailable = unavailable;
    }

    private void forward(HttpExchange ex) throws IOException {
        try {
            boolean stream = EVENT_STREAM.equals(ex.getRequestURI().getPath());
            if (stream && streamUnavailable) {
                refusedAt.add(System.nanoTime());
                page(ex, 503, "Service Unavailable");
                return;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + backendPort + ex.getRequestURI())).GET();
            for (String header : List.of("Authorization", "Accept")) {
                String value = ex.getRequestHeaders().getFirst(header);
                if (value != null) {
                    request.header(header, value);
                }
            }
            HttpResponse<InputStream> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException unreachable) {
                page(ex, 502, "Bad Gateway");
                return;
            }
            if (stream) {
                streamsForwarded.incrementAndGet();
            }
            for (String header : List.of("Content-Type", "Cache-Control", "WWW-Authenticate")) {
                response.headers().firstValue(header).ifPresent(v -> ex.getResponseHeaders().set(header, v));
            }
            ex.sendResponseHeaders(response.statusCode(), 0);
            try (InputStream in = response.body(); OutputStream out = ex.getResponseBody()) {
                byte[] buffer = new byte[8192];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException eitherSideGone) {
                // The browser left or the backend stopped: the exchange is closed below either way.
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        } finally {
            ex.close();
        }
    }

    /** A proxy's own error page: HTML, not the API's JSON, as a load balancer answers. */
    private static void page(HttpExchange ex, int status, String reason) throws IOException {
        byte[] body = ("<html><body><h1>" + status + " " + reason + "</h1></body></html>")
                .getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
