package org.followupmonitor.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.BatchAnalysis;
import org.followupmonitor.analysis.Monitor;
import org.followupmonitor.events.file.RegistryImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 17's counts in the attacker's equations: a competing-risks analysis publishes per group its deaths without
 * recurrence (beside n and the recurrences) and its Fine-Gray model the competing events among its rows; the audit
 * writes them down, ties them to the population's patients who died without recurrence, and the bundled release,
 * planned with them, leaves no withheld count narrowed.
 */
class CompetingCountsTest {
    private static final int MIN = 11;
    private static List<AnalysisDefinition> analyses;
    private static List<AnalysisResult> complete;

    @BeforeAll
    static void analyse() throws Exception {
        analyses = AnalysesLoader.loadDefault().analyses();
        complete = BatchAnalysis.run(Path.of("examples/study-cohort.csv"), analyses,
                RegistryImporter.Options.defaults(), MIN, Monitor.NONE, n -> { }, false).results();
    }

    @Test
    void deathsWithoutRecurrenceAndTheFineGrayCountsAreEquations() {
        Release release = Views.planned(analyses, complete, java.util.Set.of(), null, java.util.Set.of());
        Release.AnalysisView byArm = release.analyses().stream()
                .filter(a -> a.name().equals("recurrence-competing-by-arm")).findFirst().orElseThrow();
        assertThat(byArm.competing().get("surgery").value()).isEqualTo(36L);
        assertThat(byArm.competing().get("no-surgery").value()).isEqualTo(45L);
        assertThat(byArm.fineGrayCompeting()).isEqualTo(81L);
        LinearSystem system = AttackerModel.of(release).system();
        int deaths = system.indexOf("recurrence-competing-by-arm: group surgery: deaths without recurrence");
        assertThat(deaths).isNotNegative();
        assertThat(system.variables().get(deaths).known()).isEqualTo(36L);
        assertThat(system.constraints()).anyMatch(c -> c.source().equals("recurrence-competing-by-arm: Fine-Gray model"));
        // No other endpoint has them.
        assertThat(release.analyses().stream().filter(a -> !a.definition().endpoint().competing()))
                .allMatch(a -> a.competing().isEmpty() && a.fineGrayCompeting() == null);
    }

    @Test
    void theBundledReleaseWithItsCompetingCountsLeavesNothingNarrowed() {
        java.util.Set<String> units = SuppressionPlanner.analyses(analyses, complete, MIN);
        Release planned = Views.planned(analyses, complete, units, null, java.util.Set.of());
        PrivacyAudit.Report report = PrivacyAudit.audit(planned, MIN);
        assertThat(report.narrowed()).isEmpty();
        // The small subtype is withheld in the competing analysis too, with its cumulative incidences.
        AnalysisDefinition bySubtype = analyses.stream()
                .filter(a -> a.name().equals("recurrence-competing-by-subtype")).findFirst().orElseThrow();
        assertThat(units).contains(Units.group(bySubtype, "luminal-a"));
        AnalysisResult released = Disclosure.release(analyses, complete, MIN).stream()
                .filter(r -> r.name().equals(bySubtype.name())).findFirst().orElseThrow();
        assertThat(released.groups().get(0).suppressed()).isTrue();
        assertThat(released.groups().get(0).cumulativeIncidence()).isNull();
        assertThat(released.grayTest()).hasSize(2);
        // Published groups keep theirs.
        assertThat(released.groups().stream().filter(g -> !g.suppressed()))
                .allMatch(g -> g.cumulativeIncidence() != null && g.cumulativeIncidence().size() == 2);
    }
}
