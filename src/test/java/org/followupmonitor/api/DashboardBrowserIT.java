package org.followupmonitor.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.followupmonitor.analysis.AnalysisResult;
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
        // Years of 365.25 days, as the reports' figures: 1826 days is 5 years.
        List<WebElement> ticks = browser.findElements(By.cssSelector("text.tick"));
        assertThat(ticks).extracting(t -> t.getAttribute("data-day"))
                .containsExactly("0", "365", "730", "1096", "1461", "1826");
        assertThat(ticks).extracting(WebElement::getText).containsExactly("0y", "1y", "2y", "3y", "4y", "5y");
        assertThat(browser.findElement(By.id("logrank")).getText()).contains("p = 0.0400");
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
                "arm", List.of(), new org.followupmonitor.analysis.AnalysisResult.Confidence("log", 0.95), "2020-12-31",
                null, null, null, java.util.Map.of(), true, List.of(), null, List.of(), null, null, null));
        org.followupmonitor.analysis.AnalysisResult base = Fixtures.result("os-cox", 60, "all");
        java.util.Map<String, Integer> excluded = new java.util.HashMap<>();
        excluded.put("NO_ORIGIN_EVENT", null);
        excluded.put("MISSING_GROUP", 14);
        org.followupmonitor.analysis.AnalysisResult.CoxTerm shown = new org.followupmonitor.analysis.AnalysisResult.CoxTerm(
                "grade2", "grade", "2", "3", false, false, 0.1, 0.2, 1.105, 0.7, 1.6, 0.6);
        org.followupmonitor.analysis.AnalysisResult.CoxTerm hidden = new org.followupmonitor.analysis.AnalysisResult.CoxTerm(
                "grade1", "grade", "1", "3", true, false, null, null, null, null, null, null);
        queries.put(new org.followupmonitor.analysis.AnalysisResult(base.formatVersion(), base.name(), base.endpoint(),
                base.origin(), null, List.of(), base.confidence(), base.asOf(), base.subjects(), base.events(), null,
                excluded, false, base.groups(), null, List.of(),
                new org.followupmonitor.analysis.AnalysisResult.CoxSummary("efron", 60, 10, List.of(hidden, shown), null,
                        null, null, null, true, List.of(), List.of(), List.of(), null, List.of(), null, null, null,
                        List.of(), null), null, null));
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
        assertThat(browser.findElement(By.id("analysis-meta")).getText())
                .contains("awaiting the time origin suppressed");
    }

    /**
     * The monitoring panel of a plan that over-ran: every look with its z against its boundary, the final one marked,
     * no information fraction above 100%; the Cox part says what data it was fitted on and that it is stale.
     */
    @Test
    void showsEachFormalLookAndNeverAFractionAbove100Percent() {
        queries.put(Fixtures.overrun("os-monitored"));
        browser.get("http://127.0.0.1:" + server.port() + "/#token=t0ken");
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> !browser.findElements(By.cssSelector("#analyses li[data-name='os-monitored']")).isEmpty());
        browser.findElement(By.cssSelector("#analyses li[data-name='os-monitored']")).click();
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> browser.findElements(By.cssSelector("#looks tr")).size() == 5);
        String status = browser.findElement(By.id("monitoring-status")).getText();
        assertThat(status).contains("997 events of 120 planned").contains("information 100.0%")
                .contains("for information between looks").contains("crossed");
        java.util.regex.Matcher percents = java.util.regex.Pattern.compile("([0-9]+\\.[0-9])%")
                .matcher(browser.findElement(By.id("monitoring")).getText());
        int seen = 0;
        while (percents.find()) {
            assertThat(Double.parseDouble(percents.group(1))).isLessThanOrEqualTo(100.0);
            seen++;
        }
        assertThat(seen).isGreaterThanOrEqualTo(5);
        List<WebElement> rows = browser.findElements(By.cssSelector("#looks tr"));
        assertThat(rows.get(4).getText()).contains("2017-03-01").contains("100.0%").contains("±2.050")
                .contains("crossed, final");
        assertThat(browser.findElements(By.cssSelector("#looks-figure circle.look-z"))).hasSize(4);
        assertThat(browser.findElements(By.cssSelector("#looks-figure circle.crossed"))).hasSize(1);
        assertThat(browser.findElement(By.id("cox-basis")).getText()).contains("as of 2019-06-30")
                .contains("900 patients").contains("stale");
        assertThat(browser.findElement(By.id("analysis-meta")).getText()).contains("17 awaiting the time origin");
        assertThat(browser.findElement(By.id("follow-up")).getText()).contains("0.930").contains("12 without contact");
    }

    @Test
    void showsTheConfiguredIntervalsRhoAndAliasedTerms() {
        AnalysisResult base = Fixtures.result("os-options", 40, "surgery", "no-surgery");
        AnalysisResult.CoxSummary cox = new AnalysisResult.CoxSummary("efron", 38, 12,
                List.of(new AnalysisResult.CoxTerm("chemotherapyyes", "chemotherapy", "yes", "no", false, false, 0.2,
                                0.1, 1.22, 1.04, 1.43, 0.04),
                        new AnalysisResult.CoxTerm("radiotherapyyes", "radiotherapy", "yes", "no", false, true, null,
                                null, null, null, null, null)),
                new AnalysisResult.Test(4.1, 1, 0.043), new AnalysisResult.Test(4.0, 1, 0.045),
                new AnalysisResult.Test(4.2, 1, 0.04), 0.6, true,
                List.of("X matrix deemed to be singular; variable 2 (radiotherapyyes)"), List.of());
        queries.put(new AnalysisResult(base.formatVersion(), base.name(), base.endpoint(), base.origin(),
                base.groupBy(), base.strata(), new AnalysisResult.Confidence("log-log", 0.9), base.asOf(),
                base.subjects(), base.events(), 0, base.excluded(), false, base.groups(),
                new AnalysisResult.LogRankSummary(3.1, 1, 0.078, false, 1.0, List.of(6.0, 4.0), List.of(4.5, 5.5)),
                List.of(), cox, null, null));
        browser.get("http://127.0.0.1:" + server.port() + "/#token=t0ken");
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> browser.findElements(By.cssSelector("#analyses li[data-name='os-options']")).size() == 1);
        browser.findElement(By.cssSelector("#analyses li[data-name='os-options']")).click();
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> browser.findElements(By.id("cox")).size() == 1);
        assertThat(browser.findElement(By.id("milestones")).getText()).contains("(90% CI, log-log)");
        assertThat(browser.findElement(By.id("logrank")).getText()).contains("Fleming-Harrington rho = 1");
        String table = browser.findElement(By.id("cox")).getText();
        assertThat(table).contains("90% CI").contains("radiotherapy yes (vs no)").contains("NA (aliased)")
                .contains("X matrix deemed to be singular");
    }

    /** Issue 16: time-varying arm beside the fixed one, the PH test per covariate and globally, Simon-Makuch curves. */
    @Test
    void showsTheTimeVaryingModelBesideTheFixedOneWithItsPhTestAndSimonMakuchCurves() throws Exception {
        AnalysisResult base = Fixtures.result("os-tv", 60, "all");
        AnalysisResult.CoxTerm arm = new AnalysisResult.CoxTerm("armsurgery", "arm", "surgery", "no-surgery", false,
                false, -0.85, 0.3, null, 0.43, 0.24, 0.77, 0.004);
        AnalysisResult.CoxTerm armFixed = new AnalysisResult.CoxTerm("armsurgery", "arm", "surgery", "no-surgery",
                false, false, -0.9, 0.3, null, 0.41, 0.23, 0.73, 0.002);
        AnalysisResult.ProportionalHazards ph = new AnalysisResult.ProportionalHazards("km",
                List.of(new AnalysisResult.PhTest("arm", 6.4, 1, 0.011)), new AnalysisResult.PhTest("GLOBAL", 6.4, 1, 0.011));
        AnalysisResult.SimonMakuch curves = new AnalysisResult.SimonMakuch("arm", List.of(
                new AnalysisResult.ExposureGroup("no-surgery", false, 60, 9, base.groups().get(0).curve()),
                new AnalysisResult.ExposureGroup("surgery", false, 31, 4, base.groups().get(0).curve())));
        AnalysisResult.CoxSummary cox = new AnalysisResult.CoxSummary("efron", 60, 13, List.of(arm),
                new AnalysisResult.Test(8.1, 1, 0.004), new AnalysisResult.Test(8.0, 1, 0.005),
                new AnalysisResult.Test(8.2, 1, 0.004), 0.61, true, List.of(), List.of(), List.of(), null,
                List.of("arm"), null, ph, new AnalysisResult.FixedModel(List.of(armFixed), true, ph), List.of(curves),
                null);
        queries.put(new AnalysisResult(base.formatVersion(), base.name(), base.endpoint(), "systemic-control", null,
                base.strata(), base.confidence(), base.asOf(), base.subjects(), base.events(), 0, base.excluded(), false,
                base.groups(), null, List.of(), cox, null, null));
        browser.get("http://127.0.0.1:" + server.port() + "/#token=t0ken");
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> browser.findElements(By.cssSelector("#analyses li[data-name='os-tv']")).size() == 1);
        browser.findElement(By.cssSelector("#analyses li[data-name='os-tv']")).click();
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> browser.findElements(By.id("simon-makuch-arm")).size() == 1);
        String table = browser.findElement(By.id("cox")).getText();
        assertThat(table).contains("arm time-varying").contains("time-varying").contains("HR, arm fixed")
                .contains("0.410 (0.230–0.730)").contains("PH p").contains("0.011");
        assertThat(browser.findElement(By.id("ph-global")).getText())
                .contains("proportional hazards (cox.zph, km): global χ² = 6.40 on 1 df, p = 0.011")
                .contains("with arm fixed, p = 0.011");
        assertThat(browser.findElement(By.id("ph-global")).findElement(By.tagName("td")).getAttribute("class"))
                .isEqualTo("ph-low");
        org.openqa.selenium.WebElement figure = browser.findElement(By.id("simon-makuch-arm"));
        assertThat(figure.getText()).contains("Survival by current arm (Simon-Makuch")
                .contains("surgery (n=31, 4 events)");
        assertThat(figure.findElements(By.cssSelector("path.km-curve"))).hasSize(2);
        Path shots = Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(shots.resolve("dashboard-time-varying.png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    /**
     * Issue 17: the bundled competing-risks analysis by subtype on the example registry: one cumulative-incidence
     * figure per cause (rising from 0, the suppressed subtype drawn nowhere), the incidence at the milestones and
     * Gray's test per cause.
     */
    @Test
    void showsTheCumulativeIncidenceOfEachCauseAndGraysTest() throws Exception {
        List<org.followupmonitor.analysis.AnalysisDefinition> defs = List.of(org.followupmonitor.analysis
                .AnalysesLoader.loadDefault().find("recurrence-competing-by-subtype").orElseThrow());
        // As the release stage publishes it: disclosure control withholds luminal-a and what would give it away.
        AnalysisResult r = org.followupmonitor.privacy.Disclosure.release(defs, org.followupmonitor.analysis
                .BatchAnalysis.run(Path.of("examples/study-cohort.csv"), defs,
                        org.followupmonitor.events.file.RegistryImporter.Options.defaults(), 11,
                        org.followupmonitor.analysis.Monitor.NONE, n -> { }).results(), 11).get(0);
        List<String> published = r.groups().stream().filter(g -> !g.suppressed()).map(AnalysisResult.GroupResult::group)
                .toList();
        assertThat(published).contains("luminal-b").doesNotContain("luminal-a");
        queries.put(r);
        browser.get("http://127.0.0.1:" + server.port() + "/#token=t0ken");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> browser.findElements(
                By.cssSelector("#analyses li[data-name='recurrence-competing-by-subtype']")).size() == 1);
        browser.findElement(By.cssSelector("#analyses li[data-name='recurrence-competing-by-subtype']")).click();
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> browser.findElements(By.id("incidence-death")).size() == 1);
        for (String cause : List.of("recurrence", "death")) {
            WebElement figure = browser.findElement(By.id("incidence-" + cause));
            assertThat(figure.getText()).contains("Cumulative incidence of "
                    + (cause.equals("death") ? "death without recurrence" : "recurrence") + " (Aalen-Johansen; 95% CI)")
                    .contains("luminal-a: suppressed");
            List<WebElement> curves = figure.findElements(By.cssSelector("path.km-curve"));
            assertThat(curves).extracting(c -> c.getAttribute("data-group")).containsExactlyElementsOf(published);
            for (WebElement c : curves) {
                // From 0 (the bottom of the plot) upwards: the last y is above the first.
                String[] d = c.getAttribute("d").replace("M", "").split(",| ");
                double firstY = Double.parseDouble(d[1]);
                String lastV = java.util.Arrays.stream(d).filter(x -> x.startsWith("V")).reduce((a, b) -> b)
                        .orElseThrow();
                assertThat(Double.parseDouble(lastV.substring(1))).isLessThan(firstY);
            }
            List<WebElement> atRisk = figure.findElements(By.cssSelector("g.at-risk-row[data-group='luminal-b'] "
                    + "text.at-risk-cell"));
            assertThat(atRisk.get(0).getText()).isEqualTo("153");
        }
        // The 2-year incidence of death without recurrence in luminal-b, as the Markdown report has it.
        assertThat(browser.findElement(By.cssSelector("table.incidence-milestones[data-cause='death']")).getText())
                .contains("12.1% (7.9%–18.7%)");
        assertThat(browser.findElement(By.id("gray-test")).getText())
                .contains("Gray's test, recurrence: χ² = 1.54 on 4 df, p = 0.8189")
                .contains("Gray's test, death without recurrence: χ² = 4.77 on 4 df, p = 0.3113");
        Path shots = Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(shots.resolve("dashboard-competing-risks.png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void aTinyPValueReadsPLessThanNotPEqualsLessThan() {
        queries.put(Fixtures.result("os-tiny-p", 40, 1e-7, "surgery", "no-surgery"));
        browser.get("http://127.0.0.1:" + server.port() + "/#token=t0ken");
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> browser.findElements(By.cssSelector("#analyses li[data-name='os-tiny-p']")).size() == 1);
        WebElement item = browser.findElement(By.cssSelector("#analyses li[data-name='os-tiny-p']"));
        assertThat(item.getText()).contains("log-rank p < 0.0001");
        item.click();
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> browser.findElement(By.id("analysis-title")).getText().equals("os-tiny-p"));
        assertThat(browser.findElement(By.id("logrank")).getText()).contains("p < 0.0001").doesNotContain("p = <");
    }

    @Test
    void aRefusedTokenIsSaidSoAndTheRightOneIsTaken() {
        browser.get("http://127.0.0.1:" + server.port() + "/#token=wrong");
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> browser.findElement(By.id("token-error")).isDisplayed());
        assertThat(browser.findElement(By.id("token-error")).getText()).contains("not accepted");
        browser.findElement(By.id("token")).sendKeys("t0ken");
        browser.findElement(By.cssSelector("#token-form button")).click();
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> browser.findElements(By.cssSelector("path.km-curve")).size() == 2);
        assertThat(browser.findElement(By.id("token-form")).isDisplayed()).isFalse();
    }

    @Test
    void asksForTheTokenWhenNoneIsGiven() {
        browser.get("http://127.0.0.1:" + server.port() + "/");
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> browser.findElement(By.id("token-form")).isDisplayed());
        // No token was given yet: nothing was refused.
        assertThat(browser.findElement(By.id("token-error")).isDisplayed()).isFalse();
        browser.findElement(By.id("token")).sendKeys("t0ken");
        browser.findElement(By.cssSelector("#token-form button")).click();
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> browser.findElements(By.cssSelector("path.km-curve")).size() == 2);
    }
}
