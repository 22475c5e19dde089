package org.followupmonitor.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.followupmonitor.alerts.Alert;
import org.followupmonitor.analysis.AnalysisResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A result published while the dashboard is still loading is shown, though no later update comes (the input has
 * stopped): the page must not read first and listen after, or an update in between is lost for good. The gap is
 * held open deterministically: the API's answer to the alerts, which the page reads while it loads, waits until
 * the page has read the analysis (not there yet) and the result is then published and announced. The page that read
 * the list, the health and the alerts before it opened the event stream failed this: it heard of no update and kept
 * "no result" for good.
 */
class DashboardUpdateWhileLoadingBrowserIT {
    @TempDir
    Path profile;

    /**
     * Answers as the monitor before its first release, then with the result; the alerts wait for {@code published}.
     */
    private static final class LoadingQueries implements AnalysisQueries {
        final AtomicReference<AnalysisResult> result = new AtomicReference<>();
        /** Reads that found nothing yet: the list's summary, then the page's request for the analysis. */
        final AtomicInteger foundNothing = new AtomicInteger();
        final CountDownLatch alertsAsked = new CountDownLatch(1);
        final CountDownLatch published = new CountDownLatch(1);

        @Override
        public List<String> names() {
            return List.of("os-by-arm");
        }

        @Override
        public Optional<AnalysisResult> find(String name) {
            Optional<AnalysisResult> found = Optional.ofNullable(result.get()).filter(r -> r.name().equals(name));
            if (found.isEmpty()) {
                foundNothing.incrementAndGet();
            }
            return found;
        }

        @Override
        public List<Alert> alertsFor(String name) {
            alertsAsked.countDown();
            try {
                // Bounded, so a page that never asks again cannot hang the server's threads past the test.
                published.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of();
        }

        @Override
        public Health health() {
            return new Health(true, "RUNNING", 0, 0);
        }
    }

    @Test
    void aResultPublishedWhileThePageLoadsIsDrawnWithoutAnotherUpdate() throws Exception {
        assumeTrue(BrowserSupport.available(), "chromium and chromedriver are installed by .ci/run");
        LoadingQueries queries = new LoadingQueries();
        try (ApiServer server = new ApiServer("127.0.0.1", 0, queries, null, null)) {
            ChromeDriver browser = BrowserSupport.start(profile);
            try {
                browser.get("http://127.0.0.1:" + server.port() + "/");
                // The page is loading: it has asked for the alerts, whose answer waits, and has read the list and the
                // analysis, which has no result yet.
                assertThat(queries.alertsAsked.await(60, TimeUnit.SECONDS)).isTrue();
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> queries.foundNothing.get() >= 2);
                queries.result.set(Fixtures.result("os-by-arm", 40, "surgery", "no-surgery"));
                server.analysisUpdated("os-by-arm");
                queries.published.countDown();
                // Nothing is published after this: the page has the result from the stream or from reading once
                // the stream opened.
                Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .ignoreExceptions()
                        .until(() -> browser.findElements(By.cssSelector("path.km-curve")).size() == 2
                                && "live".equals(browser.findElement(By.id("live")).getText()));
                assertThat(browser.findElement(By.id("analysis-meta")).getText()).contains("40 patients");
            } finally {
                browser.quit();
            }
        }
    }
}
