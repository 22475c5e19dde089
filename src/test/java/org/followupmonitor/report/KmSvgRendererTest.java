package org.followupmonitor.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class KmSvgRendererTest {

    static final int[] TICKS = KmPlotSpec.yearlyTicks(5);

    /** Two drawn groups and one small cell. */
    static KmPlotSpec sample() {
        KmSeries surgery = new KmSeries("Surgery", new double[] {40, 200, 400, 900},
                new double[] {0.95, 0.9, 0.86, 0.8}, new double[] {0.9, 0.84, 0.8, 0.72},
                new double[] {0.99, 0.95, 0.92, 0.88}, new double[] {100, 500, 500, 1200, 1700, 2500},
                new int[] {237, 190, 160, 130, 100, 88}, false);
        KmSeries none = new KmSeries("No surgery", new double[] {30, 100, 365, 700},
                new double[] {0.9, 0.8, 0.76, 0.74}, new double[] {0.85, 0.74, 0.69, 0.66},
                new double[] {0.95, 0.86, 0.82, 0.8}, new double[] {50, 800, 1500},
                new int[] {184, 124, 106, 90, 80, 69}, false);
        return KmPlotSpec.of("Overall survival by arm", List.of(surgery, none, KmSeries.suppressed("Luminal A")),
                TICKS, TimeScale.YEARS);
    }

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    static NodeList nodes(Document d, String xpath) throws Exception {
        XPath x = XPathFactory.newInstance().newXPath();
        return (NodeList) x.evaluate(xpath, d, XPathConstants.NODESET);
    }

    @Test
    void isWellFormedXmlWithOneCurvePerDrawnSeriesAndOneAtRiskRowPerSeries() throws Exception {
        Document d = parse(KmSvgRenderer.render(sample()));
        assertThat(d.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(d.getDocumentElement().getAttribute("width")).isEqualTo("960");
        assertThat(nodes(d, "//path[@class='km-curve']").getLength()).isEqualTo(2);
        assertThat(nodes(d, "//g[@class='km-series' and @data-series='Surgery']/path[@class='km-curve']")
                .getLength()).isEqualTo(1);
        assertThat(nodes(d, "//g[@class='at-risk-row']").getLength()).isEqualTo(3);
        assertThat(texts(d, "//g[@class='at-risk-row' and @data-series='Surgery']/text[@class='at-risk-count']"))
                .containsExactly("237", "190", "160", "130", "100", "88");
        assertThat(texts(d, "//g[@class='at-risk-row' and @data-series='No surgery']/text[@class='at-risk-count']"))
                .containsExactly("184", "124", "106", "90", "80", "69");
        assertThat(texts(d, "//g[@class='at-risk-row']/text[@class='at-risk-label']"))
                .containsExactly("Surgery", "No surgery", "Luminal A");
        assertThat(texts(d, "//text[@class='x-tick-label']")).containsExactly("0", "1", "2", "3", "4", "5");
    }

    @Test
    void atRiskNumbersSitExactlyUnderTheTicks() throws Exception {
        Document d = parse(KmSvgRenderer.render(sample()));
        List<String> tickX = attrs(d, "//line[@class='x-tick']", "x1");
        assertThat(tickX).hasSize(TICKS.length);
        assertThat(attrs(d, "//text[@class='x-tick-label']", "x")).isEqualTo(tickX);
        for (String series : List.of("Surgery", "No surgery")) {
            assertThat(attrs(d, "//g[@class='at-risk-row' and @data-series='" + series
                    + "']/text[@class='at-risk-count']", "x")).isEqualTo(tickX);
        }
        // ticks are placed linearly in time: x_i - x_0 proportional to t_i
        double x0 = Double.parseDouble(tickX.get(0));
        double span = Double.parseDouble(tickX.get(tickX.size() - 1)) - x0;
        for (int i = 0; i < TICKS.length; i++) {
            assertThat((Double.parseDouble(tickX.get(i)) - x0) / span)
                    .isCloseTo((double) TICKS[i] / TICKS[TICKS.length - 1], within(0.001));
        }
    }

    @Test
    void censorMarksOnePerCensoredSubjectWithinTheAxis() throws Exception {
        Document d = parse(KmSvgRenderer.render(sample()));
        // Surgery: 6 censor times, one (2500 d) beyond the 1826-day axis
        assertThat(nodes(d, "//g[@class='km-censor' and @data-series='Surgery']/path[@class='censor-mark']")
                .getLength()).isEqualTo(5);
        assertThat(nodes(d, "//g[@class='km-censor' and @data-series='No surgery']/path[@class='censor-mark']")
                .getLength()).isEqualTo(3);
    }

    @Test
    void censorMarksSitOnTheCurve() throws Exception {
        KmPlotSpec spec = sample();
        Document d = parse(KmSvgRenderer.render(spec));
        KmLayout l = new KmLayout(spec);
        KmSeries none = spec.series().get(1);
        List<String> marks = attrs(d, "//g[@class='km-censor' and @data-series='No surgery']/path", "d");
        double[] censor = none.censorTimes();
        for (int i = 0; i < censor.length; i++) {
            Matcher m = Pattern.compile("M([-0-9.]+) ([-0-9.]+)H").matcher(marks.get(i));
            assertThat(m.find()).isTrue();
            double y = Double.parseDouble(m.group(2));
            assertThat(y).isCloseTo(l.y(none.survivalAt(censor[i])), within(0.006));
        }
    }

    @Test
    void suppressedSeriesIsDrawnNowhereAndSaysSo() throws Exception {
        String svg = KmSvgRenderer.render(sample());
        Document d = parse(svg);
        assertThat(nodes(d, "//g[@data-series='Luminal A' and @class!='at-risk-row']").getLength()).isZero();
        assertThat(svg).doesNotContain(KmPalette.hex(2)); // the third colour belongs to the suppressed series
        assertThat(texts(d, "//g[@class='at-risk-row' and @data-series='Luminal A']/text[@class='at-risk-suppressed']"))
                .containsExactly("suppressed (n < 11)");
        assertThat(nodes(d, "//g[@class='at-risk-row' and @data-series='Luminal A']/text[@class='at-risk-count']")
                .getLength()).isZero();
        assertThat(texts(d, "//text[contains(@class,'legend-label')]"))
                .containsExactly("Surgery", "No surgery", "Luminal A: suppressed (n < 11)");
        assertThat(svg).contains(KmPalette.hex(0)).contains(KmPalette.hex(1));
    }

    @Test
    void escapesMarkupInLabels() throws Exception {
        KmSeries s = new KmSeries("ER<0 & \"PR\"", new double[] {10}, new double[] {0.5}, new double[0],
                new double[0], new double[0], new int[] {2, 1}, false);
        String svg = KmSvgRenderer.render(KmPlotSpec.of("A & B <test>", List.of(s), new int[] {0, 20},
                TimeScale.DAYS));
        Document d = parse(svg);
        assertThat(texts(d, "//text[@class='title']")).containsExactly("A & B <test>");
        assertThat(texts(d, "//text[@class='at-risk-label']")).containsExactly("ER<0 & \"PR\"");
        assertThat(nodes(d, "//path[@class='km-ci']").getLength()).isZero(); // no limits given, no band
    }

    @Test
    void sameSpecGivesIdenticalOutput() {
        assertThat(KmSvgRenderer.render(sample())).isEqualTo(KmSvgRenderer.render(sample()));
    }

    @Test
    void bandBreaksWhereALimitIsUndefined() throws Exception {
        KmSeries s = new KmSeries("G", new double[] {10, 20, 30, 40}, new double[] {0.8, 0.6, 0.3, 0.0},
                new double[] {0.6, 0.4, 0.1, Double.NaN}, new double[] {0.95, 0.8, 0.6, Double.NaN},
                new double[0], new int[] {5, 0}, false);
        Document d = parse(KmSvgRenderer.render(KmPlotSpec.of("", List.of(s), new int[] {0, 60},
                TimeScale.DAYS)));
        assertThat(nodes(d, "//path[@class='km-ci']").getLength()).isEqualTo(1);
        String band = attrs(d, "//path[@class='km-ci']", "d").get(0);
        assertThat(band).doesNotContain("NaN");
        assertThat(band.split("L").length).isEqualTo(12); // 3 intervals × 2 points × 2 edges
    }

    /** The drawn curve is a staircase: each segment is horizontal or vertical, moving right and down. */
    @Property(tries = 60)
    void curveIsARightContinuousStaircaseFromOne(@ForAll @IntRange(min = 0, max = 40) int steps,
                                                 @ForAll @LongRange(min = 0, max = 1_000_000) long seed)
            throws Exception {
        System.out.println("seed " + seed + " steps " + steps);
        java.util.Random r = new java.util.Random(seed);
        double[] t = new double[steps];
        double[] s = new double[steps];
        double time = 0;
        double surv = 1;
        for (int i = 0; i < steps; i++) {
            time += 1 + r.nextInt(100);
            surv *= 0.6 + 0.4 * r.nextDouble();
            t[i] = time;
            s[i] = surv;
        }
        int last = (int) Math.max(100, time);
        KmSeries k = new KmSeries("G", t, s, new double[0], new double[0], new double[] {time + 5},
                new int[] {steps, 0}, false);
        KmPlotSpec spec = KmPlotSpec.of("", List.of(k), new int[] {0, last + 10}, TimeScale.DAYS);
        Document d = parse(KmSvgRenderer.render(spec));
        double[] xy = points(attrs(d, "//path[@class='km-curve']", "d").get(0));
        KmLayout l = new KmLayout(spec);
        assertThat(xy[0]).isCloseTo(l.x(0), within(0.006));
        assertThat(xy[1]).isCloseTo(l.y(1), within(0.006));
        for (int i = 2; i < xy.length; i += 2) {
            boolean horizontal = Math.abs(xy[i + 1] - xy[i - 1]) < 1e-9;
            boolean vertical = Math.abs(xy[i] - xy[i - 2]) < 1e-9;
            assertThat(horizontal || vertical).as("segment %d", i / 2).isTrue();
            assertThat(xy[i]).isGreaterThanOrEqualTo(xy[i - 2]);
            assertThat(xy[i + 1]).isGreaterThanOrEqualTo(xy[i - 1]);
        }
        assertThat(xy[xy.length - 1]).isCloseTo(l.y(steps == 0 ? 1 : s[steps - 1]), within(0.006));
    }

    @Test
    void rejectsInvalidInputSayingWhatIsWrong() {
        assertThatThrownBy(() -> new KmSeries("G", new double[] {1, 2}, new double[] {0.5, 0.7}, new double[0],
                new double[0], new double[0], new int[0], false)).hasMessageContaining("never increase");
        assertThatThrownBy(() -> new KmSeries("G", new double[] {2, 1}, new double[] {0.5, 0.4}, new double[0],
                new double[0], new double[0], new int[0], false)).hasMessageContaining("strictly increasing");
        assertThatThrownBy(() -> new KmSeries("G", new double[] {1}, new double[] {0.5}, new double[0],
                new double[0], new double[] {3}, new int[0], true)).hasMessageContaining("must not carry data");
        assertThatThrownBy(() -> new KmSeries("G", new double[] {1}, new double[] {0.5}, new double[] {0.6},
                new double[] {0.4}, new double[0], new int[0], false)).hasMessageContaining("lower <= upper");
        KmSeries ok = new KmSeries("G", new double[] {1}, new double[] {0.5}, new double[0], new double[0],
                new double[0], new int[] {3, 1}, false);
        assertThatThrownBy(() -> KmPlotSpec.of("", List.of(ok), new int[] {0, 10, 20}, TimeScale.DAYS))
                .hasMessageContaining("3 at-risk times");
        assertThatThrownBy(() -> KmPlotSpec.of("", List.of(ok), new int[] {5, 10}, TimeScale.DAYS))
                .hasMessageContaining("start at 0");
        assertThatThrownBy(() -> KmPlotSpec.of("", List.of(), new int[] {0, 10}, TimeScale.DAYS))
                .hasMessageContaining("1 to 8 series");
    }

    @Test
    void yearlyTicksAreTheStudyMilestonesAndLabelAsWholeYears() {
        assertThat(KmPlotSpec.yearlyTicks(5)).containsExactly(0, 365, 730, 1096, 1461, 1826);
        assertThat(Arrays.stream(KmPlotSpec.yearlyTicks(5)).mapToObj(TimeScale.YEARS::label))
                .containsExactly("0", "1", "2", "3", "4", "5");
        assertThat(TimeScale.MONTHS.label(365)).isEqualTo("12");
        assertThat(TimeScale.DAYS.label(1826)).isEqualTo("1826");
        assertThat(TimeScale.YEARS.label(180)).isEqualTo("0.5");
    }

    static List<String> texts(Document d, String xpath) throws Exception {
        NodeList n = nodes(d, xpath);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.getLength(); i++) {
            out.add(n.item(i).getTextContent());
        }
        return out;
    }

    static List<String> attrs(Document d, String xpath, String attr) throws Exception {
        NodeList n = nodes(d, xpath);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.getLength(); i++) {
            out.add(((Element) n.item(i)).getAttribute(attr));
        }
        return out;
    }

    static double[] points(String d) {
        Matcher m = Pattern.compile("[ML]([-0-9.]+) ([-0-9.]+)").matcher(d);
        List<Double> v = new ArrayList<>();
        while (m.find()) {
            v.add(Double.parseDouble(m.group(1)));
            v.add(Double.parseDouble(m.group(2)));
        }
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
