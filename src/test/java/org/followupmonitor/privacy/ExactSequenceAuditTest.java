package org.followupmonitor.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.privacy.Release.AnalysisView;
import org.followupmonitor.privacy.Release.Count;
import org.junit.jupiter.api.Test;

/**
 * A joint fact about two withheld counts of an early release that floors drop and the exact audit of the sequence
 * keeps ({@link GrowthAudit#sequence} against {@link GrowthAudit#floors} with a window of one release); the planner's
 * window of {@link ReleaseHistory#WINDOW} releases keeps it too. One analysis by grade, three releases:
 * <ol>
 *   <li>45 patients, grade 3 20, grades 1 and 2 withheld: together 25 (each 1 .. 24: hidden);</li>
 *   <li>everything withheld (the floors keep: total at least 45, grade 3 at least 20, grades 1 and 2 at least 1);</li>
 *   <li>grade 1 15, grade 3 30, the total and grade 2 withheld.</li>
 * </ol>
 * Grade 1 of release 1 is at most its 15 of release 3, so grade 2 of release 1 is at least 25 - 15 = 10: narrowed,
 * and with it grade 2 of every later release. The floors see nothing: in release 2 grade 3 may hold up to 30, so the
 * total's floor of 45 leaves grade 2 free from 1; what pins it is release 1's sum of grades 1 and 2, which no single
 * floor states.
 */
class ExactSequenceAuditTest {
    private static final int MIN = 11;
    private static final AnalysisDefinition BY_GRADE = AnalysesLoader.parse("""
            analyses:
              - name: os-by-grade
                endpoint: overall-survival
                origin: diagnosis
                groupBy: grade
            """, "exact-sequence").analyses().get(0);

    private static Release release(Count total, Count g1, Count g2, Count g3) {
        Map<String, Count> n = new LinkedHashMap<>();
        n.put("1", g1);
        n.put("2", g2);
        n.put("3", g3);
        Map<String, Count> events = new LinkedHashMap<>();
        n.keySet().forEach(g -> events.put(g, Count.withheld(null)));
        return new Release(List.of(new AnalysisView(BY_GRADE, false, List.of("1", "2", "3"), total,
                Count.withheld(null), n, events, Map.of(), null, null)), null, List.of());
    }

    private static final Count HIDDEN = Count.withheld(null);

    private static final List<Release> RELEASES = List.of(
            release(Count.shown(45), HIDDEN, HIDDEN, Count.shown(20)),
            release(HIDDEN, HIDDEN, HIDDEN, HIDDEN),
            release(HIDDEN, Count.shown(15), HIDDEN, Count.shown(30)));

    @Test
    void eachReleaseAloneHidesEveryWithheldCount() {
        for (Release r : RELEASES) {
            assertThat(PrivacyAudit.audit(r, MIN).narrowed()).isEmpty();
        }
    }

    @Test
    void floorsOfTheLastReleaseAloneSeeNothing() {
        PrivacyAudit.Report floors = GrowthAudit.floors(RELEASES, MIN, 1);
        assertThat(floors.findings()).as("it audits the withheld counts").isNotEmpty();
        assertThat(floors.narrowed()).isEmpty();
    }

    /**
     * The planner's window keeps release 1 in full while release 3 is planned, so its model finds the joint fact, and
     * a plan of release 3 against it would not publish it.
     */
    @Test
    void thePlannersWindowSeesTheJointFact() {
        PrivacyAudit.Report planned = GrowthAudit.floors(RELEASES, MIN);
        assertThat(planned.narrowed()).extracting(PrivacyAudit.Finding::cell).containsExactlyInAnyOrder(
                "release 3: os-by-grade: group 2: patients",
                "release 3: earlier 1: os-by-grade: group 2: patients",
                "release 3: earlier 2: os-by-grade: group 2: patients");
        assertThat(planned.narrowed()).filteredOn(f -> f.cell().startsWith("release 3: earlier 2: ")).singleElement()
                .satisfies(f -> assertThat(f.range()).isEqualTo(GrowthAudit.sequence(RELEASES, MIN, true).findings()
                        .stream().filter(e -> e.cell().equals("release 1: os-by-grade: group 2: patients"))
                        .findFirst().orElseThrow().range()));
    }

    @Test
    void theExactAuditFindsTheJointFactOfTheFirstRelease() {
        PrivacyAudit.Report exact = GrowthAudit.sequence(RELEASES, MIN, true);
        assertThat(exact.narrowed()).extracting(PrivacyAudit.Finding::cell).containsExactlyInAnyOrder(
                "release 1: os-by-grade: group 2: patients",
                "release 2: os-by-grade: group 2: patients",
                "release 3: os-by-grade: group 2: patients");
        assertThat(exact.findings()).filteredOn(f -> f.cell().equals("release 1: os-by-grade: group 2: patients"))
                .singleElement().satisfies(f -> {
                    assertThat(f.range().low()).isEqualTo(10);
                    assertThat(f.range().high()).isEqualTo(24);
                });
        // Grade 1 of release 1 is bounded above by release 3 (1 .. 15): not narrowed, and reported as such.
        assertThat(exact.findings()).filteredOn(f -> f.cell().equals("release 1: os-by-grade: group 1: patients"))
                .singleElement().satisfies(f -> {
                    assertThat(f.range().low()).isEqualTo(1);
                    assertThat(f.range().high()).isEqualTo(15);
                    assertThat(f.protectedCell()).isTrue();
                });
    }

    @Test
    void theVerdictsFromTwoWitnessesAreTheFullAuditsVerdicts() {
        PrivacyAudit.Report full = GrowthAudit.sequence(RELEASES, MIN, true);
        PrivacyAudit.Report verdicts = GrowthAudit.sequence(RELEASES, MIN);
        assertThat(verdicts.findings()).extracting(PrivacyAudit.Finding::cell, PrivacyAudit.Finding::protectedCell)
                .containsExactlyElementsOf(full.findings().stream()
                        .map(f -> org.assertj.core.groups.Tuple.tuple(f.cell(), f.protectedCell())).toList());
        // A narrowed count's range in full; a protected one's inside its full range.
        for (int i = 0; i < full.findings().size(); i++) {
            PrivacyAudit.Finding f = full.findings().get(i);
            PrivacyAudit.Finding v = verdicts.findings().get(i);
            if (!f.protectedCell()) {
                assertThat(v.range()).isEqualTo(f.range());
            } else {
                assertThat(v.range().low()).isGreaterThanOrEqualTo(f.range().low());
                assertThat(v.range().high()).isLessThanOrEqualTo(f.range().high());
            }
        }
    }

    @Test
    void withoutTheThirdReleaseThereIsNothingToFind() {
        assertThat(GrowthAudit.sequence(RELEASES.subList(0, 2), MIN).narrowed()).isEmpty();
    }
}
