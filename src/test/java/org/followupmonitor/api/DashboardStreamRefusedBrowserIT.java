package org.followupmonitor.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The dashboard keeps listening when its event stream is refused, not only when the connection drops. A browser
 * retries an EventSource by itself only after a network error; an answer other than 200 with text/event-stream (a
 * load balancer's 503 while the monitor restarts, a 401 once the token has changed) closes it for good. The page that
 * left the retrying to the browser then said "reconnecting…" for good, listened no more and drew nothing new: it
 * failed both tests here (the 503 one waiting for a second request for the stream, the token one waiting for the
 * token form). The API runs behind {@link FrontProxy}, which plays the load balancer.
 */
class DashboardStreamRefusedBrowserIT {
    private static final String ANALYSIS = "os-by-arm";

    @TempDir
    Path profile;

    private final Fixtures.MemoryQueries queries = new Fixtures.MemoryQueries();
    private ChromeDriver browser;

    @BeforeEach
    void start() {
        assumeTrue(BrowserSupport.available(), "chromium and chromedriver are installed by .ci/run");
        queries.put(Fixtures.result(ANALYSIS, 40, "surgery", "no-surgery"));
        browser = BrowserSupport.start(profile);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aStreamRefusedWith503IsOpenedAgainWithABackoffAndThePageShowsWhatWasPublishedMeanwhile() throws Exception {
        ApiServer first = new ApiServer("127.0.0.1", 0, queries, null, null);
        ApiServer second = null;
        try (FrontProxy proxy = new FrontProxy(first.port())) {
            proxy.streamUnavailable(true);
            browser.get("http://127.0.0.1:" + proxy.port() + "/");
            // The reads pass; only the stream is refused.
            waitFor("the curves of the first result").until(() -> curves() == 2 && meta().contains("40 patients"));
            waitFor("the page to ask for the refused stream three times")
                    .until(() -> proxy.refusedAt.size() >= 3);
            // Between two attempts (4 s now) the page says it is not live, and when it tries again.
            waitFor("the indicator to say the page is not live and when it retries")
                    .until(() -> live().matches("not live — retrying in \\d+ s"));
            // Each wait doubles from 1 s, so a refused stream is not asked for again at once.
            List<Long> at = List.copyOf(proxy.refusedAt);
            assertThat(millisBetween(at, 0)).isGreaterThanOrEqualTo(900);
            assertThat(millisBetween(at, 1)).isGreaterThanOrEqualTo(1800);

            // Published while the page does not listen; nothing else will be published until it does.
            queries.put(Fixtures.result(ANALYSIS, 45, "surgery", "no-surgery"));
            first.analysisUpdated(ANALYSIS);
            proxy.streamUnavailable(false);
            waitFor("the page live again with the result published while its stream was refused")
                    .until(() -> "live".equals(live()) && meta().contains("45 patients"));
            // And it listens: an update now reaches it through the stream.
            queries.put(Fixtures.result(ANALYSIS, 50, "surgery", "no-surgery"));
            first.analysisUpdated(ANALYSIS);
            waitFor("the update announced on the reopened stream").until(() -> meta().contains("50 patients"));

            // The monitor restarts behind the proxy: the open stream ends, the browser asks again (after the server's
            // retry: 2 s) and is refused. The wait starts from 1 s again, not from the 8 s the first outage reached.
            int before = proxy.refusedAt.size();
            proxy.streamUnavailable(true);
            second = new ApiServer("127.0.0.1", 0, queries, null, null);
            proxy.backend(second.port());
            first.close();
            first = null;
            waitFor("two refusals after the restart").until(() -> proxy.refusedAt.size() >= before + 2);
            List<Long> again = List.copyOf(proxy.refusedAt);
            assertThat(millisBetween(again, before)).isBetween(900L, 4000L);
            proxy.streamUnavailable(false);
            waitFor("the page live again after the restart").until(() -> "live".equals(live()));
        } finally {
            if (first != null) {
                first.close();
            }
            if (second != null) {
                second.close();
            }
        }
    }

    @Test
    void aTokenRefusedOnTheStreamAfterARestartIsAskedForAndTheStreamOpensWithTheNewOne() throws Exception {
        ApiServer first = new ApiServer("127.0.0.1", 0, queries, null, "first-token");
        ApiServer second = null;
        try (FrontProxy proxy = new FrontProxy(first.port())) {
            browser.get("http://127.0.0.1:" + proxy.port() + "/#token=first-token");
            waitFor("the page live with the first result")
                    .until(() -> "live".equals(live()) && curves() == 2 && meta().contains("40 patients"));

            // The monitor restarts with another token: the open stream ends, and the browser's own retry is refused.
            second = new ApiServer("127.0.0.1", 0, queries, null, "second-token");
            proxy.backend(second.port());
            first.close();
            first = null;
            queries.put(Fixtures.result(ANALYSIS, 45, "surgery", "no-surgery"));
            second.analysisUpdated(ANALYSIS);
            waitFor("the token form, saying the token was refused")
                    .until(() -> browser.findElement(By.id("token-form")).isDisplayed()
                            && browser.findElement(By.id("token-error")).isDisplayed());
            assertThat(live()).isEqualTo("not live — needs a token");
            assertThat(meta()).contains("40 patients");

            browser.findElement(By.id("token")).sendKeys("second-token");
            browser.findElement(By.cssSelector("#token-form button")).click();
            waitFor("the page live with the new token and the result published meanwhile")
                    .until(() -> "live".equals(live()) && meta().contains("45 patients"));
            queries.put(Fixtures.result(ANALYSIS, 50, "surgery", "no-surgery"));
            second.analysisUpdated(ANALYSIS);
            waitFor("the update announced on the stream opened with the new token")
                    .until(() -> meta().contains("50 patients"));
        } finally {
            if (first != null) {
                first.close();
            }
            if (second != null) {
                second.close();
            }
        }
    }

    private static ConditionFactory waitFor(String what) {
        return Awaitility.await(what).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions();
    }

    private static long millisBetween(List<Long> nanos, int k) {
        return TimeUnit.NANOSECONDS.toMillis(nanos.get(k + 1) - nanos.get(k));
    }

    private int curves() {
        return browser.findElements(By.cssSelector("path.km-curve")).size();
    }

    private String meta() {
        return browser.findElement(By.id("analysis-meta")).getText();
    }

    private String live() {
        return browser.findElement(By.id("live")).getText();
    }
}
