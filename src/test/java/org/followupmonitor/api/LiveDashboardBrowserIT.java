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
import org.awaitility.core.ConditionTimeoutException;
import org.followupmonitor.analysis.AnalysesConfig;
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
 *
 * <p>The monitor runs the two bundled analyses by arm, os-by-arm (the one the page opens) and dfs-by-arm, not all
 * 32. How long the first curves take is how long the release stage's plans take, and with all bundled analyses that
 * depends on when rounds fall: replayed through the topology with a round every 97 of the 1,045 pre-2016 events, the
 * release of all of them reached the planner's work limit (1e11) against five and three earlier releases and withheld
 * every analysis whole, os-by-arm included; the app then plans it once more within 1e12, minutes of work on two busy
 * cores (README, Privacy: the cascade of windows). That is the product as documented, not something the dashboard can
 * be asked to bound. With the two analyses, every round spacing tried (1 to 1,045 events) ended the pre-2016 events
 * on a release showing both arms, each plan taking milliseconds. On a timeout the test prints what the page showed,
 * what the API served and the monitor's log tail ({@link DashboardDiagnosis}).
 */
class LiveDashboardBrowserIT {
    /** The analyses the monitor runs here (see the class comment); the page opens the first. */
    private static final List<String> ANALYSES = List.of("os-by-arm", "dfs-by-arm");
    /** How long each wait on the page may take. */
    private static final Duration WAIT = Duration.ofMinutes(5);

    static {
        // The release stage's info lines (a fallback to a shorter window, a release withheld whole at the work limit,
        // a second plan) belong in the log tail a timeout prints. Read when the logger is made, so set it first.
        System.setProperty("org.slf4j.simpleLogger.log.org.followupmonitor.stream.ReleaseProcessor", "info");
    }

    @TempDir
    Path dir;

    /** Read in the page, so a re-render between finding and reading an element cannot go stale. */
    private static String text(ChromeDriver browser, String id) {
        Object t = browser.executeScript("const e = document.getElementById(arguments[0]); return e ? e.textContent : '';", id);
        return String.valueOf(t);
    }

    /** Waits up to {@link #WAIT} for the page; on a timeout fails with what the page, the API and the log said. */
    private static void await(DashboardDiagnosis diagnosis, ChromeDriver browser, int port, String what,
            java.util.concurrent.Callable<Boolean> condition) {
        try {
            Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(300))
                    .ignoreExceptions()
                    .until(condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the dashboard did not show " + what + " within " + WAIT
                    + diagnosis.explain(browser, port, ANALYSES.get(0)), e);
        }
    }

    @Test
    void dashboardFillsWithCurvesAndChangesWhenEventsArrive() throws Exception {
        assumeTrue(BrowserSupport.available(), "chromium and chromedriver are installed by .ci/run");
        List<ClinicalEvent> events = new ArrayList<>();
        new RegistryImporter(RegistryImporter.Options.defaults())
                .forEachEvent(Path.of("examples/study-cohort.csv"), events::add);
        List<ClinicalEvent> early = events.stream().filter(e -> e.occurredOn().getYear() < 2016).toList();
        List<ClinicalEvent> late = events.stream().filter(e -> e.occurredOn().getYear() >= 2016).toList();
        AnalysesConfig bundled = AnalysesLoader.loadDefault();
        AnalysesConfig analyses = new AnalysesConfig(bundled.privacy(),
                bundled.analyses().stream().filter(a -> ANALYSES.contains(a.name())).toList());
        assertThat(analyses.analyses()).extracting(a -> a.name()).containsExactlyElementsOf(ANALYSES);
        try (DashboardDiagnosis diagnosis = new DashboardDiagnosis();
                LocalKafkaStack stack = LocalKafkaStack.start(dir.resolve("kafka"), "localhost", 0, 0);
                MonitorApp app = MonitorApp.start(new AppConfig(new AppConfig.Kafka(stack.bootstrapServers(), Map.of()),
                        stack.registryUrl(), new AppConfig.Http("127.0.0.1", 0, null),
                        new AppConfig.Streams("live-dashboard", dir.resolve("state"), "exactly_once_v2",
                                Duration.ofMillis(300), Duration.ofSeconds(1)), 11, null),
                        analyses, 1);
                EventPublisher publisher = new EventPublisher(PublisherSettings.of(stack.bootstrapServers(),
                        stack.registryUrl().toString(), Names.PATIENT_EVENTS))) {
            early.forEach(publisher::send);
            publisher.flush();
            ChromeDriver browser = BrowserSupport.start(dir.resolve("profile"));
            try {
                browser.get("http://127.0.0.1:" + app.httpPort() + "/");
                await(diagnosis, browser, app.httpPort(), "two curves and the live indicator after the pre-2016 events",
                        () -> browser.findElements(By.cssSelector("path.km-curve")).size() == 2
                                && text(browser, "live").equals("live"));
                assertThat(browser.findElements(By.cssSelector("g.at-risk-row"))).hasSize(2);
                String before = text(browser, "analysis-meta");
                browser.executeScript("window.__sameDocument = true;");

                late.forEach(publisher::send);
                publisher.flush();
                await(diagnosis, browser, app.httpPort(), "421 patients after the later events",
                        () -> text(browser, "analysis-meta").contains("421 patients"));
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
