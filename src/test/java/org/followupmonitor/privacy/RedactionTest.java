package org.followupmonitor.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.AnalysisResult.Basis;
import org.followupmonitor.analysis.AnalysisResult.CoxSummary;
import org.followupmonitor.analysis.AnalysisResult.ExposureGroup;
import org.followupmonitor.analysis.AnalysisResult.FollowUp;
import org.followupmonitor.analysis.AnalysisResult.GroupResult;
import org.followupmonitor.analysis.AnalysisResult.Overdue;
import org.followupmonitor.analysis.AnalysisResult.SimonMakuch;
import org.junit.jupiter.api.Test;

/**
 * The counts that joined the result after disclosure control was planned (awaiting the origin, follow-up, a Cox
 * model's basis, Simon-Makuch curves) are withheld with the counts they state, or alone when small.
 */
class RedactionTest {
    private static final int MIN = 11;
    private static final AnalysisDefinition DEF = AnalysesLoader.parse("""
            analyses:
              - name: os-by-arm
                endpoint: overall-survival
                origin: surgery
                groupBy: arm
            """, "test").analyses().get(0);
    private static final Basis BASIS = new Basis("2020-12-31", 120, 30, false);

    private static AnalysisResult result(int awaiting, FollowUp followUp, CoxSummary cox) {
        List<GroupResult> groups = List.of(
                new GroupResult("no-surgery", false, 8, 3, List.of(), List.of(), null, null),
                new GroupResult("surgery", false, 112, 27, List.of(), List.of(), null, null));
        return new AnalysisResult(AnalysisResult.FORMAT_VERSION, DEF.name(), "overall-survival", "surgery", "arm",
                List.of(), new AnalysisResult.Confidence("log", 0.95), "2020-12-31", 120, 30, awaiting,
                Map.of("NO_ORIGIN_EVENT", 14), false, groups, null, List.of(), cox, null, followUp);
    }

    private static CoxSummary cox(List<SimonMakuch> curves) {
        return new CoxSummary("efron", 120, 30, List.of(), null, null, null, null, true, List.of(), List.of(), List.of(),
                null, List.of("arm"), null, null, null, curves, BASIS);
    }

    private static FollowUp followUp(int alive, int overdue) {
        return new FollowUp(alive, 0.9, List.of(new Overdue(365, overdue)), List.of(), BASIS);
    }

    @Test
    void aWithheldGroupTakesTheFollowUpPartWithIt() {
        AnalysisResult full = result(3, followUp(90, 20), null);
        AnalysisResult out = Redaction.apply(DEF, full, Set.of(Units.group(DEF, "no-surgery")), MIN);
        // Alive = subjects - deaths, group by group, for overall survival: it would state the withheld group.
        assertThat(out.followUp()).isNull();
        assertThat(out.groups().get(0).suppressed()).isTrue();
        assertThat(out.awaitingOrigin()).as("planned apart, as an exclusion").isEqualTo(3);
    }

    @Test
    void smallFollowUpCountsAreWithheldAloneAndTheRestStands() {
        AnalysisResult out = Redaction.apply(DEF, result(0, followUp(90, 4), null), Set.of(), MIN);
        assertThat(out.followUp().alive()).isEqualTo(90);
        assertThat(out.followUp().overdue()).containsExactly(new Overdue(365, null));
        assertThat(out.followUp().completeness()).isEqualTo(0.9);
        AnalysisResult none = Redaction.apply(DEF, result(0, followUp(5, 0), null), Set.of(), MIN);
        assertThat(none.followUp().alive()).isNull();
        assertThat(none.followUp().overdue()).containsExactly(new Overdue(365, 0));
    }

    @Test
    void awaitingTheOriginIsWithheldByItsFlagAndListedLikeAWithheldExclusion() {
        String flag = Units.flag(DEF, Views.AWAITING);
        assertThat(Redaction.apply(DEF, result(3, null, null), Set.of(flag), MIN).awaitingOrigin()).isNull();
        assertThat(Redaction.apply(DEF, result(0, null, null), Set.of(flag), MIN).awaitingOrigin()).isZero();
        AnalysisResult whole = Redaction.apply(DEF, result(3, null, null), Set.of(Units.whole(DEF)), MIN);
        assertThat(whole.awaitingOrigin()).isNull();
        assertThat(whole.excluded()).as("exclusions are withheld by their own flags").containsEntry("NO_ORIGIN_EVENT", 14);
        assertThat(Redaction.apply(DEF, result(0, null, null), Set.of(Units.whole(DEF)), MIN).awaitingOrigin())
                .isZero();
    }

    @Test
    void withheldTotalsTakeTheCoxBasisWithThem() {
        AnalysisResult full = result(0, null, cox(List.of()));
        assertThat(Redaction.apply(DEF, full, Set.of(), MIN).cox().basis()).isEqualTo(BASIS);
        AnalysisResult out = Redaction.apply(DEF, full, Set.of(Units.totals(DEF)), MIN);
        assertThat(out.subjects()).isNull();
        assertThat(out.cox().basis()).isNull();
        assertThat(out.cox().n()).isEqualTo(120);
    }

    @Test
    void aSimonMakuchFigureWithASmallLevelWithholdsEveryLevel() {
        SimonMakuch curves = new SimonMakuch("arm", List.of(
                new ExposureGroup("no-surgery", true, null, null, List.of()),
                new ExposureGroup("surgery", false, 118, 24, List.of())));
        AnalysisResult out = Redaction.apply(DEF, result(0, null, cox(List.of(curves))), Set.of(), MIN);
        // The model's events less the shown level's would give the small level's.
        assertThat(out.cox().simonMakuch().get(0).groups()).allMatch(ExposureGroup::suppressed)
                .allMatch(g -> g.subjects() == null && g.events() == null && g.curve().isEmpty());
        SimonMakuch shown = new SimonMakuch("arm", List.of(new ExposureGroup("no-surgery", false, 40, 9, List.of()),
                new ExposureGroup("surgery", false, 118, 24, List.of())));
        assertThat(Redaction.apply(DEF, result(0, null, cox(List.of(shown))), Set.of(), MIN).cox().simonMakuch())
                .containsExactly(shown);
    }
}
