package org.followupmonitor.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.followupmonitor.alerts.Alert;
import org.followupmonitor.alerts.AlertEvaluator;
import org.followupmonitor.alerts.AlertState;
import org.followupmonitor.analysis.AnalysesConfig;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.BatchAnalysis;
import org.followupmonitor.analysis.Privacy;
import org.followupmonitor.analysis.ResultJson;
import org.followupmonitor.events.file.ImportSummary;
import org.followupmonitor.privacy.Disclosure;
import org.followupmonitor.report.FigureAdapter;
import org.followupmonitor.report.HtmlReport;
import org.followupmonitor.report.KmFigures;
import org.followupmonitor.report.KmPlotSpec;
import org.followupmonitor.report.KmSvgRenderer;
import org.followupmonitor.report.MarkdownReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code analyze}: the batch face of the engine — the study's tables and figures from a registry file. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        header = "the study's tables and figures from a registry file, in batch",
        description = "Analyses a registry file (CSV or JSON Lines) in batch: Table 1, survival at milestones, "
                + "log-rank, Cox and Kaplan-Meier figures, as Markdown, JSON or one offline HTML file.")
public final class AnalyzeCommand extends CliCommand {
    enum Format { markdown, json, html }


    @Mixin
    InputOptions input = new InputOptions();

