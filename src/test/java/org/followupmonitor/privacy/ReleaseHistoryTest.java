package org.followupmonitor.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.BatchAnalysis;
import org.followupmonitor.analysis.Monitor;
import org.followupmonitor.events.file.RegistryImporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's case across releases, built directly: a first release publishes grades 2 and 3 (12 patients each)
 * and the total (24); then one patient of grade 1 arrives. Planned on its own, the second release withholds the
 * small grade 1 and, as its complement, the cheapest other group; the total grows by one while the visible group
 * stays put, and an attacker who holds both releases and takes group sizes never to shrink finds the hidden pair
 * to hold exactly 1 + what the complement held before: grade 1 is 1. Planned with the first release as history,
 * the second release withholds enough that neither it nor the first is narrowed.
 */
class ReleaseHistoryTest {
    private static final int MIN = 11;
    private static final List<AnalysisDefinition> ANALYSES = AnalysesLoader.parse("""
            analyses:
              - name: os-by-grade
                endpoint: overall-survival
                origin: diagnosis
                groupBy: grade
            """, "test").analyses();

    @TempDir
    Path dir;

    /** Rows of the bundled cohort with a known grade, regraded: 12 of grade 2, 12 of grade 3, then grade 1. */
    private List<AnalysisResult> cohort(int gradeOne) throws Exception {
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
        return BatchAnalysis.run(p, ANALYSES, RegistryImporter.Options.defaults(), MIN, Monitor.NONE, n -> { },
                false).results();
    }

    private static Release published(List<AnalysisResult> full, Set<String> units) {
        List<AnalysisResult> out = new ArrayList<>();
        full.forEach(r -> out.add(Disclosure.apply(ANALYSES.get(0), r, units, MIN)));
        return Views.published(ANALYSES, out, null, List.of());
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
