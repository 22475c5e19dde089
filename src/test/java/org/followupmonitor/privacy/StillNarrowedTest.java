package org.followupmonitor.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.BatchAnalysis;
import org.followupmonitor.analysis.Monitor;
import org.followupmonitor.events.file.RegistryImporter;
import org.followupmonitor.privacy.Release.AnalysisView;
import org.followupmonitor.privacy.Release.Count;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A history that already narrows a withheld count: the last release withheld grades 1 and 2 of 24 patients (12 in grade 3), and the
 * releases before it showed grade 2 to hold at least 5 (its floor). No later release can take that back.
 * <ul>
 *   <li>The audit reports the last release's grade 2 as narrowed (5 .. 11; grade 1 then 1 .. 7): a floor is a published number, not the
 *       release's shape, even where no published value is in the count's connected part of the equations
 *       ({@link RangeSolver#structuralLow}).</li>
 *   <li>The planner withholds everything it can and says, once for the analysis, how many withheld counts stay
 *       narrowed, naming no value.</li>
 * </ul>
 */
class StillNarrowedTest {
    private static final int MIN = 11;
    private static final List<AnalysisDefinition> ANALYSES = AnalysesLoader.parse("""
            analyses:
              - name: os-by-grade
                endpoint: overall-survival
                origin: diagnosis
                groupBy: grade
            """, "still-narrowed").analyses();
    private static final String GRADE_2 = "os-by-grade: group 2: patients";

    @TempDir
    Path dir;

    private static Release last() {
        Map<String, Count> n = new LinkedHashMap<>();
        n.put("1", Count.withheld(null));
        n.put("2", Count.withheld(null));
        n.put("3", Count.shown(12));
        Map<String, Count> events = new LinkedHashMap<>();
        n.keySet().forEach(g -> events.put(g, Count.withheld(null)));
        return new Release(List.of(new AnalysisView(ANALYSES.get(0), false, List.of("1", "2", "3"), Count.shown(24),
                Count.withheld(null), n, events, Map.of(), null, null)), null, List.of());
    }

    private static final ReleaseHistory HISTORY = new ReleaseHistory(last(), Map.of(GRADE_2, 5L));

    @Test
    void aFloorAboveOneIsANumberNotShape() {
        Release everythingWithheld = new Release(List.of(new AnalysisView(ANALYSES.get(0), true, List.of(),
                Count.withheld(null), Count.withheld(null), Map.of(), Map.of(), Map.of(), null, null)), null, List.of());
        PrivacyAudit.Report report = PrivacyAudit.audit(HISTORY.model(everythingWithheld), MIN, true);
        assertThat(report.narrowed()).extracting(PrivacyAudit.Finding::cell).contains(AttackerModel.earlier(1) + GRADE_2);
        assertThat(report.findings()).filteredOn(f -> f.cell().equals(AttackerModel.earlier(1) + GRADE_2)).singleElement()
                .satisfies(f -> {
                    assertThat(f.range().low()).isEqualTo(5);
                    assertThat(f.structural()).as("the markers' bound, not the floor").isLessThan(5);
                });
        // Without the floor the same two releases hide it.
        assertThat(PrivacyAudit.audit(new ReleaseHistory(last(), Map.of()).model(everythingWithheld), MIN, true)
                .narrowed()).isEmpty();
    }

    @Test
    void aPlanThatCannotPassSaysSoOnceForTheAnalysisWithoutValues() throws Exception {
        List<AnalysisResult> full = BatchAnalysis.run(ReleaseHistoryTest.regraded(dir, 1), ANALYSES,
                RegistryImporter.Options.defaults(), MIN, Monitor.NONE, x -> { }, false).results();
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Set<String> plan;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            plan = SuppressionPlanner.analyses(ANALYSES, full, MIN, HISTORY);
        } finally {
            System.setErr(err);
        }
        assertThat(plan).as("everything withheld").contains(Units.whole(ANALYSES.get(0)));
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("can still be narrowed")).toList();
        assertThat(lines).singleElement().satisfies(l -> {
            assertThat(l).contains("of os-by-grade ").containsPattern("\\b[1-9]\\d* withheld count\\(s\\)")
                    .doesNotContain("5 ..").doesNotContain("11");
        });
    }

    @Test
    void aPlanThatPassesSaysNothing() throws Exception {
        List<AnalysisResult> full = BatchAnalysis.run(ReleaseHistoryTest.regraded(dir, 1), ANALYSES,
                RegistryImporter.Options.defaults(), MIN, Monitor.NONE, x -> { }, false).results();
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            SuppressionPlanner.analyses(ANALYSES, full, MIN, new ReleaseHistory(last(), Map.of()));
        } finally {
            System.setErr(err);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("can still be narrowed");
    }
}