    @Option(names = "--analysis", paramLabel = "NAME", description = "Only this analysis (repeatable).")
    private List<String> only = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "markdown, json or html (default: ${DEFAULT-VALUE}).")
    private Format format = Format.markdown;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Write the report and the figures (SVG and PNG per analysis) into this directory.")
    private Path out;

    @Option(names = "--strict", description = "Exit 1 when any line of the file is rejected.")
    private boolean strict;

    @Mixin
    AnalysesOptions analyses = new AnalysesOptions();

    @Mixin
    PrivacyOptions privacy = new PrivacyOptions();

    @Mixin
    PseudonymOptions pseudonym = new PseudonymOptions();

    @Mixin
    LoggingOptions logging = new LoggingOptions();

    @Override
    int execute() throws Exception {
        PrintWriter stdout = out();
        PrintWriter err = err();
        Path file = input.file();
        if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
            throw CliError.unusable("--out " + out + ": is a file; give a directory for the report and figures");
        }
        AnalysesConfig config = analyses.load();
        List<AnalysisDefinition> selected = new ArrayList<>();
        for (String name : only) {
            Optional<AnalysisDefinition> d = config.find(name);
            if (d.isEmpty()) {
                throw CliError.unusable("--analysis " + name + ": unknown analysis '" + name
                        + "'; the configuration has: "
                        + String.join(", ", config.analyses().stream().map(AnalysisDefinition::name).toList()));
            }
            selected.add(d.get());
        }
        if (selected.isEmpty()) {
            selected = config.analyses();
        }
        int k = privacy.resolve(config);
        // With disclosure control, one file gives one release: every analysis of the configuration is computed
        // and planned together, whatever is selected for output, so that two reports of the same file (another
        // selection, another format) withhold the same counts and cannot be combined.
        List<AnalysisDefinition> computed = k > 0 ? config.analyses() : selected;
        BatchAnalysis.Outcome outcome;
        try {
            outcome = BatchAnalysis.run(file, computed, input.read.importerOptions(strict, pseudonym.key()), k,
                    new org.followupmonitor.alerts.SequentialMonitoring(), n -> {
                        err.printf("analyze: %,d patients read%n", n);
                        err.flush();
                    }, format != Format.json); // a JSON report has no Table 1
        } catch (IOException e) {
            throw CliError.unusable("--input " + file + ": cannot read it (" + CliError.reason(e) + ")");
        }
        ImportSummary summary = outcome.summary();
        if (summary.patients() == 0) {
            throw CliError.unusable(ImportMessages.noPatients(summary));
        }
        ImportMessages.printNotes("analyze", summary, err);
        try {
            write(outcome, computed, selected, k, stdout, file);
        } catch (IOException e) {
            throw CliError.unusable("--out " + out + ": cannot write the report (" + CliError.reason(e) + ")");
        }
        stdout.flush();
        err.flush();
        return ExitCode.OK.code();
    }

    /**
     * The alerts the final results raise or hold: each analysis' rules evaluated on its result from an empty state,
     * exactly what the streaming app has raised once all the same events are in, whatever their arrival order.
     * Evaluated on the results as released, so an alert states only published counts.
     */
    static List<Alert> alerts(List<AnalysisDefinition> analyses, List<AnalysisResult> results, int minCellSize) {
        AlertEvaluator evaluator = new AlertEvaluator(new Privacy(Math.max(1, minCellSize)));
        Map<String, AnalysisDefinition> byName = new LinkedHashMap<>();
        analyses.forEach(d -> byName.put(d.name(), d));
        List<Alert> alerts = new ArrayList<>();
        for (AnalysisResult r : results) {
            alerts.addAll(evaluator.evaluate(byName.get(r.name()), r, AlertState.EMPTY).alerts());
        }
        return alerts;
    }

    private void write(BatchAnalysis.Outcome outcome, List<AnalysisDefinition> computed,
            List<AnalysisDefinition> selected, int k, PrintWriter stdout, Path file) throws IOException {
        // One release: the analyses withhold the same counts in every format; Table 1 adds its own.
        Disclosure.Batch release = Disclosure.batch(computed, outcome.results(), outcome.table1(), k);
        List<String> names = selected.stream().map(AnalysisDefinition::name).toList();
        List<AnalysisResult> results = release.results().stream().filter(r -> names.contains(r.name())).toList();
        List<Alert> alerts = alerts(selected, results, k);
        String title = "followup-monitor report: " + file.getFileName();
        // The JSON report is the results and alerts; only the markdown and HTML reports are rendered from markdown.
        String markdown = format == Format.json ? null
                : MarkdownReport.render(title, release.table1(), results, Disclosure.dataQuality(results), k,
                        release.summary(), alerts);
        if (out == null) {
            stdout.print(switch (format) {
                case markdown -> markdown;
                case json -> ResultJson.document(results, alerts) + "\n";
                case html -> HtmlReport.render(title, markdown, svgs(results, k));
            });
            return;
        }
        Path figuresDir = Files.createDirectories(out.resolve("figures"));
        List<Path> written = new ArrayList<>();
        StringBuilder figureLinks = new StringBuilder();
        for (AnalysisResult r : results) {
            if (r.suppressed() || r.groups().isEmpty()) {
                continue;
            }
            written.addAll(KmFigures.write(FigureAdapter.spec(r, k), figuresDir, r.name()));
            for (Map.Entry<String, KmPlotSpec> e : FigureAdapter.incidenceSpecs(r, k).entrySet()) {
                written.addAll(KmFigures.write(e.getValue(), figuresDir, r.name() + "-" + e.getKey()));
            }
        }
        Path report = switch (format) {
            case markdown -> Files.writeString(out.resolve("report.md"), withFigureLinks(markdown, results),
                    StandardCharsets.UTF_8);
            case json -> Files.writeString(out.resolve("report.json"), ResultJson.document(results, alerts) + "\n",
                    StandardCharsets.UTF_8);
            case html -> Files.writeString(out.resolve("report.html"), HtmlReport.render(title, markdown,
                    svgs(results, k)), StandardCharsets.UTF_8);
        };
        written.add(0, report);
        figureLinks.append("wrote:");
        stdout.println(figureLinks);
        written.forEach(p -> stdout.println("  " + p));
    }

    private static String withFigureLinks(String markdown, List<AnalysisResult> results) {
        StringBuilder md = new StringBuilder();
        for (String line : markdown.split("\n", -1)) {
            md.append(line).append('\n');
            if (line.startsWith("## ")) {
                String name = line.substring(3).trim();
                AnalysisResult shown = results.stream().filter(r -> r.name().equals(name) && !r.suppressed()
                        && !r.groups().isEmpty()).findFirst().orElse(null);
                if (shown != null) {
                    md.append("\n![").append(name).append("](figures/").append(name).append(".svg)\n");
                    for (String cause : FigureAdapter.incidenceSpecs(shown, 1).keySet()) {
                        md.append("\n![").append(name).append(" cumulative incidence of ").append(cause)
                                .append("](figures/").append(name).append('-').append(cause).append(".svg)\n");
                    }
                }
            }
        }
        return md.toString();
    }

    private static Map<String, String> svgs(List<AnalysisResult> results, int k) {
        Map<String, String> svgs = new LinkedHashMap<>();
        for (AnalysisResult r : results) {
            if (!r.suppressed() && !r.groups().isEmpty()) {
                KmPlotSpec spec = FigureAdapter.spec(r, k);
                StringBuilder svg = new StringBuilder(KmSvgRenderer.render(spec));
                // The cumulative-incidence figures follow the Kaplan-Meier one, each without its XML declaration.
                FigureAdapter.incidenceSpecs(r, k).values().forEach(s -> svg.append('\n')
                        .append(KmSvgRenderer.render(s).replaceFirst("^<\\?xml[^>]*>\\s*", "")));
                svgs.put(r.name(), svg.toString());
            }
        }
        return svgs;
    }
}
