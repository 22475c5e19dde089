package org.followupmonitor.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.BatchAnalysis;
import org.followupmonitor.analysis.Monitor;
import org.followupmonitor.events.file.RegistryImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * The cumulative-incidence figures of the bundled competing-risks analyses on the example registry: one per cause,
 * rising staircases from 0 with their bands, censor marks only where patients left event-free, the number still
 * event-free and at risk under the ticks, suppressed groups drawn nowhere.
 */
class IncidenceFigureTest {
    private static Map<String, AnalysisResult> results;

    @BeforeAll
    static void run() throws Exception {
        System.setProperty("java.awt.headless", "true");
        var bundled = AnalysesLoader.loadDefault();
        results = new java.util.HashMap<>();
        List<org.followupmonitor.analysis.AnalysisDefinition> defs = List.of(
                bundled.find("recurrence-competing-by-arm").orElseThrow(),
                bundled.find("recurrence-competing-by-subtype").orElseThrow(), bundled.find("os-by-arm").orElseThrow());
        List<AnalysisResult> full = BatchAnalysis.run(Path.of("examples/study-cohort.csv"), defs,
                RegistryImporter.Options.defaults(), 11, Monitor.NONE, n -> { }).results();
        // As published: disclosure control over the analyses together.
        org.followupmonitor.privacy.Disclosure.release(defs, full, 11).forEach(r -> results.put(r.name(), r));
    }

    @Test
    void oneRisingFigurePerCauseWithTheAtRiskTable() throws Exception {
        AnalysisResult r = results.get("recurrence-competing-by-arm");
        Map<String, KmPlotSpec> specs = FigureAdapter.incidenceSpecs(r, 11);
        assertThat(specs.keySet()).containsExactly("recurrence", "death");
        for (Map.Entry<String, KmPlotSpec> e : specs.entrySet()) {
            KmPlotSpec spec = e.getValue();
            Document d = KmSvgRendererTest.parse(KmSvgRenderer.render(spec));
            KmLayout l = new KmLayout(spec);
            for (int g = 0; g < 2; g++) {
                AnalysisResult.GroupResult group = r.groups().get(g);
                KmSeries s = spec.series().get(g);
                assertThat(s.rising()).isTrue();
                assertThat(s.survivalAt(0)).isZero();
                AnalysisResult.CumulativeIncidence ci = group.cumulativeIncidence().stream()
                        .filter(c -> c.cause().equals(e.getKey())).findFirst().orElseThrow();
                // The curve ends at the group's last incidence; one step per time with events of the cause.
                assertThat(s.stepTimes()).hasSize((int) ci.curve().stream().filter(p -> p.events() > 0).count());
                assertThat(s.survivalAt(1e9)).isCloseTo(ci.curve().get(ci.curve().size() - 1).incidence(),
                        within(1e-15));
                // Censor marks: the subjects who left event-free, neither recurrence nor death.
                int deaths = group.cumulativeIncidence().get(1).events();
                int censoredKm = group.curve().stream().mapToInt(AnalysisResult.CurvePoint::censored).sum();
                assertThat(s.censorTimes()).hasSize(censoredKm - deaths);
                // At risk at 0 and 1 year: the group's n and its milestone number at risk.
                assertThat(s.atRisk()[0]).isEqualTo(group.n());
                assertThat(s.atRisk()[1]).isEqualTo(ci.milestones().get(0).atRisk());
                String series = group.group();
                double[] xy = KmSvgRendererTest.points(KmSvgRendererTest.attrs(d,
                        "//g[@class='km-series' and @data-series='" + series + "']/path[@class='km-curve']", "d")
                        .get(0));
                assertThat(xy[1]).isCloseTo(l.y(0), within(0.006));
                for (int i = 2; i < xy.length; i += 2) {
                    // SVG y grows downwards: a rising incidence never moves down the page.
                    assertThat(xy[i]).isGreaterThanOrEqualTo(xy[i - 2]);
                    assertThat(xy[i + 1]).isLessThanOrEqualTo(xy[i - 1] + 1e-9);
                }
            }
            assertThat(KmSvgRendererTest.texts(d, "//g[@class='at-risk-row' and @data-series='surgery']"
                    + "/text[@class='at-risk-count']").get(0)).isEqualTo("237");
        }
    }

    @Test
    void suppressedGroupsAreDrawnNowhereAndOtherEndpointsHaveNoIncidenceFigure() throws Exception {
        Map<String, KmPlotSpec> specs = FigureAdapter.incidenceSpecs(results.get("recurrence-competing-by-subtype"), 11);
        assertThat(specs).hasSize(2);
        AnalysisResult bySubtype = results.get("recurrence-competing-by-subtype");
        long published = bySubtype.groups().stream().filter(g -> !g.suppressed()).count();
        for (KmPlotSpec spec : specs.values()) {
            assertThat(spec.series().get(0).suppressed()).isTrue(); // luminal-a: 5 patients
            Document d = KmSvgRendererTest.parse(KmSvgRenderer.render(spec));
            assertThat(published).isGreaterThanOrEqualTo(3);
            assertThat(KmSvgRendererTest.nodes(d, "//path[@class='km-curve']").getLength()).isEqualTo((int) published);
            assertThat(KmPngRenderer.render(spec)).isNotEmpty();
        }
        assertThat(FigureAdapter.incidenceSpecs(results.get("os-by-arm"), 11)).isEmpty();
    }
}
