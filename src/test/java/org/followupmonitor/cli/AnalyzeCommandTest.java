package org.followupmonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.followupmonitor.analysis.ResultJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import picocli.CommandLine;

/** {@code analyze} end to end, in-process, on the bundled example registry. */
class AnalyzeCommandTest {
    private static final Path EXAMPLE = Path.of("examples/study-cohort.csv");
    private static final Path GOLDEN = Path.of("src/test/resources/org/followupmonitor/cli/golden");

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /**
     * The Markdown and JSON reports of the example equal the committed golden files. After an
     * intended change, regenerate them with
     * {@code ./followup-monitor analyze --input examples/study-cohort.csv > .../golden/study-cohort.md} and
     * {@code ... --format json --analysis os-by-arm --analysis os-cox-multivariable > .../golden/study-cohort.json}
     * and review the diff.
     */
    @Test
    void markdownAndJsonReportsEqualTheGoldenFiles() throws Exception {
        Run md = run("analyze", "--input", EXAMPLE.toString());
        assertThat(md.exit).isZero();
        assertThat(md.out).isEqualTo(Files.readString(GOLDEN.resolve("study-cohort.md")));
        Run json = run("analyze", "--input", EXAMPLE.toString(), "--format", "json", "--analysis", "os-by-arm",
                "--analysis", "os-cox-multivariable");
        assertThat(json.exit).isZero();
        assertThat(json.out).isEqualTo(Files.readString(GOLDEN.resolve("study-cohort.json")));
    }

    /** The JSON shape the REST API also serves: every field name at every level is pinned. */
    @Test
    void jsonShapeIsPinned() throws Exception {
        JsonNode doc = ResultJson.mapper().readTree(run("analyze", "--input", EXAMPLE.toString(), "--format", "json",
                "--privacy-min-cell-size", "0").out);
        TreeSet<String> paths = new TreeSet<>();
        collect(doc, "", paths);
        List<String> expected = Files.readAllLines(GOLDEN.resolve("json-shape.txt"), StandardCharsets.UTF_8);
        assertThat(new ArrayList<>(paths)).containsExactlyElementsOf(expected);
        JsonNode first = doc.get("analyses").get(0);
        assertThat(first.get("formatVersion").asInt()).isEqualTo(2);
        assertThat(first.get("groups").get(0).get("curve").get(0).has("stdErr")).isTrue();
    }

