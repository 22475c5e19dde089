package org.followupmonitor.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.followupmonitor.analysis.AnalysesConfig;
import org.followupmonitor.privacy.GrowthAudit;
import org.followupmonitor.privacy.PrivacyAudit;
import org.followupmonitor.privacy.PublishedFiles;
import org.followupmonitor.privacy.Release;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code followup-monitor privacy-audit}: the attacker as code. Reads what was published and prints, for every
 * withheld count of patients, the smallest and largest value consistent with everything published with it.
 */
@Command(name = "privacy-audit", mixinStandardHelpOptions = true,
        header = "the attacker as code: the feasible range of every suppressed count in published results",
        description = "Audit published results and reports: for each suppressed count, the range of values "
                + "consistent with everything published with it (linear programming), and whether that still "
                + "hides every small value. Exits 1 when one is narrowed.")
public final class PrivacyAuditCommand extends CliCommand {
    @Option(names = "--input", required = true, paramLabel = "FILE[,FILE...]",
            description = "Published files: analyze's JSON or Markdown report, API results or alerts (JSON), or "
                    + "JSON Lines of those (one release per line). Files joined by commas were published together "
                    + "(one release); repeat --input for successive releases. Give a Markdown report with the "
                    + "JSON of the same run (report.json,report.md).")
    private List<String> inputs = new ArrayList<>();

    @Mixin
    AnalysesOptions analyses = new AnalysesOptions();

    @Option(names = "--privacy-min-cell-size", paramLabel = "N",
            description = "The minimum the release claims (default: the analyses file's privacy.minCellSize, 11).")
    private Integer minCellSize;

    @Option(names = "--assume-growth",
            description = "Also audit the releases as a sequence, for an attacker who holds them all and assumes "
                    + "that cohort and group sizes only grow between releases.")
    private boolean growth;

    @Option(names = "--all", description = "List every suppressed count, not only those narrowed.")
    private boolean all;

    @Mixin
    LoggingOptions logging = new LoggingOptions();

    @Override
    int execute() {
        PrintWriter out = out();
        AnalysesConfig config = analyses.load();
        int k = minCellSize != null ? minCellSize : config.privacy().minCellSize();
        if (k < 1) {
            throw CliError.unusable("--privacy-min-cell-size " + k + ": must be 1 or more (the minimum the release "
                    + "claims)");
        }
        List<List<Path>> groups = new ArrayList<>();
        for (String group : inputs) {
            List<Path> files = new ArrayList<>();
            for (String f : group.split(",")) {
                Path p = Path.of(f.strip());
                if (!Files.isRegularFile(p)) {
                    throw CliError.unusable("--input " + p + ": file not found; give a published JSON result, "
                            + "JSON Lines or Markdown report");
                }
                files.add(p);
            }
            groups.add(files);
        }
        List<Release> releases;
        try {
            releases = PublishedFiles.read(groups, config.analyses());
        } catch (PublishedFiles.UnreadableException e) {
            throw CliError.unusable(e.getMessage());
        }
        int narrowed = 0;
        int withheld = 0;
        for (int i = 0; i < releases.size(); i++) {
            PrivacyAudit.Report report = PrivacyAudit.audit(releases.get(i), k);
            withheld += report.findings().size();
            narrowed += print(out, "release " + (i + 1), report, k);
        }
        if (growth && releases.size() > 1) {
            PrivacyAudit.Report g = GrowthAudit.sequence(releases, k, all);
            narrowed += print(out, "releases 1 to " + releases.size() + " together, counts assumed to grow", g, k);
        }
        out.printf(Locale.ROOT, "%d release(s), %d suppressed count(s); %d narrowed below 1..%d%n", releases.size(),
                withheld, narrowed, k - 1);
        return narrowed == 0 ? ExitCode.OK.code() : ExitCode.NARROWED.code();
    }

    private int print(PrintWriter out, String title, PrivacyAudit.Report report, int k) {
        long bad = report.findings().stream().filter(f -> !f.protectedCell()).count();
        out.printf(Locale.ROOT, "%s: %d suppressed count(s), %d narrowed%s%n", title, report.findings().size(), bad,
                report.drift() > 0 ? String.format(Locale.ROOT, " (the analyses disagree by %.0f patient(s): "
                        + "published from different data)", report.drift()) : "");
        for (PrivacyAudit.Finding f : report.findings()) {
            if (all || !f.protectedCell()) {
                out.printf(Locale.ROOT, "  %-9s %-70s %s%n", f.protectedCell() ? "hidden" : "NARROWED", f.cell(),
                        f.range());
            }
        }
        return (int) bad;
    }
}
