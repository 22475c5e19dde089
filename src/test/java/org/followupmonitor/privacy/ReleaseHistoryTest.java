package org.followupmonitor.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.BatchAnalysis;
import org.followupmonitor.analysis.Monitor;
import org.followupmonitor.analysis.ResultJson;
import org.followupmonitor.cli.Main;
import org.followupmonitor.events.file.RegistryImporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 14's case across releases, built directly: a first release publishes grades 2 and 3 (12 patients each)
 * and the total (24); then one patient of grade 1 arrives. Planned on its own, the second release withholds the
 * small grade 1 and, as its complement, the cheapest other group; the total grows by one while the visible group
 * stays put, and an attacker who holds both releases and takes group sizes never to shrink finds the hidden pair
 * to hold exactly 1 + what the complement held before: grade 1 is 1. Planned with the first release as history,
 * the second release withholds enough that neither it nor the first is narrowed.
 */
public class ReleaseHistoryTest {
    private static final int MIN = 11;
    private static final String CONFIG = """
            analyses:
              - name: os-by-grade
                endpoint: overall-survival
                origin: diagnosis
                groupBy: grade
            """;
    private static final List<AnalysisDefinition> ANALYSES = AnalysesLoader.parse(CONFIG, "test").analyses();

    @TempDir
    Path dir;

    /** Rows of the bundled cohort with a known grade, regraded: 12 of grade 2, 12 of grade 3, then grade 1. */
    private List<AnalysisResult> cohort(int gradeOne) throws Exception {
        return BatchAnalysis.run(regraded(dir, gradeOne), ANALYSES, RegistryImporter.Options.defaults(), MIN,
                Monitor.NONE, n -> { }, false).results();
    }

    /**
     * Writes the bundled cohort's rows with a known grade, regraded: 12 of grade 2, 12 of grade 3, then
     * {@code gradeOne} of grade 1 (the file the stream's restart test replays too).
     */
    public static Path regraded(Path dir, int gradeOne) throws java.io.IOException {
        List<String> lines = Files.readAllLines(Path.of("examples/study-cohort.csv"));
        List<String> out = new ArrayList<>(List.of(lines.get(0)));
        int taken = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            if (f[4].isEmpty() || taken == 24 + gradeOne) {
                continue;
            }
            f[4] = taken < 12 ? "2" : taken < 24 ? "3" : "1";
            out.add(String.join(",", f));
            taken++;
        }
        Path p = dir.resolve("cohort-" + gradeOne + ".csv");
        Files.write(p, out);
        return p;
    }

    private static List<AnalysisResult> apply(List<AnalysisResult> full, Set<String> units) {
        List<AnalysisResult> out = new ArrayList<>();
        full.forEach(r -> out.add(Disclosure.apply(ANALYSES.get(0), r, units, MIN)));
        return out;
    }

    private static Release published(List<AnalysisResult> full, Set<String> units) {
        return Views.published(ANALYSES, apply(full, units), null, List.of());
    }

    /** {@code privacy-audit} over two saved releases, in process; its exit code and output. */
    private Map.Entry<Integer, String> audit(boolean growth, List<AnalysisResult> first, List<AnalysisResult> second)
            throws Exception {
        Path config = dir.resolve("analyses.yaml");
        Files.writeString(config, CONFIG);
        Path a = Files.writeString(dir.resolve("first.json"), ResultJson.document(first));
        Path b = Files.writeString(dir.resolve("second.json"), ResultJson.document(second));
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        List<String> args = new ArrayList<>(List.of("privacy-audit", "--config", config.toString(), "--input",
                a.toString(), "--input", b.toString()));
        if (growth) {
            args.add("--assume-growth");
        }
        int exit = cli.execute(args.toArray(String[]::new));
        return Map.entry(exit, out.toString());
    }

    /** The same case through {@code privacy-audit --assume-growth} on the two releases saved as JSON. */
    @Test
    void privacyAuditWithAssumeGrowthFindsTheCaseInSavedReleases() throws Exception {
        List<AnalysisResult> before = cohort(0);
        List<AnalysisResult> after = cohort(1);
        List<AnalysisResult> first = apply(before, SuppressionPlanner.analyses(ANALYSES, before, MIN));
        Set<String> alone = SuppressionPlanner.analyses(ANALYSES, after, MIN);
        assertThat(audit(false, first, apply(after, alone)).getKey()).as("each release on its own").isZero();
        Map.Entry<Integer, String> leak = audit(true, first, apply(after, alone));
        assertThat(leak.getKey()).isEqualTo(1);
        assertThat(leak.getValue()).contains("NARROWED  release 2: os-by-grade: group 1: patients");
        ReleaseHistory history = ReleaseHistory.NONE.next(published(before, Set.of()));
        Map.Entry<Integer, String> planned = audit(true, first,
                apply(after, SuppressionPlanner.analyses(ANALYSES, after, MIN, history)));
        assertThat(planned.getKey()).as(planned.getValue()).isZero();
        assertThat(planned.getValue()).contains("releases 1 to 2 together, counts assumed to grow");
    }

    @Test
    void aTotalThatGrowsByOneWhileTheVisibleGroupsStayPutNoLongerRevealsTheHiddenGroup() throws Exception {
        List<AnalysisResult> before = cohort(0);
        List<AnalysisResult> after = cohort(1);
        assertThat(before.get(0).subjects()).isEqualTo(24);
        assertThat(after.get(0).subjects()).isEqualTo(25);
        Set<String> firstPlan = SuppressionPlanner.analyses(ANALYSES, before, MIN);
        assertThat(firstPlan).as("nothing small in the first release").isEmpty();
        Release first = published(before, firstPlan);

        // As before: the second release planned on its own passes the single-release audit...
        Set<String> alone = SuppressionPlanner.analyses(ANALYSES, after, MIN);
        Release naive = published(after, alone);
        assertThat(PrivacyAudit.audit(naive, MIN).passes()).isTrue();
        // ... and the two releases together give grade 1 back.
        PrivacyAudit.Report leak = GrowthAudit.sequence(List.of(first, naive), MIN);
        assertThat(leak.narrowed()).extracting(PrivacyAudit.Finding::cell)
                .contains("release 2: os-by-grade: group 1: patients");
        assertThat(leak.narrowed()).filteredOn(f -> f.cell().equals("release 2: os-by-grade: group 1: patients"))
                .extracting(f -> f.range().high()).containsExactly(1L);

        // Planned with the first release as history: more is withheld, and nothing is narrowed.
        ReleaseHistory history = ReleaseHistory.NONE.next(first);
        assertThat(history.floors()).containsEntry("os-by-grade: subjects", 24L)
                .containsEntry("os-by-grade: group 2: patients", 12L);
        Set<String> withHistory = SuppressionPlanner.analyses(ANALYSES, after, MIN, history);
        assertThat(withHistory).containsAll(alone).hasSizeGreaterThan(alone.size());
        Release second = published(after, withHistory);
        assertThat(PrivacyAudit.audit(second, MIN).narrowed()).isEmpty();
        assertThat(GrowthAudit.sequence(List.of(first, second), MIN).narrowed()).isEmpty();

        // The history carries forward what both releases imply (the withheld total: at least 1 + 12 + 12), and a
        // third release with nothing new withholds the same.
        ReleaseHistory h2 = history.next(second);
        assertThat(h2.floors()).containsEntry("os-by-grade: subjects", 25L)
                .containsEntry("os-by-grade: group 2: patients", 12L);
        assertThat(SuppressionPlanner.analyses(ANALYSES, after, MIN, h2)).isEqualTo(withHistory);
    }
}