    private static void collect(JsonNode node, String path, TreeSet<String> out) {
        if (node.isObject()) {
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String n = names.next();
                out.add(path + "." + n);
                collect(node.get(n), path + "." + n, out);
            }
        } else if (node.isArray()) {
            node.forEach(e -> collect(e, path + "[]", out));
        }
    }

    /**
     * analyze reports the alerts its results raise or hold, as the streaming app has them once the same events are
     * in: the JSON's alerts are the rules evaluated on the JSON's results, and the Markdown lists them per analysis.
     */
    @Test
    void reportsTheAlertsTheResultsRaise() throws Exception {
        JsonNode doc = ResultJson.mapper().readTree(run("analyze", "--input", EXAMPLE.toString(), "--format", "json",
                "--analysis", "os-by-arm").out);
        org.followupmonitor.analysis.AnalysisResult result = ResultJson.mapper().treeToValue(
                doc.get("analyses").get(0), org.followupmonitor.analysis.AnalysisResult.class);
        var expected = new org.followupmonitor.alerts.AlertEvaluator(new org.followupmonitor.analysis.Privacy(11))
                .evaluate(org.followupmonitor.analysis.AnalysesLoader.loadDefault().find("os-by-arm").orElseThrow(),
                        result, org.followupmonitor.alerts.AlertState.EMPTY).alerts();
        assertThat(expected).isNotEmpty();
        assertThat(doc.get("alerts")).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(doc.get("alerts").get(i).get("rule").asText()).isEqualTo(expected.get(i).rule());
            assertThat(doc.get("alerts").get(i).get("state").asText()).isEqualTo(expected.get(i).state());
            assertThat(doc.get("alerts").get(i).get("message").asText()).isEqualTo(expected.get(i).message());
        }
        // The information fraction is never above 100%, and the looks are in the result.
        JsonNode monitoring = doc.get("analyses").get(0).get("monitoring");
        assertThat(monitoring.get("informationFraction").asDouble()).isLessThanOrEqualTo(1.0);
        assertThat(monitoring.get("looks")).isNotEmpty();
        Run md = run("analyze", "--input", EXAMPLE.toString(), "--analysis", "os-by-arm");
        assertThat(md.out).contains("Alerts:").contains("**" + expected.get(0).state() + "** " + expected.get(0).rule())
                .contains("| look | data cut |");
    }

    @Test
    void smallCellsAreSuppressedVisiblyInEveryFormat() throws Exception {
        Run json = run("analyze", "--input", EXAMPLE.toString(), "--format", "json",
                "--analysis", "os-by-arm-luminal-a", "--analysis", "os-cox-subtype");
        JsonNode luminalA = ResultJson.mapper().readTree(json.out).get("analyses").get(0);
        assertThat(luminalA.get("suppressed").asBoolean()).isTrue();
        assertThat(luminalA.get("subjects").isNull()).isTrue();
        luminalA.get("groups").forEach(g -> {
            assertThat(g.get("suppressed").asBoolean()).isTrue();
            assertThat(g.get("curve")).isEmpty();
        });
        JsonNode term = ResultJson.mapper().readTree(json.out).get("analyses").get(1).get("cox").get("terms").get(0);
        assertThat(term.get("level").asText()).isEqualTo("luminal-a");
        assertThat(term.get("suppressed").asBoolean()).isTrue();
        assertThat(term.get("hazardRatio").isNull()).isTrue();

        Run md = run("analyze", "--input", EXAMPLE.toString(), "--analysis", "os-by-arm-luminal-a");
        assertThat(md.out).contains("*suppressed*");
        Run off = run("analyze", "--input", EXAMPLE.toString(), "--format", "json", "--analysis",
                "os-by-arm-luminal-a", "--privacy-min-cell-size", "0");
        assertThat(ResultJson.mapper().readTree(off.out).get("analyses").get(0).get("subjects").asInt()).isEqualTo(5);
    }

    @Test
    void figuresAreValidSvgAndPngWithOneCurveAndOneAtRiskRowPerGroup() throws Exception {
        Path out = tmp.resolve("report");
        Run run = run("analyze", "--input", EXAMPLE.toString(), "--analysis", "os-by-arm", "--out", out.toString());
        assertThat(run.exit).as(run.err).isZero();
        assertThat(out.resolve("report.md")).content().contains("![os-by-arm](figures/os-by-arm.svg)");
        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(out.resolve("figures/os-by-arm.svg").toFile());
        assertThat(byClass(svg, "km-curve")).isEqualTo(2);
        assertThat(byClass(svg, "at-risk-row")).isEqualTo(2);
        BufferedImage png = ImageIO.read(out.resolve("figures/os-by-arm.png").toFile());
        assertThat(png.getWidth()).isPositive();
    }

    @Test
    void htmlReportIsOneOfflineFileWithInlineFigures() throws Exception {
        Path out = tmp.resolve("html");
        assertThat(run("analyze", "--input", EXAMPLE.toString(), "--format", "html", "--out", out.toString()).exit)
                .isZero();
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).startsWith("<!doctype html>").contains("<svg").contains("<table>")
                .doesNotContain("<script").doesNotContain("src=\"http").doesNotContain("href=\"http")
                .doesNotContain("@import");
    }

    @Test
    void clearErrorsForMissingFileBadConfigAndUnknownAnalysis() throws Exception {
        Run missing = run("analyze", "--input", tmp.resolve("nope.csv").toString());
        assertThat(missing.exit).isEqualTo(2);
        assertThat(missing.err).contains("no such file").contains("nope.csv");

        Path bad = Files.writeString(tmp.resolve("bad.yaml"), "analyses:\n  - name: x\n    endpoint: overall-survival\n"
                + "    origin: surgey\n");
        Run config = run("analyze", "--input", EXAMPLE.toString(), "--config", bad.toString());
        assertThat(config.exit).isEqualTo(2);
        assertThat(config.err).contains("origin").contains("surgey");

        Run unknown = run("analyze", "--input", EXAMPLE.toString(), "--analysis", "os-by-nothing");
        assertThat(unknown.exit).isEqualTo(2);
        assertThat(unknown.err).contains("unknown analysis 'os-by-nothing'").contains("os-by-arm");
    }

    @Test
    void noPatientIdentifierInAnyOutput() {
        for (String format : List.of("markdown", "json", "html")) {
            Run r = run("analyze", "--input", EXAMPLE.toString(), "--format", format);
            assertThat(r.out + r.err).doesNotContain("SYN-");
        }
    }

    private static int byClass(Document doc, String cls) {
        NodeList all = doc.getElementsByTagName("*");
        int n = 0;
        for (int i = 0; i < all.getLength(); i++) {
            String c = ((Element) all.item(i)).getAttribute("class");
            if (List.of(c.split("\\s+")).contains(cls)) {
                n++;
            }
        }
        return n;
    }
}
