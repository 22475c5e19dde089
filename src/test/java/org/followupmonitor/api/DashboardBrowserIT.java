package org.followupmonitor.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The dashboard as a person sees it, in headless Chromium: curves, at-risk rows, and a live
 * update pushed over server-sent events without a reload. The screenshot is kept under
 * target/screenshots for a human to look at.
 */
class DashboardBrowserIT {
    @TempDir
    Path profile;

    private final Fixtures.MemoryQueries queries = new Fixtures.MemoryQueries();
    private ApiServer server;
    private ChromeDriver browser;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(BrowserSupport.available(), "chromium and chromedriver are installed by .ci/run");
        queries.put(Fixtures.result("os-by-arm", 40, "surgery", "no-surgery"));
        server = new ApiServer("127.0.0.1", 0, queries, null, "t0ken");
        browser = BrowserSupport.start(profile);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void drawsOneCurvePerGroupWithAtRiskRowsAndUpdatesLive() throws Exception {
        browser.get("http://127.0.0.1:" + server.port() + "/#token=t0ken");
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> browser.findElements(By.cssSelector("path.km-curve")).size() == 2);

        List<WebElement> rows = browser.findElements(By.cssSelector("g.at-risk-row"));
        assertThat(rows).extracting(r -> r.getAttribute("data-group")).containsExactly("surgery", "no-surgery");
        // The first at-risk column is at time 0: everyone in the group.
        assertThat(rows.get(0).findElements(By.cssSelector("text.at-risk-cell")).get(0).getText()).isEqualTo("20");
        assertThat(browser.findElements(By.cssSelector("path.km-band"))).hasSize(2);
        assertThat(browser.findElements(By.cssSelector("path.km-censor"))).isNotEmpty();
        assertThat(browser.findElement(By.id("milestones")).getText()).contains("365 days");
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> browser.findElement(By.id("live")).getText().equals("live"));

        // New events arrive: a third group appears and the counts change, without a reload.
        Object marker = browser.executeScript("window.__sameDocument = true; return 1;");
        assertThat(marker).isEqualTo(1L);
        queries.put(Fixtures.result("os-by-arm", 90, "surgery", "no-surgery", "unknown"));
        server.analysisUpdated("os-by-arm");
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> browser.findElements(By.cssSelector("path.km-curve")).size() == 3);
        assertThat(browser.findElement(By.id("analysis-meta")).getText()).contains("90 patients");
        assertThat(browser.executeScript("return window.__sameDocument === true;")).isEqualTo(true);

        Path shots = Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(shots.resolve("dashboard.png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    /**
     * Withheld numbers read the same everywhere: a withheld analysis is a sentence, not an empty chart on a 0-1
     * day axis; a withheld Cox term and a withheld exclusion count say "suppressed", not bare dashes.
     */
    @Test
    void showsEveryWithheldNumberWithTheSameMarker() {
        queries.put(new org.followupmonitor.analysis.AnalysisResult(
                org.followupmonitor.analysis.AnalysisResult.FORMAT_VERSION, "os-withheld", "overall-survival", "index",
                "arm", List.of(), "2020-12-31", null, null, java.util.Map.of(), true, List.of(), null, List.of(),
                null, null));
        org.followupmonitor.analysis.AnalysisResult base = Fixtures.result("os-cox", 60, "all");
        java.util.Map<String, Integer> excluded = new java.util.HashMap<>();
        excluded.put("NO_ORIGIN_EVENT", null);
        excluded.put("MISSING_GROUP", 14);
        org.followupmonitor.analysis.AnalysisResult.CoxTerm shown = new org.followupmonitor.analysis.AnalysisResult.CoxTerm(
                "grade2", "grade", "2", "3", false, 0.1, 0.2, 1.105, 0.7, 1.6, 0.6);
        org.followupmonitor.analysis.AnalysisResult.CoxTerm hidden = new org.followupmonitor.analysis.AnalysisResult.CoxTerm(
                "grade1", "grade", "1", "3", true, null, null, null, null, null, null);
        queries.put(new org.followupmonitor.analysis.AnalysisResult(base.formatVersion(), base.name(), base.endpoint(),
                base.origin(), null, List.of(), base.asOf(), base.subjects(), base.events(), excluded, false,
                base.groups(), null, List.of(), new org.followupmonitor.analysis.AnalysisResult.CoxSummary("efron", 60,
                        10, List.of(hidden, shown), null, null, null, null, true, List.of(), List.of()), null));
        browser.get("http://127.0.0.1:" + server.port() + "/#token=t0ken");
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> browser.findElements(By.cssSelector("#analyses li")).size() == 3);

        browser.findElement(By.cssSelector("#analyses li[data-name='os-withheld']")).click();
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> browser.findElement(By.id("analysis-title")).getText().equals("os-withheld"));
        assertThat(browser.findElements(By.cssSelector("svg.km"))).isEmpty();
        assertThat(browser.findElement(By.id("km-figure")).getText()).startsWith("suppressed");
        assertThat(browser.findElement(By.id("analysis-meta")).getText()).contains("suppressed");

        browser.findElement(By.cssSelector("#analyses li[data-name='os-cox']")).click();
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> browser.findElement(By.id("analysis-title")).getText().equals("os-cox"));
        WebElement row = browser.findElement(By.cssSelector("#cox tr.suppressed-term"));
        assertThat(row.getText()).contains("grade 1").contains("suppressed").doesNotContain("—");
        assertThat(browser.findElement(By.id("excluded")).getText()).contains("NO_ORIGIN_EVENT suppressed")
                .contains("MISSING_GROUP 14");
    }

    @Test
    void asksForTheTokenWhenNoneIsGiven() {
        browser.get("http://127.0.0.1:" + server.port() + "/");
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> browser.findElement(By.id("token-form")).isDisplayed());
        browser.findElement(By.id("token")).sendKeys("t0ken");
        browser.findElement(By.cssSelector("#token-form button")).click();
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> browser.findElements(By.cssSelector("path.km-curve")).size() == 2);
    }
}
