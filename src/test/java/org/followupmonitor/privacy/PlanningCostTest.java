package org.followupmonitor.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.BatchAnalysis;
import org.followupmonitor.analysis.Monitor;
import org.followupmonitor.events.file.RegistryImporter;
import org.followupmonitor.privacy.AttackerModel.Cell;
import org.followupmonitor.synthetic.StudyCohortGenerator;
import org.followupmonitor.synthetic.StudyCohortParameters;

/**
 * What makes planning cheaper must not change what it decides: the planner's check of a release
 * ({@link PrivacyAudit.Checker#firstNarrowed}, settled mostly by solutions already found) names the same count as
 * checking every withheld count on its own in order; and a plan past its work limit withholds everything.
 */
class PlanningCostTest {
    @Property(tries = 8)
    void theFirstNarrowedCountIsTheOneCheckingEachCountInOrderFinds(
            @ForAll @LongRange(min = 1, max = 1_000_000) long seed, @ForAll @IntRange(min = 40, max = 200) int patients)
            throws Exception {
        List<AnalysisDefinition> analyses = RandomConfigurations.draw(seed);
        List<AnalysisResult> full = full(seed, patients, analyses);
        // Only the small cells withheld (no complementary suppression): releases that usually narrow something; and
        // every step of the real plan, the passing one included.
        Set<String> primary = primary(analyses, full);
        checkSame(AttackerModel.of(Views.planned(analyses, full, primary, null, Set.of())), seed);
        Set<String> planned = SuppressionPlanner.analyses(analyses, full, 11);
        checkSame(AttackerModel.of(Views.planned(analyses, full, planned, null, Set.of())), seed);
    }

    /**
     * The planner's trials solved warm from the step's program ({@link RangeSolver#widen}) decide as trials that each
     * solve their own system: the same plan, with and without history (a window of one earlier release of the same
     * counts, withholding only the small ones, and one of half the cohort's events, which the growth relations may
     * find inconsistent).
     */
    @Property(tries = 10)
    void warmTrialsGiveThePlanTrialsOfTheirOwnGive(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
            @ForAll @IntRange(min = 40, max = 160) int patients) throws Exception {
        List<AnalysisDefinition> analyses = RandomConfigurations.draw(seed);
        List<AnalysisResult> full = full(seed, patients, analyses);
        Set<String> primary = primary(analyses, full);
        ReleaseHistory same = ReleaseHistory.NONE.next(Views.planned(analyses, full, primary, null, Set.of()));
        List<AnalysisResult> fewer = full(seed, patients / 2, analyses);
        ReleaseHistory grown = ReleaseHistory.NONE.next(Views.planned(analyses, fewer,
                SuppressionPlanner.analyses(analyses, fewer, 11), null, Set.of()));
        for (ReleaseHistory history : List.of(ReleaseHistory.NONE, same, grown)) {
            Disclosure.StreamPlan warm = SuppressionPlanner.analyses(analyses, full, 11, history,
                    PlanningWork.UNLIMITED, true);
            Disclosure.StreamPlan own = SuppressionPlanner.analyses(analyses, full, 11, history,
                    PlanningWork.UNLIMITED, false);
            assertThat(warm.units()).as("seed %d, %d patients, history %s", seed, patients, history.last() != null)
                    .isEqualTo(own.units());
        }
    }

    @Example
    void aPlanPastItsWorkLimitWithholdsEverything() throws Exception {
        List<AnalysisDefinition> analyses = RandomConfigurations.draw(7);
        List<AnalysisResult> full = full(7, 120, analyses);
        Set<String> primary = primary(analyses, full);
        Set<String> everything = new TreeSet<>();
        java.util.Map<String, AnalysisDefinition> defs = Views.byName(analyses);
        full.forEach(r -> everything.add(Units.whole(defs.get(r.name()))));
        Function<Set<String>, Release> release = u -> Views.planned(analyses, full, u, null, Set.of());
        List<Function<Release, AttackerModel>> attackers = List.of(AttackerModel::of);

        PlanningWork unlimited = PlanningWork.unlimited();
        TreeSet<String> normal = SuppressionPlanner.plan(release, attackers, primary, u -> true,
                u -> u.startsWith("whole|"), everything, 11, unlimited);
        PlanningWork little = new PlanningWork(unlimited.work() / 2);
        TreeSet<String> cut = SuppressionPlanner.plan(release, attackers, primary, u -> true,
                u -> u.startsWith("whole|"), everything, 11, little);

        assertThat(normal.containsAll(everything)).as("the plan with no limit withholds everything").isFalse();
        assertThat(little.work()).as("stopped past its limit").isGreaterThan(little.limit())
                .isLessThanOrEqualTo(unlimited.work());
        assertThat(cut).containsAll(everything).containsAll(primary);
        // The same work counted for the same plan: the limit is deterministic.
        PlanningWork again = PlanningWork.unlimited();
        SuppressionPlanner.plan(release, attackers, primary, u -> true, u -> u.startsWith("whole|"), everything, 11,
                again);
        assertThat(again.work()).isEqualTo(unlimited.work());
        assertThat(again.programs()).isEqualTo(unlimited.programs());
    }

    private static void checkSame(AttackerModel model, long seed) {
        Cell expected = null;
        PrivacyAudit.Checker each = new PrivacyAudit.Checker(model, 11);
        for (Cell c : model.cells()) {
            if (!each.check(c, false).protectedCell()) {
                expected = c;
                break;
            }
        }
        Cell found = new PrivacyAudit.Checker(model, 11).firstNarrowed();
        assertThat(found == null ? null : found.name()).as("seed %d", seed)
                .isEqualTo(expected == null ? null : expected.name());
    }

    private static List<AnalysisResult> full(long seed, int patients, List<AnalysisDefinition> analyses)
            throws Exception {
        Path dir = Files.createTempDirectory("planning-cost");
        Path csv = dir.resolve("cohort.csv");
        new StudyCohortGenerator(StudyCohortParameters.study(seed).withPatients(patients)).writeCsv(csv);
        return BatchAnalysis.run(csv, analyses, RegistryImporter.Options.defaults(), 11, Monitor.NONE, n -> { }, true)
                .results();
    }

    /** What the planner withholds first: every group and every analysis of 1 .. minimum - 1 patients. */
    private static Set<String> primary(List<AnalysisDefinition> analyses, List<AnalysisResult> full) {
        java.util.Map<String, AnalysisDefinition> defs = Views.byName(analyses);
        Set<String> primary = new TreeSet<>();
        for (AnalysisResult r : full) {
            AnalysisDefinition def = defs.get(r.name());
            if (r.subjects() < 11) {
                primary.add(Units.whole(def));
                continue;
            }
            for (AnalysisResult.GroupResult g : r.groups()) {
                if (g.n() < 11) {
                    primary.add(Units.group(def, g.group()));
                }
            }
        }
        return primary;
    }
}
