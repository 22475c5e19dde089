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
 * The counterexample {@code StreamReleasesPropertiesTest} found (random configuration 1, 190 patients, release 3 of
 * the unpaced replay), minimised to the two analyses and three releases it needs. {@code all} is every grade-2
 * patient at systemic control; {@code landmark} the same population from a 180-day landmark, so its population is
 * {@code all}'s minus those censored before the landmark. Every release withholds both analyses whole (too small):
 * <ol>
 *   <li>lists one patient censored before the landmark: {@code all} has at least 1;</li>
 *   <li>lists none (the patient reached the landmark): with growth, {@code landmark} has at least 1;</li>
 *   <li>lists the landmark exclusion again, withheld: {@code all} = {@code landmark} (at least 1 by growth) + the
 *       listed exclusion (at least 1 by its marker), so at least 2.</li>
 * </ol>
 * The third release withholds everything it can, so no plan could avoid it. Knowing a withheld count non-empty
 * narrows nothing ({@link Protection}), and two listed non-empty counts inside a withheld total make it at least 2
 * in one release too; across releases the non-emptiness an earlier release shows is now part of the shape, so the
 * audit no longer reports "2 .. ∞". A larger floor is a number, not shape: a history that shows 5 patients still
 * narrows the total.
 */
class SequenceShapeTest {
    private static final int MIN = 11;
    private static final List<AnalysisDefinition> ANALYSES = AnalysesLoader.parse("""
            analyses:
              - name: all
                endpoint: disease-free
                origin: systemic-control
                filter: {grade: "2"}
              - name: landmark
                endpoint: overall-survival
                origin: systemic-control
                filter: {grade: "2"}
                groupBy: subtype
                landmarkDays: 180
            """, "sequence-shape").analyses();
    private static final String LANDMARK_FLAG = "CENSORED_BEFORE_LANDMARK";

    /** Both analyses withheld whole; the landmark analysis lists its landmark exclusion as given (or not at all). */
    private static Release release(Count censoredBeforeLandmark) {
        Map<String, Count> landmarkExcluded = new LinkedHashMap<>();
        if (censoredBeforeLandmark != null) {
            landmarkExcluded.put(LANDMARK_FLAG, censoredBeforeLandmark);
        }
        return new Release(List.of(whole(ANALYSES.get(0), Map.of()), whole(ANALYSES.get(1), landmarkExcluded)), null,
                List.of());
    }

    private static AnalysisView whole(AnalysisDefinition def, Map<String, Count> excluded) {
        return new AnalysisView(def, true, List.of(), Count.withheld(null), Count.withheld(null), Map.of(), Map.of(),
                excluded, null, null);
    }

    @Test
    void theNonEmptinessAnEarlierReleaseShowsIsShapeNotANarrowing() {
        List<Release> releases = List.of(release(Count.shown(1)), release(null), release(Count.withheld(null)));
        for (Release r : releases) {
            assertThat(PrivacyAudit.audit(r, MIN).narrowed()).as("each release alone").isEmpty();
        }
        ReleaseHistory history = ReleaseHistory.NONE.next(releases.get(0)).next(releases.get(1));
        assertThat(history.floors()).as("what the first two releases imply")
                .containsEntry("all: subjects", 1L).containsEntry("landmark: subjects", 1L);
        PrivacyAudit.Report sequence = GrowthAudit.sequence(releases, MIN);
        assertThat(sequence.findings()).filteredOn(f -> f.cell().equals("release 3: all: subjects"))
                .singleElement().satisfies(f -> {
                    assertThat(f.range().low()).as("the attacker's bound, as before").isEqualTo(2);
                    assertThat(f.structural()).as("two non-empty counts inside it").isEqualTo(2);
                });
        assertThat(sequence.narrowed()).isEmpty();
    }
}
