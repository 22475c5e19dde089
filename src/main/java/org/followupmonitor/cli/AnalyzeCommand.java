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
import java.util.concurrent.Callable;
import org.followupmonitor.alerts.Alert;
import org.followupmonitor.alerts.AlertEvaluator;
import org.followupmonitor.alerts.AlertState;
import org.followupmonitor.analysis.AnalysesConfig;
import org.followupmonitor.analysis.AnalysesConfigException;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.BatchAnalysis;
import org.followupmonitor.analysis.Privacy;
import org.followupmonitor.analysis.ResultJson;
import org.followupmonitor.events.file.RegistryImportException;
import org.followupmonitor.events.file.RegistryImporter;
import org.followupmonitor.report.FigureAdapter;
import org.followupmonitor.report.HtmlReport;
import org.followupmonitor.report.KmFigures;
import org.followupmonitor.report.KmPlotSpec;
import org.followupmonitor.report.KmSvgRenderer;
import org.followupmonitor.report.MarkdownReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code analyze}: the batch face of the engine — the study's tables and figures from a registry file. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Analyse a registry file (CSV or JSON Lines) in batch: Table 1, survival at milestones, "
                + "log-rank, Cox, figures.")
public final class AnalyzeCommand implements Callable<Integer> {
    static final int EXIT_UNUSABLE = 2;
    static final int EXIT_REJECTED = 1;

    enum Format { markdown, json, html }

    @Spec
    private CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "CSV or JSON Lines registry file.")
    private Path input;

    @Option(names = "--config", paramLabel = "FILE", description = "Analyses YAML (default: the reference study's).")
    private Path config;

    @Option(names = "--analysis", paramLabel = "NAME", description = "Only this analysis (repeatable).")
    private List<String> only = new ArrayList<>();

    @Option(names = "--format", defaultValue = "markdown", paramLabel = "FORMAT",
            description = "markdown (default), json or html.")
    private Format format;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Write the report and the figures (SVG and PNG per analysis) into this directory.")
    private Path out;

    @Option(names = "--privacy-min-cell-size", paramLabel = "N",
            description = "Suppress cells with fewer patients (default: the config's, 11; 0 turns it off).")
    private Integer minCellSize;

    @Option(names = "--strict", description = "Exit non-zero when any line of the file is rejected.")
    private boolean strict;

    @Option(names = "--pseudonymize-key", paramLabel = "KEY",
            description = "Replace patient ids by HMAC-SHA256 with this key before anything else sees them.")
    private String pseudonymizeKey;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(input)) {
            err.println("analyze: no such file: " + input);
            err.flush();
            return EXIT_UNUSABLE;
        }
        AnalysesConfig analyses;
        try {
            analyses = config == null ? AnalysesLoader.loadDefault() : AnalysesLoader.load(config);
        } catch (AnalysesConfigException e) {
            err.println("analyze: " + e.getMessage());
            err.flush();
            return EXIT_UNUSABLE;
        }
        List<AnalysisDefinition> selected = new ArrayList<>();
        for (String name : only) {
            Optional<AnalysisDefinition> d = analyses.find(name);
            if (d.isEmpty()) {
                err.println("analyze: unknown analysis '" + name + "'; the configuration has: "
                        + String.join(", ", analyses.analyses().stream().map(AnalysisDefinition::name).toList()));
                err.flush();
                return EXIT_UNUSABLE;
            }
            selected.add(d.get());
        }
        if (selected.isEmpty()) {
            selected = analyses.analyses();
        }
        int k = minCellSize != null ? minCellSize : analyses.privacy().minCellSize();
        if (k < 0) {
            err.println("analyze: --privacy-min-cell-size must be 0 or more, was " + k);
            err.flush();
            return EXIT_UNUSABLE;
        }
        BatchAnalysis.Outcome outcome;
        try {
            outcome = BatchAnalysis.run(input, selected,
                    new RegistryImporter.Options(strict, Optional.ofNullable(pseudonymizeKey)), k,
                    new org.followupmonitor.alerts.SequentialMonitoring(), n -> {
                        err.printf("analyze: %,d patients read%n", n);
                        err.flush();
                    }, format != Format.json); // a JSON report has no Table 1
        } catch (RegistryImportException e) {
            err.println("analyze: " + e.getMessage());
            err.flush();
            return strict ? EXIT_REJECTED : EXIT_UNUSABLE;
        } catch (IOException e) {
            err.println("analyze: cannot read " + input + ": " + e.getMessage());
            err.flush();
            return EXIT_UNUSABLE;
        }
        if (outcome.summary().rejectedCount() > 0) {
            err.printf("analyze: %d line(s) rejected (run 'validate --input %s' for the reasons)%n",
                    outcome.summary().rejectedCount(), input);
        }
        try {
            write(outcome, selected, k, stdout);
        } catch (IOException e) {
            err.println("analyze: cannot write to " + out + ": " + e.getMessage());
            err.flush();
            return EXIT_UNUSABLE;
        }
        stdout.flush();
        err.flush();
        return 0;
    }

    /**
     * The alerts the final results raise or hold: each analysis' rules evaluated on its result from an empty state,
     * exactly what the streaming app has raised once all the same events are in, whatever their arrival order.
     */
    static List<Alert> alerts(List<AnalysisDefinition> analyses, List<AnalysisResult> results, int minCellSize) {
        AlertEvaluator evaluator = new AlertEvaluator(new Privacy(Math.max(1, minCellSize)));
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            alerts.addAll(evaluator.evaluate(analyses.get(i), results.get(i), AlertState.EMPTY).alerts());
        }
        return alerts;
    }

    private void write(BatchAnalysis.Outcome outcome, List<AnalysisDefinition> selected, int k, PrintWriter stdout)
            throws IOException {
        List<AnalysisResult> results = outcome.results();
        List<Alert> alerts = alerts(selected, results, k);
        String title = "followup-monitor report: " + input.getFileName();
        Map<String, Integer> quality = new TreeMap<>();
        outcome.dataQuality().forEach((flag, n) -> quality.put(flag.name(), n));
        // The JSON report is the results and alerts; only the markdown and HTML reports are rendered from markdown.
        String markdown = format == Format.json ? null
                : MarkdownReport.render(title, outcome.table1(), results, quality, k, alerts);
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
                if (results.stream().anyMatch(r -> r.name().equals(name) && !r.suppressed() && !r.groups().isEmpty())) {
                    md.append("\n![").append(name).append("](figures/").append(name).append(".svg)\n");
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
                svgs.put(r.name(), KmSvgRenderer.render(spec));
            }
        }
        return svgs;
    }
}
