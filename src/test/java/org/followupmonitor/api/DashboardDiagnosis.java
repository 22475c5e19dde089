package org.followupmonitor.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.stream.Collectors;
import org.followupmonitor.analysis.ResultJson;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * What a browser test tells when a wait on the dashboard times out, so that a failure on a loaded CI machine
 * explains itself from its log alone: what the page showed, what the API last answered for the analysis (which
 * parts the release withheld, the window it was planned against) and the monitor's last log lines. A wait on the
 * live stack depends on when releases fall and how long their plans take, which no rerun reproduces.
 */
final class DashboardDiagnosis implements AutoCloseable {
    /** Log lines kept: enough for the last releases and plans, short enough to read in a CI log. */
    private static final int TAIL_LINES = 80;
    private final Deque<String> tail = new ArrayDeque<>();
    private final StringBuilder partial = new StringBuilder();
    private final PrintStream original;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * Starts keeping the last lines written to standard error, where slf4j-simple writes the monitor's log (it looks
     * the stream up at each line), while still writing them through.
     */
    DashboardDiagnosis() {
        original = System.err;
        System.setErr(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                keep(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                keep(b, off, len);
            }
        }, true, StandardCharsets.UTF_8));
    }

    private synchronized void keep(byte[] b, int off, int len) {
        partial.append(new String(b, off, len, StandardCharsets.UTF_8));
        int nl;
        while ((nl = partial.indexOf("\n")) >= 0) {
            tail.addLast(partial.substring(0, nl));
            partial.delete(0, nl + 1);
            while (tail.size() > TAIL_LINES) {
                tail.removeFirst();
            }
        }
    }

    private synchronized String tail() {
        return String.join("\n", tail) + (partial.isEmpty() ? "" : "\n" + partial);
    }

    /**
     * Everything worth knowing after a wait timed out: the page, the API's answer for {@code analysis}, the health,
     * the release metrics and the log tail. Each part that cannot be read says why instead.
     */
    String explain(ChromeDriver browser, int httpPort, String analysis) {
        StringBuilder b = new StringBuilder();
        b.append("\n--- the page ---\n").append(guard(() -> page(browser)));
        b.append("\n--- GET /api/analyses/").append(analysis).append(" ---\n")
                .append(guard(() -> result(httpPort, analysis)));
        b.append("\n--- GET /api/health ---\n").append(guard(() -> get(httpPort, "/api/health")));
        b.append("\n--- /metrics (release stage) ---\n").append(guard(() -> get(httpPort, "/metrics").lines()
                .filter(l -> l.startsWith("followup_release")).collect(Collectors.joining("\n"))));
        b.append("\n--- the monitor's last ").append(TAIL_LINES).append(" log lines ---\n").append(tail());
        return b.toString();
    }

    private interface Part {
        String read() throws Exception;
    }

    private static String guard(Part part) {
        try {
            return part.read();
        } catch (Exception | Error e) {
            return "(could not be read: " + e + ")";
        }
    }

    /** The live indicator, the curves drawn, the analysis' heading line, legend and withheld markers, as the page has them. */
    private static String page(ChromeDriver browser) {
        Object s = browser.executeScript("""
                const t = (id) => { const e = document.getElementById(id); return e ? e.textContent : '(none)'; };
                const all = (sel) => [...document.querySelectorAll(sel)].map((e) => e.textContent).join(' | ');
                const sel = document.querySelector('#analyses li.selected');
                return ['live: ' + t('live'), 'health: ' + t('health'),
                  'selected: ' + (sel ? sel.dataset.name : '(none)'), 'list: ' + all('#analyses li'),
                  'path.km-curve: ' + document.querySelectorAll('path.km-curve').length,
                  'g.at-risk-row: ' + document.querySelectorAll('g.at-risk-row').length,
                  'analysis-meta: ' + t('analysis-meta'), 'legend: ' + all('text.legend'),
                  'km-figure: ' + t('km-figure').slice(0, 300),
                  'analysis (start): ' + t('analysis').slice(0, 300)].join('\\n');
                """);
        return String.valueOf(s);
    }

    /** The analysis as the API serves it, reduced to what says what was released and withheld. */
    private String result(int port, String analysis) throws Exception {
        String body = get(port, "/api/analyses/" + analysis);
        if (!body.startsWith("{")) {
            return body; // not served: the status and the error
        }
        JsonNode r = ResultJson.mapper().readTree(body);
        if (!r.has("groups")) {
            return body;
        }
        StringBuilder b = new StringBuilder("asOf " + r.path("asOf").asText() + ", suppressed "
                + r.path("suppressed").asText() + ", subjects " + r.path("subjects").asText() + ", events "
                + r.path("events").asText());
        for (JsonNode g : r.path("groups")) {
            b.append("\n  group ").append(g.path("group").asText()).append(": suppressed ")
                    .append(g.path("suppressed").asText()).append(", n ").append(g.path("n").asText())
                    .append(", ").append(g.path("curve").size()).append(" curve points");
        }
        return b.toString();
    }

    private String get(int port, String path) throws Exception {
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return res.statusCode() == 200 ? res.body() : "HTTP " + res.statusCode() + ": " + res.body();
    }

    /** Writes to standard error directly again. */
    @Override
    public void close() {
        System.setErr(original);
    }
}
