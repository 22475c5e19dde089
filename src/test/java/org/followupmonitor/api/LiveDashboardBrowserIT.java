package org.followupmonitor.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.file.RegistryImporter;
import org.followupmonitor.ingest.EventPublisher;
import org.followupmonitor.ingest.PublisherSettings;
import org.followupmonitor.runtime.AppConfig;
import org.followupmonitor.runtime.LocalKafkaStack;
import org.followupmonitor.runtime.MonitorApp;
import org.followupmonitor.stream.Names;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The real thing a new user meets: the monitor on the embedded broker fed with the example cohort,
 * its dashboard in headless Chromium — curves, at-risk rows, and a live change when more events
 * arrive. The screenshot is kept in target/screenshots/live-dashboard.png.
 */
class LiveDashboardBrowserIT {
    @TempDir
    Path dir;

    /** Read in the page, so a re-render between finding and reading an element cannot go stale. */
    private static String text(ChromeDriver browser, String id) {
        Object t = browser.executeScript("const e = document.getElementById(arguments[0]); return e ? e.textContent : '';", id);
        return String.valueOf(t);
    }

    @Test
    void dashboardFillsWithCurvesAndChangesWhenEventsArrive() throws Exception {
        assumeTrue(BrowserSupport.available(), "chromium and chromedriver are installed by .ci/run");
        List<ClinicalEvent> events = new ArrayList<>();
        new RegistryImporter(RegistryImporter.Options.defaults())
                .forEachEvent(Path.of("examples/study-cohort.csv"), events::add);
        List<ClinicalEvent> early = events.stream().filter(e -> e.occurredOn().getYear() < 2016).toList();
        List<ClinicalEvent> late = events.stream().filter(e -> e.occurredOn().getYear() >= 2016).toList();
        try (LocalKafkaStack stack = LocalKafkaStack.start(dir.resolve("kafka"), "localhost", 0, 0);
                MonitorApp app = MonitorApp.start(new AppConfig(new AppConfig.Kafka(stack.bootstrapServers(), Map.of()),
                        stack.registryUrl(), new AppConfig.Http("127.0.0.1", 0, null),
                        new AppConfig.Streams("live-dashboard", dir.resolve("state"), "exactly_once_v2",
                                Duration.ofMillis(300), Duration.ofSeconds(1)), 11, null),
                        AnalysesLoader.loadDefault(), 1);
                EventPublisher publisher = new EventPublisher(PublisherSettings.of(stack.bootstrapServers(),
                        stack.registryUrl().toString(), Names.PATIENT_EVENTS))) {
            early.forEach(publisher::send);
            publisher.flush();
            ChromeDriver browser = BrowserSupport.start(dir.resolve("profile"));
            try {
                browser.get("http://127.0.0.1:" + app.httpPort() + "/");
                Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(300))
                        .ignoreExceptions()
                        .until(() -> browser.findElements(By.cssSelector("path.km-curve")).size() == 2
                                && text(browser, "live").equals("live"));
                assertThat(browser.findElements(By.cssSelector("g.at-risk-row"))).hasSize(2);
                String before = text(browser, "analysis-meta");
                browser.executeScript("window.__sameDocument = true;");

                late.forEach(publisher::send);
                publisher.flush();
                Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(300))
                        .ignoreExceptions()
                        .until(() -> text(browser, "analysis-meta").contains("421 patients"));
                assertThat(text(browser, "analysis-meta")).isNotEqualTo(before).contains("421 patients");
                assertThat(browser.executeScript("return window.__sameDocument === true;")).isEqualTo(true);
                assertThat(browser.findElements(By.cssSelector("path.km-curve"))).hasSize(2);
                Path shots = Files.createDirectories(Path.of("target", "screenshots"));
                Files.write(shots.resolve("live-dashboard.png"), browser.getScreenshotAs(OutputType.BYTES));
            } finally {
                browser.quit();
            }
        }
    }
}
