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
        // Withheld as a whole: no group is listed (each listed group would say "at least one patient").
        assertThat(luminalA.get("groups")).isEmpty();
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

    /**
     * Issue 12: a Cox analysis whose filter matches nobody, privacy off: a well-formed empty result in every format,
     * no stack trace. (A file with only its header is refused before any analysis: "no patients", issue 15.)
     */
    @Test
    void aCohortMatchingNobodyGivesWellFormedEmptyResultsInEveryFormat() throws Exception {
        Path config = Files.writeString(tmp.resolve("nobody.yaml"), String.join("\n",
                "analyses:",
                "  - name: os-cox-nobody",
                "    endpoint: overall-survival",
                "    origin: index",
                "    groupBy: arm",
                "    filter: {site: nowhere}",
                "    cox: {covariates: [grade, t-stage]}",
                ""));
        Run json = run("analyze", "--input", EXAMPLE.toString(), "--config", config.toString(), "--format", "json",
                "--privacy-min-cell-size", "0");
        assertThat(json.exit).as(json.err).isZero();
        assertThat(json.err).doesNotContain("Exception").doesNotContain("\tat ");
        JsonNode only = ResultJson.mapper().readTree(json.out).get("analyses").get(0);
        assertThat(only.get("subjects").asInt()).isZero();
        JsonNode cox = only.get("cox");
        assertThat(cox.get("n").asInt()).isZero();
        assertThat(cox.get("events").asInt()).isZero();
        assertThat(cox.get("terms")).isEmpty();
        assertThat(cox.get("likelihoodRatio").isNull()).isTrue();
        assertThat(cox.get("warnings").get(0).asText()).contains("no subjects");
        for (String format : List.of("markdown", "html")) {
            Run r = run("analyze", "--input", EXAMPLE.toString(), "--config", config.toString(), "--format", format,
                    "--privacy-min-cell-size", "0", "--out", tmp.resolve(format).toString());
            assertThat(r.exit).as(format + ": " + r.err).isZero();
            assertThat(r.err).doesNotContain("Exception");
        }
        assertThat(tmp.resolve("markdown/report.md")).content().contains("n = 0, events = 0) — not fitted");

        Path header = Files.writeString(tmp.resolve("header-only.csv"),
                Files.readAllLines(EXAMPLE, StandardCharsets.UTF_8).get(0) + "\n");
        Run empty = run("analyze", "--input", header.toString(), "--format", "json", "--privacy-min-cell-size", "0");
        assertThat(empty.exit).isEqualTo(2);
        assertThat(empty.err.strip()).contains("no patients").doesNotContain("Exception");
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
        assertThat(missing.err).contains("file not found").contains("nope.csv");

        Path bad = Files.writeString(tmp.resolve("bad.yaml"), "analyses:\n  - name: x\n    endpoint: overall-survival\n"
                + "    origin: surgey\n");
        Run config = run("analyze", "--input", EXAMPLE.toString(), "--config", bad.toString());
        assertThat(config.exit).isEqualTo(2);
        assertThat(config.err).contains("origin").contains("surgey");

        Run unknown = run("analyze", "--input", EXAMPLE.toString(), "--analysis", "os-by-nothing");
        assertThat(unknown.exit).isEqualTo(2);
        assertThat(unknown.err).contains("unknown analysis 'os-by-nothing'").contains("os-by-arm");
    }

    /**
     * Issue 15: a last contact in 2099 moved the analysis clock to 2099 and drew a curve to 32,210 days; a surgery
     * in 2030 added a subject censored at time 0. Dates after the as-of date flag the patient instead.
     */
    @Test
    void datesAfterTheAsOfDateFlagThePatientAndMoveNoClock() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(EXAMPLE));
        String[] alive = lines.get(2).split(",", -1); // SYN-000002: alive at its last contact, never operated
        alive[0] = "LATE-1";
        alive[27] = "2099-01-01";
        lines.add(String.join(",", alive));
        String[] operated = lines.get(2).split(",", -1);
        operated[0] = "LATE-2";
        operated[16] = "2030-05-01";
        lines.add(String.join(",", operated));
        Path file = Files.write(tmp.resolve("late.csv"), lines);

        Run before = run("analyze", "--input", EXAMPLE.toString(), "--format", "json", "--analysis", "os-by-arm",
                "--privacy-min-cell-size", "0", "--as-of", "2024-06-30");
        Run late = run("analyze", "--input", file.toString(), "--format", "json", "--analysis", "os-by-arm",
                "--privacy-min-cell-size", "0", "--as-of", "2024-06-30");
        assertThat(late.exit).as(late.err).isZero();
        JsonNode was = ResultJson.mapper().readTree(before.out).get("analyses").get(0);
        JsonNode is = ResultJson.mapper().readTree(late.out).get("analyses").get(0);
        assertThat(is.get("asOf").asText()).isEqualTo(was.get("asOf").asText()).startsWith("202");
        assertThat(is.get("subjects").asInt()).isEqualTo(was.get("subjects").asInt());
        assertThat(is.get("excluded").get("DATE_AFTER_AS_OF").asInt()).isEqualTo(2);
        assertThat(is.get("groups")).isEqualTo(was.get("groups"));
        assertThat(late.err).contains("analyze: 2 line(s) with a date after the as-of date 2024-06-30")
                .doesNotContain("LATE-");

        Run validate = run("validate", "--input", file.toString(), "--as-of", "2024-06-30");
        assertThat(validate.exit).isZero();
        assertThat(validate.out).contains("Lines with a date after the as-of date 2024-06-30 (their patients are "
                        + "flagged DATE_AFTER_AS_OF): 2")
                .contains(file + ":423: last_contact_date: 2099-01-01 is after the as-of date 2024-06-30")
                .contains(file + ":424: surgery_date: 2030-05-01 is after the as-of date 2024-06-30")
                .containsPattern("os-by-arm\\s+subjects\\s+\\d+, excluded\\s+\\d+\\n(.*\\n)*?\\s+DATE_AFTER_AS_OF\\s+2\\n")
                .doesNotContain("LATE-");
    }

    @Test
    void aPatientOnTwoRowsIsReportedWithBothLinesAndAnotherEncodingIsRead() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(EXAMPLE));
        lines.add(lines.get(5)); // line 423 repeats line 6's patient
        lines.add(lines.get(1).replace(",LNH,", ",Zürich,").replace("SYN-000001", "SYN-900001"));
        Path file = tmp.resolve("latin1.csv");
        Files.write(file, lines, java.nio.charset.StandardCharsets.ISO_8859_1);
        Run utf8 = run("validate", "--input", file.toString());
        assertThat(utf8.exit).isEqualTo(2);
        assertThat(utf8.err).contains(file + ":424: byte 0xFC").contains("--encoding ISO-8859-1");
        Run latin1 = run("validate", "--input", file.toString(), "--encoding", "ISO-8859-1");
        assertThat(latin1.exit).as(latin1.err).isZero();
        assertThat(latin1.out).contains("Patients: 422 (erased: 0)")
                .contains("Rows repeating a patient of an earlier row (merged into one patient): 1")
                .contains(file + ":423: patient_id: the same patient as line 6; the rows are merged into one patient")
                .doesNotContain("SYN-");
        Run analyze = run("analyze", "--input", file.toString(), "--encoding", "latin1", "--format", "json",
                "--analysis", "os-by-arm");
        assertThat(analyze.exit).as(analyze.err).isZero();
        assertThat(analyze.err).contains("analyze: 1 row(s) repeat a patient of an earlier row and are merged with it");
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
