package org.followupmonitor.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.followupmonitor.synthetic.CohortCsv;
import org.followupmonitor.synthetic.TestKaplanMeier;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * Renders the bundled example cohort's overall survival by arm (and by subtype, with the
 * luminal A cell suppressed) into target/km-example/ for a person to look at, using the test-only
 * Kaplan-Meier. The at-risk numbers in the figure are checked against R's n.risk
 * ({@code summary(survfit(Surv(time, dead) ~ arm), times = c(365, 730, 1826))}, R 4.2.2 / survival 3.5.3,
 * printed in src/test/resources/org/followupmonitor/synthetic/r/study-cohort-shape.out).
 */
class KmExampleFigureTest {
    private static final Path OUT = Path.of("target/km-example");

    static KmSeries series(String label, List<Map<String, String>> rows, int[] ticks, int minCell) {
        if (rows.size() < minCell) {
            return KmSeries.suppressed(label);
        }
        double[] t = rows.stream().mapToDouble(CohortCsv::time).toArray();
        boolean[] e = new boolean[rows.size()];
        for (int i = 0; i < e.length; i++) {
            e[i] = CohortCsv.dead(rows.get(i));
        }
        TestKaplanMeier km = new TestKaplanMeier(t, e);
        int[] atRisk = new int[ticks.length];
        for (int i = 0; i < ticks.length; i++) {
            atRisk[i] = km.atRisk(ticks[i]);
        }
        return new KmSeries(label, km.times, km.survival, km.lower, km.upper, km.censorTimes, atRisk, false);
    }

    static List<Map<String, String>> where(CohortCsv c, Predicate<Map<String, String>> p) {
        return c.rows.stream().filter(p).toList();
    }

    @Test
    void rendersTheExampleCohortByArmWithRsNumbersAtRisk() throws Exception {
        System.setProperty("java.awt.headless", "true");
        CohortCsv c = new CohortCsv(Files.readString(Path.of("examples/study-cohort.csv"), StandardCharsets.UTF_8));
        int[] ticks = KmPlotSpec.yearlyTicks(5);
        KmSeries surgery = series("Surgery", where(c, CohortCsv::operated), ticks, 11);
        KmSeries none = series("No surgery", where(c, r -> !CohortCsv.operated(r)), ticks, 11);
        KmPlotSpec spec = new KmPlotSpec("Overall survival after systemic disease control",
                "Years since surgery (operated) or systemic control", "Overall survival", List.of(surgery, none),
                ticks, TimeScale.YEARS, 960, 680, 11);
        Files.createDirectories(OUT);
        KmPngRenderer.write(spec, OUT.resolve("os-by-arm.png"));
        KmSvgRenderer.write(spec, OUT.resolve("os-by-arm.svg"));

        Document d = KmSvgRendererTest.parse(Files.readString(OUT.resolve("os-by-arm.svg")));
        // R: n.risk at 365, 730, 1826 = 188, 158, 88 (surgery) and 124, 106, 70 (no surgery)
        List<String> s = KmSvgRendererTest.texts(d,
                "//g[@class='at-risk-row' and @data-series='Surgery']/text[@class='at-risk-count']");
        List<String> n = KmSvgRendererTest.texts(d,
                "//g[@class='at-risk-row' and @data-series='No surgery']/text[@class='at-risk-count']");
        assertThat(List.of(s.get(0), s.get(1), s.get(2), s.get(5))).containsExactly("237", "188", "158", "88");
        assertThat(List.of(n.get(0), n.get(1), n.get(2), n.get(5))).containsExactly("184", "124", "106", "70");
    }

    @Test
    void rendersTheExampleCohortBySubtypeSuppressingSmallCells() throws Exception {
        System.setProperty("java.awt.headless", "true");
        CohortCsv c = new CohortCsv(Files.readString(Path.of("examples/study-cohort.csv"), StandardCharsets.UTF_8));
        int[] ticks = KmPlotSpec.yearlyTicks(5);
        List<KmSeries> series = new ArrayList<>();
        for (String st : List.of("luminal-a", "luminal-b", "luminal-b-her2", "her2-enriched", "triple-negative")) {
            series.add(series(st, where(c, r -> CohortCsv.subtype(r).equals(st)), ticks, 11));
        }
        KmPlotSpec spec = new KmPlotSpec("Overall survival by luminal subtype", "Years since index date",
                "Overall survival", series, ticks, TimeScale.YEARS, 960, 760, 11);
        KmPngRenderer.write(spec, OUT.resolve("os-by-subtype.png"));
        String svg = KmSvgRenderer.render(spec);
        Files.writeString(OUT.resolve("os-by-subtype.svg"), svg);
        Document d = KmSvgRendererTest.parse(svg);
        assertThat(series.get(0).suppressed()).isTrue(); // 5 luminal A patients < 11
        assertThat(KmSvgRendererTest.nodes(d, "//path[@class='km-curve']").getLength()).isEqualTo(4);
        assertThat(KmSvgRendererTest.nodes(d, "//g[@class='at-risk-row']").getLength()).isEqualTo(5);
    }
}
